/**
 * The validators compiled at build time (scripts/compile-schemas.ts): Ajv's
 * standalone code, one factory per schema in `schemas/`, run the first time a
 * file of that kind is validated, so start-up pays for none of them.
 */
import factories from '../../generated/schema-validators.cjs';
import type { Schema } from './schema-walk';
import type { SchemaValidator } from './validate';

const loaded = new Map<string, SchemaValidator>();

/** The compiled validator of `schemas/<id>.schema.json` with the schema itself, or undefined when none was compiled. */
export function compiledValidator(id: string): SchemaValidator | undefined {
  let v = loaded.get(id);
  if (v) return v;
  const validate = factories[id]?.();
  const schema = factories[`${id}#schema`]?.();
  if (typeof validate !== 'function' || schema === undefined) return undefined;
  v = { validate: validate as SchemaValidator['validate'], schema: schema as Schema };
  loaded.set(id, v);
  return v;
}

/** A compiled validation function by id (`config`, `rule-options:<rule id>`); throws when the build did not compile it. */
export function compiledFunction<F>(id: string): F {
  const validate = factories[id]?.();
  if (typeof validate !== 'function') throw new Error(`No compiled validator \`${id}\`: run \`bun run build\` (scripts/compile-schemas.ts).`);
  return validate as F;
}

/** Ids of every compiled format schema. */
export function compiledSchemaIds(): string[] {
  return Object.keys(factories).filter((k) => !k.includes('#') && !k.includes(':') && k !== 'config');
}
