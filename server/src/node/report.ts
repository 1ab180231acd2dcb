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

/** `file:line:col: severity message [rule-id]`, one finding a line, then a summary; names and messages escaped for the terminal. */
export function formatText(reports: readonly FileReport[]): string {
  let out = '';
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const r of reports) {
    const path = escapeForTerminal(r.path);
    for (const f of r.findings) {
      const { line, column } = oneBased(r.lines, f.range.start);
      out += `${path}:${line}:${column}: ${f.severity} ${escapeForTerminal(f.message)} [${escapeForTerminal(f.ruleId)}]\n`;
      counts[f.severity]++;
    }
  }
  const total = counts.error + counts.warning + counts.info;
  out += total === 0 ? 'No problems found.\n' : `\n${total} problem(s): ${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info.\n`;
  return out;
}

export function formatJson(reports: readonly FileReport[]): string {
  const rows = reports.flatMap((r) =>
    r.findings.map((f) => {
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
    }),
  );
  return `${JSON.stringify(rows, null, 2)}\n`;
}

function rangeOf(lines: LineIndex, start: number, end: number) {
  const s = oneBased(lines, start);
  const e = oneBased(lines, end);
  return { line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

/** SARIF 2.1.0, as GitHub code scanning and other CI dashboards read it. Columns count UTF-16 code units. */
export function formatSarif(reports: readonly FileReport[], rules: readonly Rule<unknown>[], version: string): string {
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
        results: reports.flatMap((r) =>
          r.findings.map((f) => {
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
          }),
        ),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
