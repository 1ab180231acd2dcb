/**
 * A Markdown document as a positional model: headings, sections, fenced code
 * blocks, links and tables, read from the mdast tree of `mdast-util-from-markdown`
 * (micromark, CommonMark-exact) with the GFM table extension. Every range is a
 * pair of UTF-16 offsets into the file's text, the convention of `lines.ts`.
 *
 * Fences are read from micromark's own tokens (fence sequences and content
 * chunks), so the content lines of a fence inside a list item or a block quote
 * map back to the file without the container's prefix, and a fence left open
 * at the end of the file or of its container is known as such. Everything that
 * asks where a fence is (script extraction, suppression comments, the editor's
 * "disable for this line") reads this model, so they cannot disagree.
 */
import type { Heading, Nodes, Root, Table } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTable } from 'micromark-extension-gfm-table';
import { LineIndex, lastAtOrBefore } from '../lines';
import type { OffsetRange } from '../types';
import type { SourceLine } from './script';

export interface MarkdownHeading {
  /** 1 to 6. */
  depth: number;
  /** The heading's text, inline markup removed. */
  text: string;
  /** The whole heading, `#` markers (or setext underline) included. */
  range: OffsetRange;
  /** The heading's inline content; empty at the end of the markers when the heading is empty. */
  textRange: OffsetRange;
}

/** A top-level heading and everything up to the next top-level heading of the same or a higher level. */
export interface MarkdownSection {
  heading: MarkdownHeading;
  range: OffsetRange;
}

export interface MarkdownFence {
  /** The fence character, backtick or tilde. */
  char: '`' | '~';
  /** Length of the opening fence sequence (3 or more). */
  size: number;
  /** The info string after the opening fence, trimmed (`bash title="x"`). */
  info: string;
  /** First word of the info string, lower-cased, `{.bash}` attribute braces removed; '' without one. */
  language: string;
  /** The content as CommonMark reads it (container prefixes and fence indentation removed, tabs expanded). */
  value: string;
  /** From the opening fence to the end of the closing fence, or of the last content line when unclosed. */
  range: OffsetRange;
  /** The opening line after its indentation: fence sequence and info string. */
  open: OffsetRange;
  /** The closing fence sequence; undefined when the fence runs to the end of the file or of its container. */
  close: OffsetRange | undefined;
  /** From the first content line's start to the last one's end; empty just after the opening line when there is none. */
  content: OffsetRange;
  /**
   * The content lines as the file spells them, each without its container
   * prefix (`> `, list indentation) and the fence's indentation. A blank line
   * is an empty line at the end of its file line.
   */
  lines: SourceLine[];
}

export interface MarkdownLink {
  /** `link` `[t](u)` or `<u>`, `image` `![t](u)`, `definition` `[id]: u`, `reference` `[t][id]` (url of its definition). */
  type: 'link' | 'image' | 'definition' | 'reference';
  url: string;
  range: OffsetRange;
}

export interface MarkdownTableCell {
  text: string;
  range: OffsetRange;
}

export interface MarkdownTable {
  range: OffsetRange;
  /** Column alignment from the delimiter row. */
  align: ('left' | 'right' | 'center' | null)[];
  /** The header row first. */
  rows: { range: OffsetRange; cells: MarkdownTableCell[] }[];
}

export interface MarkdownDocument {
  root: Root;
  headings: MarkdownHeading[];
  sections: MarkdownSection[];
  /** Fenced code blocks in document order (indented code blocks are not fences). */
  fences: MarkdownFence[];
  links: MarkdownLink[];
  tables: MarkdownTable[];
  /** Indented code blocks (four spaces or a tab), where nothing can be inserted without becoming code. */
  indentedCode: OffsetRange[];
  /** The fence whose content lines include `offset`'s line, if any. */
  fenceAt(offset: number): MarkdownFence | undefined;
}

interface Token {
  type: string;
  start: { offset: number };
  end: { offset: number };
}

/** What micromark says about one fenced block, gathered while mdast is compiled. */
interface FenceTokens {
  sequences: OffsetRange[];
  chunks: OffsetRange[];
}

export function parseMarkdown(text: string): MarkdownDocument {
  // micromark drops a byte order mark and counts offsets from after it.
  const shift = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const tokens = new Map<number, FenceTokens>();
  let root: Root;
  try {
    root = parseTree(flattenDeepContainers(shift ? text.slice(shift) : text), tokens, shift);
  } catch {
    // micromark has no syntax errors; a throw is a defect of the parser, and the document reads as empty rather than crash the rules.
    tokens.clear();
    root = { type: 'root', children: [] };
  }
  shiftPositions(root, shift);
  return buildDocument(text, root, tokens);
}

/** Deeper than any document is written; micromark's time grows with the square of the nesting. */
const MAX_CONTAINER_DEPTH = 32;

/**
 * The text with the block-quote and list markers past `MAX_CONTAINER_DEPTH` on
 * one line turned into spaces: same length, so every offset stands, and a line
 * of ten thousand `1. ` or `>` parses in linear time instead of minutes.
 */
function flattenDeepContainers(text: string): string {
  let out: string[] | undefined;
  let copied = 0;
  let lineStart = 0;
  while (lineStart < text.length) {
    let depth = 0;
    let at = lineStart;
    let cut = -1;
    for (;;) {
      let q = at;
      while (text[q] === ' ' || text[q] === '\t') q++;
      const end = containerMarkerEnd(text, q);
      if (end === q) break;
      if (++depth === MAX_CONTAINER_DEPTH + 1) cut = q;
      at = end;
    }
    if (cut >= 0) {
      out ??= [];
      out.push(text.slice(copied, cut), text.slice(cut, at).replace(/[^ \t]/g, ' '));
      copied = at;
    }
    // CommonMark ends a line at LF, CR or CRLF: an old-Mac file is many lines, not one.
    let nl = at;
    while (nl < text.length && text[nl] !== '\n' && text[nl] !== '\r') nl++;
    lineStart = nl + 1;
  }
  if (!out) return text;
  out.push(text.slice(copied));
  return out.join('');
}

/** The end of a `>`, `-`/`*`/`+` or `1.`/`1)` container marker at `i`, or `i` when there is none. */
function containerMarkerEnd(text: string, i: number): number {
  const c = text[i];
  if (c === '>') return i + 1;
  const spaceAfter = (k: number) => text[k] === ' ' || text[k] === '\t';
  if ((c === '-' || c === '*' || c === '+') && spaceAfter(i + 1)) return i + 1;
  let d = i;
  while (d - i < 9 && text[d] >= '0' && text[d] <= '9') d++;
  return d > i && (text[d] === '.' || text[d] === ')') && spaceAfter(d + 1) ? d + 1 : i;
}

function parseTree(text: string, tokens: Map<number, FenceTokens>, shift: number): Root {
  let current: FenceTokens | undefined;
  const range = (t: Token): OffsetRange => ({ start: t.start.offset + shift, end: t.end.offset + shift });
  return fromMarkdown(text, {
    extensions: [gfmTable()],
    mdastExtensions: [
      gfmTableFromMarkdown(),
      {
        beforeEnter(token: Token) {
          if (token.type === 'codeFenced') {
            current = { sequences: [], chunks: [] };
            tokens.set(token.start.offset + shift, current);
          } else if (token.type === 'codeFencedFenceSequence') current?.sequences.push(range(token));
          else if (token.type === 'codeFlowValue') current?.chunks.push(range(token));
        },
      },
    ],
  });
}

function shiftPositions(root: Root, shift: number): void {
  if (shift === 0) return;
  walk(root, (node) => {
    if (!node.position) return;
    node.position.start.offset = (node.position.start.offset ?? 0) + shift;
    node.position.end.offset = (node.position.end.offset ?? 0) + shift;
  });
}

function buildDocument(text: string, root: Root, tokens: Map<number, FenceTokens>): MarkdownDocument {
  const lines = new LineIndex(text);
  const headings: MarkdownHeading[] = [];
  const topHeadings: MarkdownHeading[] = [];
  const fences: MarkdownFence[] = [];
  const links: MarkdownLink[] = [];
  const tables: MarkdownTable[] = [];
  const indentedCode: OffsetRange[] = [];
  const definitions = new Map<string, string>();
  walk(root, (node) => {
    if (node.type === 'definition') definitions.set(node.identifier, node.url);
  });
  walk(root, (node, parent) => {
    switch (node.type) {
      case 'heading': {
        const heading = readHeading(text, node);
        headings.push(heading);
        if (parent?.type === 'root') topHeadings.push(heading);
        break;
      }
      case 'code': {
        const found = tokens.get(rangeOf(node).start);
        if (found && found.sequences.length > 0) fences.push(readFence(text, lines, node, found));
        else indentedCode.push(rangeOf(node));
        break;
      }
      case 'link':
      case 'image':
      case 'definition':
        links.push({ type: node.type, url: node.url, range: rangeOf(node) });
        break;
      case 'linkReference':
      case 'imageReference': {
        const url = definitions.get(node.identifier);
        if (url !== undefined) links.push({ type: 'reference', url, range: rangeOf(node) });
        break;
      }
      case 'table':
        tables.push(readTable(node));
        break;
    }
  });
  const sections = topHeadings.map((heading, i) => {
    const next = topHeadings.slice(i + 1).find((h) => h.depth <= heading.depth);
    return { heading, range: { start: heading.range.start, end: next ? next.range.start : text.length } };
  });
  // Fences never nest or overlap, so their content lines are sorted by offset.
  const fenceAt = (offset: number): MarkdownFence | undefined => {
    if (fences.length === 0) return undefined;
    const line = lines.positionAt(offset).line;
    const fence = fences[lastAtOrBefore(fences.length, (i) => fences[i].open.start, offset)];
    const first = lines.positionAt(fence.open.start).line + 1;
    const last = first + fence.lines.length - 1;
    return line >= first && line <= last ? fence : undefined;
  };
  return { root, headings, sections, fences, links, tables, indentedCode, fenceAt };
}

function readHeading(text: string, node: Heading): MarkdownHeading {
  const whole = rangeOf(node);
  // mdast counts an ATX heading's trailing blanks in; the heading ends at its last character.
  const range = { start: whole.start, end: trimEnd(text, whole.start, whole.end) };
  const first = node.children[0];
  const last = node.children[node.children.length - 1];
  const textRange = first && last ? { start: rangeOf(first).start, end: rangeOf(last).end } : { start: range.end, end: range.end };
  return { depth: node.depth, text: plainText(node), range, textRange };
}

function readFence(text: string, lines: LineIndex, node: Nodes & { type: 'code' }, found: FenceTokens): MarkdownFence {
  const range = rangeOf(node);
  const opening = found.sequences[0];
  const close = found.sequences[1];
  const openLine = lines.positionAt(opening.start).line;
  const openEnd = trimEnd(text, opening.end, lines.lineEnd(openLine));
  const info = text.slice(opening.end, openEnd).trim();
  let lastLine = close ? lines.positionAt(close.start).line - 1 : lines.positionAt(range.end).line;
  // A final line break starts no line of the block (the convention of `sourceLines`).
  if (!close && lastLine > openLine && lines.starts[lastLine] === text.length) lastLine--;
  const body: SourceLine[] = [];
  let chunk = 0;
  for (let line = openLine + 1; line <= lastLine; line++) {
    const lineStart = lines.starts[line];
    const lineEnd = lines.lineEnd(line);
    const next = line + 1 < lines.lineCount ? lines.starts[line + 1] : text.length;
    while (chunk < found.chunks.length && found.chunks[chunk].end <= lineStart) chunk++;
    const piece = found.chunks[chunk];
    if (piece && piece.start >= lineStart && piece.start <= lineEnd) body.push({ start: piece.start, text: text.slice(piece.start, piece.end), next });
    else body.push({ start: lineEnd, text: '', next });
  }
  const firstContent = body[0]?.start ?? (openLine + 1 < lines.lineCount ? lines.starts[openLine + 1] : text.length);
  const lastBody = body[body.length - 1];
  return {
    char: text[opening.start] === '~' ? '~' : '`',
    size: opening.end - opening.start,
    info,
    language: fenceLanguage(info),
    value: node.value,
    range,
    open: { start: opening.start, end: openEnd },
    close,
    content: { start: firstContent, end: lastBody ? lastBody.start + lastBody.text.length : firstContent },
    lines: body,
  };
}

/** `bash`, `{.bash}`, `yaml title="ci.yml"`, `Dockerfile` → bash, bash, yaml, dockerfile. */
export function fenceLanguage(info: string): string {
  return (info.replace(/^\{\.?/, '').split(/[\s{},]/)[0] ?? '').toLowerCase();
}

function readTable(node: Table): MarkdownTable {
  return {
    range: rangeOf(node),
    align: node.align ?? [],
    rows: node.children.map((row) => ({
      range: rangeOf(row),
      cells: row.children.map((cell) => ({ text: plainText(cell), range: rangeOf(cell) })),
    })),
  };
}

function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && (text[e - 1] === ' ' || text[e - 1] === '\t')) e--;
  return e;
}

function rangeOf(node: Nodes): OffsetRange {
  return { start: node.position?.start.offset ?? 0, end: node.position?.end.offset ?? 0 };
}

/** The text of a node's inline content, markup removed (what a reader sees). */
function plainText(node: Nodes): string {
  if ('value' in node && node.type !== 'html') return node.value;
  if ('children' in node) return node.children.map((c) => plainText(c as Nodes)).join('');
  if (node.type === 'image') return node.alt ?? '';
  return '';
}

/** Pre-order walk; an explicit stack, so a deeply nested document cannot exhaust the call stack. */
function walk(root: Root, visit: (node: Nodes, parent: Nodes | undefined) => void): void {
  const stack: [Nodes, Nodes | undefined][] = [[root, undefined]];
  while (stack.length > 0) {
    const [node, parent] = stack.pop() as [Nodes, Nodes | undefined];
    visit(node, parent);
    if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push([node.children[i] as Nodes, node]);
  }
}
