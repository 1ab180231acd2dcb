/**
 * What the pipeline readers (GitLab CI, CircleCI, Azure Pipelines, Bitbucket)
 * share: following aliases and `<<` merges to the node written under an
 * anchor, and flattening a `script:` value into its script scalars.
 */
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { Script } from './script';
import { embeddedText } from './yaml';

type Doc = Document.Parsed;

/** The node an alias stands for (the anchored node, where its text is), or the node itself. */
export function resolve(doc: Doc, node: unknown): Node | undefined {
  let current = node as Node | undefined;
  for (let guard = 0; guard < 16 && isAlias(current); guard++) {
    current = anchoredBefore(doc, current.source, current.range?.[0] ?? Number.POSITIVE_INFINITY);
  }
  return isAlias(current) ? undefined : current;
}

/**
 * Anchors of a document, each name with its definitions in document order.
 * The library's own `Alias.resolve` walks the whole document per alias, which
 * is quadratic in a file where hundreds of jobs reuse one anchor.
 */
const anchorTables = new WeakMap<Doc, Map<string, Node[]>>();

function anchoredBefore(doc: Doc, name: string, offset: number): Node | undefined {
  let table = anchorTables.get(doc);
  if (!table) {
    const built = new Map<string, Node[]>();
    const walk = (node: unknown, depth: number): void => {
      if (!node || typeof node !== 'object' || depth > 256) return;
      const anchor = (node as { anchor?: string }).anchor;
      if (anchor && !isAlias(node)) {
        const list = built.get(anchor) ?? [];
        list.push(node as Node);
        built.set(anchor, list);
      }
      if (isMap(node)) {
        for (const pair of node.items) {
          walk(pair.key, depth + 1);
          walk(pair.value, depth + 1);
        }
      } else if (isSeq(node)) {
        for (const item of node.items) walk(item, depth + 1);
      }
    };
    walk(doc.contents, 0);
    anchorTables.set(doc, built);
    table = built;
  }
  // An alias names the closest definition before it: YAML lets an anchor be redefined.
  let found: Node | undefined;
  for (const node of table.get(name) ?? []) {
    if ((node.range?.[0] ?? 0) < offset) found = node;
  }
  return found;
}

/** Value of `key` in a mapping, looking through aliases and `<<: *anchor` merges as YAML 1.1 would. */
export function getMerged(doc: Doc, node: unknown, key: string, visited = new Set<Node>()): Node | undefined {
  const map = resolve(doc, node);
  // Each mapping is searched once, so a merge bomb costs no more than its text.
  if (!isMap(map) || visited.has(map)) return undefined;
  visited.add(map);
  const merges: unknown[] = [];
  for (const pair of map.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    if (pair.key.value === key) return (pair.value ?? undefined) as Node | undefined;
    if (pair.key.value === '<<') merges.push(pair.value);
  }
  for (const merge of merges) {
    const target = resolve(doc, merge);
    const sources = isSeq(target) ? target.items : [merge];
    for (const source of sources) {
      const found = getMerged(doc, source, key, visited);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * The string scalars of a script value: a string, or a list of strings that may
 * nest lists and aliases. GitLab's `!reference [job, script]` names commands
 * written elsewhere, where they are reported, so it is skipped. `seen` keeps
 * each scalar once, however many jobs reuse its anchor.
 */
export function scriptScalars(doc: Doc, node: unknown, seen: Set<Node>, depth = 0): Scalar[] {
  const value = resolve(doc, node);
  if (!value || depth > 16) return [];
  if (isScalar(value)) {
    if (typeof value.value !== 'string' || seen.has(value)) return [];
    seen.add(value);
    return [value];
  }
  if (isSeq(value)) {
    // A list met twice (an alias bomb, or one anchor reused) has nothing new to give.
    if (value.tag === '!reference' || seen.has(value)) return [];
    seen.add(value);
    return value.items.flatMap((item) => scriptScalars(doc, item, seen, depth + 1));
  }
  return [];
}

/** Scripts of scalars, mapped into `text`. */
export function scalarScripts(text: string, scalars: readonly Scalar[]): Script[] {
  const out: Script[] = [];
  for (const scalar of scalars) {
    const script = embeddedText(text, scalar);
    if (script) out.push(script);
  }
  return out;
}

/** Every mapping of a document, in document order; aliases are not followed, so each is met where it is written. */
export function eachMap(node: unknown, visit: (map: Node, path: readonly string[]) => void, path: readonly string[] = [], depth = 0): void {
  if (depth > 64) return;
  if (isMap(node)) {
    visit(node, path);
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      eachMap(pair.value, visit, [...path, key], depth + 1);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) eachMap(item, visit, path, depth + 1);
  }
}
