/** Issue 7, case 11: old Mac line endings (a lone CR) are line breaks everywhere offsets are mapped. */
import { expect, test } from 'bun:test';
import { lint } from '../../server/src/core/engine';
import { LineIndex } from '../../server/src/core/lines';
import { lineFeedsOnly } from '../../server/src/core/parse/yaml';
import { sourceLines } from '../../server/src/core/parse/script';

const WORKFLOW = [
  'on: push',
  'jobs:',
  '  build:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - run: npm ci',
  '      - run: |',
  '          echo hi',
  '          yarn install',
  '      - run: >-',
  '          pnpm',
  '          install',
  '',
];

const FILES: Record<string, string[]> = {
  '.github/workflows/ci.yml': WORKFLOW,
  Dockerfile: ['FROM oven/bun:1', 'RUN npm ci', 'RUN yarn && \\', '  pnpm i', ''],
  Makefile: ['build:', '\tnpm run build', ''],
};

/** Each finding as `line:character rule text`, positions 0-based as LSP counts them. */
function findings(path: string, text: string): string[] {
  const lines = new LineIndex(text);
  return lint({ path, text }).findings.map((f) => {
    const p = lines.positionAt(f.range.start);
    return `${p.line}:${p.character} ${f.ruleId} ${text.slice(f.range.start, f.range.end).replace(/\s+/g, ' ')}`;
  });
}

test('a CR-only workflow has no syntax error and its `npm ci` is found where it is', () => {
  const text = WORKFLOW.join('\r');
  const found = findings('.github/workflows/ci.yml', text);
  expect(found.filter((f) => f.includes('/syntax'))).toEqual([]);
  expect(found).toContain('5:13 package-manager/js-commands npm ci');
  // Commands in block scalars (literal and folded) are read line by line too.
  expect(found).toContain('8:10 package-manager/js-commands yarn install');
  expect(found.some((f) => f.startsWith('10:10 package-manager/js-commands pnpm'))).toBe(true);
});

for (const [path, lines] of Object.entries(FILES)) {
  test(`${path}: LF, CRLF and CR-only line endings give the same findings at the same positions`, () => {
    const lf = findings(path, lines.join('\n'));
    expect(lf.length).toBeGreaterThan(0);
    expect(findings(path, lines.join('\r\n'))).toEqual(lf);
    expect(findings(path, lines.join('\r'))).toEqual(lf);
    // Mixed endings, one of each, as a file edited on three systems would have.
    const mixed = lines.map((l, i) => l + (i === lines.length - 1 ? '' : ['\n', '\r\n', '\r'][i % 3])).join('');
    expect(findings(path, mixed)).toEqual(lf);
  });
}

test('lineFeedsOnly keeps length and CRLF, and sourceLines breaks at a lone CR', () => {
  expect(lineFeedsOnly('a\rb\r\nc\r')).toBe('a\nb\r\nc\n');
  expect(lineFeedsOnly('a\rb').length).toBe(3);
  expect(sourceLines('a\rb\r\nc\nd').map((l) => [l.start, l.text, l.next])).toEqual([
    [0, 'a', 2],
    [2, 'b', 5],
    [5, 'c', 7],
    [7, 'd', 8],
  ]);
  expect(sourceLines('x\r').map((l) => [l.text, l.next])).toEqual([['x', 2]]);
});
