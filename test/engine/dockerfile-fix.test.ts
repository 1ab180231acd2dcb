/**
 * A fix offered for a Dockerfile leaves an image that builds: after the
 * js-commands fixes of every fixture, linted again, the rewritten commands are gone
 * and every stage that runs Bun has it (an `oven/bun` base image or an install
 * line before), and copies `bun.lock` where it installs. The same Dockerfile in
 * a plan document's code block gets the same fix, just as unsafe.
 */
import { expect, test } from 'bun:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { lint } from '../../server/src/core/engine';
import { parseDockerfile } from '../../server/src/core/parse/dockerfile';
import { managerInStage } from '../../server/src/core/policy/dockerfile-js';
import { fixedTexts, fixtureCases, runCase } from '../support/fixtures';

const RULE = 'package-manager/js-commands';
const dockerCases = fixtureCases(RULE).filter((c) => !c.valid && c.files.includes('Dockerfile') && existsSync(join(c.dir, 'fixed', 'Dockerfile')));

test('the js-commands fixtures include Dockerfile fixes to check', () => {
  expect(dockerCases.map((c) => c.name)).toEqual(expect.arrayContaining(['dockerfile', 'dockerfile-alpine-cmd', 'dockerfile-multi-stage']));
});

for (const c of dockerCases) {
  test(`${c.name}: every stage of the fixed Dockerfile that runs Bun has it, and the finding is gone`, () => {
    const result = runCase(c);
    const before = result.findings.get('Dockerfile') ?? [];
    // Every fix offered in a stage that changes more than the command is unsafe and says what else it changes (the editor adds the unsafe label).
    for (const f of before) for (const fix of f.fixes) if (fix.edits.length > 1) expect([fix.safe, fix.title.includes('(also ')]).toEqual([false, true]);
    const fixed = fixedTexts(result).get('Dockerfile') as string;
    const again = lint({ path: 'Dockerfile', text: fixed }).findings.filter((f) => f.ruleId === RULE);
    expect(again.filter((f) => f.fixes.length > 0)).toEqual([]);
    expect(again.length).toBe(before.filter((f) => f.fixes.length === 0).length);
    const ast = parseDockerfile(fixed);
    for (const stage of ast.stages) {
      const text = fixed.slice(stage.range.start, stage.range.end);
      const bun = /\bbunx?\b/.exec(text.slice(stage.from.range.end - stage.range.start));
      if (!bun) continue;
      expect(managerInStage(fixed, ast, stage, 'bun', stage.range.end)).toBe(true);
      expect(text).not.toMatch(/package-lock\.json|yarn\.lock|pnpm-lock\.yaml/);
      if (/\bbun install\b/.test(text)) expect(text).toMatch(/bun\.lock|COPY \. |COPY \S+\/ /);
    }
  });
}

test('a dockerfile block of a plan document gets the same fix as the Dockerfile, unsafe in both', () => {
  const dockerfile = 'FROM node:20-alpine\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCMD ["npm", "start"]\n';
  const prefix = '# Infrastructure\n\n```dockerfile\n';
  const doc = `${prefix}${dockerfile}\`\`\`\n`;
  const inFile = lint({ path: 'Dockerfile', text: dockerfile }).findings.filter((f) => f.ruleId === RULE);
  const inDoc = lint({ path: 'plan/infrastructure.md', text: doc }).findings.filter((f) => f.ruleId === RULE);
  expect(inFile.length).toBe(2);
  const shift = (edits: { start: number; end: number; newText: string }[], by: number) => edits.map((e) => ({ ...e, start: e.start + by, end: e.end + by }));
  expect(inDoc.map((f) => f.fixes.map((x) => ({ ...x, edits: shift(x.edits, -prefix.length) })))).toEqual(inFile.map((f) => f.fixes));
  expect(inDoc.every((f) => f.fixes.every((x) => !x.safe))).toBe(true);
  expect(inFile[0].fixes[0].title).toBe('Use `bun install --frozen-lockfile` (also builds the stage on `oven/bun:1-alpine`, copies `bun.lock`, rewrites the stage\'s 1 other command)');
});
