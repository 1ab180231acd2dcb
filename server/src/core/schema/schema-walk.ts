/**
 * Reading a JSON Schema beside the data it validates: which subschema applies at
 * a node (to name it in a message: "job `test`"), which keys a mapping allows
 * (for "did you mean"), which subschemas a union branch can reach (to tell which
 * branch an error came from). Only what the messages need; validation itself is
 * Ajv's compiled code.
 */
export type Schema = { [k: string]: unknown } | boolean;
type SchemaObject = { [k: string]: unknown };

const isObject = (s: unknown): s is SchemaObject => typeof s === 'object' && s !== null && !Array.isArray(s);

/** `schema` with its `$ref` chain (internal `#/…` pointers only) followed to the end. */
export function resolveRef(root: Schema, schema: unknown): SchemaObject | undefined {
  let s = schema;
  for (let hops = 0; isObject(s) && typeof s.$ref === 'string' && hops < 32; hops++) s = pointerIn(root, s.$ref);
  return isObject(s) ? s : undefined;
}

function pointerIn(root: Schema, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let s: unknown = root;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const seg = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    s = isObject(s) || Array.isArray(s) ? (s as Record<string, unknown>)[seg] : undefined;
  }
  return s;
}

/** The JSON type name of a value, as `type` spells it. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(schema: SchemaObject, value: unknown): boolean {
  const t = schema.type;
  if (t === undefined) return true;
  const types = Array.isArray(t) ? t : [t];
  const actual = jsonType(value);
  return types.includes(actual) || (actual === 'integer' && types.includes('number'));
}

/** Whether a (sub)schema can accept a value of this type at all: its `type`, or any branch of its union. */
export function acceptsType(root: Schema, schema: unknown, value: unknown, depth = 0): boolean {
  const s = resolveRef(root, schema);
  if (!s || depth > 8) return true;
  if (s.type !== undefined) return typeMatches(s, value);
  const union = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  return Array.isArray(union) ? union.some((b) => acceptsType(root, b, value, depth + 1)) : true;
}

/**
 * Whether a value passes an `if` made of what discriminates forms: `type`, `required` keys, and
 * `anyOf` of those (a step is a task step when it has `task`). Other keywords are not evaluated.
 */
function passesIf(root: Schema, schema: unknown, value: unknown, depth = 0): boolean {
  const s = resolveRef(root, schema);
  if (!s || depth > 8) return true;
  if (s.type !== undefined && !typeMatches(s, value)) return false;
  if (Array.isArray(s.required)) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
    if (!s.required.every((k) => Object.hasOwn(value, String(k)))) return false;
  }
  if (Array.isArray(s.anyOf) && !s.anyOf.some((b) => passesIf(root, b, value, depth + 1))) return false;
  return true;
}

/** The branch of a union or of an `if`/`then`/`else` (or the schema itself) that fits the value, with its refs followed. */
function pick(root: Schema, schema: SchemaObject | undefined, value: unknown): SchemaObject | undefined {
  let s = schema;
  for (let depth = 0; s && depth < 16; depth++) {
    if (s.properties || s.items || s.patternProperties || s.additionalProperties !== undefined) return s;
    if (s.if !== undefined && (s.then !== undefined || s.else !== undefined)) {
      const next = resolveRef(root, passesIf(root, s.if, value) ? s.then : s.else);
      if (!next) return s;
      s = next.title === undefined && s.title !== undefined ? { ...next, title: s.title } : next;
      continue;
    }
    const union = (s.anyOf ?? s.oneOf ?? s.allOf) as unknown[] | undefined;
    if (!Array.isArray(union)) return s;
    const next = union.map((b) => resolveRef(root, b)).find((b) => !!b && acceptsType(root, b, value));
    if (!next) return s;
    // A branch without a title of its own is still named by the union that holds it.
    s = next.title === undefined && s.title !== undefined ? { ...next, title: s.title } : next;
  }
  return s;
}

/** The subschema of the entry `segment` of a mapping or list validated by `schema`. */
function child(root: Schema, schema: SchemaObject, container: unknown, segment: string): SchemaObject | undefined {
  if (Array.isArray(container)) {
    const items = schema.items;
    return resolveRef(root, Array.isArray(items) ? items[Number(segment)] : items);
  }
  const props = schema.properties as Record<string, unknown> | undefined;
  if (props && Object.hasOwn(props, segment)) return resolveRef(root, props[segment]);
  const patterns = schema.patternProperties as Record<string, unknown> | undefined;
  for (const [pattern, sub] of Object.entries(patterns ?? {})) if (new RegExp(pattern, 'u').test(segment)) return resolveRef(root, sub);
  return resolveRef(root, schema.additionalProperties);
}

/**
 * The subschema that applies at each depth of `segments` (index 0: the root),
 * as far as the walk can tell; unions are resolved by the type of the data.
 */
export function schemasAlong(root: Schema, value: unknown, segments: readonly string[]): (SchemaObject | undefined)[] {
  const out: (SchemaObject | undefined)[] = [];
  let s = pick(root, resolveRef(root, root), value);
  let v = value;
  out.push(s);
  for (const segment of segments) {
    const next = s && v !== null && typeof v === 'object' ? child(root, s, v, segment) : undefined;
    v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[segment] : undefined;
    s = pick(root, next, v);
    out.push(s);
  }
  return out;
}

/** Keys a mapping schema names (`properties`), for suggestions and lists of what is allowed. */
export function knownKeys(schema: unknown): string[] {
  return isObject(schema) && isObject(schema.properties) ? Object.keys(schema.properties) : [];
}

const fingerprints = new WeakMap<object, string>();

/** A stable text of a subschema: Ajv's standalone code holds copies of the schema's parts, equal in content. */
export function fingerprint(schema: object): string {
  let f = fingerprints.get(schema);
  if (f === undefined) {
    f = JSON.stringify(schema);
    fingerprints.set(schema, f);
  }
  return f;
}

const objectsCache = new WeakMap<object, { all: Set<object>; viaRef: Set<object> }>();
const reachCache = new WeakMap<object, Set<string>>();

/** Every subschema object reachable from `schema` (`all`), and those reached through a `$ref` (`viaRef`). */
function walk(root: Schema, schema: object): { all: Set<object>; viaRef: Set<object> } {
  let found = objectsCache.get(schema);
  if (found) return found;
  found = { all: new Set<object>(), viaRef: new Set<object>() };
  const stack: [unknown, boolean][] = [[schema, false]];
  while (stack.length) {
    const [s, viaRef] = stack.pop() as [unknown, boolean];
    if (s === null || typeof s !== 'object' || (viaRef ? found.viaRef.has(s) : found.all.has(s))) continue;
    found.all.add(s);
    if (viaRef) found.viaRef.add(s);
    if (!Array.isArray(s) && typeof (s as SchemaObject).$ref === 'string') stack.push([pointerIn(root, (s as SchemaObject).$ref as string), true]);
    for (const v of Object.values(s)) if (v !== null && typeof v === 'object') stack.push([v, viaRef]);
  }
  objectsCache.set(schema, found);
  return found;
}

/** Every subschema object reachable from `schema`, through `$ref`s too. */
export function reachableObjects(root: Schema, schema: object): Set<object> {
  return walk(root, schema).all;
}

/**
 * Fingerprints of the subschemas `schema` reaches through a `$ref`: Ajv compiles a
 * referenced schema into code of its own, whose errors carry a copy of it.
 */
export function reachable(root: Schema, schema: object): Set<string> {
  let found = reachCache.get(schema);
  if (found) return found;
  found = new Set<string>();
  for (const s of walk(root, schema).viaRef) if (!Array.isArray(s)) found.add(fingerprint(s));
  reachCache.set(schema, found);
  return found;
}
