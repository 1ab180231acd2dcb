/**
 * Validates the YAML (or JSON) documents of a file against a JSON Schema and maps
 * every error back to the node that caused it: the key for an unknown key, the
 * value for a wrong type or value, the key of the mapping for a missing key.
 */
import { isCollection, isScalar, type Node } from 'yaml';
import type { SourceFile } from '../source';
import type { OffsetRange } from '../types';
import type { SchemaAssociation } from './associations';
import { messageOf, type Namer, quote } from './messages';
import { closest } from '../suggest';
import { knownKeys, type Schema, schemasAlong } from './schema-walk';
import { type AjvError, collapseUnions } from './unions';
import { locate, type Origin, pointerSegments, type YamlValue, yamlValue } from './yaml-value';

/** A validator as Ajv compiles it (verbose errors), with the schema it was compiled from. */
export interface SchemaValidator {
  validate: ((data: unknown) => boolean) & { errors?: AjvError[] | null };
  schema: Schema;
}

export interface SchemaProblem extends OffsetRange {
  message: string;
  /** The JSON Schema keyword that failed (`additionalProperties`, `type`…), or `union`. */
  keyword: string;
}

/** Keywords whose error is about a key of the mapping at `instancePath`, named in `params`. */
const KEY_PARAM: Record<string, string> = { additionalProperties: 'additionalProperty', propertyNames: 'propertyName' };

/**
 * Problems of every document of `file` against its association's schema, memoised
 * per file version. `validatorOf` gives the compiled validator of a schema id.
 * Documents that do not parse are left to the syntax rule.
 */
export function validateYaml(
  file: SourceFile,
  association: SchemaAssociation,
  validatorOf: (id: string) => SchemaValidator | undefined,
): SchemaProblem[] {
  return file.memo(`schema:${association.schema}`, () => {
    const out: SchemaProblem[] = [];
    const documents = file.yaml.documents;
    documents.forEach((doc, index) => {
      if (doc.errors.length > 0 || doc.contents === null) return;
      // The value alone first: most documents are valid, and only errors need to know where each entry was written.
      const value = yamlValue(doc, { ...association.yaml, locations: false });
      if (!value || value.rootOpaque) return;
      const id = association.documentSchema ? association.documentSchema(value.value, index, documents.length) : association.schema;
      const validator = id === undefined ? undefined : validatorOf(id);
      if (!validator || validator.validate(value.value)) return;
      // The same document again, with locations: the same value, so the errors just found point into it.
      const errors = validator.validate.errors ?? [];
      const located = yamlValue(doc, association.yaml);
      if (located) out.push(...problemsFrom(errors, validator, located, file.text));
    });
    // An error inside an anchor shows once, however many times the anchor is used.
    const seen = new Set<string>();
    return out
      .sort((a, b) => a.start - b.start || a.end - b.end)
      .filter((p) => {
        const k = `${p.start}:${p.end}:${p.keyword}`;
        return seen.has(k) ? false : (seen.add(k), true);
      });
  });
}

/** The problems of one document's value, each at its node. */
export function problemsOf(validator: SchemaValidator, value: YamlValue, text: string): SchemaProblem[] {
  if (validator.validate(value.value)) return [];
  return problemsFrom(validator.validate.errors ?? [], validator, value, text);
}

/** The problems of the validator's `raw` errors on `value`, each at its node. */
function problemsFrom(raw: NonNullable<SchemaValidator['validate']['errors']>, validator: SchemaValidator, value: YamlValue, text: string): SchemaProblem[] {
  const errors = collapseUnions(raw, validator.schema);
  const name = namer(validator.schema, value.value);
  // A key that is a typo of a required key is one mistake: the typo is reported, not the missing key as well.
  const suggested = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'additionalProperties') continue;
    const s = closest(String(e.params.additionalProperty), [...knownKeys(e.parentSchema), ...(e.alsoAllowed ?? [])]);
    if (s) suggested.add(`${e.instancePath}\u0000${s}`);
  }
  const out: SchemaProblem[] = [];
  for (const e of errors) {
    if (e.keyword === 'required' && suggested.has(`${e.instancePath}\u0000${String(e.params.missingProperty)}`)) continue;
    const container = pointerSegments(e.instancePath);
    if (e.keyword === 'required' && isOpen(value, container)) continue;
    const keyParam = KEY_PARAM[e.keyword];
    const target = keyParam ? [...container, String(e.params[keyParam])] : container;
    const found = locate(value, target);
    if (found.opaque) continue;
    const range = rangeFor(e.keyword, found.origin, found.depth === target.length, value.root, text);
    if (!range) continue;
    out.push({ ...range, message: messageOf(e, container, name), keyword: e.keyword });
  }
  return out;
}

/** Whether the mapping at `segments` has keys named only when the CI system expands it, so that any key may be among them. */
function isOpen(value: YamlValue, segments: readonly string[]): boolean {
  let current: unknown = value.value;
  for (const s of segments) {
    if (current === null || typeof current !== 'object') return false;
    current = (current as Record<string, unknown>)[s];
  }
  return current !== null && typeof current === 'object' && value.open.has(current);
}

function rangeFor(keyword: string, origin: Origin | undefined, exact: boolean, root: Node | null, text: string): OffsetRange | undefined {
  const node = origin?.value ?? null;
  if (!origin) return firstLine(root, text);
  if (KEY_PARAM[keyword] || keyword === 'required' || !exact) return rangeOf(origin.key) ?? firstLine(node, text);
  if (node && isScalar(node)) return rangeOf(node);
  // A mapping or list is shown by its key, not by its whole body.
  if (!node || isCollection(node)) return rangeOf(origin.key) ?? firstLine(node, text);
  return rangeOf(node);
}

function rangeOf(node: Node | undefined | null): OffsetRange | undefined {
  return node?.range ? { start: node.range[0], end: Math.max(node.range[1], node.range[0]) } : undefined;
}

/** The first line of a node (a list item that is a mapping, the document), trimmed. */
function firstLine(node: Node | null, text: string): OffsetRange | undefined {
  if (!node?.range) return undefined;
  const start = node.range[0];
  let end = text.indexOf('\n', start);
  if (end < 0 || end > node.range[1]) end = node.range[1];
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end: Math.max(end, Math.min(start + 1, text.length)) };
}

/** The value at a path of the data, or undefined. */
function valueAt(data: unknown, segments: readonly string[]): unknown {
  let v = data;
  for (const s of segments) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[s] : undefined;
  return v;
}

/**
 * The name a list item gives itself, by the key its title names (`- job: compile` is
 * "job `compile`", `- stage: build` "stage `build`") or by a `name:`; undefined when
 * it has neither, or the name is a placeholder or too long to quote usefully.
 */
function itemName(item: unknown, title: string): string | undefined {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return undefined;
  const record = item as Record<string, unknown>;
  const id = typeof record[title] === 'string' ? record[title] : record.name;
  return typeof id === 'string' && id.length > 0 && id.length <= 60 && !/\$\{\{|<<|\$\[/.test(id) ? id : undefined;
}

/** Names nodes by the `title` of the schema that validates them ("job `test`"), from the data's own shape. */
function namer(schema: Schema, data: unknown): Namer {
  const cache = new Map<string, string>();
  const node = (segments: readonly string[]): string => {
    const key = segments.join('\u0000');
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const schemas = schemasAlong(schema, data, segments);
    const title = schemas[schemas.length - 1]?.title as string | undefined;
    let phrase: string;
    if (segments.length === 0) phrase = title ? `the ${title}` : 'the document';
    else {
      const last = segments[segments.length - 1];
      const parent = segments.slice(0, -1);
      const id = /^\d+$/.test(last) && title ? itemName(valueAt(data, segments), title) : undefined;
      if (id !== undefined) phrase = `${title} ${quote(id)}`;
      else if (/^\d+$/.test(last)) {
        const holder = parent.length ? quote(parent[parent.length - 1]) : 'the document';
        const where = parent.length > 1 ? ` in ${node(parent.slice(0, -1))}` : '';
        phrase = `${title ?? 'item'} ${Number(last) + 1} of ${holder}${where}`;
      } else if (title && title.toLowerCase() !== last.toLowerCase()) phrase = `${title} ${quote(last)}`;
      else phrase = parent.length ? `${quote(last)} in ${node(parent)}` : quote(last);
    }
    cache.set(key, phrase);
    return phrase;
  };
  const titled = (segments: readonly string[]): boolean => {
    const schemas = schemasAlong(schema, data, segments);
    return typeof schemas[schemas.length - 1]?.title === 'string';
  };
  return { node, titled };
}
