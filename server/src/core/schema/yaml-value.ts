/**
 * A YAML document as the plain value a JSON Schema validates, with the node each
 * part was written at. Anchors, aliases and `<<` merges are resolved the way the
 * CI systems resolve them; tags and placeholders the system resolves later (GitLab
 * `!reference`, Azure `${{ }}`) are kept but marked opaque, so that no schema error
 * is ever reported inside them.
 */
import { type Document, isAlias, isMap, isScalar, isSeq, type Node, type Scalar, type YAMLMap } from 'yaml';
import { resolve as resolveAlias } from '../parse/yaml-scripts';

export interface YamlValueOptions {
  /** Tags whose node may hold anything (`!reference`). */
  opaqueTags?: readonly string[];
  /** Strings that are placeholders resolved later (`${{ parameters.x }}`, `<< pipeline.parameters.y >>`). */
  opaqueScalar?: RegExp;
  /** Mapping keys that insert their value into the enclosing mapping or list (Azure `${{ if … }}:`). */
  templateKey?: RegExp;
  /**
   * Template keys whose mapping is an alternative to the one before (Azure `${{ else }}:`): in a
   * mapping only the first of a chain is inserted, the others are kept whole and opaque, since a
   * key of one branch may exclude a key of another (`pwsh` in one, `bash` in the other).
   */
  alternativeKey?: RegExp;
  /** Most nodes converted, aliases counted at every use; beyond it the document is not validated. */
  maxNodes?: number;
  /**
   * Whether to record where each entry was written (`origins`, opaque entries, `open` mappings):
   * only errors need it. False converts the value alone, which a valid document is all it needs
   * (a third less work for the schema rules while typing); `origins` and `open` are then empty.
   */
  locations?: boolean;
}

/** Where one entry of a converted mapping or list was written. */
export interface Origin {
  /** The key node of a mapping entry; none for list items. */
  key?: Node;
  /** The value node; null for an empty value (`script:`). */
  value: Node | null;
  /** Set when the entry, or what holds it, is resolved by the CI system later: no error may point inside it. */
  opaque?: boolean;
}

export interface YamlValue {
  value: unknown;
  /** Origin of each entry of each converted mapping and list, by key or index. */
  origins: WeakMap<object, Map<string, Origin>>;
  /** The document's top node. */
  root: Node | null;
  /** Whether the document's top node is itself opaque. */
  rootOpaque: boolean;
  /**
   * Mappings with a key the CI system names later (`${{ pair.key }}:`, `${{ insert }}:`):
   * they may hold any key, so no key may be said to be missing from them.
   */
  open: WeakSet<object>;
}

export interface Located {
  /** The deepest entry the pointer reached, and the path that reached it. */
  origin: Origin | undefined;
  depth: number;
  /** Whether the pointer passes through an opaque entry. */
  opaque: boolean;
}

const DEFAULT_MAX_NODES = 200_000;

class TooLarge extends Error {}

/** The document's value, or undefined when it is larger than `maxNodes` (an alias bomb). */
export function yamlValue(doc: Document.Parsed, options: YamlValueOptions = {}): YamlValue | undefined {
  const origins = new WeakMap<object, Map<string, Origin>>();
  const open = new WeakSet<object>();
  const maxNodes = options.maxNodes ?? DEFAULT_MAX_NODES;
  const opaqueTags = new Set(options.opaqueTags ?? []);
  const track = options.locations !== false;
  let nodes = 0;
  const active = new Set<Node>();

  // The library's `Alias.resolve` walks the whole document per alias (seconds on a CircleCI configuration
  // of a few hundred aliases); the pipeline readers' anchor table finds each anchor by binary search.
  const anchors = new Map<Node, Node | null>();
  const deref = (node: unknown): Node | null => {
    if (!isAlias(node)) return (node as Node | null | undefined) ?? null;
    let target = anchors.get(node);
    if (target === undefined) {
      target = resolveAlias(doc, node) ?? null;
      anchors.set(node, target);
    }
    return target;
  };

  const isOpaque = (node: Node | null): boolean => {
    if (!node) return false;
    if (node.tag && opaqueTags.has(node.tag)) return true;
    return isScalar(node) && typeof node.value === 'string' && !!options.opaqueScalar?.test(node.value);
  };

  const convert = (raw: unknown): unknown => {
    if (++nodes > maxNodes) throw new TooLarge();
    const node = deref(raw);
    if (!node) return null;
    if (active.has(node)) return null; // an alias inside its own anchor
    active.add(node);
    try {
      if (isMap(node)) return convertMap(node);
      if (isSeq(node)) return convertSeq(node.items);
      if (isScalar(node)) return scalarValue(node);
      return null;
    } finally {
      active.delete(node);
    }
  };

  const entry = (key: Node | undefined, value: unknown, opaque = false): Origin => {
    const v = (value ?? null) as Node | null;
    return { key, value: v, opaque: opaque || isOpaque(deref(v)) || isOpaque(deref(key ?? null)) || undefined };
  };

  const convertMap = (map: YAMLMap<unknown, unknown>): Record<string, unknown> => {
    const obj: Record<string, unknown> = Object.create(null);
    const own = new Map<string, Origin>();
    const merges: unknown[] = [];
    // `origin` is undefined when locations are not tracked.
    const put = (key: string, value: unknown, origin: Origin | undefined) => {
      obj[key] = value;
      if (origin) own.set(key, origin);
    };
    for (const pair of map.items) {
      const keyNode = (pair.key ?? undefined) as Node | undefined;
      const key = keyText(keyNode);
      if (key === '<<' && isScalar(keyNode) && keyNode.type === 'PLAIN') {
        merges.push(pair.value);
        continue;
      }
      if (options.templateKey?.test(key)) {
        const inner = deref(pair.value);
        if (isMap(inner) && !options.alternativeKey?.test(key)) {
          const spliced = convert(inner) as Record<string, unknown>;
          if (track && open.has(spliced)) open.add(obj);
          const innerOrigins = origins.get(spliced);
          for (const k of Object.keys(spliced)) put(k, spliced[k], track ? (innerOrigins?.get(k) ?? entry(keyNode, inner, true)) : undefined);
          continue;
        }
        // `${{ insert }}: ${{ parameters.x }}` and `${{ else }}:` branches: keys known only when the pipeline is expanded.
        if (track) open.add(obj);
        put(key, convert(pair.value), track ? entry(keyNode, pair.value, true) : undefined);
        continue;
      }
      if (track && isOpaque(deref(keyNode ?? null))) open.add(obj);
      put(key, convert(pair.value), track ? entry(keyNode, pair.value) : undefined);
    }
    // Own keys win over merged ones, and earlier merge sources over later ones.
    for (const source of merges) {
      const target = deref(source);
      const maps = isSeq(target) ? target.items.map(deref) : [target];
      for (const m of maps) {
        if (!isMap(m)) continue;
        const merged = convert(m) as Record<string, unknown>;
        const mergedOrigins = origins.get(merged);
        // Own keys (and earlier sources') are those already in `obj`, which has no prototype.
        for (const k of Object.keys(merged)) if (!(k in obj)) put(k, merged[k], track ? (mergedOrigins?.get(k) ?? entry(undefined, m)) : undefined);
      }
    }
    if (track) origins.set(obj, own);
    return obj;
  };

  const convertSeq = (items: unknown[]): unknown[] => {
    const out: unknown[] = [];
    const own = new Map<string, Origin>();
    for (const item of items) {
      const node = deref(item);
      const splice = options.templateKey && isMap(node) ? templateItems(node) : undefined;
      if (splice) {
        for (const inserted of splice) {
          const list = convert(inserted) as unknown[];
          const listOrigins = origins.get(list);
          for (let i = 0; i < list.length; i++) {
            if (track) own.set(String(out.length), listOrigins?.get(String(i)) ?? entry(undefined, inserted, true));
            out.push(list[i]);
          }
        }
        continue;
      }
      if (track) own.set(String(out.length), entry(undefined, item));
      out.push(convert(item));
    }
    if (track) origins.set(out, own);
    return out;
  };

  /** A list item made only of template keys whose values are lists (`- ${{ if … }}:` then items): the lists to splice in. */
  const templateItems = (map: YAMLMap<unknown, unknown>): Node[] | undefined => {
    if (map.items.length === 0) return undefined;
    const lists: Node[] = [];
    for (const pair of map.items) {
      if (!options.templateKey?.test(keyText((pair.key ?? undefined) as Node | undefined))) return undefined;
      const value = deref(pair.value);
      if (!isSeq(value)) return undefined;
      lists.push(value);
    }
    return lists;
  };

  const root = (doc.contents ?? null) as Node | null;
  try {
    return { value: convert(root), origins, root, rootOpaque: isOpaque(deref(root)), open };
  } catch (error) {
    if (error instanceof TooLarge) return undefined;
    throw error;
  }
}

/** The entry a JSON pointer's segments lead to in a converted value. */
export function locate(yaml: YamlValue, segments: readonly string[]): Located {
  let current: unknown = yaml.value;
  let origin: Origin | undefined;
  let opaque = yaml.rootOpaque;
  let depth = 0;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') break;
    const next = yaml.origins.get(current)?.get(segment);
    if (!next) break;
    origin = next;
    opaque ||= !!next.opaque;
    depth++;
    current = (current as Record<string, unknown>)[segment];
  }
  return { origin, depth, opaque };
}

/** Segments of a JSON pointer (`/jobs/build/steps/0` → jobs, build, steps, 0). */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function keyText(node: Node | undefined): string {
  if (!node) return '';
  if (isScalar(node)) return String((node as Scalar).value);
  return String(node);
}

function scalarValue(node: Scalar): unknown {
  const v = node.value;
  // YAML integers beyond 2^53 come back as bigint; schemas only care that they are numbers.
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return node.source ?? v.toISOString();
  return v;
}
