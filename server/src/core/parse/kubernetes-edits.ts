/**
 * Edits that add a setting to a container in block-style YAML, keeping its
 * layout: a key inside its `securityContext:` (created when missing), or a
 * value replaced. They decline (undefined) on flow style or shapes a line edit
 * could break.
 */
import { isMap, isScalar, type Node, type Pair } from 'yaml';
import type { TextEdit } from '../types';

function column(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  const end = nl < 0 ? text.length : nl;
  return text[end - 1] === '\r' ? end - 1 : end;
}

function pairOf(map: Node, key: string): Pair<Node, Node | null> | undefined {
  if (!isMap(map)) return undefined;
  return map.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair<Node, Node | null> | undefined;
}

/**
 * Sets `section.key: value` for each entry in the mapping `map` (a container):
 * replaces a value when its key is there, adds keys to an existing block
 * `section`, or adds the section after the mapping's first entry.
 */
export function setNestedKeysEdits(text: string, map: Node | undefined, section: string, entries: readonly (readonly [string, string])[]): TextEdit[] | undefined {
  if (!isMap(map) || map.flow || map.items.length === 0) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const holder = pairOf(map, section);
  if (holder) {
    const inner = holder.value;
    if (!isMap(inner) || inner.flow || inner.items.length === 0 || !isScalar(holder.key) || !holder.key.range) return undefined;
    const firstKey = inner.items[0].key as Node;
    if (!firstKey?.range) return undefined;
    const indent = ' '.repeat(column(text, firstKey.range[0]));
    const at = lineEnd(text, holder.key.range[0]);
    const edits: TextEdit[] = [];
    let added = '';
    for (const [key, value] of entries) {
      const existing = pairOf(inner, key);
      if (!existing) {
        added += `${eol}${indent}${key}: ${value}`;
        continue;
      }
      const v = existing.value;
      if (!isScalar(v) || !v.range) return undefined;
      edits.push({ start: v.range[0], end: v.range[1], newText: value });
    }
    if (added) edits.push({ start: at, end: at, newText: added });
    return edits;
  }
  const first = map.items[0];
  const firstKey = first.key as Node;
  const firstValue = first.value as Node | null;
  if (!firstKey?.range || !isScalar(firstValue) || !firstValue.range || firstValue.type === 'BLOCK_LITERAL' || firstValue.type === 'BLOCK_FOLDED') return undefined;
  // A value continued on the next lines (a folded plain scalar) would be cut.
  if (text.slice(firstKey.range[0], firstValue.range[1]).includes('\n')) return undefined;
  const indent = ' '.repeat(column(text, firstKey.range[0]));
  const at = lineEnd(text, firstValue.range[1]);
  const body = entries.map(([key, value]) => `${eol}${indent}  ${key}: ${value}`).join('');
  return [{ start: at, end: at, newText: `${eol}${indent}${section}:${body}` }];
}
