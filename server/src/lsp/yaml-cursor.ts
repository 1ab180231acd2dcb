/**
 * Where a cursor sits in a YAML text: the path of the node it writes into, and
 * whether it is on a key or a value. Two readings, each where it is reliable:
 *
 * - the parsed tree, for text that is already written (hover, flow collections);
 * - the indentation of the lines above, for the line being typed. While a key is
 *   half typed YAML reads it as something else (`packageManagers:\n  pack` is the
 *   string value "pack"), or not at all, so the tree cannot tell a key from a value
 *   there; the block structure of the lines above still can.
 *
 * No editor or LSP types here: offsets in, paths out.
 */
import { type Document, isMap, isPair, isScalar, isSeq, type Node, type Scalar } from 'yaml';

export type Segment = string | number;

/** A node of the tree under the cursor, from the parse of the text. */
export interface TreeHit {
  /** Path of the mapping holding the key (role `key`), or of the value itself (role `value`). */
  path: Segment[];
  role: 'key' | 'value';
  node: Scalar;
  /** For role `key`, the key; for role `value`, the key whose value it is, if any. */
  key?: string;
}

/** Innermost scalar containing `offset` (end inclusive when `touching`, for a cursor right after a word). */
export function treeHitAt(doc: Document.Parsed, offset: number, touching = false): TreeHit | undefined {
  const inside = (n: unknown): boolean => {
    const range = (n as Node | null)?.range;
    return !!range && range[0] <= offset && (touching ? offset <= range[1] : offset < range[1]);
  };
  let node: unknown = doc.contents;
  const path: Segment[] = [];
  let key: string | undefined;
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && (inside(p.key) || inside(p.value)));
      if (!pair) return undefined;
      const name = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (inside(pair.key)) return isScalar(pair.key) && name !== undefined ? { path, role: 'key', node: pair.key, key: name } : undefined;
      if (name === undefined) return undefined;
      path.push(name);
      key = name;
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex(inside);
      if (index < 0) return undefined;
      path.push(index);
      key = undefined;
      node = node.items[index];
    } else if (isScalar(node)) {
      return inside(node) ? { path, role: 'value', node, key } : undefined;
    } else {
      return undefined;
    }
  }
}

/** The block structure a line opens: its `- ` items and its `key:`, with their columns. */
interface Entry {
  col: number;
  kind: 'item' | 'key';
  key?: string;
}

const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#"'{[\]},&*!|>%@`-][^#]*?|-[^\s#][^#]*?)\s*:(?=\s|$)/;

function unquote(key: string): string {
  if (key.startsWith('"')) {
    try {
      return JSON.parse(key) as string;
    } catch {
      return key.slice(1, -1);
    }
  }
  if (key.startsWith("'")) return key.slice(1, -1).replace(/''/g, "'");
  return key;
}

/** Entries of one line; undefined for blank lines, comments and lines that continue a scalar. */
function entriesOf(line: string): Entry[] | undefined {
  let i = 0;
  while (line[i] === ' ') i++;
  if (i === line.length || line[i] === '#') return undefined;
  const entries: Entry[] = [];
  while (line[i] === '-' && (i + 1 === line.length || line[i + 1] === ' ')) {
    entries.push({ col: i, kind: 'item' });
    i++;
    while (line[i] === ' ') i++;
  }
  const key = KEY.exec(line.slice(i));
  if (key) entries.push({ col: i, kind: 'key', key: unquote(key[1]) });
  return entries.length > 0 ? entries : undefined;
}

interface Container {
  path: Segment[];
  /** Keys written at the same column before the cursor's line (for a mapping). */
  siblings: string[];
}

/**
 * Path of the block mapping whose keys sit at `col`, for a key on line `lineNo`,
 * read from the lines above it.
 */
function mappingAbove(lines: readonly string[], lineNo: number, col: number): Container {
  const siblings: string[] = [];
  for (let i = lineNo - 1; i >= 0; i--) {
    const entries = entriesOf(lines[i]);
    if (!entries) continue;
    const at = entries.findIndex((e) => e.col === col && e.kind === 'key');
    if (at >= 0) {
      siblings.push(entries[at].key ?? '');
      // `- files: …` starts the mapping that is the item's node.
      if (at > 0) return { path: itemPath(lines, i, entries, at - 1), siblings };
      continue;
    }
    const parent = innermostBefore(entries, col, false);
    if (parent < 0) continue; // a line deeper than ours: inside an earlier sibling's value
    const e = entries[parent];
    if (e.kind === 'item') return { path: itemPath(lines, i, entries, parent), siblings };
    return { path: [...keyPath(lines, i, entries, parent), e.key ?? ''], siblings };
  }
  return { path: [], siblings };
}

/** Path of the sequence whose items sit at `col`, and how many items precede line `lineNo`. */
function sequenceAbove(lines: readonly string[], lineNo: number, col: number): { path: Segment[]; index: number } {
  let index = 0;
  for (let i = lineNo - 1; i >= 0; i--) {
    const entries = entriesOf(lines[i]);
    if (!entries) continue;
    const at = entries.findIndex((e) => e.col === col && e.kind === 'item');
    if (at >= 0) {
      index++;
      // `- - a`: the inner sequence is the node of the outer item.
      if (at > 0) return { path: itemPath(lines, i, entries, at - 1), index };
      continue;
    }
    // A sequence may sit at its key's own column (`key:\n- a`).
    const parent = innermostBefore(entries, col, true);
    if (parent < 0) continue;
    const e = entries[parent];
    if (e.kind === 'item') return { path: itemPath(lines, i, entries, parent), index };
    return { path: [...keyPath(lines, i, entries, parent), e.key ?? ''], index };
  }
  return { path: [], index };
}

/** Index of the innermost entry left of `col` (or a key at `col` when `keyAtCol`), or -1. */
function innermostBefore(entries: readonly Entry[], col: number, keyAtCol: boolean): number {
  for (let j = entries.length - 1; j >= 0; j--) {
    const e = entries[j];
    if (e.col < col || (keyAtCol && e.col === col && e.kind === 'key')) return j;
  }
  return -1;
}

/** Path of the node of item `j` of a line (items on one line are each the first of their sequence). */
function itemPath(lines: readonly string[], lineNo: number, entries: readonly Entry[], j: number): Segment[] {
  if (j > 0) return [...itemPath(lines, lineNo, entries, j - 1), 0];
  const seq = sequenceAbove(lines, lineNo, entries[0].col);
  return [...seq.path, seq.index];
}

/** Path of the mapping holding key `j` of a line. */
function keyPath(lines: readonly string[], lineNo: number, entries: readonly Entry[], j: number): Segment[] {
  if (j > 0) return itemPath(lines, lineNo, entries, j - 1);
  return mappingAbove(lines, lineNo, entries[j].col).path;
}

/** Keys at `col` on the lines below `lineNo`, up to the end of their mapping. */
function siblingsBelow(lines: readonly string[], lineNo: number, col: number): string[] {
  const out: string[] = [];
  for (let i = lineNo + 1; i < lines.length; i++) {
    const entries = entriesOf(lines[i]);
    if (!entries) continue;
    if (entries[0].col < col) break;
    const e = entries[0];
    if (e.col === col) {
      if (e.kind !== 'key') break;
      out.push(e.key ?? '');
    }
  }
  return out;
}

/** What the cursor is typing, read from its line and the lines above. */
export interface LineContext {
  /** For role `key`: the block node the new entry goes into. For role `value`: the key's own path. */
  path: Segment[];
  role: 'key' | 'value';
  /** Text of the token from its start to the cursor, quotes included. */
  prefix: string;
  /** Offsets of the token: its start and the end of what follows the cursor in it. */
  start: number;
  end: number;
  /** Column of the token: where the keys of the mapping at `path` sit. */
  column: number;
  /** Keys already present in the mapping at `path` (role `key`). */
  siblings: Set<string>;
  /** A `:` already follows the key being typed. */
  hasColon: boolean;
  /** A value typed right after its `:`, which needs a space before it. */
  needsSpace: boolean;
}

/** The cursor's context by indentation, or undefined where block reading does not apply (flow collections, comments). */
export function lineContextAt(text: string, offset: number): LineContext | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const newline = text.indexOf('\n', offset);
  const lineEnd = newline < 0 ? text.length : newline;
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const lineNo = text.slice(0, lineStart).split('\n').length - 1;
  const before = text.slice(lineStart, offset);
  const after = text.slice(offset, lineEnd).replace(/\r$/, '');

  let i = 0;
  while (before[i] === ' ') i++;
  const items: number[] = [];
  while (before[i] === '-' && before[i + 1] === ' ') {
    items.push(i);
    i++;
    while (before[i] === ' ') i++;
  }
  const column = i;
  const rest = before.slice(i);
  if (rest.startsWith('#') || rest.includes(' #')) return undefined;

  const container = (): Container =>
    items.length > 0 ? { path: itemPath(lines, lineNo, items.map((col) => ({ col, kind: 'item' as const })), items.length - 1), siblings: [] } : mappingAbove(lines, lineNo, column);

  const key = KEY.exec(rest);
  if (key) {
    const valueStart = key[0].length + (/^\s*/.exec(rest.slice(key[0].length))?.[0].length ?? 0);
    const prefix = rest.slice(valueStart);
    if (/^[[{|>&*!]/.test(prefix)) return undefined;
    const tail = /^[^\s#]*/.exec(after)?.[0] ?? '';
    return {
      path: [...container().path, unquote(key[1])],
      role: 'value',
      prefix,
      start: lineStart + column + valueStart,
      end: offset + tail.length,
      column,
      siblings: new Set(),
      hasColon: true,
      // `key:|` — the regex's match ends at the colon, so nothing separates it from the value yet.
      needsSpace: valueStart === key[0].length,
    };
  }
  if (/[[{]/.test(rest) || rest.includes(': ')) return undefined;
  const tail = /^[^\s:#]*/.exec(after)?.[0] ?? '';
  const hasColon = /^\s*:(\s|$)/.test(after.slice(tail.length));
  const found = container();
  const siblings = new Set([...found.siblings, ...siblingsBelow(lines, lineNo, column)]);
  return { path: found.path, role: 'key', prefix: rest, start: lineStart + column, end: offset + tail.length, column, siblings, hasColon, needsSpace: false };
}
