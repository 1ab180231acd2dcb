/**
 * Roo Code's custom modes file (`.roomodes`, or the global `custom_modes.yaml`),
 * read once per file version: each mode with the nodes the rules, the hover and
 * the completion point at. YAML and JSON alike (JSON is read as YAML).
 */
import { isMap, isScalar, isSeq, type Node, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { SourceFile } from '../source';
import type { TextEdit } from '../types';
import { entries, get, getKey } from './yaml';
import { resolve } from './yaml-scripts';

export const TOOL_GROUPS = ['read', 'edit', 'command', 'mcp', 'modes'] as const;
/** Groups Roo Code no longer has; it drops them when it loads the file. */
export const RETIRED_GROUPS = ['browser'] as const;

/** Slugs of the modes Roo Code ships: their rules folders need no custom mode. */
export const BUILT_IN_SLUGS = ['code', 'architect', 'ask', 'debug', 'orchestrator'] as const;

export interface RooGroup {
  /** The group's name as written (`edit`), or undefined when it is not a string. */
  name: string | undefined;
  /** The name's node: the item itself, or the tuple's first element. */
  nameNode: Node;
  /** The item of the `groups` list (a scalar, or the `[group, options]` tuple). */
  item: Node;
  options: YAMLMap | undefined;
  fileRegex: Scalar | undefined;
}

export interface RooMode {
  node: YAMLMap;
  slug: string | undefined;
  slugNode: Node | undefined;
  nameNode: Node | undefined;
  groupsNode: YAMLSeq | undefined;
  groups: RooGroup[];
  /** The text fields a person writes instructions in: `roleDefinition`, `customInstructions`, `whenToUse`, `description`. */
  texts: Scalar[];
}

export interface RooModesFile {
  /** The `customModes` list, or undefined when the file has none. */
  list: YAMLSeq | undefined;
  /** The `customModes` key, for findings about the whole file. */
  listKey: Scalar | undefined;
  modes: RooMode[];
}

const TEXT_KEYS = ['roleDefinition', 'customInstructions', 'whenToUse', 'description'];

export function rooModes(file: SourceFile): RooModesFile {
  return file.memo('roomodes', () => {
    const doc = file.yaml.documents[0];
    const out: RooModesFile = { list: undefined, listKey: undefined, modes: [] };
    if (!doc || !file.isYamlLike) return out;
    const root = resolve(doc, doc.contents);
    const list = resolve(doc, get(root, 'customModes'));
    out.listKey = getKey(root, 'customModes');
    if (!isSeq(list)) return out;
    out.list = list;
    for (const raw of list.items) {
      const node = resolve(doc, raw);
      if (!isMap(node)) continue;
      const slugNode = resolve(doc, get(node, 'slug'));
      const groupsNode = resolve(doc, get(node, 'groups'));
      const mode: RooMode = {
        node,
        slug: isScalar(slugNode) && typeof slugNode.value === 'string' ? slugNode.value : undefined,
        slugNode,
        nameNode: resolve(doc, get(node, 'name')),
        groupsNode: isSeq(groupsNode) ? groupsNode : undefined,
        groups: [],
        texts: [],
      };
      for (const { key, value } of entries(node)) {
        const v = resolve(doc, value);
        if (TEXT_KEYS.includes(String(key.value)) && isScalar(v) && typeof v.value === 'string') mode.texts.push(v);
      }
      for (const rawItem of mode.groupsNode?.items ?? []) {
        const item = resolve(doc, rawItem);
        if (!item) continue;
        if (isSeq(item)) {
          const first = resolve(doc, item.items[0]);
          const options = resolve(doc, item.items[1]);
          const fileRegex = isMap(options) ? resolve(doc, get(options, 'fileRegex')) : undefined;
          mode.groups.push({
            name: isScalar(first) && typeof first.value === 'string' ? first.value : undefined,
            nameNode: first ?? item,
            item,
            options: isMap(options) ? options : undefined,
            fileRegex: isScalar(fileRegex) && typeof fileRegex.value === 'string' ? fileRegex : undefined,
          });
        } else {
          mode.groups.push({ name: isScalar(item) && typeof item.value === 'string' ? item.value : undefined, nameNode: item, item, options: undefined, fileRegex: undefined });
        }
      }
      out.modes.push(mode);
    }
    return out;
  });
}

/** The slug a rules path belongs to: `.roo/rules-<slug>/…` or `.roorules-<slug>`, at the workspace root. */
export function rulesSlugOf(path: string): { slug: string; folder: string } | undefined {
  const folder = /^\.roo\/rules-([^/]+)\//.exec(path);
  if (folder) return { slug: folder[1] as string, folder: `.roo/rules-${folder[1]}/` };
  const legacy = /^\.roorules-([^/]+)$/.exec(path);
  return legacy ? { slug: legacy[1] as string, folder: `.roorules-${legacy[1]}` } : undefined;
}

/**
 * Removes one item of a sequence and nothing else: the whole line of a block
 * item (`- browser`), or the item and one comma of a flow or JSON list
 * (`[read, browser]`, `["read", "browser"]`). Undefined when it cannot be done
 * without touching something else (another node on the line).
 */
export function removeSeqItemEdit(text: string, seq: YAMLSeq, item: Node): TextEdit | undefined {
  if (!item.range) return undefined;
  const index = seq.items.indexOf(item as never);
  if (index < 0) return undefined;
  const [start, end] = item.range;
  if (!seq.flow) {
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    if (!/^[ \t]*-[ \t]+$/.test(text.slice(lineStart, start))) return undefined;
    const nl = text.indexOf('\n', end);
    const lineEnd = nl < 0 ? text.length : nl + 1;
    // Only a comment may follow the item on its line.
    if (!/^[ \t]*(?:#.*)?\r?\n?$/.test(text.slice(end, lineEnd))) return undefined;
    return { start: lineStart, end: lineEnd, newText: '' };
  }
  const next = seq.items[index + 1] as Node | undefined;
  const previous = seq.items[index - 1] as Node | undefined;
  if (next?.range) return { start, end: next.range[0], newText: '' };
  if (previous?.range) return { start: previous.range[1], end, newText: '' };
  return { start, end, newText: '' };
}
