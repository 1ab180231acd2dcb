/**
 * Edits that add a key to a CloudFormation mapping, in the file's own syntax:
 * a new line after an existing entry of a YAML block mapping, at that entry's
 * indentation, or a new member after one of a JSON object. Flow mappings in
 * YAML (`{Type: String}`) get no edit: there is no layout to follow.
 */
import type { SourceFile } from '../source';
import type { TextEdit } from '../types';
import type { CfnEntry, CfnMap } from './cloudformation';

/** Adds `key: value` (each already written as the syntax wants it) after the entry `after` of `map`. */
export function insertAfterEntry(file: SourceFile, map: CfnMap, after: CfnEntry, lines: readonly (readonly [string, string])[]): TextEdit | undefined {
  const text = file.text;
  const column = after.keyRange.start - (text.lastIndexOf('\n', after.keyRange.start - 1) + 1);
  const indent = ' '.repeat(column);
  if (file.isJson) {
    const at = after.value.range.end;
    return { start: at, end: at, newText: lines.map(([k, v]) => `,\n${indent}"${k}": ${JSON.stringify(v)}`).join('') };
  }
  if (text[map.range.start] === '{' || /[^ ]/.test(text.slice(text.lastIndexOf('\n', after.keyRange.start - 1) + 1, after.keyRange.start))) return undefined;
  let at = text.indexOf('\n', after.value.range.end > after.keyRange.end ? after.value.range.end - 1 : after.keyRange.end);
  if (at < 0) at = text.length;
  const crlf = at > 0 && text[at - 1] === '\r';
  if (crlf) at--;
  const eol = crlf ? '\r\n' : '\n';
  return { start: at, end: at, newText: lines.map(([k, v]) => `${eol}${indent}${k}: ${v}`).join('') };
}
