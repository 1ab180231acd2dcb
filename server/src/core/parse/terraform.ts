/**
 * Terraform facts over the HCL model, shared by the `terraform/*` rules: what
 * one file declares (memoised per file version), and what a module — every
 * `.tf` / `.tf.json` file of one folder, which Terraform reads as one — declares
 * together, read through the workspace view so that the reads are recorded.
 */
import type { Node as JsonNode } from 'jsonc-parser/lib/esm/main.js';
import type { SourceFile } from '../source';
import type { OffsetRange } from '../types';
import type { WorkspaceView } from '../workspace/view';
import { type HclBlock, literalString } from './hcl';

export interface ModuleCall {
  name: string;
  source: string | undefined;
  /** Where `source` is, or the block's name when it has none. */
  sourceRange: OffsetRange;
  hasVersion: boolean;
  block: HclBlock | undefined;
}

/** What one Terraform file declares at its top level. */
export interface TerraformFileFacts {
  /** `backend "<type>"` or `cloud` of a `terraform` block, with where it is. */
  backends: { type: string; range: OffsetRange }[];
  terraformBlocks: HclBlock[];
  providers: HclBlock[];
  resources: HclBlock[];
  modules: ModuleCall[];
  /** Whether the file has any block that makes its folder a configuration (resource, data, provider, module). */
  configures: boolean;
  /** A `.tf.json` file with a `provider` key. */
  hasJsonProvider: boolean;
}

const NO_FACTS: TerraformFileFacts = Object.freeze({ backends: [], terraformBlocks: [], providers: [], resources: [], modules: [], configures: false, hasJsonProvider: false });

export function terraformFacts(file: SourceFile): TerraformFileFacts {
  if (file.kind !== 'terraform') return NO_FACTS;
  return file.memo('terraform.facts', () => (file.isJson ? jsonFacts(file) : hclFacts(file)));
}

function hclFacts(file: SourceFile): TerraformFileFacts {
  if (/\.tfvars$/i.test(file.path)) return NO_FACTS;
  const { body, text } = file.hcl;
  const terraformBlocks = body.blocksOf('terraform');
  const backends: TerraformFileFacts['backends'] = [];
  for (const t of terraformBlocks) {
    for (const b of t.body.blocks) {
      if (b.type === 'backend') backends.push({ type: b.labels[0]?.value ?? '', range: b.typeRange });
      else if (b.type === 'cloud') backends.push({ type: 'cloud', range: b.typeRange });
    }
  }
  const modules: ModuleCall[] = body.blocksOf('module').map((block) => {
    const source = block.body.attribute('source');
    return {
      name: block.labels[0]?.value ?? '',
      source: literalString(source?.expression, text),
      sourceRange: source ? { start: source.expression.start, end: source.expression.end } : (block.labels[0]?.range ?? block.typeRange),
      hasVersion: block.body.attribute('version') !== undefined,
      block,
    };
  });
  const providers = body.blocksOf('provider');
  const resources = body.blocksOf('resource');
  const configures = providers.length > 0 || resources.length > 0 || modules.length > 0 || body.blocksOf('data').length > 0;
  return { backends, terraformBlocks, providers, resources, modules, configures, hasJsonProvider: false };
}

/** `.tf.json`: only what the folder-level rules need (backends, whether it configures, local module sources). */
function jsonFacts(file: SourceFile): TerraformFileFacts {
  const root = file.json;
  if (root?.type !== 'object') return NO_FACTS;
  const backends: TerraformFileFacts['backends'] = [];
  const modules: ModuleCall[] = [];
  let configures = false;
  let hasJsonProvider = false;
  for (const prop of root.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (!k || !v) continue;
    const key = k.value as string;
    if (key === 'terraform') {
      for (const t of v.type === 'array' ? (v.children ?? []) : [v]) {
        for (const p of t.children ?? []) {
          const name = p.children?.[0];
          if (name?.value === 'backend') {
            const type = p.children?.[1]?.children?.[0]?.children?.[0]?.value;
            backends.push({ type: typeof type === 'string' ? type : '', range: { start: name.offset, end: name.offset + name.length } });
          } else if (name?.value === 'cloud') backends.push({ type: 'cloud', range: { start: name.offset, end: name.offset + name.length } });
        }
      }
    } else if (key === 'resource' || key === 'data' || key === 'provider') {
      configures = true;
      if (key === 'provider') hasJsonProvider = true;
    }
    else if (key === 'module') {
      configures = true;
      for (const m of v.children ?? []) {
        const [mk, mv] = m.children ?? [];
        const source = jsonProperty(mv, 'source');
        modules.push({
          name: String(mk?.value ?? ''),
          source: typeof source?.value === 'string' ? source.value : undefined,
          sourceRange: { start: (source ?? mk)?.offset ?? 0, end: ((source ?? mk)?.offset ?? 0) + ((source ?? mk)?.length ?? 0) },
          hasVersion: jsonProperty(mv, 'version') !== undefined,
          block: undefined,
        });
      }
    }
  }
  return { backends, terraformBlocks: [], providers: [], resources: [], modules, configures, hasJsonProvider };
}

function jsonProperty(node: JsonNode | undefined, name: string): JsonNode | undefined {
  if (node?.type !== 'object') return undefined;
  for (const p of node.children ?? []) if (p.children?.[0]?.value === name) return p.children[1];
  return undefined;
}

export function isTerraformConfigPath(path: string): boolean {
  return /\.tf(?:\.json)?$/i.test(path);
}

/** The Terraform files of the module (folder) of `file`, itself included, sorted by path. */
export function moduleFiles(file: SourceFile, workspace: WorkspaceView): SourceFile[] {
  const dir = file.dirname;
  const out: SourceFile[] = [];
  let sawSelf = false;
  for (const path of workspace.list(dir)) {
    if (!isTerraformConfigPath(path)) continue;
    if (path === file.path) {
      sawSelf = true;
      out.push(file);
      continue;
    }
    const other = workspace.file(path);
    if (other?.kind === 'terraform') out.push(other);
  }
  // Linted on its own (no workspace), the file is its module.
  if (!sawSelf) out.push(file);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const calledByList = new WeakMap<readonly unknown[], ReadonlySet<string>>();

/**
 * Folders that some module block of the repository calls by a local path (`./x`, `../..`):
 * computed once per list of Terraform files (a new list when one changes), not once per
 * file that asks — per file, a check of thousands of modules was quadratic (issue 13).
 */
export function calledFolders(workspace: WorkspaceView): ReadonlySet<string> {
  const files = workspace.filesOf('terraform');
  let out = calledByList.get(files);
  if (!out) {
    out = collectCalledFolders(files);
    calledByList.set(files, out);
  }
  return out;
}

function collectCalledFolders(files: readonly SourceFile[]): Set<string> {
  const out = new Set<string>();
  for (const f of files) {
    for (const call of terraformFacts(f).modules) {
      const source = call.source;
      if (source === undefined || !(source.startsWith('./') || source.startsWith('../') || source === '.' || source === '..')) continue;
      const resolved = resolveRelative(f.dirname, source);
      if (resolved !== undefined) out.add(resolved);
    }
  }
  return out;
}

function resolveRelative(dir: string, rel: string): string | undefined {
  const parts = dir === '' ? [] : dir.split('/');
  for (const seg of rel.replace(/\/+$/, '').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

/**
 * The file of a module that speaks for it in module-level findings: the one with
 * a `terraform` block, else `main.tf`, else the first file that configures
 * anything. One finding per module, on a file the reader expects.
 */
export function moduleAnchor(files: readonly SourceFile[]): SourceFile | undefined {
  const hcl = files.filter((f) => !f.isJson);
  return (
    hcl.find((f) => terraformFacts(f).terraformBlocks.length > 0) ??
    hcl.find((f) => f.basename === 'main.tf') ??
    files.find((f) => terraformFacts(f).configures) ??
    files[0]
  );
}

/** The resource type's provider: `aws_s3_bucket` → `aws` (Terraform's own default, unless `provider =` says otherwise). */
export function providerOfType(type: string): string {
  const i = type.indexOf('_');
  return i < 0 ? type : type.slice(0, i);
}
