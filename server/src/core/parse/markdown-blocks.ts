/**
 * The code blocks of a Markdown document that are files of a kind the product
 * checks: a GitHub Actions workflow in a `yaml` block, a Dockerfile, Terraform
 * in an `hcl` block (`detectBlockKind` decides). Each is read as a file of its
 * own — its content lines joined by line feeds — with a map from every offset
 * of that text back into the document. Content lines are the file's own
 * spelling without their container prefix (`> `, list indentation), so a
 * column in the block is a column in the document on the same line.
 */
import { detectBlockKind } from '../detect';
import { lastAtOrBefore } from '../lines';
import type { SourceFile } from '../source';
import type { FileKind, Fix, TextEdit } from '../types';
import type { MarkdownFence } from './markdown-doc';

export interface EmbeddedBlock {
  fence: MarkdownFence;
  kind: FileKind;
  /** The file the block stands for: the name the document gives it, or a name of its kind (`main.tf`, `compose.yaml`). */
  path: string;
  /** The content lines joined by `\n`. */
  text: string;
  /** Offset in `text` at which each content line starts. */
  starts: number[];
}

/** The blocks of a document that are files of a kind, in document order; memoised with the document. */
export function embeddedBlocks(file: SourceFile): EmbeddedBlock[] {
  return file.memo('markdown.embedded', () => {
    const out: EmbeddedBlock[] = [];
    for (const fence of file.markdown.fences) {
      const block = embeddedBlock(file, fence);
      if (block) out.push(block);
    }
    return out;
  });
}

function embeddedBlock(file: SourceFile, fence: MarkdownFence): EmbeddedBlock | undefined {
  if (fence.lines.length === 0) return undefined;
  const starts: number[] = [];
  let at = 0;
  for (const line of fence.lines) {
    starts.push(at);
    at += line.text.length + 1;
  }
  const text = fence.lines.map((l) => l.text).join('\n');
  const found = detectBlockKind(fence.language, text, blockFileName(file, fence));
  return found ? { fence, kind: found.kind, path: found.path, text, starts } : undefined;
}

/** `title="ci.yml"`, `file=compose.yaml`, `filename='main.tf'` in the info string. */
const INFO_NAME = /(?:^|\s)(?:title|file|filename|name|path)=(?:"([^"]*)"|'([^']*)'|(\S+))/;
/** A line that only names a file: `` `compose.yaml` ``, `**Dockerfile**`, `` **`main.tf`**: ``, in a list item or not. */
const NAME_LINE = /^[ \t]*(?:>[ \t]*)*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?(?:\*\*|__)?(?:`([^`\s]+)`|([^\s*_`]+))(?:\*\*|__)?[ \t]*:?[ \t]*$/;

/**
 * The file name a document gives a block: in its info string, or on the line
 * just above it (a blank line between allowed) when that line is only the
 * name in code or bold. A bare word is a name only in bold (`**Dockerfile**`).
 */
export function blockFileName(file: SourceFile, fence: MarkdownFence): string | undefined {
  const m = INFO_NAME.exec(fence.info);
  const given = m ? (m[1] ?? m[2] ?? m[3]) : nameAbove(file, fence);
  if (given === undefined) return undefined;
  const name = given.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '').replace(/^\/+/, '');
  return name === '' || name.split('/').includes('..') ? undefined : name;
}

function nameAbove(file: SourceFile, fence: MarkdownFence): string | undefined {
  const lines = file.lines;
  let line = lines.positionAt(fence.open.start).line - 1;
  if (line >= 0 && lines.lineText(line).trim() === '') line--;
  if (line < 0) return undefined;
  const m = NAME_LINE.exec(lines.lineText(line));
  if (!m) return undefined;
  if (m[1] !== undefined) return m[1];
  // A bold bare word: only when it is bold, and looks like a file name.
  const text = lines.lineText(line);
  return /\*\*|__/.test(text) && /[./]|^(?:Dockerfile|Containerfile|Jenkinsfile)$/.test(m[2]) ? m[2] : undefined;
}

/** The document offset of an offset of the block's text. */
export function toDocumentOffset(block: EmbeddedBlock, offset: number): number {
  const i = lastAtOrBefore(block.starts.length, (k) => block.starts[k], offset);
  const line = block.fence.lines[i];
  return line.start + Math.max(0, Math.min(offset - block.starts[i], line.text.length));
}

/**
 * A fix of the block as a fix of the document, or undefined when one of its
 * edits cannot be written there. An edit within a line maps as it is. An edit
 * across lines, or that writes line breaks, maps when the lines it touches
 * share one container prefix (nothing, `> `, a list item's indentation): each
 * line break it writes is followed by that prefix and written in the
 * document's line ending, so a block in a list item stays in it.
 */
export function toDocumentFix(docText: string, lineStartOf: (offset: number) => number, block: EmbeddedBlock, fix: Fix): Fix | undefined {
  const edits: TextEdit[] = [];
  for (const edit of fix.edits) {
    const mapped = toDocumentEdit(docText, lineStartOf, block, edit);
    if (!mapped) return undefined;
    edits.push(mapped);
  }
  return { ...fix, edits };
}

function toDocumentEdit(docText: string, lineStartOf: (offset: number) => number, block: EmbeddedBlock, edit: TextEdit): TextEdit | undefined {
  const start = toDocumentOffset(block, edit.start);
  const end = toDocumentOffset(block, edit.end);
  const first = lastAtOrBefore(block.starts.length, (k) => block.starts[k], edit.start);
  const last = lastAtOrBefore(block.starts.length, (k) => block.starts[k], edit.end);
  if (first === last && !/[\r\n]/.test(edit.newText)) return { start, end, newText: edit.newText };
  const lines = block.fence.lines;
  const prefixOf = (i: number) => docText.slice(lineStartOf(lines[i].start), lines[i].start);
  const prefix = prefixOf(first);
  for (let i = first + 1; i <= last; i++) {
    // A blank line keeps only part of a prefix (`>` of `> `); it is replaced whole, so it need not match.
    if (lines[i].text !== '' && prefixOf(i) !== prefix) return undefined;
  }
  const breakAt = lines[first].start + lines[first].text.length;
  const eol = docText.startsWith('\r\n', breakAt) ? '\r\n' : '\n';
  return { start, end, newText: edit.newText.replace(/\r\n|\r|\n/g, eol + prefix) };
}
