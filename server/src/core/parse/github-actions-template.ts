/**
 * GitHub's own workflow and action schemas (`@actions/workflow-parser`), run over
 * the YAML the file already parsed into: the library reads the document through
 * the `ObjectReader` below instead of parsing the text a second time. Loaded
 * only through `github-actions-parser.ts`, on the first workflow linted, so that
 * a server that never sees one never evaluates the library or its schemas.
 */
import { getActionSchema } from '@actions/workflow-parser/actions/action-schema';
import { convertActionTemplate } from '@actions/workflow-parser/actions/action-template';
import { convertWorkflowTemplate, ErrorPolicy } from '@actions/workflow-parser/model/convert';
import type { ObjectReader } from '@actions/workflow-parser/templates/object-reader';
import { TemplateContext, TemplateValidationErrors } from '@actions/workflow-parser/templates/template-context';
import { readTemplate } from '@actions/workflow-parser/templates/template-reader';
import {
  BooleanToken,
  type LiteralToken,
  MappingToken,
  NullToken,
  NumberToken,
  SequenceToken,
  StringToken,
  type TemplateToken,
} from '@actions/workflow-parser/templates/tokens/index';
import type { TokenRange } from '@actions/workflow-parser/templates/tokens/token-range';
import { getWorkflowSchema } from '@actions/workflow-parser/workflows/workflow-schema';
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { LineIndex } from '../lines';
import type { OffsetRange } from '../types';

/** One complaint of the library, with the range it gave mapped back to offsets. */
export interface TemplateError extends OffsetRange {
  message: string;
}

const enum Ev {
  Literal,
  SeqStart,
  SeqEnd,
  MapStart,
  MapEnd,
}

/** Raised when aliases expand past the budget: an alias bomb is not validated, never expanded. */
class ExpansionBudgetExceeded extends Error {}

/**
 * The events the library's reader would produce, read from our YAML document:
 * aliases are followed to their anchor (GitHub expands them), within a budget of
 * events proportional to the text, so that no alias bomb is expanded.
 */
class DocumentReader implements ObjectReader {
  private readonly types: Ev[] = [];
  private readonly tokens: (TemplateToken | undefined)[] = [];
  private at = 0;
  private aliasRange: TokenRange | undefined;
  private lastLine = 0;

  constructor(
    private readonly doc: Document.Parsed,
    private readonly lines: LineIndex,
    private readonly text: string,
    private readonly budget: number,
  ) {
    this.read(doc.contents, new Set());
  }

  private range(start: number, end: number): TokenRange {
    // Inside an alias every token is where the alias is written: that is where a mistake in the expansion shows.
    if (this.aliasRange) return this.aliasRange;
    const sl = this.lineOf(start);
    // Ends lie ahead of the tokens still to come (a mapping ends after its keys): found by binary search, leaving the cursor.
    const el = end === start ? sl : this.lines.positionAt(end).line;
    const starts = this.lines.starts;
    return { start: { line: sl + 1, column: start - starts[sl] + 1 }, end: { line: el + 1, column: end - starts[el] + 1 } };
  }

  /** The line of a token's start; tokens start in text order, so the search goes on from the line of the last one. */
  private lineOf(offset: number): number {
    const starts = this.lines.starts;
    let line = this.lastLine;
    if (starts[line] > offset) line = this.lines.positionAt(offset).line;
    else while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
    this.lastLine = line;
    return line;
  }

  private push(type: Ev, token?: TemplateToken): void {
    if (this.types.length >= this.budget) throw new ExpansionBudgetExceeded();
    this.types.push(type);
    this.tokens.push(token);
  }

  private read(node: unknown, anchors: Set<Node>): void {
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      // A cycle, or an alias to nothing (the YAML rule reports that): nothing to read.
      if (!target || anchors.has(target)) return;
      const inner = new Set(anchors).add(target);
      const outer = this.aliasRange;
      if (!outer) this.aliasRange = this.range(node.range?.[0] ?? 0, node.range?.[1] ?? 0);
      this.read(target, inner);
      this.aliasRange = outer;
      return;
    }
    if (isMap(node)) {
      const [start, end] = node.range ?? [0, 0];
      this.push(Ev.MapStart, new MappingToken(undefined, this.range(start, end), undefined));
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as Node | null;
        const keyRange = key?.range ?? [start, start];
        const keyText = isScalar(key) ? String(key.value ?? '') : key ? String(key) : '';
        this.push(Ev.Literal, new StringToken(undefined, this.range(keyRange[0], keyRange[1]), keyText, undefined));
        if (pair.value == null) this.push(Ev.Literal, new NullToken(undefined, this.range(keyRange[1], keyRange[1]), undefined));
        else this.read(pair.value, anchors);
      }
      this.push(Ev.MapEnd);
      return;
    }
    if (isSeq(node)) {
      const [start, end] = node.range ?? [0, 0];
      this.push(Ev.SeqStart, new SequenceToken(undefined, this.range(start, end), undefined));
      for (const item of node.items) {
        if (item == null) this.push(Ev.Literal, new NullToken(undefined, this.range(start, start), undefined));
        else this.read(item, anchors);
      }
      this.push(Ev.SeqEnd);
      return;
    }
    if (isScalar(node)) {
      const [start, end] = node.range ?? [0, 0];
      const range = this.range(start, end);
      const value = node.value;
      if (value === null || value === undefined) this.push(Ev.Literal, new NullToken(undefined, range, undefined));
      else if (typeof value === 'number') this.push(Ev.Literal, new NumberToken(undefined, range, value, undefined));
      else if (typeof value === 'boolean') this.push(Ev.Literal, new BooleanToken(undefined, range, value, undefined));
      else this.push(Ev.Literal, new StringToken(undefined, range, String(value), undefined, this.source(node.type, start, end)));
      return;
    }
    // An empty document: the library reads it as null.
    this.push(Ev.Literal, new NullToken(undefined, undefined, undefined));
  }

  /**
   * The scalar as written, which the library reads expressions from in a
   * multi-line value (to place them on the right line): a block scalar's body
   * starts on the line after its header.
   */
  private source(type: string | undefined, start: number, end: number): string {
    if (type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') {
      const nl = this.text.indexOf('\n', start);
      return nl < 0 || nl >= end ? '' : this.text.slice(nl + 1, end);
    }
    return this.text.slice(start, end);
  }

  private take(type: Ev): TemplateToken | true | undefined {
    if (this.types[this.at] !== type) return undefined;
    return this.tokens[this.at++] ?? true;
  }

  allowLiteral(): LiteralToken | undefined {
    return this.take(Ev.Literal) as LiteralToken | undefined;
  }
  allowSequenceStart(): SequenceToken | undefined {
    return this.take(Ev.SeqStart) as SequenceToken | undefined;
  }
  allowSequenceEnd(): boolean {
    return this.take(Ev.SeqEnd) !== undefined;
  }
  allowMappingStart(): MappingToken | undefined {
    return this.take(Ev.MapStart) as MappingToken | undefined;
  }
  allowMappingEnd(): boolean {
    return this.take(Ev.MapEnd) !== undefined;
  }
  validateStart(): void {}
  validateEnd(): void {
    if (this.at !== this.types.length) throw new Error('Expected end of reader');
  }
}

const SILENT_TRACE = { error() {}, info() {}, verbose() {} };

export type TemplateRole = 'workflow' | 'action';

/**
 * Validates one parsed document as a workflow or an action's metadata with
 * GitHub's schema, expressions and conversion checks (`on:` filters, cron,
 * `if:` conditions, ids). Undefined when it could not be checked (aliases that
 * expand past the budget, or a document nested deeper than the stack allows).
 */
export function validateTemplate(doc: Document.Parsed, role: TemplateRole, lines: LineIndex, text: string): TemplateError[] | undefined {
  let reader: DocumentReader;
  try {
    reader = new DocumentReader(doc, lines, text, text.length + 100_000);
  } catch (error) {
    if (error instanceof ExpansionBudgetExceeded || error instanceof RangeError) return undefined;
    throw error;
  }
  const schema = role === 'workflow' ? getWorkflowSchema() : getActionSchema();
  const context = new TemplateContext(new TemplateValidationErrors(), schema, SILENT_TRACE);
  const fileId = context.getFileId(role);
  try {
    const root = readTemplate(context, role === 'workflow' ? 'workflow-root-strict' : 'action-root-strict', reader, fileId);
    if (root) {
      if (role === 'workflow') {
        // Asynchronous only to fetch called workflows, which depth 0 never does: every error is recorded before it returns.
        convertWorkflowTemplate(context, root, undefined, { errorPolicy: ErrorPolicy.TryConversion, fetchReusableWorkflowDepth: 0 }).catch(() => undefined);
      } else {
        convertActionTemplate(context, root, { errorPolicy: ErrorPolicy.TryConversion });
      }
    }
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
  const out: TemplateError[] = [];
  for (const e of context.errors.getErrors()) {
    const r = e.range;
    const start = r ? lines.offsetAt({ line: r.start.line - 1, character: r.start.column - 1 }) : 0;
    const end = r ? lines.offsetAt({ line: r.end.line - 1, character: r.end.column - 1 }) : 0;
    out.push({ start, end: Math.max(start, end), message: e.rawMessage });
  }
  return out;
}

/** Keys the schema allows in the mappings of these definitions, for "did you mean" hints. */
export function schemaKeys(role: TemplateRole, definitions: readonly string[]): string[] {
  const schema = role === 'workflow' ? getWorkflowSchema() : getActionSchema();
  const out = new Set<string>();
  for (const name of definitions) {
    let def: { properties?: Record<string, unknown> } | undefined;
    try {
      def = schema.getDefinition(name) as typeof def;
    } catch {
      continue;
    }
    for (const key of Object.keys(def?.properties ?? {})) out.add(key);
  }
  return [...out];
}
