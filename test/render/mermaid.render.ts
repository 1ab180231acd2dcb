/**
 * The diagrams against mermaid itself, in headless Chromium (run by
 * `bun run test:editor`, after scripts/editor-setup.sh installed the browser):
 * every diagram of test/mermaid/valid/ and of the generators' expected outputs
 * (test/generate/**\/expected/*.md) renders, every diagram of
 * test/mermaid/invalid/ fails to render, and on all of them our checks and
 * mermaid agree: a diagram plan/mermaid accepts renders, one it rejects does not.
 * Usage: bun test ./test/render/mermaid.render.ts
 */
import { expect, test } from 'bun:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { mermaidBlocks } from '../../server/src/core/parse/mermaid/blocks';
import { SourceFile } from '../../server/src/core/source';
import { renderDiagrams } from './mermaid-render';

const ROOT = join(import.meta.dir, '..', '..');

function markdownFiles(dir: string, accept: (path: string) => boolean): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true }) as string[];
  } catch {
    return [];
  }
  return entries
    .map((e) => join(dir, e))
    .filter((p) => p.endsWith('.md') && !p.endsWith('README.md') && accept(p))
    .sort();
}

interface Diagram {
  where: string;
  text: string;
  expectValid: boolean;
  oursValid: boolean;
}

function diagramsOf(path: string, expectValid: boolean): Diagram[] {
  const file = new SourceFile('plan/doc.md', 'plan-doc', readFileSync(path, 'utf8'));
  return mermaidBlocks(file).map((b) => ({
    where: `${relative(ROOT, path)}:${file.lines.positionAt(b.fence.open.start).line + 1}`,
    text: b.fence.lines.map((l) => l.text).join('\n'),
    expectValid,
    oursValid: b.error === undefined,
  }));
}

const generated = markdownFiles(join(ROOT, 'test/generate'), (p) => /\/expected\/[^/]+\.md$/.test(p));
const diagrams = [
  ...markdownFiles(join(ROOT, 'test/mermaid/valid'), () => true).flatMap((p) => diagramsOf(p, true)),
  ...generated.flatMap((p) => diagramsOf(p, true)),
  ...markdownFiles(join(ROOT, 'test/mermaid/invalid'), () => true).flatMap((p) => diagramsOf(p, false)),
];

test(`mermaid renders ${diagrams.length} diagrams as expected (${generated.length} generated documents), and agrees with plan/mermaid`, async () => {
  expect(diagrams.filter((d) => d.expectValid).length).toBeGreaterThanOrEqual(40);
  const results = await renderDiagrams(diagrams.map((d) => d.text));
  const wrong: string[] = [];
  diagrams.forEach((d, i) => {
    const r = results[i];
    if (r.ok !== d.expectValid) wrong.push(`${d.where}: expected ${d.expectValid ? 'to render' : 'a render error'}, got ${r.ok ? 'a rendering' : `\`${r.error}\``}`);
    if (r.ok !== d.oursValid) wrong.push(`${d.where}: plan/mermaid says ${d.oursValid ? 'valid' : 'invalid'}, mermaid ${r.ok ? 'renders it' : 'does not'}`);
  });
  expect(wrong).toEqual([]);
}, 240_000);
