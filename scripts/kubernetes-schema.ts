/**
 * The JSON Schema of the core Kubernetes kinds, generated at build time from the
 * dev dependency `kubernetes-models` (MIT), whose types are generated from
 * Kubernetes' own OpenAPI definitions. Its `_schemas/` modules are compiled
 * validators (code, no schema to read back, and lenient about unknown keys), so
 * the definitions are read from the package's TypeScript declarations, which
 * carry the same facts: each definition's properties, which are required, their
 * types, the enumerations, maps and lists. Only the closure of the kinds below is
 * kept, each definition titled by its short name ("container", "pod spec") so
 * that messages can name the node.
 *
 * Output (gitignored, server/src/generated/): one schema whose `definitions` the
 * validators of every kind share, and one compiled module holding a validator per
 * `apiVersion`/`kind`, so that a pod spec is compiled once for all six workload kinds.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import ts from 'typescript';

const ROOT = join(import.meta.dir, '..');
const MODELS = join(ROOT, 'node_modules', 'kubernetes-models');

/** The kinds validated, as `apiVersion/kind` → declaration file of the package. */
export const KUBERNETES_KINDS: Readonly<Record<string, string>> = {
  'apps/v1/Deployment': 'apps/v1/Deployment',
  'apps/v1/StatefulSet': 'apps/v1/StatefulSet',
  'apps/v1/DaemonSet': 'apps/v1/DaemonSet',
  'batch/v1/Job': 'batch/v1/Job',
  'batch/v1/CronJob': 'batch/v1/CronJob',
  'v1/Pod': 'v1/Pod',
  'v1/Service': 'v1/Service',
  'v1/ConfigMap': 'v1/ConfigMap',
  'v1/Secret': 'v1/Secret',
  'v1/Namespace': 'v1/Namespace',
  'networking.k8s.io/v1/Ingress': 'networking.k8s.io/v1/Ingress',
  'autoscaling/v2/HorizontalPodAutoscaler': 'autoscaling/v2/HorizontalPodAutoscaler',
  'autoscaling/v1/HorizontalPodAutoscaler': 'autoscaling/v1/HorizontalPodAutoscaler',
  'policy/v1/PodDisruptionBudget': 'policy/v1/PodDisruptionBudget',
};

/** Titles that read better than the definition's name in a message ("`metadata` in the deployment"). */
const TITLES: Record<string, string> = { ObjectMeta: 'metadata' };

type JsonSchema = Record<string, unknown>;

interface Declaration {
  /** The interface or type alias, and the file it is in. */
  node: ts.InterfaceDeclaration | ts.TypeAliasDeclaration;
  file: ts.SourceFile;
  path: string;
}

const parsed = new Map<string, ts.SourceFile>();

function sourceOf(path: string): ts.SourceFile {
  let file = parsed.get(path);
  if (!file) {
    file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
    parsed.set(path, file);
  }
  return file;
}

/** The declaration file an import specifier names, from the file that imports it. */
function resolveImport(from: string, specifier: string): string {
  if (specifier.startsWith('.')) return join(dirname(from), `${specifier.replace(/\.js$/, '')}.d.ts`);
  // A package: the nearest node_modules that holds it, as Node would find it.
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', `${specifier}.d.ts`);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`kubernetes-schema: cannot resolve ${specifier} from ${from}`);
  }
}

/** The declaration a name refers to in a file: its own (by local or exported alias), or an import's. */
function declarationOf(path: string, name: string): Declaration {
  const file = sourceOf(path);
  for (const st of file.statements) {
    if (ts.isImportDeclaration(st) && st.importClause?.namedBindings && ts.isNamedImports(st.importClause.namedBindings)) {
      for (const el of st.importClause.namedBindings.elements) {
        if (el.name.text === name) return declarationOf(resolveImport(path, (st.moduleSpecifier as ts.StringLiteral).text), (el.propertyName ?? el.name).text);
      }
    }
    if (ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause) && !st.moduleSpecifier) {
      for (const el of st.exportClause.elements) if (el.name.text === name && el.propertyName) return declarationOf(path, el.propertyName.text);
    }
    if ((ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) && st.name.text === name) return { node: st, file, path };
  }
  throw new Error(`kubernetes-schema: no declaration of ${name} in ${path}`);
}

/** "PodSpec" → "pod spec", "HTTPGetAction" → "HTTP get action". */
function titleOf(short: string): string {
  if (TITLES[short]) return TITLES[short];
  const words = short.match(/[A-Z]+\d*(?![a-z])|[A-Z][a-z0-9]*|[a-z0-9]+/g) ?? [short];
  return words.map((w) => (w.length > 1 && w === w.toUpperCase() ? w : w.toLowerCase())).join(' ');
}

class Generator {
  readonly definitions: Record<string, JsonSchema> = {};
  private readonly keys = new Map<ts.Node, string>();

  /** The definition key of an interface, generating it (and what it uses) the first time. */
  definition(decl: Declaration, rootKind = false): string {
    const known = this.keys.get(decl.node);
    if (known) return known;
    const short = decl.node.name.text.replace(/^I(?=[A-Z])/, '');
    const rel = decl.path.slice(decl.path.lastIndexOf('node_modules/') + 'node_modules/'.length).replace(/\.d\.ts$/, '');
    const key = rel.replace(/^(@kubernetes-models\/apimachinery|kubernetes-models)\//, '').replace(/\//g, '.');
    this.keys.set(decl.node, key);
    const schema: JsonSchema = { title: titleOf(short) };
    this.definitions[key] = schema;
    if (!ts.isInterfaceDeclaration(decl.node)) {
      Object.assign(schema, this.type(decl, decl.node.type));
      return key;
    }
    Object.assign(schema, this.members(decl, decl.node.members, rootKind));
    return key;
  }

  private members(decl: Declaration, members: ts.NodeArray<ts.TypeElement>, rootKind: boolean): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    let additional: JsonSchema | boolean = false;
    for (const m of members) {
      if (ts.isIndexSignatureDeclaration(m)) {
        additional = m.type ? this.type(decl, m.type) : {};
        continue;
      }
      if (!ts.isPropertySignature(m) || !m.type) continue;
      const name = ts.isStringLiteral(m.name) || ts.isIdentifier(m.name) ? m.name.text : m.name.getText(decl.file);
      if (name === 'apiVersion' || name === 'kind') {
        // Which kind a document is decides its validator; inside a list (a StatefulSet's
        // claim templates) they may be left out.
        properties[name] = { type: 'string' };
        continue;
      }
      // Written by the cluster, not by the author: `kubectl get -o yaml` output keeps it, unchecked.
      properties[name] = rootKind && name === 'status' ? {} : this.type(decl, m.type);
      if (!m.questionToken) required.push(name);
    }
    const out: JsonSchema = { type: 'object' };
    // No declared member (`FieldsV1`): an object of any content.
    if (members.length === 0) return out;
    if (Object.keys(properties).length) out.properties = properties;
    if (required.length) out.required = required;
    out.additionalProperties = additional;
    return out;
  }

  type(decl: Declaration, node: ts.TypeNode): JsonSchema {
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { type: 'string' };
      case ts.SyntaxKind.NumberKeyword:
        return { type: 'number' };
      case ts.SyntaxKind.BooleanKeyword:
        return { type: 'boolean' };
      case ts.SyntaxKind.AnyKeyword:
      case ts.SyntaxKind.UnknownKeyword:
        return {};
      case ts.SyntaxKind.ObjectKeyword:
        return { type: 'object' };
    }
    if (ts.isParenthesizedTypeNode(node)) return this.type(decl, node.type);
    if (ts.isArrayTypeNode(node)) return { type: 'array', items: this.type(decl, node.elementType) };
    if (ts.isLiteralTypeNode(node)) {
      const lit = node.literal;
      if (ts.isStringLiteral(lit)) return { type: 'string', enum: [lit.text] };
      if (ts.isNumericLiteral(lit)) return { type: 'number', enum: [Number(lit.text)] };
      if (lit.kind === ts.SyntaxKind.TrueKeyword || lit.kind === ts.SyntaxKind.FalseKeyword) return { type: 'boolean' };
      return {};
    }
    if (ts.isUnionTypeNode(node)) {
      const parts = node.types.map((t) => this.type(decl, t));
      // String literals: an enumeration; keywords (int-or-string, quantity): a union of types.
      if (parts.every((p) => p.type === 'string' && Array.isArray(p.enum))) return { type: 'string', enum: parts.flatMap((p) => p.enum as string[]) };
      if (parts.every((p) => typeof p.type === 'string' && Object.keys(p).length === 1)) return { type: [...new Set(parts.map((p) => p.type as string))].sort() };
      return {};
    }
    if (ts.isTypeLiteralNode(node)) return this.members(decl, node.members, false);
    if (ts.isTypeReferenceNode(node)) {
      const name = node.typeName.getText(decl.file);
      if (name === 'Array' && node.typeArguments?.length === 1) return { type: 'array', items: this.type(decl, node.typeArguments[0]) };
      const target = declarationOf(decl.path, name);
      // Aliases of plain types (int-or-string, quantity, time) are written in place.
      if (ts.isTypeAliasDeclaration(target.node) && !ts.isTypeLiteralNode(target.node.type)) return this.type(target, target.node.type);
      return { $ref: `#/definitions/${this.definition(target)}` };
    }
    return {};
  }
}

export interface KubernetesSchema {
  /** The shared schema: `definitions` only. */
  schema: { $id: string; definitions: Record<string, JsonSchema> };
  /** Per `apiVersion/kind`, the definition key of its root. */
  roots: Record<string, string>;
}

export function kubernetesSchema(): KubernetesSchema {
  const gen = new Generator();
  const roots: Record<string, string> = {};
  for (const [id, file] of Object.entries(KUBERNETES_KINDS)) {
    const path = join(MODELS, `${file}.d.ts`);
    const kind = id.slice(id.lastIndexOf('/') + 1);
    roots[id] = gen.definition(declarationOf(path, `I${kind}`), true);
  }
  return { schema: { $id: 'kubernetes', definitions: gen.definitions }, roots };
}

/**
 * The CommonJS module of the validators (`kubernetes.cjs`): `validators` and
 * `roots` by `apiVersion/kind`, each root a `$ref` into the one shared schema,
 * which is what `compiledValidator('kubernetes#apps/v1/Deployment')` returns.
 */
export function kubernetesValidatorModule(options: object, minify: (code: string) => string): string {
  const { schema, roots } = kubernetesSchema();
  const ajv = new Ajv({ ...options, code: { source: true } });
  ajv.addSchema(schema);
  const ids = Object.keys(roots);
  const exportName = (i: number) => `kind${i}`;
  const refs = Object.fromEntries(ids.map((id, i) => [exportName(i), `kubernetes#/definitions/${roots[id]}`]));
  const code = minify(standaloneCode(ajv, refs));
  const validators = ids.map((id, i) => `${JSON.stringify(id)}: compiled.${exportName(i)}`).join(',\n');
  const rootSchemas = ids.map((id) => `${JSON.stringify(id)}: { $ref: ${JSON.stringify(`#/definitions/${roots[id]}`)}, definitions }`).join(',\n');
  return (
    `const compiled = (function () {\nconst module = { exports: {} }, exports = module.exports;\n${code}\nreturn module.exports;\n})();\n` +
    `const definitions = ${JSON.stringify(schema.definitions)};\n` +
    `module.exports = { validators: {\n${validators}\n}, roots: {\n${rootSchemas}\n} };\n`
  );
}

if (import.meta.main) {
  const { schema, roots } = kubernetesSchema();
  console.log(`${Object.keys(schema.definitions).length} definitions, ${Object.keys(roots).length} kinds, ${(JSON.stringify(schema).length / 1024).toFixed(0)} KiB`);
  if (process.argv[2]) console.log(JSON.stringify(schema.definitions[process.argv[2]], null, 1));
}
