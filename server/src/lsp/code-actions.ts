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
import { join } from 'node:path';
import { addFileOverrideEdit, newConfigWithFileOverride } from '../core/config-edits';
import { compatibleFixes, selectFixes } from '../core/fixes';
import { LineIndex } from '../core/lines';
import { SourceFile } from '../core/source';
import { disableFileEdit, disableNextLineEdit } from '../core/suppress';
import type { FileKind, Finding, TextEdit as OffsetEdit } from '../core/types';
import { readDiagnosticData } from './diagnostics';
import { ruleById } from '../core/rules';
import { readText } from '../node/workspace';
import { fsPathOf, uriOf } from './document-paths';
import type { DocumentValidator } from './document-validator';
import type { WorkspaceIndex } from './workspace-index';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.roo-devops`;
export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, FIX_ALL_KIND];
const FIX_ALL_TITLE = 'Fix all safe Roo DevOps problems';
/** Marks a quick fix that "fix all" leaves alone, so the menu says why before the user picks it. */
export const UNSAFE_SUFFIX = ' (unsafe)';

export function unsafeReason(n: number): string {
  const these = n === 1 ? '1 fix here is unsafe (it may change behaviour)' : `${n} fixes here are unsafe (they may change behaviour)`;
  return `${these}; apply ${n === 1 ? 'it' : 'them one by one'} from the quick-fix menu`;
}

export class CodeActionProvider {
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly validator: DocumentValidator,
    private readonly index: WorkspaceIndex,
    /** What the client can do, asked each time: capabilities are known only once `initialize` has arrived. */
    private readonly client: () => { showsDisabled: boolean; createsFiles: boolean },
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
        if (!document) continue;
        // A comment where the file can hold one; otherwise an override in the configuration.
        const line = disableLineAction(document, diagnostic, disabled, fileOf);
        if (line) actions.push(line);
        const file = disableFileCommentAction(document, diagnostic, disabled, fileOf) ?? this.disableForFileAction(document, diagnostic, disabled);
        if (file) actions.push(file);
      }
      for (const diagnostic of params.context.diagnostics ?? []) {
        const docs = showDocumentationAction(diagnostic, disabled);
        if (docs) actions.push(docs);
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
    if (edits.length === 0) {
      // Fixable findings whose every fix is unsafe: say why nothing is applied, instead of the editor's bare "no action".
      const unsafe = buffer.findings.filter((f) => f.fixes.length > 0 && f.fixes.every((x) => !x.safe)).length;
      if (unsafe === 0 || !this.client().showsDisabled) return undefined;
      return { title: FIX_ALL_TITLE, kind: FIX_ALL_KIND, disabled: { reason: unsafeReason(unsafe) } };
    }
    return {
      title: FIX_ALL_TITLE,
      kind: FIX_ALL_KIND,
      edit: documentEdit(
        uri,
        buffer.version,
        edits.map((e) => ({ range: { start: document.positionAt(e.start), end: document.positionAt(e.end) }, newText: e.newText })),
      ),
    };
  }

  /**
   * "Disable <rule> for this file" for files that cannot hold a comment (JSON): an `overrides` entry in the
   * folder's configuration, which is created when there is none. Offered only where the edit would work:
   * a file inside a folder, a configuration the edit can be made in, a client that can create the file.
   */
  private disableForFileAction(document: TextDocument, diagnostic: Diagnostic, done: Set<string>): CodeAction | undefined {
    const data = readDiagnosticData(diagnostic);
    if (!data || typeof diagnostic.code !== 'string') return undefined;
    const ruleId = diagnostic.code;
    const { folder, path } = this.index.locate(document.uri);
    if (!folder || path === folder.configPath || done.has(`${ruleId}\0file`)) return undefined;
    const title = `Disable ${ruleId} for this file`;
    let edit: WorkspaceEdit;
    if (folder.configPath === undefined) {
      if (!this.client().createsFiles) return undefined;
      const configUri = uriOf(join(folder.root, '.roo-devops.yaml'));
      const text = newConfigWithFileOverride(path, ruleId);
      edit = {
        documentChanges: [
          { kind: 'create', uri: configUri, options: { ignoreIfExists: true } },
          { textDocument: { uri: configUri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }] },
        ],
      };
    } else {
      const absolute = join(folder.root, folder.configPath);
      // The editor's buffer of the configuration, when it is open, is what the edit applies to.
      const open = this.validator.openPaths().get(absolute);
      const buffer = open === undefined ? undefined : this.documents.get(open);
      const text = buffer ? buffer.getText() : readText(absolute);
      if (text === undefined) return undefined;
      const change = addFileOverrideEdit(text, /\.json$/i.test(folder.configPath) ? 'json' : 'yaml', path, ruleId);
      if (!change) return undefined;
      const lines = new LineIndex(text);
      edit = documentEdit(buffer?.uri ?? uriOf(absolute), buffer?.version ?? null, [
        { range: { start: lines.positionAt(change.start), end: lines.positionAt(change.end) }, newText: change.newText },
      ]);
    }
    done.add(`${ruleId}\0file`);
    return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit };
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
    title: fix.safe ? fix.title : `${fix.title}${UNSAFE_SUFFIX}`,
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
 * "Disable <rule> for this file" as a whole-file suppression comment near the top, where the kind has comments.
 * Undefined elsewhere (JSON): the caller then offers an `overrides` entry in the configuration.
 */
function disableFileCommentAction(
  document: TextDocument,
  diagnostic: Diagnostic,
  done: Set<string>,
  fileOf: (path: string, kind: FileKind, text: string) => SourceFile,
): CodeAction | undefined {
  const data = readDiagnosticData(diagnostic);
  if (!data || typeof diagnostic.code !== 'string') return undefined;
  const ruleId = diagnostic.code;
  const key = `${ruleId}\0file`;
  if (done.has(key)) return undefined;
  const edit = disableFileEdit(fileOf(data.path, data.kind as FileKind, document.getText()), ruleId);
  if (!edit) return undefined;
  done.add(key);
  const at = document.positionAt(edit.start);
  return {
    title: `Disable ${ruleId} for this file`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: documentEdit(document.uri, document.version, [{ range: { start: at, end: at }, newText: edit.newText }]),
  };
}

/** The command the client runs to open a rule's page (client/src/extension.ts), with the rule id as its argument. */
export const SHOW_RULE_DOCUMENTATION = 'rooDevops.showRuleDocumentation';

/** "Show documentation for <rule>", once per rule of the request: the client opens the page shipped in the extension. */
function showDocumentationAction(diagnostic: Diagnostic, done: Set<string>): CodeAction | undefined {
  if (!readDiagnosticData(diagnostic) || typeof diagnostic.code !== 'string') return undefined;
  const ruleId = diagnostic.code;
  // A rule that has a page: the id becomes part of a path on the client.
  if (ruleById(ruleId)?.id !== ruleId) return undefined;
  const key = `${ruleId}\0docs`;
  if (done.has(key)) return undefined;
  done.add(key);
  const title = `Show documentation for ${ruleId}`;
  return { title, kind: CodeActionKind.QuickFix, command: { title, command: SHOW_RULE_DOCUMENTATION, arguments: [ruleId] } };
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
