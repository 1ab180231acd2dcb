/**
 * Findings as LSP diagnostics. Every fix travels in `diagnostic.data`, already
 * converted to LSP ranges and tagged with the document version it was computed
 * for, so a code action never has to lint again (the yaml-language-server way).
 */
import { type Diagnostic, DiagnosticSeverity, type Position, type Range } from 'vscode-languageserver/node';
import type { FileKind, Finding, Severity } from '../core/types';
import { ruleDocsUrl } from '../node/report';

export const DIAGNOSTIC_SOURCE = 'roo-devops';

export interface FixData {
  title: string;
  safe: boolean;
  edits: { range: Range; newText: string }[];
}

export interface DiagnosticData {
  uri: string;
  /** Version of the buffer the findings were computed from; null for a file read from disk. */
  version: number | null;
  /** Kind and engine path, so "disable for this line" knows the comment syntax. */
  kind: FileKind;
  path: string;
  fixes: FixData[];
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export type PositionAt = (offset: number) => Position;

export interface DiagnosticContext {
  uri: string;
  version: number | null;
  kind: FileKind;
  path: string;
  positionAt: PositionAt;
}

export function toDiagnostic(finding: Finding, ctx: DiagnosticContext): Diagnostic {
  const range = (start: number, end: number): Range => ({ start: ctx.positionAt(start), end: ctx.positionAt(end) });
  const data: DiagnosticData = {
    uri: ctx.uri,
    version: ctx.version,
    kind: ctx.kind,
    path: ctx.path,
    fixes: finding.fixes.map((fix) => ({
      title: fix.title,
      safe: fix.safe,
      edits: fix.edits.map((e) => ({ range: range(e.start, e.end), newText: e.newText })),
    })),
  };
  return {
    range: range(finding.range.start, finding.range.end),
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: ruleDocsUrl(finding.ruleId) },
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    data,
  };
}

/**
 * The data of one of our diagnostics as the client sent it back, checked field
 * by field: a code-action request is input like any other and may be malformed.
 */
export function readDiagnosticData(diagnostic: Diagnostic): DiagnosticData | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const d = diagnostic.data as Partial<DiagnosticData> | null | undefined;
  if (!d || typeof d !== 'object' || typeof d.uri !== 'string' || typeof d.kind !== 'string' || typeof d.path !== 'string') return undefined;
  if (!(d.version === null || typeof d.version === 'number')) return undefined;
  if (!Array.isArray(d.fixes)) return undefined;
  const fixes = d.fixes.filter(
    (f): f is FixData =>
      !!f &&
      typeof f.title === 'string' &&
      typeof f.safe === 'boolean' &&
      Array.isArray(f.edits) &&
      f.edits.every((e) => !!e && typeof e.newText === 'string' && isRange(e.range)),
  );
  return { uri: d.uri, version: d.version, kind: d.kind, path: d.path, fixes };
}

function isPosition(p: unknown): p is Position {
  const q = p as Position | null | undefined;
  return !!q && Number.isInteger(q.line) && Number.isInteger(q.character) && q.line >= 0 && q.character >= 0;
}

export function isRange(r: unknown): r is Range {
  const q = r as Range | null | undefined;
  return !!q && isPosition(q.start) && isPosition(q.end);
}
