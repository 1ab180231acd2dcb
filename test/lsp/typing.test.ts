/**
 * Typing in an open buffer: diagnostics follow quickly for files of the usual
 * size, and only the latest version of a burst of edits is linted and published.
 */
import { afterAll, beforeAll, expect, setDefaultTimeout, test } from 'bun:test';
import { debounceFor, editDelay, LEADING_EDGE_MS } from '../../server/src/lsp/document-validator';
import { codes, LspSession } from '../support/lsp-session';

// Longer than the session's own waits, so that a timeout reports what was last published.
setDefaultTimeout(15_000);

let lsp: LspSession;

beforeAll(async () => {
  lsp = await LspSession.start({ 'package.json': '{ "name": "demo" }\n' });
});

afterAll(() => lsp?.stop());

test('the quiet time before a lint is short for usual files and grows with size', () => {
  expect(debounceFor(1)).toBe(30);
  expect(debounceFor(1999)).toBe(30);
  expect(debounceFor(5000)).toBeGreaterThan(debounceFor(2000));
  expect(debounceFor(1_000_000)).toBe(300);
});

test('an edit after a quiet period is linted at once; one that follows activity waits the quiet period', () => {
  expect(editDelay(30, Number.POSITIVE_INFINITY, false)).toBe(LEADING_EDGE_MS);
  expect(editDelay(30, 30, false)).toBe(LEADING_EDGE_MS);
  // An edit or a lint's end 10 ms ago: a burst, or typing faster than the server lints.
  expect(editDelay(30, 10, false)).toBe(30);
  // A lint pending or running for the buffer: this edit joins the burst.
  expect(editDelay(30, 1000, true)).toBe(30);
  expect(editDelay(debounceFor(6000), 100, false)).toBe(debounceFor(6000));
  expect(LEADING_EDGE_MS).toBeLessThan(debounceFor(1));
});

test('a lone edit after a quiet period is published, and so is the end of the burst that follows it', async () => {
  const doc = lsp.open('.github/workflows/lone.yml', 'on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - run: true\n');
  await lsp.diagnosticsFor(doc.uri, 'the first diagnostics', (p) => p.version === 1);
  await Bun.sleep(debounceFor(1) + 20);
  const end = doc.positionAt(doc.getText().length - 1);
  const lone = lsp.change(doc.uri, [{ range: { start: end, end }, text: ' && npm ci' }]);
  const ds = await lsp.diagnosticsFor(doc.uri, 'the lone edit', (p) => p.version === lone.version);
  expect(codes(ds)).toContain('package-manager/js-commands');
  // Right after it: an edit that takes the command away waits its quiet period and is published.
  const back = lsp.change(doc.uri, [{ range: { start: lone.positionAt(lone.getText().length - 11), end: lone.positionAt(lone.getText().length - 1) }, text: '' }]);
  expect(back.getText()).toEndWith('run: true\n');
  const after = await lsp.diagnosticsFor(doc.uri, 'the edit after it', (p) => p.version === back.version);
  expect(codes(after)).not.toContain('package-manager/js-commands');
});

test('a burst of edits publishes the last version only', async () => {
  const doc = lsp.open('.github/workflows/ci.yml', 'on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - run: true\n');
  await lsp.diagnosticsFor(doc.uri, 'the first diagnostics', (p) => p.version === 1);
  const before = lsp.published.length;
  // Five keystrokes sent at once: well inside one quiet period.
  let last = doc;
  for (const word of [' &&', ' n', 'pm', ' c', 'i']) {
    const end = last.positionAt(last.getText().length - 1);
    last = lsp.change(doc.uri, [{ range: { start: end, end }, text: word }]);
  }
  expect(last.getText()).toEndWith('true && npm ci\n');
  const ds = await lsp.diagnosticsFor(doc.uri, 'the diagnostics of the last version', (p) => p.version === last.version);
  expect(codes(ds)).toContain('package-manager/js-commands');
  const versions = lsp.published.slice(before).filter((p) => p.params.uri === doc.uri).map((p) => p.params.version);
  expect(versions).toEqual([last.version]);
});
