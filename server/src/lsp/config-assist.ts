/**
 * Completion and hover in `.roo-devops.yaml`, driven by the schema the
 * configuration is validated against (schemas/config.schema.json) and by the rule
 * registry. `.roo-devops.json` gets the same schema from the editor's JSON support.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  type CompletionItem,
  CompletionItemKind,
  type CompletionList,
  type TextDocumentPositionParams,
  type Hover,
  InsertTextMode,
  MarkupKind,
  type Position,
  type Range,
} from 'vscode-languageserver/node';
import configSchema from '../../../schemas/config.schema.json';
import { kindByPath, type KindPatterns } from '../core/detect';
import type { Rule } from '../core/rule';
import { SourceFile } from '../core/source';
import { ruleDocsUrl } from '../node/report';
import { lineContextAt, type LineContext, type Segment, treeHitAt } from './yaml-cursor';

/** Characters after which the editor asks again: a value after `: `, a rule id's family after `/`. */
export const CONFIG_COMPLETION_TRIGGERS = [' ', ':', '/'];

/** The subset of JSON Schema the configuration schema uses. */
interface Schema {
  $ref?: string;
  type?: string;
  description?: string;
  enum?: string[];
  default?: unknown;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  propertyNames?: Schema;
  items?: Schema;
  oneOf?: Schema[];
}

const ROOT = configSchema as unknown as Schema & { definitions: Record<string, Schema> };
const RULES_MAP = ROOT.definitions.rules;

const LEVEL_MEANING: Record<string, string> = {
  error: 'Findings are errors: the file is broken or insecure. `roo-devops check` exits with 1 when one remains.',
  warning: 'Findings are warnings: a likely mistake. They do not fail `roo-devops check`.',
  info: 'Findings are information: advice. They do not fail `roo-devops check`.',
  off: 'The rule does not run. Written `"off"`, quoted, so that YAML 1.1 tools do not read it as `false`.',
};

/** Whether a document is the YAML form of the product's configuration. */
export function isYamlConfig(path: string, kinds: KindPatterns | undefined): boolean {
  return /\.ya?ml$/.test(path) && kindByPath(path, kinds) === 'roo-config';
}

function deref(schema: Schema | undefined): Schema | undefined {
  if (!schema?.$ref) return schema;
  const name = schema.$ref.replace('#/definitions/', '');
  return ROOT.definitions[name];
}

/** The branches a value may take: the schema itself, or each of its `oneOf`. */
function branches(schema: Schema | undefined): Schema[] {
  const s = deref(schema);
  if (!s) return [];
  return s.oneOf ? s.oneOf.flatMap(branches) : [s];
}

/** Where a path leads: the schema there, and the rule it configures when it is inside a rule entry. */
interface Located {
  schema: Schema;
  rule?: Rule<unknown>;
}

function locate(path: readonly Segment[], rules: readonly Rule<unknown>[]): Located | undefined {
  let here: Located = { schema: ROOT };
  for (const segment of path) {
    const next = child(here, segment, rules);
    if (!next) return undefined;
    here = next;
  }
  return here;
}

function child(here: Located, segment: Segment, rules: readonly Rule<unknown>[]): Located | undefined {
  for (const s of branches(here.schema)) {
    if (typeof segment === 'number') {
      if (s.items) return { schema: s.items, rule: here.rule };
      continue;
    }
    if (s === RULES_MAP) {
      const rule = rules.find((r) => r.id === segment);
      if (s.additionalProperties && typeof s.additionalProperties === 'object') return { schema: s.additionalProperties, rule };
      continue;
    }
    // A rule's options are described by the rule, not by the configuration schema.
    if (segment === 'options' && here.rule && s.properties?.options) {
      return { schema: (here.rule.options as Schema | undefined) ?? s.properties.options, rule: here.rule };
    }
    const property = s.properties?.[segment];
    if (property) return { schema: property, rule: here.rule };
    if (s.additionalProperties && typeof s.additionalProperties === 'object') return { schema: s.additionalProperties, rule: here.rule };
  }
  return undefined;
}

/** A value as YAML writes it: quoted where YAML 1.1 would read a boolean or null (the docs write `"off"`). */
export function yamlScalar(value: string): string {
  return /^(?:y|yes|n|no|true|false|on|off|null|~)$/i.test(value) || value === '' ? `"${value}"` : value;
}

type Shape = 'mapping' | 'sequence' | 'scalar';

/** How a key's value is written below it, judged from its schema. */
function shapeOf(schema: Schema | undefined): Shape {
  const all = branches(schema);
  if (all.some((s) => s.enum || (s.type !== 'object' && s.type !== 'array' && s !== RULES_MAP))) return 'scalar';
  if (all.some((s) => s.type === 'array')) return 'sequence';
  return 'mapping';
}

/** Whether there is anything to complete right after inserting a key with this schema. */
function hasValueCompletions(schema: Schema | undefined): boolean {
  return branches(schema).some((s) => s.enum || s === RULES_MAP || s.properties || s.propertyNames?.enum || (s.items && hasValueCompletions(s.items)));
}

const SUGGEST_AGAIN = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

interface KeyOffer {
  name: string;
  schema: Schema | undefined;
  kind: CompletionItemKind;
  detail?: string;
  documentation?: string;
}

/** The keys a mapping at `here` may take. */
function keyOffers(here: Located, rules: readonly Rule<unknown>[]): KeyOffer[] {
  const offers: KeyOffer[] = [];
  for (const s of branches(here.schema)) {
    if (s === RULES_MAP) {
      const value = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
      for (const r of rules) offers.push({ name: r.id, schema: value, kind: CompletionItemKind.Module, detail: r.docs.summary, documentation: ruleMarkdown(r) });
      continue;
    }
    for (const [name, property] of Object.entries(s.properties ?? {})) {
      if (name === '$schema') continue;
      offers.push({ name, schema: property, kind: CompletionItemKind.Property, documentation: describeProperty(property) });
    }
    for (const name of s.propertyNames?.enum ?? []) {
      offers.push({ name, schema: typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined, kind: CompletionItemKind.Property });
    }
  }
  return offers;
}

function describeProperty(schema: Schema): string | undefined {
  const description = schema.description ?? deref(schema)?.description;
  const parts = [description];
  // The configuration schema names its defaults in the description; rule options do not.
  if (schema.default !== undefined && !/\bdefault\b/i.test(description ?? '')) parts.push(`Default: \`${JSON.stringify(schema.default)}\`.`);
  const text = parts.filter((p) => p !== undefined).join('\n\n');
  return text || undefined;
}

interface ValueOffer {
  label: string;
  insert: string;
  documentation?: string;
  /** The value is written on the lines below (the object form of a rule entry). */
  block?: boolean;
}

/** The values a node at `here` may take. */
function valueOffers(here: Located): ValueOffer[] {
  const offers: ValueOffer[] = [];
  for (const s of branches(here.schema)) {
    for (const value of s.enum ?? []) {
      offers.push({ label: value, insert: yamlScalar(value), documentation: LEVEL_MEANING[value] && s === ROOT.definitions.level ? LEVEL_MEANING[value] : describeProperty(here.schema) });
    }
    if (here.rule && s.type === 'object' && s.properties?.severity) {
      offers.push({ label: '{ severity, options }', insert: '', block: true, documentation: 'The object form of a rule entry: a severity and, for rules that take them, options.' });
    }
  }
  return offers;
}

/** The object form of a rule entry, as lines indented under its key. */
function ruleEntryBlock(rule: Rule<unknown>, indent: string): string {
  const lines = [`${indent}severity: ${rule.severity}`];
  const options = Object.entries(rule.options?.properties ?? {});
  if (options.length > 0) {
    lines.push(`${indent}options:`);
    for (const [name, option] of options) lines.push(`${indent}  ${name}: ${JSON.stringify(option.default)}`);
  }
  return `\n${lines.join('\n')}`;
}

export function ruleMarkdown(rule: Rule<unknown>): string {
  return [`**${rule.id}** — ${rule.docs.summary}`, `Default severity: \`${rule.severity}\`${rule.fix ? ` · fix: ${rule.fix}` : ''}`, `[Documentation](${ruleDocsUrl(rule.id)})`].join('\n\n');
}

export interface AssistDocument {
  file: SourceFile;
  positionAt(offset: number): Position;
}

/**
 * The editor's side: which open buffers are the YAML configuration, each parsed
 * once per version however many requests ask about it.
 */
export class ConfigAssist {
  private last: { uri: string; version: number; doc: AssistDocument } | undefined;

  constructor(
    private readonly documents: { get(uri: string): TextDocument | undefined },
    private readonly locate: (uri: string) => { path: string; kinds: KindPatterns | undefined },
    private readonly rules: readonly Rule<unknown>[],
  ) {}

  completion(params: TextDocumentPositionParams): CompletionList | null {
    const found = this.document(params.textDocument.uri);
    if (!found) return null;
    return { isIncomplete: false, items: completeConfig(found.doc, found.offsetAt(params.position), this.rules) };
  }

  hover(params: TextDocumentPositionParams): Hover | null {
    const found = this.document(params.textDocument.uri);
    return found ? hoverConfig(found.doc, found.offsetAt(params.position), this.rules) : null;
  }

  private document(uri: string): { doc: AssistDocument; offsetAt(p: Position): number } | undefined {
    const buffer = this.documents.get(uri);
    if (!buffer) return undefined;
    const { path, kinds } = this.locate(uri);
    if (!isYamlConfig(path, kinds)) return undefined;
    if (this.last?.uri !== uri || this.last.version !== buffer.version) {
      const file = new SourceFile(path, 'roo-config', buffer.getText());
      this.last = { uri, version: buffer.version, doc: { file, positionAt: (o) => buffer.positionAt(o) } };
    }
    return { doc: this.last.doc, offsetAt: (p) => buffer.offsetAt(p) };
  }
}

export function completeConfig(doc: AssistDocument, offset: number, rules: readonly Rule<unknown>[]): CompletionItem[] {
  const block = lineContextAt(doc.file.text, offset);
  const context = block ?? flowContext(doc, offset);
  if (!context) return [];
  const here = locate(context.path, rules);
  if (!here) return [];
  const range: Range = { start: doc.positionAt(context.start), end: doc.positionAt(context.end) };
  const typedQuote = /^["']/.test(context.prefix);
  const items: CompletionItem[] = [];

  const valueItems = (space: string): CompletionItem[] =>
    // Lines cannot be inserted inside a flow collection.
    valueOffers(here)
      .filter((v) => block || !v.block)
      .map((v, index): CompletionItem => {
      if (v.block) {
        const rule = here.rule as Rule<unknown>;
        const indent = ' '.repeat(context.column + 2);
        // Replaces the `: ` too: a mapping value starts on the next line, after a bare `key:`.
        const colon = doc.file.text.lastIndexOf(':', context.start);
        return {
          label: v.label,
          kind: CompletionItemKind.Struct,
          documentation: v.documentation,
          textEdit: { range: { start: doc.positionAt(colon + 1), end: range.end }, newText: ruleEntryBlock(rule, indent) },
          filterText: doc.file.text.slice(colon + 1, offset) || v.label,
          insertTextMode: InsertTextMode.asIs,
          sortText: `~${v.label}`,
        };
      }
      const text = space + v.insert;
      return {
        label: v.label,
        kind: CompletionItemKind.EnumMember,
        documentation: v.documentation ? { kind: MarkupKind.Markdown, value: v.documentation } : undefined,
        textEdit: { range, newText: text },
        filterText: typedQuote ? v.insert : v.label,
        // The schema's order (error before warning before info), not the alphabet's.
        sortText: order(index),
      };
    });

  if (context.role === 'value') return valueItems(context.needsSpace ? ' ' : '');

  // A key position whose node is a scalar (an item of a list of values, a value on its own line).
  if (shapeOfNode(here) === 'scalar') return valueItems('');

  keyOffers(here, rules).forEach((offer, index) => {
    if (!context.siblings.has(offer.name)) items.push({ ...keyItem(offer, context, range), sortText: order(index) });
  });
  return items;
}

function order(index: number): string {
  return String(index).padStart(4, '0');
}

function shapeOfNode(here: Located): Shape {
  const all = branches(here.schema);
  return all.some((s) => s.type === 'object' || s.properties || s === RULES_MAP) ? 'mapping' : all.some((s) => s.enum) ? 'scalar' : 'mapping';
}

function keyItem(offer: KeyOffer, context: LineContext, range: Range): CompletionItem {
  const key = /^[\w$][\w$./-]*$/.test(offer.name) ? offer.name : JSON.stringify(offer.name);
  let text = key;
  if (!context.hasColon) {
    const indent = ' '.repeat(context.column + 2);
    const shape = shapeOf(offer.schema);
    text += shape === 'scalar' ? ': ' : shape === 'sequence' ? `:\n${indent}- ` : `:\n${indent}`;
  }
  return {
    label: offer.name,
    kind: offer.kind,
    detail: offer.detail,
    documentation: offer.documentation ? { kind: MarkupKind.Markdown, value: offer.documentation } : undefined,
    textEdit: { range, newText: text },
    filterText: offer.name,
    insertTextMode: InsertTextMode.asIs,
    command: !context.hasColon && hasValueCompletions(offer.schema) ? SUGGEST_AGAIN : undefined,
  };
}

/**
 * Inside a flow collection (`rules: { package-manager/js-bun: warn }`) the
 * indentation says nothing; the parsed tree does, when the text parses.
 */
function flowContext(doc: AssistDocument, offset: number): LineContext | undefined {
  const parsed = doc.file.yaml.documents[0];
  if (!parsed) return undefined;
  const hit = treeHitAt(parsed, offset, true);
  if (!hit?.node.range) return undefined;
  const [start, end] = hit.node.range;
  const prefix = doc.file.text.slice(start, offset);
  const lineStart = doc.file.text.lastIndexOf('\n', start - 1) + 1;
  if (hit.role === 'key') {
    const parent = nodeAt(parsed.contents, hit.path);
    const siblings = new Set(keysOf(parent).filter((k) => k !== hit.key));
    return { path: hit.path, role: 'key', prefix, start, end, column: start - lineStart, siblings, hasColon: true, needsSpace: false };
  }
  if (hit.key === undefined) return undefined;
  return { path: hit.path, role: 'value', prefix, start, end, column: start - lineStart, siblings: new Set(), hasColon: true, needsSpace: false };
}

function nodeAt(root: unknown, path: readonly Segment[]): unknown {
  let node = root as { items?: { key?: { value?: unknown }; value?: unknown }[] } | null | undefined;
  for (const segment of path) {
    const items = node?.items ?? [];
    node = (typeof segment === 'number' ? items[segment] : items.find((p) => String(p?.key?.value) === segment)?.value) as typeof node;
  }
  return node;
}

function keysOf(node: unknown): string[] {
  const items = (node as { items?: { key?: { value?: unknown } }[] } | null | undefined)?.items ?? [];
  return items.map((p) => String(p?.key?.value));
}

/** A rule id at the cursor, written anywhere: a key, a value, a comment. */
function ruleIdAt(text: string, offset: number, rules: readonly Rule<unknown>[]): { rule: Rule<unknown>; start: number; end: number } | undefined {
  const isIdChar = (c: string | undefined) => c !== undefined && /[\w./-]/.test(c);
  let start = offset;
  while (isIdChar(text[start - 1])) start--;
  let end = offset;
  while (isIdChar(text[end])) end++;
  const word = text.slice(start, end).replace(/[.]+$/, '');
  const rule = rules.find((r) => r.id === word);
  return rule ? { rule, start, end: start + word.length } : undefined;
}

export function hoverConfig(doc: AssistDocument, offset: number, rules: readonly Rule<unknown>[]): Hover | null {
  const text = doc.file.text;
  const span = (start: number, end: number): Range => ({ start: doc.positionAt(start), end: doc.positionAt(end) });
  const markdown = (value: string, start: number, end: number): Hover => ({ contents: { kind: MarkupKind.Markdown, value }, range: span(start, end) });

  const id = ruleIdAt(text, offset, rules);
  if (id) return markdown(ruleMarkdown(id.rule), id.start, id.end);

  const parsed = doc.file.yaml.documents.find((d) => d.range[0] <= offset && offset <= d.range[2]) ?? doc.file.yaml.documents[0];
  const hit = parsed ? treeHitAt(parsed, offset) : undefined;
  if (hit?.node.range) {
    const [start, end] = hit.node.range;
    if (hit.role === 'key') {
      const description = keyDescription([...hit.path, hit.key ?? ''], rules);
      return description ? markdown(description, start, end) : null;
    }
    const meaning = typeof hit.node.value === 'string' ? valueDescription(hit.path, hit.node.value, rules) : undefined;
    return meaning ? markdown(meaning, start, end) : null;
  }

  // The text does not parse here (a line being typed): the key on the cursor's line, placed by indentation.
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const line = /^[^\n]*/.exec(text.slice(lineStart))?.[0] ?? '';
  const keyMatch = /^(\s*(?:-\s+)*)([^\s:#][^:#]*?)\s*:(?=\s|$)/.exec(line);
  if (!keyMatch) return null;
  const keyStart = lineStart + keyMatch[1].length;
  const keyEnd = keyStart + keyMatch[2].length;
  if (offset < keyStart || offset >= keyEnd) return null;
  const context = lineContextAt(text, keyEnd);
  if (!context) return null;
  const description = keyDescription([...context.path, keyMatch[2]], rules);
  return description ? markdown(description, keyStart, keyEnd) : null;
}

function keyDescription(path: readonly Segment[], rules: readonly Rule<unknown>[]): string | undefined {
  const here = locate(path, rules);
  if (!here) return undefined;
  const name = path[path.length - 1];
  const body = describeProperty(here.schema);
  return body ? `**${String(name)}**\n\n${body}` : undefined;
}

function valueDescription(path: readonly Segment[], value: string, rules: readonly Rule<unknown>[]): string | undefined {
  const here = locate(path, rules);
  if (!here) return undefined;
  const all = branches(here.schema);
  if (all.includes(ROOT.definitions.level) && LEVEL_MEANING[value]) return `**${value}** — ${LEVEL_MEANING[value]}`;
  if (all.some((s) => s.enum?.includes(value))) {
    const about = describeProperty(here.schema);
    return about ? `**${value}**\n\n${about}` : undefined;
  }
  return undefined;
}
