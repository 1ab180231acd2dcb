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
    current = (current.resolve(doc) ?? undefined) as Node | undefined;
  }
  return isAlias(current) ? undefined : current;
}

/** Value of `key` in a mapping, looking through aliases and `<<: *anchor` merges as YAML 1.1 would. */
export function getMerged(doc: Doc, node: unknown, key: string, depth = 0): Node | undefined {
  const map = resolve(doc, node);
  if (!isMap(map) || depth > 8) return undefined;
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
      const found = getMerged(doc, source, key, depth + 1);
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
    if (value.tag === '!reference') return [];
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
