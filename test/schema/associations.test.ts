/**
 * The association table and the validators compiled at build time agree: every
 * associated schema was compiled (by `bun run build`), each kind has its
 * `<kind>/schema` rule, and each compiled validator runs.
 */
import { expect, test } from 'bun:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ruleById } from '../../server/src/core/rules';
import { SCHEMA_ASSOCIATIONS } from '../../server/src/core/schema/associations';
import { compiledSchemaIds, compiledValidator } from '../../server/src/core/schema/compiled';

const ROOT = join(import.meta.dir, '..', '..');

test('every association names a schema that ships and was compiled', () => {
  for (const a of SCHEMA_ASSOCIATIONS) {
    expect(existsSync(join(ROOT, 'schemas', `${a.schema}.schema.json`))).toBe(true);
    expect(compiledSchemaIds()).toContain(a.schema);
  }
});

test('every associated kind has its schema rule', () => {
  for (const a of SCHEMA_ASSOCIATIONS) expect(ruleById(`${a.kind}/schema`)?.kinds).toEqual([a.kind]);
});

test('each compiled validator rejects a document that is not even a mapping, with errors', () => {
  for (const id of compiledSchemaIds()) {
    const v = compiledValidator(id);
    expect(v).toBeDefined();
    expect(v?.validate(42)).toBe(false);
    expect((v?.validate.errors ?? []).length).toBeGreaterThan(0);
  }
});
