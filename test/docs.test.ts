import { expect, test } from 'bun:test';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { renderAll } from '../scripts/rule-docs';

const DOCS = join(import.meta.dir, '..', 'docs', 'rules');

function committedPages(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? committedPages(p) : [relative(DOCS, p)];
  });
}

test('docs/rules is up to date with rule metadata and fixtures (run `bun run docs`)', () => {
  const pages = renderAll();
  expect(existsSync(DOCS)).toBe(true);
  expect(committedPages(DOCS).sort()).toEqual([...pages.keys()].sort());
  for (const [path, text] of pages) expect(readFileSync(join(DOCS, path), 'utf8')).toBe(text);
  // Renders every fixture of every rule: seconds of work that grows with the rules, longer on a shared machine.
}, 60_000);
