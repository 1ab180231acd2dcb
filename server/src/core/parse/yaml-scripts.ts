/**
 * What the pipeline readers (GitLab CI, CircleCI, Azure Pipelines, Bitbucket)
 * share: following aliases and `<<` merges to the node written under an
 * anchor, and flattening a `script:` value into its script scalars.
 */
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node, type Scalar, type YAMLMap } from 'yaml';
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
 * is quadratic in a file where hundreds of jobs reuse one anchor; here each
 * alias is one binary search among the definitions of its name.
 */
const anchorTables = new WeakMap<Doc, Map<string, AnchorDefinitions>>();

interface AnchorDefinitions {
  nodes: Node[];
  starts: number[];
}

/** Counts the probes of `anchoredBefore`, for tests that check the lookup stays logarithmic. */
export const anchorLookupStats = { probes: 0 };

function anchorTable(doc: Doc): Map<string, AnchorDefinitions> {
  let table = anchorTables.get(doc);
  if (table) return table;
  const built = new Map<string, AnchorDefinitions>();
  // An explicit stack: a deeply nested document must not cost the call stack.
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    if (!node || typeof node !== 'object' || depth > 256) continue;
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor && !isAlias(node)) {
      let defs = built.get(anchor);
      if (!defs) {
        defs = { nodes: [], starts: [] };
        built.set(anchor, defs);
      }
      defs.nodes.push(node as Node);
      defs.starts.push((node as Node).range?.[0] ?? 0);
    }
    const children: unknown[] = [];
    if (isMap(node)) {
      for (const pair of node.items) children.push(pair.key, pair.value);
    } else if (isSeq(node)) {
      for (const item of node.items) children.push(item);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], depth: depth + 1 });
  }
  // The walk meets nodes in document order but keys and values interleave; sort to be sure.
  for (const defs of built.values()) {
    const order = defs.nodes.map((_, i) => i).sort((a, b) => defs.starts[a] - defs.starts[b]);
    defs.nodes = order.map((i) => defs.nodes[i]);
    defs.starts = order.map((i) => defs.starts[i]);
  }
  anchorTables.set(doc, built);
  return built;
}

function anchoredBefore(doc: Doc, name: string, offset: number): Node | undefined {
  const defs = anchorTable(doc).get(name);
  if (!defs) return undefined;
  // An alias names the closest definition before it: YAML lets an anchor be redefined.
  let lo = 0;
  let hi = defs.starts.length;
  while (lo < hi) {
    anchorLookupStats.probes++;
    const mid = (lo + hi) >>> 1;
    if (defs.starts[mid] < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? defs.nodes[lo - 1] : undefined;
}

/** How many `<<` merges are followed below a mapping: far more than real files chain. */
const MAX_MERGE_DEPTH = 64;

/** Value of `key` in a mapping, looking through aliases and `<<: *anchor` merges as YAML 1.1 would. */
export function getMerged(doc: Doc, node: unknown, key: string, visited?: Set<Node>, depth = 0): Node | undefined {
  const map = resolve(doc, node);
  // Each mapping is searched once, so a merge bomb costs no more than its text; a long chain stops at the depth bound.
  if (!isMap(map) || visited?.has(map) || depth > MAX_MERGE_DEPTH) return undefined;
  const { own, merges } = keyIndex(map);
  if (key === '<<') return merges[0] as Node | undefined;
  const found = own.get(key);
  if (found !== undefined || own.has(key)) return found;
  if (merges.length === 0) return undefined;
  const seen = visited ?? new Set<Node>();
  seen.add(map);
  for (const merge of merges) {
    const target = resolve(doc, merge);
    const sources = isSeq(target) ? target.items : [merge];
    for (const source of sources) {
      const value = getMerged(doc, source, key, seen, depth + 1);
      if (value !== undefined) return value;
    }
  }
  return undefined;
}

/**
 * A mapping's own scalar keys (the first of a repeated key, with `undefined` for an empty value)
 * and its `<<` merge values, read once per mapping: rules ask the same jobs and services for one
 * key after another, and a scan per question was a tenth of a keystroke's work on a 1,500-line
 * `.gitlab-ci.yml`. Parsed documents are never changed in place, so the index holds.
 */
const keyIndexes = new WeakMap<YAMLMap, { own: Map<unknown, Node | undefined>; merges: unknown[] }>();
function keyIndex(map: YAMLMap): { own: Map<unknown, Node | undefined>; merges: unknown[] } {
  let index = keyIndexes.get(map);
  if (!index) {
    index = { own: new Map(), merges: [] };
    for (const pair of map.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const k = pair.key.value;
      if (k === '<<') index.merges.push(pair.value);
      else if (!index.own.has(k)) index.own.set(k, (pair.value ?? undefined) as Node | undefined);
    }
    keyIndexes.set(map, index);
  }
  return index;
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
      // Only collections hold maps: a scalar value costs no path.
      const value = pair.value;
      if (!isMap(value) && !isSeq(value)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      eachMap(value, visit, [...path, key], depth + 1);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) eachMap(item, visit, path, depth + 1);
  }
}
