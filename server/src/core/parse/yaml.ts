import { type Document, isMap, isPair, isScalar, isSeq, type Node, parseAllDocuments, type Scalar } from 'yaml';
import type { OffsetRange } from '../types';
import { type EmbeddedText, makeScript, type Segment } from './script';

// Their home is script.ts; re-exported for the readers that took them from here.
export type { EmbeddedText, Segment };

export interface YamlProblem extends OffsetRange {
  message: string;
  code: string;
}

export interface YamlFile {
  documents: Document.Parsed[];
  errors: YamlProblem[];
  /**
   * Keys written twice in one mapping, at the later occurrence. Kept apart from
   * `errors`: most readers reject them, but GitLab CI accepts them (the last one
   * wins) and real files repeat hidden keys only to hold anchors.
   */
  duplicates: YamlDuplicate[];
}

/** A key written again in the same mapping: the later occurrence, with where it was first written. */
export interface YamlDuplicate extends YamlProblem {
  /** The key as written, for scalar keys of any type. */
  key: string;
  /** Whether the mapping is the root of its document (a GitLab job, a workflow's top-level key). */
  root: boolean;
  first: OffsetRange;
}

/**
 * What the YAML library cannot survive, refused before it is asked. A line of
 * compact mappings (`a: b  a: b  a: b…`) nests one level per `: ` and the
 * library's parser recurses per level, overflowing the stack after ~2,000; a
 * line of hundreds of kilobytes drove the library's regular expressions to a
 * fatal out-of-memory abort that no `catch` can stop. Real files come nowhere
 * near either limit.
 */
export const MAX_YAML_LINE_LENGTH = 100_000;
export const MAX_YAML_KEYS_PER_LINE = 200;
/** Deepest nesting of flow collections, and most block-sequence dashes opening one line. */
export const MAX_YAML_FLOW_DEPTH = 64;

export interface YamlParseOptions {
  /** Longest line handed to the library; JSON, whose lines are never folded, may pass Infinity. */
  maxLineLength?: number;
}

/**
 * Parses every document of a YAML stream. Aliases are never expanded here, so an
 * alias bomb costs no more than its text. It never throws: a text refused by the
 * limits above, or one the library fails on, is one error at its first line and
 * no documents.
 */
export function parseYaml(text: string, options: YamlParseOptions = {}): YamlFile {
  // Lone CRs count as line breaks for the limits too (same length: offsets do not move).
  const refused = refusal(lineFeedsOnly(text), options.maxLineLength ?? MAX_YAML_LINE_LENGTH);
  if (refused) return { documents: [], errors: [refused], duplicates: [] };
  try {
    return parseChecked(text);
  } catch (error) {
    const why = error instanceof RangeError ? 'it nests too deep for the parser' : `the parser failed (${firstLine(String((error as Error)?.message ?? error))})`;
    return { documents: [], errors: [{ ...firstLineRange(text, 0), message: `The file could not be parsed: ${why}.`, code: 'PARSE_FAILED' }], duplicates: [] };
  }
}

function parseChecked(text: string): YamlFile {
  // The library's own duplicate-key check compares every pair of keys of a mapping, which is quadratic
  // on a 10,000-job workflow; the check below does the same in one pass with a set per mapping.
  // The library breaks lines at LF only; a lone CR (old Mac line endings) becomes an LF of the
  // same length, so every offset it reports still points into the original text.
  const documents = parseAllDocuments(lineFeedsOnly(text), { prettyErrors: false, uniqueKeys: false });
  const docs = Array.isArray(documents) ? documents : [];
  const errors: YamlProblem[] = [];
  const duplicates: YamlDuplicate[] = [];
  for (const doc of docs) {
    for (const e of doc.errors) {
      const [start, end] = e.pos;
      errors.push({ start, end: Math.max(end, start), message: firstLine(e.message), code: e.code });
    }
    for (const e of duplicateKeys(doc)) duplicates.push(e);
  }
  errors.sort((a, b) => a.start - b.start);
  duplicates.sort((a, b) => a.start - b.start);
  if (!Array.isArray(documents)) {
    // An empty stream yields a special object; nothing to report.
    return { documents: [], errors, duplicates };
  }
  return { documents: docs, errors, duplicates };
}

/** `text` with each lone CR replaced by an LF: same length, same offsets; CRLF is left alone. */
export function lineFeedsOnly(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** The first line that breaks a limit, as the one error of the file, or undefined. */
function refusal(text: string, maxLineLength: number): YamlProblem | undefined {
  let lineStart = 0;
  let flowDepth = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    if (lineEnd - lineStart > maxLineLength) {
      return {
        ...firstLineRange(text, lineStart),
        message: `The file was not parsed: line ${lineNumber(text, lineStart)} is ${lineEnd - lineStart} characters long, over the limit of ${maxLineLength}.`,
        code: 'LINE_TOO_LONG',
      };
    }
    // A line at the left margin that opens no flow collection starts a new top-level entry: brackets left open
    // above it (in plain text the parser reads as a scalar) no longer nest.
    const first = text.charCodeAt(lineStart);
    if (lineEnd > lineStart && first !== 32 && first !== 9 && first !== 91 && first !== 123 && first !== 93 && first !== 125) flowDepth = 0;
    const nesting = lineNesting(text, lineStart, lineEnd, flowDepth);
    flowDepth = nesting.depth;
    if (nesting.keys > MAX_YAML_KEYS_PER_LINE) {
      return {
        ...firstLineRange(text, lineStart),
        message: `The file was not parsed: line ${lineNumber(text, lineStart)} nests more than ${MAX_YAML_KEYS_PER_LINE} mappings, too deep for the parser.`,
        code: 'TOO_DEEP',
      };
    }
    if (nesting.maxDepth > MAX_YAML_FLOW_DEPTH || nesting.dashes > MAX_YAML_FLOW_DEPTH) {
      return {
        ...firstLineRange(text, lineStart),
        message: `The file was not parsed: line ${lineNumber(text, lineStart)} nests collections more than ${MAX_YAML_FLOW_DEPTH} deep, too deep for the parser.`,
        code: 'TOO_DEEP',
      };
    }
    lineStart = lineEnd + 1;
  }
  return undefined;
}

/**
 * One scan of a line, outside quotes and comments, for what the library's parser
 * cannot afford: map-value indicators (`:` then a blank or the line's end) outside
 * flow collections — each after the first opens one more nested block mapping,
 * and the parser recurses per level; how deep flow collections (`[`, `{`) nest
 * by the end of the line (carried over from the lines above) and the deepest
 * they reach on it; and how many block-sequence dashes (`- - -`) open it. The
 * parser slows down with the square of such nesting (thousands of unclosed `{`
 * took it seconds); real files stay a handful deep.
 */
function lineNesting(text: string, start: number, end: number, depth: number): { keys: number; depth: number; maxDepth: number; dashes: number } {
  let keys = 0;
  let local = 0;
  let maxDepth = depth;
  let dashes = 0;
  let i = start;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) continue;
    if (c === 45 /* - */ && (i + 1 === end || isBlank(text.charCodeAt(i + 1)))) dashes++;
    else break;
  }
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    const tokenStart = i === start || isBlank(text.charCodeAt(i - 1)) || text[i - 1] === '[' || text[i - 1] === '{' || text[i - 1] === ',';
    if ((c === 34 /* " */ || c === 39) /* ' */ && tokenStart) {
      for (i++; i < end && text.charCodeAt(i) !== c; i++) if (c === 34 && text.charCodeAt(i) === 92 /* \ */) i++;
    } else if (c === 35 /* # */ && tokenStart) {
      break;
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      local++;
      depth++;
      if (depth > maxDepth) maxDepth = depth;
    } else if (c === 93 /* ] */ || c === 125 /* } */) {
      if (local > 0) local--;
      if (depth > 0) depth--;
    } else if (c === 58 /* : */ && local === 0 && (i + 1 === end || isBlank(text.charCodeAt(i + 1)))) {
      keys++;
    }
  }
  return { keys, depth, maxDepth, dashes };
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

/** The first line from `offset`, capped, so a finding on a huge line stays small. */
function firstLineRange(text: string, offset: number): OffsetRange {
  const nl = text.indexOf('\n', offset);
  const end = Math.min(nl < 0 ? text.length : nl, offset + 200);
  return { start: offset, end: Math.max(end, Math.min(offset + 1, text.length)) };
}

function lineNumber(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Keys written twice in one mapping (scalar keys, compared by value as YAML does), at the later occurrence.
 * A plain walk of the tree: the library's `visit` builds a frozen path array per node, which cost a
 * 1,500-line workflow 10 ms, half its parse again.
 */
function duplicateKeys(doc: Document.Parsed): YamlDuplicate[] {
  const out: YamlDuplicate[] = [];
  const root = doc.contents;
  // An explicit stack: no recursion, so no depth the parser accepted can overflow it here.
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      let seen: Map<unknown, OffsetRange> | undefined;
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key) && key.range && key.value !== '<<') {
          // `<<` merges may repeat.
          const value = key.value;
          const range = { start: key.range[0], end: key.range[1] };
          seen ??= new Map();
          const first = seen.get(value);
          if (first) out.push({ ...range, message: 'Map keys must be unique', code: 'DUPLICATE_KEY', key: String(value), root: node === root, first });
          else seen.set(value, range);
        } else if (key !== null && typeof key === 'object') {
          stack.push(key);
        }
        if (pair.value !== null && typeof pair.value === 'object') stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) if (item !== null && typeof item === 'object') stack.push(item);
    } else if (isPair(node)) {
      // A pair written as an item of a flow sequence (`[a: b]`).
      if (node.key !== null && typeof node.key === 'object') stack.push(node.key);
      if (node.value !== null && typeof node.value === 'object') stack.push(node.value);
    }
  }
  // In stack order: the caller sorts by offset.
  return out;
}

function firstLine(s: string): string {
  return s.split('\n')[0].replace(/(?<!\s)\s+at line \d+, column \d+:?$/, '');
}

/** Value of `key` in a mapping node, or undefined. */
export function get(node: unknown, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  for (const pair of node.items) {
    if (isScalar(pair.key) && pair.key.value === key) return (pair.value ?? undefined) as Node | undefined;
  }
  return undefined;
}

/** The key node of `key` in a mapping, for findings that point at a key. */
export function getKey(node: unknown, key: string): Scalar | undefined {
  if (!isMap(node)) return undefined;
  for (const pair of node.items) {
    if (isScalar(pair.key) && pair.key.value === key) return pair.key;
  }
  return undefined;
}

export function entries(node: unknown): { key: Scalar; value: Node | undefined }[] {
  if (!isMap(node)) return [];
  const out: { key: Scalar; value: Node | undefined }[] = [];
  for (const pair of node.items) {
    if (isPair(pair) && isScalar(pair.key)) out.push({ key: pair.key, value: (pair.value ?? undefined) as Node | undefined });
  }
  return out;
}

export function items(node: unknown): Node[] {
  return isSeq(node) ? (node.items.filter((x) => x != null) as Node[]) : [];
}

export function rangeOf(node: Node | undefined | null): OffsetRange | undefined {
  if (!node?.range) return undefined;
  return { start: node.range[0], end: node.range[1] };
}

export function stringValue(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

export function embeddedText(source: string, node: Scalar): EmbeddedText | undefined {
  if (!node.range || typeof node.value !== 'string') return undefined;
  const [start, valueEnd] = node.range;
  // Lone CRs read as LFs here as the parser read them (same length: offsets stay put).
  const raw = lineFeedsOnly(source.slice(start, valueEnd));
  const segments: Segment[] = [];
  let text = '';
  const add = (sourceStart: number, piece: string, joiner: string) => {
    if (segments.length > 0) text += joiner;
    segments.push({ scriptStart: text.length, sourceStart, length: piece.length });
    text += piece;
  };
  const type = node.type;
  if (type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') {
    const headerEnd = raw.indexOf('\n');
    if (headerEnd < 0) return makeScript('', []);
    const header = raw.slice(0, headerEnd);
    const explicit = /[1-9]/.exec(header.split('#')[0]);
    const bodyStart = start + headerEnd + 1;
    const lines = splitLines(raw.slice(headerEnd + 1), bodyStart);
    let indent = -1;
    if (explicit) {
      indent = parentIndent(source, start) + Number(explicit[0]);
    } else {
      for (const l of lines) {
        if (l.text.trim() !== '') {
          indent = l.text.length - l.text.trimStart().length;
          break;
        }
      }
    }
    if (indent < 0) return makeScript('', []);
    let previous: string | undefined;
    for (const l of lines) {
      const piece = (l.text.length >= indent ? l.text.slice(indent) : '').replace(/\r$/, '');
      // Folding joins two plain content lines with a space; blank and more-indented lines keep their breaks.
      const folds = type === 'BLOCK_FOLDED' && previous !== undefined && isFoldable(previous) && isFoldable(piece);
      add(l.start + Math.min(indent, l.text.length), piece, folds ? ' ' : '\n');
      previous = piece;
    }
    return makeScript(text, segments);
  }
  if (type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') {
    const inner = raw.slice(1, raw.length > 1 ? raw.length - 1 : 1);
    add(start + 1, inner, '');
    return makeScript(text, segments);
  }
  // Plain scalar, possibly folded over several lines: lines join with a space.
  const lines = splitLines(raw, start);
  for (const l of lines) {
    const lead = l.text.length - l.text.trimStart().length;
    add(l.start + lead, l.text.trim(), ' ');
  }
  return makeScript(text, segments);
}

function isFoldable(line: string): boolean {
  return line !== '' && line[0] !== ' ' && line[0] !== '\t';
}


function splitLines(s: string, base: number): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let pos = 0;
  for (;;) {
    const nl = s.indexOf('\n', pos);
    if (nl < 0) {
      out.push({ text: s.slice(pos), start: base + pos });
      break;
    }
    out.push({ text: s.slice(pos, nl), start: base + pos });
    pos = nl + 1;
  }
  // A trailing empty line after the final newline carries no content.
  if (out.length > 1 && out[out.length - 1].text === '') out.pop();
  return out;
}

/** Indentation of the line on which `offset` sits (the parent of a block scalar). */
function parentIndent(source: string, offset: number): number {
  let lineStart = offset;
  while (lineStart > 0 && source[lineStart - 1] !== '\n' && source[lineStart - 1] !== '\r') lineStart--;
  let i = lineStart;
  while (source[i] === ' ') i++;
  return i - lineStart;
}
