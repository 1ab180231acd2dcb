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
import { kindByPath, type KindPatterns } from '../core/detect';
import type { Rule } from '../core/rule';
import { SourceFile } from '../core/source';
import {
  hasValueCompletions,
  type KeyOffer,
  keyDescription,
  keyOffers,
  locate,
  ruleEntryBlock,
  ruleMarkdown,
  shapeOf,
  shapeOfNode,
  valueDescription,
  valueOffers,
} from './config-schema';
import { lineContextAt, type LineContext, type Segment, treeHitAt } from './yaml-cursor';

/** Characters after which the editor asks again: a value after `: `, a rule id's family after `/`. */
export const CONFIG_COMPLETION_TRIGGERS = [' ', ':', '/'];

/** Whether a document is the YAML form of the product's configuration. */
export function isYamlConfig(path: string, kinds: KindPatterns | undefined): boolean {
  return /\.ya?ml$/.test(path) && kindByPath(path, kinds) === 'roo-config';
}

const SUGGEST_AGAIN = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

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
    kind: offer.kind === 'rule' ? CompletionItemKind.Module : CompletionItemKind.Property,
    detail: offer.detail,
    documentation: offer.documentation ? { kind: MarkupKind.Markdown, value: offer.documentation } : undefined,
    textEdit: { range, newText: text },
    filterText: offer.name,
    insertTextMode: InsertTextMode.asIs,
    command: !context.hasColon && hasValueCompletions(offer.schema) ? SUGGEST_AGAIN : undefined,
  };
}

/**
 * Inside a flow collection (`rules: { package-manager/js-commands: warn }`) the
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
function ruleIdAt(text: string, offset: number, rules: readonly Rule<unknown>[]): { rule: Rule<unknown>; start: number; end: number; former: boolean } | undefined {
  const isIdChar = (c: string | undefined) => c !== undefined && /[\w./-]/.test(c);
  let start = offset;
  while (isIdChar(text[start - 1])) start--;
  let end = offset;
  while (isIdChar(text[end])) end++;
  const word = text.slice(start, end).replace(/[.]+$/, '');
  const rule = rules.find((r) => r.id === word || r.formerIds?.includes(word));
  return rule ? { rule, start, end: start + word.length, former: rule.id !== word } : undefined;
}

export function hoverConfig(doc: AssistDocument, offset: number, rules: readonly Rule<unknown>[]): Hover | null {
  const text = doc.file.text;
  const span = (start: number, end: number): Range => ({ start: doc.positionAt(start), end: doc.positionAt(end) });
  const markdown = (value: string, start: number, end: number): Hover => ({ contents: { kind: MarkupKind.Markdown, value }, range: span(start, end) });

  const id = ruleIdAt(text, offset, rules);
  if (id) {
    const renamed = id.former ? `\`${text.slice(id.start, id.end)}\` is the former id of \`${id.rule.id}\`; it keeps working, and the new id is the one to write.\n\n` : '';
    return markdown(renamed + ruleMarkdown(id.rule), id.start, id.end);
  }

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
