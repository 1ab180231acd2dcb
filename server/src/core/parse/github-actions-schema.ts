/**
 * What GitHub's own parser says about a workflow or an action's metadata, once
 * per file version, in our words and at the node it is about. The parser
 * (`github-actions-template.ts`) is loaded on the first file that needs it.
 */
import { type Document, isMap, isScalar } from 'yaml';
import type { SourceFile } from '../source';
import type { OffsetRange } from '../types';
import { ghaRole } from './github-actions';
import { closest } from '../suggest';
import { definitionsAt, isStep, keyNode, lastKey, narrow, nodeAt, type Path, pathAt, placeOf, wholeCollection } from './github-actions-paths';
import type { TemplateError, TemplateRole } from './github-actions-template';

type Template = typeof import('./github-actions-template');
let template: Template | undefined;

/** The parser and its schemas, evaluated on first use: a server that never lints a workflow never pays for them. */
function loadTemplate(): Template {
  template ??= require('./github-actions-template') as Template;
  return template;
}

export type SchemaMessageId = 'unknownKey' | 'mergeKey' | 'usesAndRun' | 'reusableJobKey' | 'badType' | 'unclosed' | 'badId' | 'badValue' | 'missingKey' | 'ambiguous' | 'noList' | 'noMapping' | 'unknownContext' | 'unknownFunction' | 'cron' | 'other';

export interface SchemaProblem {
  messageId: SchemaMessageId;
  data: Record<string, string>;
  range: OffsetRange;
}


/**
 * The parser's complaints about `file`, mapped and worded; empty when the file is
 * not YAML-clean (the syntax rule speaks then) or could not be checked.
 */
export function schemaProblems(file: SourceFile): SchemaProblem[] {
  return file.memo('github-actions.schema', () => {
    const { documents, errors } = file.yaml;
    if (errors.length > 0 || documents.length !== 1) return [];
    const doc = documents[0];
    const role = ghaRole(file);
    const raw = loadTemplate().validateTemplate(doc, role, file.lines, file.text);
    if (!raw) return [];
    const out: SchemaProblem[] = [];
    const seen = new Set<string>();
    for (const e of raw) {
      const p = describe(doc, role, file.text, e, raw);
      if (!p) continue;
      const key = `${p.range.start}:${p.range.end}:${p.messageId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(p);
    }
    return out;
  });
}

/** The contexts of GitHub Actions expressions, for "did you mean" on a misspelt one. */
const CONTEXTS = ['github', 'env', 'vars', 'job', 'jobs', 'steps', 'runner', 'secrets', 'strategy', 'matrix', 'needs', 'inputs'];

/** The functions of expressions, for "did you mean" on a misspelt one. */
const FUNCTIONS = ['contains', 'startsWith', 'endsWith', 'format', 'join', 'toJSON', 'fromJSON', 'hashFiles', 'success', 'always', 'cancelled', 'failure', 'case'];

/** Messages another rule of the family reports, in its own words and place: dropped here so each problem is said once. */
const OWNED_ELSEWHERE = [
  /^Job '.*' depends on unknown job '.*'\.$/, // github-actions/needs
  /^Job '.*' depends on job '.*' which creates a cycle/, // github-actions/needs
  /^The workflow must contain at least one job with no dependencies\.$/, // github-actions/needs (a cycle or missing job)
  /^The identifier '.*' may not be used more than once within the same scope\.$/, // github-actions/duplicate-step-id
  /^'.*' is already defined$/, // yaml/syntax reports duplicate keys
];

function describe(doc: Document.Parsed, role: TemplateRole, text: string, e: TemplateError, all: readonly TemplateError[]): SchemaProblem | undefined {
  const message = e.message.trim();
  if (OWNED_ELSEWHERE.some((re) => re.test(message))) return undefined;
  // An `if:` whose expression failed is read again as text, and `${{` is then "unexpected": the first error says it.
  if (message.startsWith("Unexpected symbol: '${{'") && all.some((o) => o !== e && o.start >= e.start && o.start <= e.end && !o.message.startsWith('Unexpected symbol'))) return undefined;
  const found = pathAt(doc.contents, e.start);
  // An error about a whole mapping or list (a missing key) starts where its first key does: it is about the collection.
  const whole = wholeCollection(doc.contents, found.path, e);
  const path = whole ?? found.path;
  const onKey = whole ? false : found.onKey;
  const where = placeOf(onKey ? path.slice(0, -1) : path, role);
  const range = narrow(doc.contents, path, e, whole !== undefined);
  let m: RegExpExecArray | null;
  // Merge keys: GitHub reads `<<` as an ordinary key, which no mapping of a workflow accepts with a mapping value.
  if (path[path.length - 1] === '<<' || path.includes('<<')) {
    const at = path.indexOf('<<');
    const key = keyNode(doc.contents, path.slice(0, at + 1));
    return { messageId: 'mergeKey', data: {}, range: key?.range ? { start: key.range[0], end: key.range[1] } : range };
  }
  if ((m = /^Unexpected value '(.*)'$/s.exec(message))) {
    const value = m[1];
    if (onKey) {
      if (value === '<<') return { messageId: 'mergeKey', data: {}, range };
      const conflict = conflictingKey(doc.contents, path, value, role);
      if (conflict) return { ...conflict, range };
      const hint = suggestion(value, path, role);
      return { messageId: 'unknownKey', data: { key: value, where, hint: hint ? `; did you mean \`${hint}\`?` : '.' }, range };
    }
    const key = lastKey(path);
    const owner = placeOf(typeof path[path.length - 1] === 'string' ? path.slice(0, -1) : path, role);
    if (role === 'action' && key === 'using' && /^(docker|node\d+|composite)$/i.test(value)) return undefined;
    if (role === 'action' && key === 'required' && /^(true|false)$/i.test(value)) return undefined;
    return { messageId: 'badValue', data: { value, key: key ?? 'this key', where: owner }, range };
  }
  if ((m = /^Unexpected type '(\w+?)(?:Token)?' encountered while reading '.*'\. The type '(\w+?)(?:Token)?' was expected/.exec(message))) {
    const key = lastKey(path) ?? 'this value';
    const owner = placeOf(typeof path[path.length - 1] === 'string' ? path.slice(0, -1) : path, role);
    return { messageId: 'badType', data: { value: valueText(text, e), key, where: owner, expected: typeName(m[2]), actual: typeName(m[1]) }, range };
  }
  if ((m = /^The identifier '(.*)' is invalid\. IDs may only contain/.exec(message))) {
    return { messageId: 'badId', data: { id: m[1], what: path[0] === 'jobs' && path.length === 2 ? 'Job id' : 'Id' }, range };
  }
  if ((m = /^Required property is missing: (.+)$/.exec(message))) {
    // GitHub's runner accepts an action without `name` or `description` (the Marketplace asks for them).
    if (role === 'action' && path.length === 0 && (m[1] === 'name' || m[1] === 'description')) return undefined;
    return { messageId: 'missingKey', data: { key: m[1], where: capital(where) }, range };
  }
  if ((m = /^There's not enough info to determine what you meant\. Add one of these properties: (.+)$/.exec(message))) {
    // An unknown key inside the same mapping is the cause; it is reported on its own.
    if (all.some((o) => o.start > e.start && o.end <= e.end && /^Unexpected value/.test(o.message))) return undefined;
    if (isStep(path)) return { messageId: 'ambiguous', data: { where: capital(where), keys: '`run`, `uses`' }, range };
    return { messageId: 'ambiguous', data: { where: capital(where), keys: m[1].split(/,\s*/).map((k) => `\`${k}\``).join(', ') }, range };
  }
  if (/^Expected one of uses or run to be defined$/.test(message)) {
    // Said already by the schema's "not enough info" at the same step, or caused by an unknown key in it.
    if (all.some((o) => o !== e && o.start === e.start && o.message.startsWith("There's not enough info"))) return undefined;
    if (all.some((o) => o.start > e.start && o.end <= e.end && /^Unexpected value/.test(o.message))) return undefined;
    return { messageId: 'ambiguous', data: { where: capital(where), keys: '`run`, `uses`' }, range };
  }
  // Settings under an event that takes none (`create: { tags: … }`): GitHub runs such workflows, ignoring them.
  if ((message === 'A mapping was not expected' || message === 'A sequence was not expected') && role === 'workflow' && path.length === 2 && path[0] === 'on') return undefined;
  if (message.startsWith('The expression is not closed')) return { messageId: 'unclosed', data: { where }, range };
  const owner = placeOf(typeof path[path.length - 1] === 'string' ? path.slice(0, -1) : path, role);
  if (message === 'A sequence was not expected') return { messageId: 'noList', data: { key: lastKey(path) ?? 'this value', where: owner }, range };
  if (message === 'A mapping was not expected') return { messageId: 'noMapping', data: { key: lastKey(path) ?? 'this value', where: owner }, range };
  if ((m = /^Unrecognized named-value: '(.*)'/.exec(message))) {
    const close = closest(m[1], CONTEXTS);
    return { messageId: 'unknownContext', data: { name: m[1], expression: expressionAt(text, e), hint: close ? `; did you mean \`${close}\`?` : '.' }, range: e };
  }
  if ((m = /^Unrecognized function: '(.*)'/.exec(message))) {
    const close = closest(m[1], FUNCTIONS);
    return { messageId: 'unknownFunction', data: { name: m[1], expression: expressionAt(text, e), hint: close ? `; did you mean \`${close}\`?` : '.' }, range: e };
  }
  if (message.startsWith('Invalid cron expression')) return { messageId: 'cron', data: { cron: text.slice(e.start, e.end).replace(/^['"]|['"]$/g, '') }, range: e };
  return { messageId: 'other', data: { message: sentence(message), where }, range };
}

function suggestion(key: string, path: Path, role: TemplateRole): string | undefined {
  const defs = definitionsAt(path, role);
  return defs.length === 0 ? undefined : closest(key, loadTemplate().schemaKeys(role, defs));
}

/** `run` in a `uses:` step (or the reverse), or a steps key in a job that calls a reusable workflow: what the key conflicts with. */
function conflictingKey(root: unknown, path: Path, key: string, role: TemplateRole): Omit<SchemaProblem, 'range'> | undefined {
  const parent = path.slice(0, -1);
  const { node } = nodeAt(root, parent);
  if (!isMap(node)) return undefined;
  const has = (k: string) => node.items.some((p) => isScalar(p.key) && p.key.value === k);
  const where = capital(placeOf(parent, role));
  if (isStep(parent)) {
    if (['run', 'shell', 'working-directory'].includes(key) && has('uses')) return { messageId: 'usesAndRun', data: { where, key, other: 'uses' } };
    if (['uses', 'with'].includes(key) && has('run')) return { messageId: 'usesAndRun', data: { where, key, other: 'run' } };
  }
  if (role === 'workflow' && parent.length === 2 && parent[0] === 'jobs' && has('uses') && RUNNER_JOB_KEYS.has(key)) {
    return { messageId: 'reusableJobKey', data: { where, key } };
  }
  return undefined;
}

/** Keys of a job that runs steps on a runner, which a job calling a reusable workflow cannot have. */
const RUNNER_JOB_KEYS = new Set(['runs-on', 'steps', 'container', 'services', 'env', 'environment', 'outputs', 'timeout-minutes', 'defaults', 'continue-on-error']);

function typeName(t: string): string {
  return { String: 'string', Boolean: 'boolean', Number: 'number', Mapping: 'mapping', Sequence: 'list', Null: 'empty value' }[t] ?? t.toLowerCase();
}

function valueText(text: string, r: OffsetRange): string {
  const s = text.slice(r.start, r.end).split('\n')[0].trim();
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

/** The expression the parser pointed into, trimmed to one line for the message. */
function expressionAt(text: string, r: OffsetRange): string {
  const s = text.slice(r.start, r.end).split('\n')[0].trim();
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** One sentence without its final period (the message template adds it). */
function sentence(s: string): string {
  return s.split('\n')[0].replace(/\s*\.+$/, '');
}
