/**
 * The validators compiled at build time (scripts/compile-schemas.ts): Ajv's
 * standalone code, one module per schema, loaded the first time a file of that
 * kind is validated, so start-up neither compiles nor parses any of them.
 * From the sources they are read from `server/src/generated/validators/`; a
 * bundle says where its own copies are with `loadValidatorModulesWith`.
 */
import type { Schema } from './schema-walk';
import type { SchemaValidator } from './validate';

/** Loads a validator module by name: a schema id, `config` or `rule-options`. */
export type ValidatorModuleLoader = (name: string) => unknown;

let load: ValidatorModuleLoader = (name) => require(`../../generated/validators/${name}.cjs`);
const modules = new Map<string, unknown>();
const loaded = new Map<string, SchemaValidator>();

/** Where the validator modules are read from (the bundles keep them beside themselves). */
export function loadValidatorModulesWith(loader: ValidatorModuleLoader): void {
  load = loader;
  modules.clear();
  loaded.clear();
}

function moduleNamed(name: string): unknown {
  if (!modules.has(name)) {
    let m: unknown;
    try {
      m = load(name);
    } catch {
      m = undefined; // no validator of that name was compiled
    }
    modules.set(name, m);
  }
  return modules.get(name);
}

/**
 * The compiled validator of `schemas/<id>.schema.json` with the schema itself, or undefined when none was compiled.
 * `<module>#<root>` names one of several validators of a module that share their definitions (`kubernetes#apps/v1/Deployment`).
 */
export function compiledValidator(id: string): SchemaValidator | undefined {
  let v = loaded.get(id);
  if (v) return v;
  const hash = id.indexOf('#');
  type Module = { validate?: unknown; schema?: unknown; validators?: Record<string, unknown>; roots?: Record<string, unknown> };
  const m = moduleNamed(hash < 0 ? id : id.slice(0, hash)) as Module | undefined;
  const root = id.slice(hash + 1);
  const own = (table: Record<string, unknown> | undefined) => (table && Object.hasOwn(table, root) ? table[root] : undefined);
  const [validate, schema] = hash < 0 ? [m?.validate, m?.schema] : [own(m?.validators), own(m?.roots)];
  if (typeof validate !== 'function' || schema === undefined) return undefined;
  v = { validate: validate as SchemaValidator['validate'], schema: schema as Schema };
  loaded.set(id, v);
  return v;
}

/** The compiled validator of the configuration (`config`) or of a rule's options (`rule-options:<rule id>`); throws when the build did not compile it. */
export function compiledFunction<F>(id: string): F {
  const [name, key] = id.startsWith('rule-options:') ? ['rule-options', id.slice('rule-options:'.length)] : [id, 'validate'];
  const m = moduleNamed(name) as Record<string, unknown> | undefined;
  const validate = m?.[key];
  if (typeof validate !== 'function') throw new Error(`No compiled validator \`${id}\`: run \`bun run build\` (scripts/compile-schemas.ts).`);
  return validate as F;
}
