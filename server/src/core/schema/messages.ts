/**
 * Ajv errors as sentences a person understands: which key, where, what is
 * allowed, and the closest valid key or value ("Unknown key `scirpt` in job
 * `test`; did you mean `script`?"). Where a node is named by the schema's `title`
 * of the mapping that holds it.
 */
import { closest } from '../suggest';
import { jsonType, knownKeys } from './schema-walk';
import type { AjvError } from './unions';

/** Names a node from the titles of the schemas along its path. */
export interface Namer {
  /** "job `test`", "step 2 of `steps` in job `build`", "the pipeline". */
  node(segments: readonly string[]): string;
  /** Whether the schema names the node itself (a `title`), so that "job `test`" says more than "`test`". */
  titled(segments: readonly string[]): boolean;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  array: 'a list',
  object: 'a mapping',
  number: 'a number',
  integer: 'a whole number',
  boolean: '`true` or `false`',
  null: 'empty',
};

const LIST_LIMIT = 8;

export function quote(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  const t = s.length > 60 ? `${s.slice(0, 57)}…` : s;
  return `\`${t.replace(/`/g, "'")}\``;
}

function orList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function listOf(values: unknown[]): string {
  const shown = values.slice(0, LIST_LIMIT).map(quote);
  return values.length > LIST_LIMIT ? `${shown.join(', ')}, …` : orList(shown);
}

function typeList(types: string[]): string {
  // A key that may also be left empty is worth no mention of "empty" when it holds a wrong value.
  const shown = types.length > 1 ? types.filter((t) => t !== 'null') : types;
  const names = [...new Set(shown.filter((t) => !(t === 'integer' && shown.includes('number'))).map((t) => TYPE_NAMES[t] ?? t))];
  return orList(names);
}

const capital = (s: string) => (s.startsWith('`') ? s : s.charAt(0).toUpperCase() + s.slice(1));

/** The message of one error at the node `segments` (for a key error, the mapping that holds the key). */
export function messageOf(e: AjvError, segments: readonly string[], name: Namer): string {
  const value = () => (segments.length ? valueName(segments, name) : name.node(segments));
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(e.params.additionalProperty);
      const allowed = [...new Set([...knownKeys(e.parentSchema), ...(e.alsoAllowed ?? [])])];
      const suggestion = closest(key, allowed);
      const tail = suggestion
        ? `; did you mean ${quote(suggestion)}?`
        : allowed.length > 0 && allowed.length <= LIST_LIMIT
          ? `; expected ${listOf(allowed)}.`
          : '.';
      return `Unknown key ${quote(key)} in ${name.node(segments)}${tail}`;
    }
    case 'required':
      return `${capital(name.node(segments))} is missing the required key ${quote(e.params.missingProperty)}.`;
    case 'type':
      return `${capital(value())} must be ${typeList(String(e.params.type).split(','))}, not ${TYPE_NAMES[jsonType(e.data)] ?? jsonType(e.data)}.`;
    case 'union': {
      const values = (e.params.values as unknown[]) ?? [];
      const types = (e.params.types as string[]) ?? [];
      const forms = [...(values.length ? [`one of ${listOf(values)}`] : []), ...(types.length ? [typeList(types)] : [])];
      return `${capital(value())} must be ${forms.length ? orList(forms) : 'of another form'}, not ${TYPE_NAMES[jsonType(e.data)] ?? jsonType(e.data)}.`;
    }
    case 'enum': {
      const allowed = (e.params.allowedValues as unknown[]) ?? [];
      const suggestion = typeof e.data === 'string' ? closest(e.data, allowed.filter((v): v is string => typeof v === 'string')) : undefined;
      return `${capital(value())} must be ${allowed.length === 1 ? quote(allowed[0]) : `one of ${listOf(allowed)}`}, not ${quote(e.data)}${suggestion ? `; did you mean ${quote(suggestion)}?` : '.'}`;
    }
    case 'const':
      return `${capital(value())} must be ${quote(e.params.allowedValue)}, not ${quote(e.data)}.`;
    case 'pattern':
      return `${capital(value())} ${quote(e.data)} does not have the expected form (${quote(e.params.pattern)}).`;
    case 'minItems':
    case 'minProperties':
    case 'minLength': {
      const limit = Number(e.params.limit);
      const unit = e.keyword === 'minItems' ? 'items' : e.keyword === 'minProperties' ? 'keys' : 'characters';
      return `${capital(value())} ${limit === 1 ? 'must not be empty' : `must have at least ${limit} ${unit}`}.`;
    }
    case 'maxItems':
    case 'maxProperties':
    case 'maxLength': {
      const unit = e.keyword === 'maxItems' ? 'items' : e.keyword === 'maxProperties' ? 'keys' : 'characters';
      return `${capital(value())} must have at most ${e.params.limit} ${Number(e.params.limit) === 1 ? unit.slice(0, -1) : unit}.`;
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${capital(value())} must be ${String(e.params.comparison)} ${String(e.params.limit)}, not ${quote(e.data)}.`;
    case 'multipleOf':
      return `${capital(value())} must be a multiple of ${String(e.params.multipleOf)}.`;
    case 'uniqueItems':
      return `${capital(value())} lists the same item twice (items ${Number(e.params.j) + 1} and ${Number(e.params.i) + 1}).`;
    case 'dependencies':
    case 'dependentRequired':
      return `${quote(e.params.property)} in ${name.node(segments)} also needs ${quote(e.params.missingProperty)}.`;
    case 'propertyNames':
      return `Key ${quote(e.params.propertyName)} is not allowed in ${name.node(segments)}.`;
    case 'false schema':
    case 'not':
      return `${capital(value())} is not allowed here.`;
    default:
      return `${capital(value())} ${e.message ?? 'is not valid'}.`;
  }
}

/** "`script` in job `test`", or for a list item "step 2 of `steps` in job `build`". */
function valueName(segments: readonly string[], name: Namer): string {
  const last = segments[segments.length - 1];
  if (/^\d+$/.test(last) || name.titled(segments)) return name.node(segments);
  const parent = segments.slice(0, -1);
  return parent.length === 0 ? quote(last) : `${quote(last)} in ${name.node(parent)}`;
}
