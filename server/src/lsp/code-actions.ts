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
import { compatibleFixes, selectFixes } from '../core/fixes';
import { SourceFile } from '../core/source';
import { canInsertCommentAbove, commentStyle, disableNextLineComment } from '../core/suppress';
import type { FileKind, Finding, TextEdit as OffsetEdit } from '../core/types';
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
      for (const diagnostic of params.context.diagnostics ?? []) {
        actions.push(...fixActions(uri, diagnostic));
        const disable = document && disableLineAction(document, diagnostic, disabled);
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
    const edits = fixAllEdits(buffer.findings);
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

/**
 * The edits of "fix all": each finding's preferred safe fix, those that overlap an
 * earlier one left for the next run. The selection `check --fix` and the rule
 * fixtures use too, so editor, CLI and tests fix the same problems the same way.
 */
export function fixAllEdits(findings: readonly Finding[]): OffsetEdit[] {
  return compatibleFixes(selectFixes(findings, { safeOnly: true })).edits;
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

/** Inserts the suppression comment above the diagnostic's first line, with that line's indentation. */
function disableLineAction(document: TextDocument, diagnostic: Diagnostic, done: Set<string>): CodeAction | undefined {
  const data = readDiagnosticData(diagnostic);
  if (!data || typeof diagnostic.code !== 'string') return undefined;
  const ruleId = diagnostic.code;
  const line = diagnostic.range.start.line;
  const key = `${ruleId}\0${line}`;
  if (done.has(key) || line >= document.lineCount) return undefined;
  const comment = disableNextLineComment(commentStyle(data.kind as FileKind, data.path), ruleId);
  if (comment === undefined) return undefined;
  // A line inside a multi-line value or after a continuation cannot take a comment above it.
  const file = new SourceFile(data.path, data.kind as FileKind, document.getText());
  if (!canInsertCommentAbove(file, document.offsetAt(diagnostic.range.start))) return undefined;
  done.add(key);
  const lineText = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  const indent = /^[ \t]*/.exec(lineText)?.[0] ?? '';
  const eol = lineText.endsWith('\r\n') ? '\r\n' : '\n';
  return {
    title: `Disable ${ruleId} for this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: documentEdit(document.uri, document.version, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}${comment}${eol}` }]),
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
