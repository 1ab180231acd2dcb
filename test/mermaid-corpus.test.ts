/**
 * Precision and position of the mermaid checks on corpora written for them:
 * every diagram of test/mermaid/valid/ (the shapes people write: ≥40 flowcharts
 * and sequence diagrams, and some of every other type) passes, and every
 * diagram of test/mermaid/invalid/ fails on the line under its `%% ↓` comment.
 * test/render/ holds the same corpora against mermaid itself in Chromium.
 */
import { describe, expect, test } from 'bun:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mermaidBlocks } from '../server/src/core/parse/mermaid/blocks';
import { SourceFile } from '../server/src/core/source';

const ROOT = join(import.meta.dir, 'mermaid');

function blocksOf(dir: string) {
  return readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .flatMap((name) => {
      const file = new SourceFile(`plan/${name}`, 'plan-doc', readFileSync(join(ROOT, dir, name), 'utf8'));
      return mermaidBlocks(file).map((block) => ({ name, file, block, line: file.lines.positionAt(block.fence.open.start).line + 1 }));
    });
}

describe('valid mermaid corpus', () => {
  const blocks = blocksOf('valid');
  test('holds at least 40 flowcharts and sequence diagrams, and other types', () => {
    const main = blocks.filter((b) => b.block.type?.parser === 'flowchart' || b.block.type?.parser === 'sequence');
    expect(main.length).toBeGreaterThanOrEqual(40);
    expect(blocks.some((b) => b.block.type?.parser === 'library')).toBe(true);
    expect(blocks.some((b) => b.block.type?.parser === 'header')).toBe(true);
  });
  for (const b of blocks) {
    test(`${b.name}:${b.line} ${b.block.type?.keyword ?? '?'}`, () => {
      expect(b.block.type).toBeDefined();
      expect(b.block.error?.message).toBeUndefined();
    });
  }
});

describe('invalid mermaid corpus', () => {
  for (const b of blocksOf('invalid')) {
    test(`${b.name}:${b.line}`, () => {
      const marker = b.block.fence.lines.findIndex((l) => l.text.trim().startsWith('%% ↓'));
      expect(marker).toBeGreaterThanOrEqual(0);
      expect(b.block.error).toBeDefined();
      const errorLine = b.file.lines.positionAt(b.block.error?.range.start ?? 0).line;
      const expectedLine = b.file.lines.positionAt(b.block.fence.lines[marker + 1].start).line;
      expect(`${errorLine + 1}: ${b.block.error?.message}`).toStartWith(`${expectedLine + 1}: `);
    });
  }
});
