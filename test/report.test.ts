/** The CLI's renderings are written as they are made: many small chunks, the same bytes as one string. */
import { expect, test } from 'bun:test';
import { lint } from '../server/src/core/engine';
import { RULES } from '../server/src/core/rules';
import { chunked, type FileReport, formatJson, formatSarif, formatText, writeJson, writeSarif, writeText, type Write } from '../server/src/node/report';

const text = `on: push\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n${'          npm ci && yarn add left-pad\n'.repeat(300)}`;
const r = lint({ path: '.github/workflows/ci.yml', text });
const reports: FileReport[] = [{ path: '.github/workflows/ci.yml', lines: r.file?.lines as FileReport['lines'], findings: r.findings }];

function pieces(render: (w: Write) => void): string[] {
  const out: string[] = [];
  render((c) => out.push(c));
  return out;
}

test.each([
  ['json', (w: Write) => writeJson(reports, w), () => formatJson(reports)],
  ['sarif', (w: Write) => writeSarif(reports, RULES, '1.0.0', w), () => formatSarif(reports, RULES, '1.0.0')],
  ['text', (w: Write) => writeText(reports, w), () => formatText(reports)],
] as const)('%s: one piece a finding, none of them the whole report, the same text as the one-string form', (format, write, whole) => {
  expect(r.findings.length).toBeGreaterThan(500);
  const parts = pieces(write);
  expect(parts.length).toBeGreaterThan(r.findings.length);
  const joined = parts.join('');
  // The first piece of SARIF is the rules' metadata, whatever the number of findings.
  expect(Math.max(...parts.slice(1).map((p) => p.length))).toBeLessThan(joined.length / 100);
  expect(joined).toBe(whole());
  if (format !== 'text') expect(() => JSON.parse(joined)).not.toThrow();
});

test('empty reports render as before: an empty array, an empty results list', () => {
  expect(formatJson([])).toBe('[]\n');
  expect(JSON.parse(formatSarif([], RULES, '1.0.0')).runs[0].results).toEqual([]);
});

test('chunked passes pieces on in chunks of about the size asked, and everything on flush', () => {
  const got: string[] = [];
  const out = chunked((c) => got.push(c), 100);
  for (let i = 0; i < 1000; i++) out.write('0123456789');
  out.write('end');
  out.flush();
  expect(got.join('')).toBe(`${'0123456789'.repeat(1000)}end`);
  expect(got.length).toBe(101);
  expect(got.slice(0, -1).every((c) => c.length === 100)).toBe(true);
});
