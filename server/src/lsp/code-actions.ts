/**
 * Code actions, built from what the diagnostics carry (no re-lint): one quick
 * fix per fix of a finding, "disable for this line", and a `source.fixAll`
 * that applies every safe fix (the vscode-eslint set).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  type CodeAction,
  CodeActionKind,
  type CodeActionParams,
  type Diagnostic,
  type TextDocuments,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { SourceFile } from '../core/source';
import { disableNextLineEdit } from '../core/suppress';
import type { FileKind, TextEdit as OffsetEdit } from '../core/types';
import { readDiagnosticData } from './diagnostics';
import { fsPathOf } from './document-paths';
import type { DocumentValidator } from './document-validator';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.roo-devops`;
export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, FIX_ALL_KIND];

export class CodeActionProvider {
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly validator: DocumentValidator,
  ) {}

  async provide(params: CodeActionParams): Promise<CodeAction[]> {
    const uri = params.textDocument.uri;
    const only = params.context.only;
    // Without `only` the editor is filling the light bulb: quick fixes, not source actions.
    const wants = (kind: string) => (only ? only.some((o) => kind === o || kind.startsWith(`${o}.`)) : kind === CodeActionKind.QuickFix);
    const actions: CodeAction[] = [];
    if (wants(CodeActionKind.QuickFix)) {
      const document = this.documents.get(uri);
      const disabled = new Set<string>();
      // One parse of the buffer for all the diagnostics of the request (a plan document's Markdown model is not free).
      const files = new Map<string, SourceFile>();
      const fileOf = (path: string, kind: FileKind, text: string) => {
        const key = `${kind}\0${path}`;
        const file = files.get(key) ?? new SourceFile(path, kind, text);
        files.set(key, file);
        return file;
      };
      for (const diagnostic of params.context.diagnostics ?? []) {
        actions.push(...fixActions(uri, diagnostic));
        const disable = document && disableLineAction(document, diagnostic, disabled, fileOf);
        if (disable) actions.push(disable);
      }
    }
    if (wants(FIX_ALL_KIND)) {
      const fixAll = await this.fixAllAction(uri);
      if (fixAll) actions.push(fixAll);
    }
    return actions;
  }

  private async fixAllAction(uri: string): Promise<CodeAction | undefined> {
    const buffer = await this.validator.currentFindings(uri);
    const document = this.documents.get(uri);
    // The offsets belong to the text that was linted; a buffer that moved on gets no edit rather than a wrong one.
    if (!buffer || !document || document.version !== buffer.version) return undefined;
    const edits = nonOverlappingSafeEdits(buffer.findings.map((f) => f.fixes.find((x) => x.safe)?.edits ?? []));
    if (edits.length === 0) return undefined;
    return {
      title: 'Fix all safe Roo DevOps problems',
      kind: FIX_ALL_KIND,
      edit: documentEdit(
        uri,
        buffer.version,
        edits.map((e) => ({ range: { start: document.positionAt(e.start), end: document.positionAt(e.end) }, newText: e.newText })),
      ),
    };
  }
}

function fixActions(uri: string, diagnostic: Diagnostic): CodeAction[] {
  const data = readDiagnosticData(diagnostic);
  if (!data || !sameDocument(data.uri, uri)) return [];
  const preferred = data.fixes.findIndex((f) => f.safe);
  return data.fixes.map((fix, i) => ({
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: i === preferred || undefined,
    // Pinned to the version the diagnostic was computed for: the editor refuses the edit if the text has moved on.
    edit: documentEdit(uri, data.version, fix.edits),
  }));
}

/** Inserts the suppression comment above the diagnostic's first line, in that line's comment syntax and indentation. */
function disableLineAction(
  document: TextDocument,
  diagnostic: Diagnostic,
  done: Set<string>,
  fileOf: (path: string, kind: FileKind, text: string) => SourceFile,
): CodeAction | undefined {
  const data = readDiagnosticData(diagnostic);
  if (!data || typeof diagnostic.code !== 'string') return undefined;
  const ruleId = diagnostic.code;
  const line = diagnostic.range.start.line;
  const key = `${ruleId}\0${line}`;
  if (done.has(key) || line >= document.lineCount) return undefined;
  // The comment syntax, the indentation and whether a comment fits there at all are the core's, shared with the engine that honours it.
  const file = fileOf(data.path, data.kind as FileKind, document.getText());
  const edit = disableNextLineEdit(file, document.offsetAt(diagnostic.range.start), ruleId);
  if (!edit) return undefined;
  done.add(key);
  const at = document.positionAt(edit.start);
  return {
    title: `Disable ${ruleId} for this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: documentEdit(document.uri, document.version, [{ range: { start: at, end: at }, newText: edit.newText }]),
  };
}

/**
 * Diagnostics published from disk carry the URI the server spelled (`pathToFileURL`); the editor may spell the
 * same file otherwise (percent-encoding, drive-letter case), so files are compared by path.
 */
function sameDocument(a: string, b: string): boolean {
  if (a === b) return true;
  const pa = fsPathOf(a);
  return pa !== undefined && pa === fsPathOf(b);
}

function documentEdit(uri: string, version: number | null, edits: TextEdit[]): WorkspaceEdit {
  return { documentChanges: [{ textDocument: { uri, version }, edits }] };
}

/**
 * The edits of the given fixes, each fix taken whole or not at all: a fix that
 * touches text another accepted fix changes is left for the next run.
 */
export function nonOverlappingSafeEdits(fixes: readonly (readonly OffsetEdit[])[]): OffsetEdit[] {
  const ordered = fixes.filter((edits) => edits.length > 0).sort((a, b) => start(a) - start(b));
  const accepted: OffsetEdit[] = [];
  for (const edits of ordered) {
    if (edits.some((e) => accepted.some((a) => overlaps(a, e)))) continue;
    accepted.push(...edits);
  }
  return accepted.sort((a, b) => a.start - b.start);
}

function start(edits: readonly OffsetEdit[]): number {
  return Math.min(...edits.map((e) => e.start));
}

/** Two insertions at one offset count as overlapping: their order would be a guess. */
function overlaps(a: OffsetEdit, b: OffsetEdit): boolean {
  return (a.start < b.end && b.start < a.end) || a.start === b.start;
}
