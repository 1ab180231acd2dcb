/**
 * Edits of the configuration text that keep the user's layout: adding an
 * `overrides` entry that turns a rule off for one file. Files that cannot hold a
 * suppression comment (JSON) are silenced this way. Every edit is checked by
 * reading the edited text back: an edit that would not silence the rule is
 * never proposed.
 */
import { modify } from 'jsonc-parser/lib/esm/main.js';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { resolveConfig, rulesForPath } from './config';
import { parseYaml } from './parse/yaml';
import { RULES } from './rules';
import type { TextEdit } from './types';

/** The configuration text a new `.roo-devops.yaml` starts with, turning `ruleId` off for `path`. */
export function newConfigWithFileOverride(path: string, ruleId: string): string {
  return `overrides:\n${overrideItem('  ', path, ruleId)}`;
}

/**
 * The edit adding `{ files: [path], rules: { ruleId: off } }` at the end of the
 * `overrides` of a configuration text, or undefined where no safe edit exists
 * (a syntax error, several documents, a flow-style or non-list `overrides`).
 */
export function addFileOverrideEdit(text: string, format: 'yaml' | 'json', path: string, ruleId: string): TextEdit | undefined {
  const edit = format === 'json' ? jsonEdit(text, path, ruleId) : yamlEdit(text, path, ruleId);
  if (!edit) return undefined;
  const after = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
  return rulesForPath(resolveConfig(after, RULES), path)[ruleId]?.severity === 'off' ? edit : undefined;
}

/** Paths are matched as globs: characters with a glob meaning are escaped. */
export function escapeGlob(path: string): string {
  return path.replace(/[\\*?[\]{}()!+@]/g, '\\$&');
}

function overrideItem(indent: string, path: string, ruleId: string): string {
  // A JSON string is a valid double-quoted YAML scalar.
  return `${indent}- files: [${JSON.stringify(escapeGlob(path))}]\n${indent}  rules:\n${indent}    ${ruleId}: "off"\n`;
}

function jsonEdit(text: string, path: string, ruleId: string): TextEdit | undefined {
  const entry = { files: [escapeGlob(path)], rules: { [ruleId]: 'off' } };
  const formattingOptions = { insertSpaces: true, tabSize: 2, eol: text.includes('\r\n') ? '\r\n' : '\n' };
  let edits;
  try {
    edits = modify(text.trim() === '' ? '{}' : text, ['overrides', -1], entry, { formattingOptions, isArrayInsertion: true });
  } catch {
    return undefined; // `overrides` is there but not a list
  }
  if (text.trim() === '') return { start: 0, end: text.length, newText: JSON.stringify({ overrides: [entry] }, null, 2) + '\n' };
  if (edits.length !== 1) return undefined;
  const [e] = edits;
  return { start: e.offset, end: e.offset + e.length, newText: e.content };
}

function yamlEdit(text: string, path: string, ruleId: string): TextEdit | undefined {
  const parsed = parseYaml(text);
  if (parsed.errors.length > 0 || parsed.duplicates.length > 0 || parsed.documents.length > 1) return undefined;
  const root = (parsed.documents[0]?.contents ?? null) as Node | null;
  const eol = text.length > 0 && !text.endsWith('\n') ? '\n' : '';
  if (root === null) return { start: text.length, end: text.length, newText: `${eol}${newConfigWithFileOverride(path, ruleId)}` };
  if (!isMap(root) || root.flow) return undefined;
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === 'overrides');
  if (!pair) return { start: text.length, end: text.length, newText: `${eol}${newConfigWithFileOverride(path, ruleId)}` };
  const list = pair.value as Node | null;
  if (!isSeq(list) || list.flow || list.items.length === 0) return undefined;
  const first = list.items[0] as Node;
  const last = list.items[list.items.length - 1] as Node;
  if (!first.range || !last.range) return undefined;
  const dash = /^([ \t]*)- +$/.exec(text.slice(text.lastIndexOf('\n', first.range[0] - 1) + 1, first.range[0]));
  if (!dash) return undefined;
  // After the last item's last line.
  const end = last.range[1];
  const at = text[end - 1] === '\n' ? end : text.indexOf('\n', end) < 0 ? text.length : text.indexOf('\n', end) + 1;
  const lead = at === text.length && !text.endsWith('\n') ? '\n' : '';
  return { start: at, end: at, newText: `${lead}${overrideItem(dash[1], path, ruleId)}` };
}
