/**
 * Typing in an open buffer: diagnostics follow quickly for files of the usual
 * size, and only the latest version of a burst of edits is linted and published.
 */
import { afterAll, beforeAll, expect, setDefaultTimeout, test } from 'bun:test';
import { debounceFor } from '../../server/src/lsp/document-validator';
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
