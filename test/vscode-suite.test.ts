/**
 * The vscode-API suite (test/vscode/suite/) runs inside an editor, not under `bun test`; its
 * entry loads the test files by name. This keeps a new file from being left out in silence.
 */
import { expect, test } from 'bun:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SUITE = join(import.meta.dir, 'vscode/suite');

test('the API suite entry loads every test file of test/vscode/suite', () => {
  const entry = readFileSync(join(SUITE, 'index.ts'), 'utf8');
  const loaded = [...entry.matchAll(/await import\('\.\/([\w.-]+)'\)/g)].map((m) => `${m[1]}.ts`).sort();
  const files = readdirSync(SUITE).filter((f) => f.endsWith('.test.ts')).sort();
  expect(files.length).toBeGreaterThanOrEqual(5);
  expect(loaded).toEqual(files);
});
