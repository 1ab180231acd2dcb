/** The one place fixes are chosen and applied: editor fix-all, `check --fix` and fixtures. */
import { expect, test } from 'bun:test';
import { applyEdits, applyFixes, compatibleFixes, fixUntilStable, selectFixes } from '../../server/src/core/fixes';
import type { Finding, Fix } from '../../server/src/core/types';

const fix = (title: string, safe: boolean, ...edits: [number, number, string][]): Fix => ({
  title,
  safe,
  edits: edits.map(([start, end, newText]) => ({ start, end, newText })),
});
const finding = (...fixes: Fix[]): Finding => ({ ruleId: 'x/y', messageId: 'm', severity: 'error', message: 'm', range: { start: 0, end: 0 }, fixes });

test('selectFixes takes a finding’s first safe fix, and its first unsafe one only when asked', () => {
  const safe = fix('safe', true, [0, 1, 'a']);
  const unsafe = fix('unsafe', false, [2, 3, 'b']);
  const findings = [finding(unsafe, safe), finding(unsafe), finding()];
  expect(selectFixes(findings, { safeOnly: true })).toEqual([safe]);
  expect(selectFixes(findings, { safeOnly: false })).toEqual([safe, unsafe]);
});

test('compatibleFixes keeps fixes whole: one overlapping an accepted fix is skipped with all its edits', () => {
  const a = fix('a', true, [0, 3, 'X']);
  const b = fix('b', true, [2, 5, 'Y'], [10, 11, 'Z']);
  const c = fix('c', true, [3, 4, 'W']);
  const r = compatibleFixes([b, c, a]);
  expect(r.applied).toEqual([a, c]);
  expect(r.skipped).toEqual([b]);
  expect(r.edits.map((e) => e.newText)).toEqual(['X', 'W']);
});

test('two insertions at one offset overlap; touching ranges do not; a fix overlapping itself is skipped', () => {
  expect(compatibleFixes([fix('a', true, [4, 4, 'a']), fix('b', true, [4, 4, 'b'])]).skipped.length).toBe(1);
  expect(compatibleFixes([fix('a', true, [0, 4, 'a']), fix('b', true, [4, 6, 'b'])]).skipped.length).toBe(0);
  expect(compatibleFixes([fix('self', true, [0, 4, 'a'], [2, 3, 'b'])]).applied.length).toBe(0);
});

test('applyEdits applies in offset order whatever the given order, and refuses overlaps', () => {
  expect(applyEdits('npm ci && npm test', [{ start: 10, end: 13, newText: 'bun' }, { start: 0, end: 6, newText: 'bun install' }])).toBe('bun install && bun test');
  expect(() => applyEdits('abcdef', [{ start: 0, end: 3, newText: '' }, { start: 2, end: 4, newText: '' }])).toThrow(RangeError);
  expect(() => applyEdits('abc', [{ start: 2, end: 9, newText: '' }])).toThrow(RangeError);
});

test('applyFixes reports how many fixes ran and how many were skipped', () => {
  const r = applyFixes('abcdef', [finding(fix('a', true, [0, 2, 'X'])), finding(fix('b', true, [1, 3, 'Y'])), finding(fix('u', false, [4, 5, 'U']))], { safeOnly: true });
  expect(r).toEqual({ text: 'Xcdef', applied: 1, skipped: 1 });
});

test('fixUntilStable re-lints and repeats until nothing is left to fix, bounded by maxPasses', () => {
  // Every `aa` is a finding whose fix makes it `a`: overlapping occurrences need several passes.
  const lint = (text: string) => {
    const findings: Finding[] = [];
    for (let i = text.indexOf('aa'); i >= 0; i = text.indexOf('aa', i + 1)) findings.push(finding(fix('shrink', true, [i, i + 2, 'a'])));
    return { findings };
  };
  const done = fixUntilStable('aaaa-aa', lint, { safeOnly: true, maxPasses: 10 });
  expect(done.text).toBe('a-a');
  expect(done.result.findings).toEqual([]);
  expect(done.applied).toBe(4);
  const bounded = fixUntilStable('aaaaaaaa', lint, { safeOnly: true, maxPasses: 1 });
  expect(bounded.passes).toBe(1);
  expect(bounded.result.findings.length).toBeGreaterThan(0);
  // A fix that never removes its finding stops once the text stops changing.
  const stuck = fixUntilStable('x', () => ({ findings: [finding(fix('same', true, [0, 1, 'x']))] }), { safeOnly: true, maxPasses: 5 });
  expect(stuck.passes).toBe(0);
});
