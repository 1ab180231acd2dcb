/**
 * The ```` ```mermaid ```` fences of a Markdown file, each checked once per file
 * version and mapped back to the file: the first error of a block as an offset
 * range at its line and column inside the document.
 */
import type { SourceFile } from '../../source';
import type { OffsetRange } from '../../types';
import type { MarkdownFence } from '../markdown-doc';
import { checkMermaid, type MermaidDiagramType } from './diagram';

export interface MermaidBlock {
  fence: MarkdownFence;
  type: MermaidDiagramType | undefined;
  /** The first error, where it is in the file, or undefined when the diagram is valid. */
  error: { message: string; range: OffsetRange } | undefined;
}

/** Whether a fence holds a mermaid diagram, by its language. */
export function isMermaidFence(fence: MarkdownFence): boolean {
  return fence.language === 'mermaid';
}

export function mermaidBlocks(file: SourceFile): MermaidBlock[] {
  return file.memo('mermaid-blocks', () =>
    file.markdown.fences.filter(isMermaidFence).map((fence) => {
      const { type, problem } = checkMermaid(fence.lines.map((l) => l.text));
      if (!problem) return { fence, type, error: undefined };
      const line = fence.lines[problem.line];
      // An empty block has no line of its own: the error sits on the opening fence.
      if (!line) return { fence, type, error: { message: problem.message, range: fence.open } };
      const start = line.start + Math.min(problem.column, line.text.length);
      const end = Math.min(start + problem.length, line.start + line.text.length);
      return { fence, type, error: { message: problem.message, range: { start, end: Math.max(end, start) } } };
    }),
  );
}
