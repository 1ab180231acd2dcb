/**
 * Runs every rule's fixtures: valid cases give no finding of the rule, invalid
 * cases give exactly `expected.txt`, and the text after fixes equals `fixed/`
 * and, linted again, keeps only the findings that had no fix.
 * `UPDATE_FIXTURES=1 bun test test/rules.test.ts` rewrites expectations for review.
 */
import { describe, expect, test } from 'bun:test';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RULES } from '../server/src/core/rules';
import { fixedTexts, fixtureCases, formatFindings, RULES_WITHOUT_INVALID_INPUT, runCase } from './support/fixtures';

const UPDATE = process.env.UPDATE_FIXTURES === '1';

for (const rule of RULES) {
  describe(rule.id, () => {
    const cases = fixtureCases(rule.id);
    test('has valid and invalid fixtures', () => {
      expect(cases.some((c) => c.valid)).toBe(true);
      expect(cases.some((c) => !c.valid)).toBe(!RULES_WITHOUT_INVALID_INPUT.has(rule.id));
    });
    for (const c of cases) {
      if (c.valid) {
        test(`valid/${c.name}`, () => {
          expect(c.files.length).toBeGreaterThan(0);
          expect(formatFindings(runCase(c))).toBe('');
        });
        continue;
      }
      test(`invalid/${c.name}`, () => {
        const result = runCase(c);
        const actual = formatFindings(result);
        const expectedPath = join(c.dir, 'expected.txt');
        const fixed = fixedTexts(result);
        if (UPDATE) {
          writeFileSync(expectedPath, actual);
          rmSync(join(c.dir, 'fixed'), { recursive: true, force: true });
          for (const [path, text] of fixed) {
            mkdirSync(dirname(join(c.dir, 'fixed', path)), { recursive: true });
            writeFileSync(join(c.dir, 'fixed', path), text);
          }
        }
        expect(actual).not.toBe('');
        expect(actual).toBe(readFileSync(expectedPath, 'utf8'));
        for (const path of c.files) {
          const fixedPath = join(c.dir, 'fixed', path);
          if (fixed.has(path)) expect(readFileSync(fixedPath, 'utf8')).toBe(fixed.get(path) as string);
          else expect(existsSync(fixedPath)).toBe(false);
        }
        if (fixed.size > 0) {
          // Re-lint: every finding that had a fix is gone; those without one remain.
          const again = runCase(c, fixed);
          const unfixable = [...result.findings.values()].flat().filter((f) => f.fixes.length === 0).length;
          expect([...again.findings.values()].flat().length).toBe(unfixable);
        }
      });
    }
  });
}
