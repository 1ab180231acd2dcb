/** Keeps the registry honest, as ESLint's checkRuleFiles does. */
import { expect, test } from 'bun:test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { applyEdits } from '../../server/src/core/fixes';
import { defaultOptions } from '../../server/src/core/rule';
import { RULES } from '../../server/src/core/rules';
import { FILE_KINDS } from '../../server/src/core/types';
import { fixAllEdits } from '../../server/src/lsp/code-actions';
import { fixedTexts, fixtureCases, fixtureRuleIds, RULES_WITHOUT_INVALID_INPUT, runCase } from '../support/fixtures';

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

/** Each rule's invalid fixtures, run once: the findings and texts of every case. */
const invalidRuns = new Map(RULES.map((r) => [r.id, fixtureCases(r.id).filter((c) => !c.valid).map((c) => ({ c, result: runCase(c) }))]));
const findingsOf = (id: string) => (invalidRuns.get(id) ?? []).flatMap(({ result }) => [...result.findings.values()].flat());

test('every rule declares the fix safety its fixtures show: safe, unsafe, mixed, or none', () => {
  const declared = RULES.map((r) => [r.id, r.fix]);
  const shown = RULES.map((r) => {
    const fixes = findingsOf(r.id).flatMap((f) => f.fixes);
    const safe = fixes.some((x) => x.safe);
    const unsafe = fixes.some((x) => !x.safe);
    return [r.id, safe && unsafe ? 'mixed' : safe ? 'safe' : unsafe ? 'unsafe' : undefined];
  });
  expect(shown).toEqual(declared);
});

/** Messages no fixture can produce: the test preload loads the HCL parser; test/engine/hcl.test.ts shows this one without it. */
const MESSAGES_WITHOUT_FIXTURE = new Set(['terraform/syntax unavailable']);

test('every message id of every rule is produced by an invalid fixture', () => {
  const missing = RULES.filter((r) => !RULES_WITHOUT_INVALID_INPUT.has(r.id)).flatMap((r) => {
    const used = new Set(findingsOf(r.id).map((f) => f.messageId));
    return Object.keys(r.messages)
      .filter((id) => !used.has(id))
      .map((id) => `${r.id} ${id}`)
      .filter((m) => !MESSAGES_WITHOUT_FIXTURE.has(m));
  });
  expect(missing).toEqual([]);
});

test('option defaults are valid options of their rule', () => {
  const ajv = new Ajv({ allErrors: true, strict: true });
  let checked = 0;
  for (const r of RULES) {
    if (!r.options) continue;
    const validate = ajv.compile(r.options);
    const defaults = defaultOptions(r);
    expect(Object.keys(defaults).length).toBeGreaterThan(0);
    validate(defaults);
    expect([r.id, validate.errors ?? []]).toEqual([r.id, []]);
    checked++;
  }
  expect(checked).toBeGreaterThan(0);
  // The check can fail: a default of the wrong type is rejected.
  expect(ajv.compile({ type: 'object', properties: { n: { type: 'number', default: 'x' } } })({ n: 'x' })).toBe(false);
});

test("fixtures' fixed texts are what the editor's fix-all writes, and leave no fixable finding of the rule", () => {
  let compared = 0;
  for (const r of RULES) {
    for (const { c, result } of invalidRuns.get(r.id) ?? []) {
      const fixed = fixedTexts(result);
      for (const [path, findings] of result.findings) {
        const text = result.texts.get(path) ?? '';
        const expected = existsSync(join(c.dir, 'fixed', path)) ? readFileSync(join(c.dir, 'fixed', path), 'utf8') : text;
        // Where every fix the fixture applies is safe, the editor's fix-all (the LSP's own function) gives `fixed/` exactly.
        if (findings.every((f) => f.fixes.length === 0 || f.fixes.some((x) => x.safe))) {
          expect([r.id, c.name, path, applyEdits(text, fixAllEdits(findings))]).toEqual([r.id, c.name, path, expected]);
          compared++;
        }
      }
      if (fixed.size === 0) continue;
      const again = runCase(c, fixed);
      const stillFixable = [...again.findings.entries()].flatMap(([path, list]) => list.filter((f) => f.fixes.length > 0).map((f) => `${path}: ${f.message}`));
      expect([r.id, c.name, stillFixable]).toEqual([r.id, c.name, []]);
    }
  }
  expect(compared).toBeGreaterThan(0);
});

test('former ids of renamed rules are unique, in the rule\'s family, and no rule\'s current id', () => {
  const current = new Set(RULES.map((r) => r.id));
  const seen = new Set<string>();
  for (const r of RULES) {
    for (const former of r.formerIds ?? []) {
      expect(current.has(former)).toBe(false);
      expect(seen.has(former)).toBe(false);
      expect(former.split('/')[0]).toBe(r.id.split('/')[0]);
      seen.add(former);
    }
  }
  expect([...seen].sort()).toEqual(['package-manager/js-bun', 'package-manager/python-poetry', 'package-manager/require-bun-setup']);
});
