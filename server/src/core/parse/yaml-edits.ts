/**
 * Text edits on YAML that keep its layout: delete a key with its value, insert a
 * sequence item before another. They work on block style and decline (return
 * undefined) on flow style, where a line-based edit could break the document.
 */
import { isMap, isScalar, type Node } from 'yaml';
import type { TextEdit } from '../types';

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just past the line break ending the line of `offset` (or the end of the text). */
function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** Deletes `key: value` from a block mapping, whole lines, comments on them included. */
export function deleteKeyEdit(text: string, map: Node | undefined, key: string): TextEdit | undefined {
  if (!isMap(map) || map.flow) return undefined;
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
  if (!pair || !isScalar(pair.key) || !pair.key.range) return undefined;
  const keyStart = pair.key.range[0];
  const start = lineStart(text, keyStart);
  // Only whitespace (or the `- ` of a sequence item) may precede the key on its line.
  if (!/^[ \t]*$/.test(text.slice(start, keyStart))) return undefined;
  const value = pair.value as Node | null;
  const valueEnd = value?.range ? value.range[1] : pair.key.range[2];
  // A block value's range ends at the start of the next line already.
  const end = text[valueEnd - 1] === '\n' ? valueEnd : nextLineStart(text, valueEnd);
  return { start, end, newText: '' };
}

/** Indentation and dash column of the sequence item whose mapping is `item`. */
function itemIndent(text: string, item: Node): { start: number; indent: string } | undefined {
  if (!item.range) return undefined;
  const start = lineStart(text, item.range[0]);
  const prefix = text.slice(start, item.range[0]);
  const m = /^([ \t]*)- +$/.exec(prefix);
  return m ? { start, indent: m[1] } : undefined;
}

/**
 * Inserts a sequence item (given as YAML lines without indentation, the first
 * starting with `- `) before `item`, at the same indentation.
 */
export function insertItemBeforeEdit(text: string, item: Node, lines: readonly string[]): TextEdit | undefined {
  const at = itemIndent(text, item);
  if (!at) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const body = lines.map((l, i) => `${at.indent}${i === 0 ? '' : '  '}${l}`).join(eol);
  return { start: at.start, end: at.start, newText: `${body}${eol}` };
}
