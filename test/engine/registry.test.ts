/** Keeps the registry honest, as ESLint's checkRuleFiles does. */
import { expect, test } from 'bun:test';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../server/src/core/rules';
import { FILE_KINDS } from '../../server/src/core/types';
import { fixtureRuleIds } from '../support/fixtures';

const RULES_DIR = join(import.meta.dir, '..', '..', 'server', 'src', 'core', 'rules');
const ROOT = join(import.meta.dir, '..', '..');

const ruleFiles = readdirSync(RULES_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(join(RULES_DIR, d.name)).filter((f) => f.endsWith('.ts')).map((f) => `${d.name}/${f.slice(0, -3)}`))
  .sort();

test('every rule file is registered, and ids equal their paths', async () => {
  expect(RULES.map((r) => r.id).sort()).toEqual(ruleFiles);
  for (const id of ruleFiles) {
    const mod = await import(join(RULES_DIR, `${id}.ts`));
    expect(mod.default.id).toBe(id);
  }
});

test('ids are unique kebab-case <family>/<name>', () => {
  const ids = RULES.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*$/);
});

test('every rule has metadata, messages, kinds, fixtures and a docs page', () => {
  const withFixtures = new Set(fixtureRuleIds());
  for (const r of RULES) {
    expect(r.docs.summary.length).toBeGreaterThan(10);
    expect(r.docs.rationale.length).toBeGreaterThan(40);
    expect(Object.keys(r.messages).length).toBeGreaterThan(0);
    expect(['error', 'warning', 'info']).toContain(r.severity);
    if (r.kinds !== 'all') for (const k of r.kinds) expect(FILE_KINDS).toContain(k);
    expect(withFixtures.has(r.id)).toBe(true);
    expect(existsSync(join(ROOT, 'docs', 'rules', `${r.id}.md`))).toBe(true);
  }
  // No fixture folder for a rule that does not exist.
  for (const id of withFixtures) expect(RULES.some((r) => r.id === id)).toBe(true);
});
