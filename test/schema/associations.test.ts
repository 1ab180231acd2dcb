/**
 * The association table and the validators compiled at build time agree: every
 * associated schema was compiled (by `bun run build`), each kind has its
 * `<kind>/schema` rule, and each compiled validator runs.
 */
import { expect, test } from 'bun:test';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ruleById } from '../../server/src/core/rules';
import { SCHEMA_ASSOCIATIONS } from '../../server/src/core/schema/associations';
import { compiledValidator } from '../../server/src/core/schema/compiled';

const ROOT = join(import.meta.dir, '..', '..');
const FORMAT_SCHEMAS = readdirSync(join(ROOT, 'schemas'))
  .filter((f) => f.endsWith('.schema.json') && f !== 'config.schema.json')
  .map((f) => f.slice(0, -'.schema.json'.length));

test('every association names a schema that ships and was compiled', () => {
  for (const a of SCHEMA_ASSOCIATIONS) {
    // A schema generated from a dev dependency (Kubernetes) is tested beside its generator.
    if (a.generatedBy) {
      expect(existsSync(join(ROOT, a.generatedBy))).toBe(true);
      continue;
    }
    expect(existsSync(join(ROOT, 'schemas', `${a.schema}.schema.json`))).toBe(true);
    expect(compiledValidator(a.schema)).toBeDefined();
  }
});

test('every associated kind has its schema rule', () => {
  for (const a of SCHEMA_ASSOCIATIONS) expect(ruleById(`${a.kind}/schema`)?.kinds).toEqual([a.kind]);
});

test('each compiled validator rejects a document that is not even a mapping, with errors', () => {
  expect(FORMAT_SCHEMAS.length).toBeGreaterThan(0);
  for (const id of FORMAT_SCHEMAS) {
    const v = compiledValidator(id);
    expect(v).toBeDefined();
    expect(v?.validate(42)).toBe(false);
    expect((v?.validate.errors ?? []).length).toBeGreaterThan(0);
  }
});
