/** Terminal and machine-readable renderings of findings: text, JSON, SARIF 2.1.0. */
import type { LineIndex } from '../core/lines';
import type { Rule } from '../core/rule';
import type { Finding, Severity } from '../core/types';

export interface FileReport {
  /** Path as shown to the user (relative to the current folder, POSIX). */
  path: string;
  lines: LineIndex;
  findings: Finding[];
}

export const DOCS_BASE = 'https://github.com/roo-devops/roo-devops/blob/main/docs/rules/';

export function ruleDocsUrl(ruleId: string): string {
  return `${DOCS_BASE}${ruleId}.md`;
}

function oneBased(lines: LineIndex, offset: number) {
  const p = lines.positionAt(offset);
  return { line: p.line + 1, column: p.character + 1 };
}

/**
 * Characters a terminal acts on rather than shows — C0 and C1 controls, DEL, line and
 * paragraph separators, bidirectional embeddings, overrides and isolates — which a file
 * name or quoted file content must not smuggle into text output: a newline would forge
 * a finding line, an escape sequence would drive the terminal, an override would show
 * a name reversed.
 */
const TERMINAL_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` safe to print on a terminal, each unsafe character written as an escape (`\n`, `\x1b`, `\u202e`). */
export function escapeForTerminal(text: string): string {
  return text.replace(TERMINAL_UNSAFE, (c) => {
    const named = NAMED_ESCAPES[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Receives the output a piece at a time, so that no rendering is ever held whole in memory. */
export type Write = (chunk: string) => void;

/** Gathers small pieces into chunks of about `size` characters before passing them on: one write per chunk, not per finding. */
export function chunked(write: Write, size = 64 * 1024): { write: Write; flush(): void } {
  let pending: string[] = [];
  let length = 0;
  const flush = () => {
    if (pending.length === 0) return;
    write(pending.join(''));
    pending = [];
    length = 0;
  };
  return {
    write(chunk) {
      pending.push(chunk);
      length += chunk.length;
      if (length >= size) flush();
    },
    flush,
  };
}

/** The whole rendering as one string: for tests and small outputs. */
function collect(render: (write: Write) => void): string {
  const parts: string[] = [];
  render((c) => parts.push(c));
  return parts.join('');
}

/** `file:line:col: severity message [rule-id]`, one finding a line, then a summary; names and messages escaped for the terminal. */
export function writeText(reports: readonly FileReport[], write: Write): void {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const r of reports) {
    const path = escapeForTerminal(r.path);
    for (const f of r.findings) {
      const { line, column } = oneBased(r.lines, f.range.start);
      write(`${path}:${line}:${column}: ${f.severity} ${escapeForTerminal(f.message)} [${escapeForTerminal(f.ruleId)}]\n`);
      counts[f.severity]++;
    }
  }
  const total = counts.error + counts.warning + counts.info;
  write(total === 0 ? 'No problems found.\n' : `\n${total} problem(s): ${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info.\n`);
}

export function formatText(reports: readonly FileReport[]): string {
  return collect((w) => writeText(reports, w));
}

/** Writes `items` as the elements of a JSON array indented by `indent` spaces, as `JSON.stringify(…, null, 2)` lays them out. */
function writeArray<T>(items: Iterable<T>, indent: number, toValue: (item: T) => unknown, write: Write): void {
  const pad = ' '.repeat(indent);
  let first = true;
  for (const item of items) {
    const json = JSON.stringify(toValue(item), null, 2).replace(/\n/g, `\n${pad}  `);
    write(`${first ? '[\n' : ',\n'}${pad}  ${json}`);
    first = false;
  }
  write(first ? '[]' : `\n${pad}]`);
}

function* eachFinding(reports: readonly FileReport[]): Generator<[FileReport, Finding]> {
  for (const r of reports) for (const f of r.findings) yield [r, f];
}

/** One JSON object a finding, written one at a time. */
export function writeJson(reports: readonly FileReport[], write: Write): void {
  writeArray(
    eachFinding(reports),
    0,
    ([r, f]) => {
      const start = oneBased(r.lines, f.range.start);
      const end = oneBased(r.lines, f.range.end);
      return {
        file: r.path,
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        severity: f.severity,
        ruleId: f.ruleId,
        message: f.message,
        fixes: f.fixes.map((x) => ({
          title: x.title,
          safe: x.safe,
          edits: x.edits.map((e) => ({ ...rangeOf(r.lines, e.start, e.end), newText: e.newText })),
        })),
      };
    },
    write,
  );
  write('\n');
}

export function formatJson(reports: readonly FileReport[]): string {
  return collect((w) => writeJson(reports, w));
}

function rangeOf(lines: LineIndex, start: number, end: number) {
  const s = oneBased(lines, start);
  const e = oneBased(lines, end);
  return { line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

/** Stands for the results in the rendering of the rest of the log, where they are written one at a time. */
const RESULTS_PLACEHOLDER = '\u0000results';

/** SARIF 2.1.0, as GitHub code scanning and other CI dashboards read it. Columns count UTF-16 code units. */
export function writeSarif(reports: readonly FileReport[], rules: readonly Rule<unknown>[], version: string, write: Write): void {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'roo-devops',
            version,
            semanticVersion: version,
            informationUri: 'https://github.com/roo-devops/roo-devops',
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/[/-](\w)/g, (_m, c: string) => c.toUpperCase()),
              shortDescription: { text: r.docs.summary },
              fullDescription: { text: r.docs.rationale },
              helpUri: ruleDocsUrl(r.id),
              help: { text: r.docs.rationale, markdown: r.docs.rationale },
              defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
              properties: { tags: [r.id.split('/')[0]] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The folder roo-devops was run from.' } } },
        results: RESULTS_PLACEHOLDER,
      },
    ],
  };
  const [head, tail] = JSON.stringify(sarif, null, 2).split(JSON.stringify(RESULTS_PLACEHOLDER));
  write(head);
  writeArray(
    eachFinding(reports),
    6,
    ([r, f]) => {
      const s = oneBased(r.lines, f.range.start);
      const e = oneBased(r.lines, f.range.end);
      return {
        ruleId: f.ruleId,
        ruleIndex: index.get(f.ruleId) ?? -1,
        level: SARIF_LEVEL[f.severity],
        message: { text: f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: encodeURI(r.path), uriBaseId: '%SRCROOT%' },
              region: { startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column },
            },
          },
        ],
        ...(f.fixes.length
          ? {
              fixes: f.fixes.map((x) => ({
                description: { text: x.title },
                artifactChanges: [
                  {
                    artifactLocation: { uri: encodeURI(r.path), uriBaseId: '%SRCROOT%' },
                    replacements: x.edits.map((ed) => {
                      const es = oneBased(r.lines, ed.start);
                      const ee = oneBased(r.lines, ed.end);
                      return {
                        deletedRegion: { startLine: es.line, startColumn: es.column, endLine: ee.line, endColumn: ee.column },
                        insertedContent: { text: ed.newText },
                      };
                    }),
                  },
                ],
              })),
            }
          : {}),
      };
    },
    write,
  );
  write(`${tail}\n`);
}

export function formatSarif(reports: readonly FileReport[], rules: readonly Rule<unknown>[], version: string): string {
  return collect((w) => writeSarif(reports, rules, version, w));
}
