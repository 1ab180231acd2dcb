/**
 * Lints documents and publishes their diagnostics: editor buffers (debounced,
 * latest version only) and files on disk (for files no editor has open).
 */
import { join } from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Connection, Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import { DEFAULT_CONFIG, type ResolvedConfig } from '../core/config';
import { describeFailure, lint, lintUnread, type LintResult } from '../core/engine';
import type { FileKind, Finding } from '../core/types';
import { type LintWorker, WORKER_THRESHOLD } from './lint-worker';
import { EMPTY_WORKSPACE } from '../core/workspace/view';
import { MAX_FILE_BYTES, readText } from '../node/workspace';
import { fsPathOf, uriOf } from './document-paths';
import { type PositionAt, toDiagnostic } from './diagnostics';
import { type RooDevopsSettings, type SettingsStore, withSettings } from './settings';
import type { DocumentLocation, WorkspaceFolderState, WorkspaceIndex } from './workspace-index';
import type { SeverityCounts } from './protocol';

export function countSeverities(diagnostics: readonly Diagnostic[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) {
    if (d.severity === 1) counts.error++;
    else if (d.severity === 2) counts.warning++;
    else counts.info++;
  }
  return counts;
}

/**
 * Quiet time after the last keystroke before a buffer is linted: short for the files people
 * type in (a lint of those takes a few milliseconds), longer where one lint costs more than the
 * pause between two keystrokes, so that typing is not queued behind lints of stale versions.
 */
export function debounceFor(lineCount: number): number {
  if (lineCount < 2000) return 30;
  return Math.min(300, Math.round(lineCount / 20));
}

/**
 * The wait for an edit that comes after a quiet period (nothing typed and nothing linted in
 * the buffer for its whole debounce): just long enough to take in the other edits the editor
 * sent with it. A lone edit is linted at once; the edits that follow it closely wait for the
 * quiet period, so a burst is still linted once, at its end.
 */
export const LEADING_EDGE_MS = 4;

/** The wait before linting after an edit: `msSinceActivity` since the buffer's last edit or last lint's end; `busy` while one is pending or running. */
export function editDelay(debounce: number, msSinceActivity: number, busy: boolean): number {
  return !busy && msSinceActivity >= debounce ? LEADING_EDGE_MS : debounce;
}

/** The findings behind the diagnostics last published for an open buffer; "fix all" reads them. */
export interface LintedBuffer {
  version: number;
  kind: FileKind;
  path: string;
  findings: Finding[];
  /**
   * The configuration and settings the findings were computed with, compared by
   * identity: a reloaded `.roo-devops.yaml` or a settings change makes new objects,
   * so an unchanged buffer is graded again rather than served its old severities.
   */
  config: ResolvedConfig | undefined;
  settings: RooDevopsSettings;
}

export class DocumentValidator {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** When each buffer was last edited or last finished a lint, and which are being linted: what `schedule` calls quiet. */
  private readonly lastActivity = new Map<string, number>();
  private readonly running = new Set<string>();
  private readonly buffers = new Map<string, LintedBuffer>();
  /** The severities last published per URI, so a workspace validation can sum them (error, warning, info+hint). */
  private readonly severities = new Map<string, SeverityCounts>();
  /**
   * Called with the files of a folder whose findings may have changed because a
   * buffer they read changed (set by the server: it re-lints them).
   */
  onDependents: (folder: WorkspaceFolderState, paths: Set<string>) => void = () => {};
  /** Where buffers of WORKER_THRESHOLD characters or more are linted, when the server has one. */
  worker: LintWorker | undefined;
  /**
   * What a lint of `path` in `folder` must wait for first, or undefined when nothing (set by
   * the server: the HCL parser, loaded on first need). Awaited only when there is something.
   */
  beforeLint: (folder: WorkspaceFolderState | undefined, path?: string) => Promise<void> | undefined = () => undefined;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly index: WorkspaceIndex,
    private readonly settings: SettingsStore,
  ) {}

  /**
   * (Re)starts the quiet period of a buffer; only the last call of a burst lints. Without an
   * explicit delay (an edit), a buffer that was quiet for its whole debounce (no edit, no lint
   * ended) is linted after LEADING_EDGE_MS; otherwise after the debounce its size asks.
   */
  schedule(uri: string, delay?: number): void {
    const now = performance.now();
    if (delay === undefined) {
      const debounce = debounceFor(this.documents.get(uri)?.lineCount ?? 0);
      delay = editDelay(debounce, now - (this.lastActivity.get(uri) ?? Number.NEGATIVE_INFINITY), this.timers.has(uri) || this.running.has(uri));
      this.lastActivity.set(uri, now);
    }
    this.cancel(uri);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.running.add(uri);
        this.validateBuffer(uri)
          .catch((error: unknown) => {
            this.connection.console.error(`roo-devops: validating ${uri} failed: ${describeError(error)}`);
          })
          .finally(() => {
            this.running.delete(uri);
            this.lastActivity.set(uri, performance.now());
          });
      }, delay),
    );
  }

  /** The buffer's findings are stale though its text is not (a file it read changed): lint it again soon. */
  invalidate(uri: string, delay?: number): void {
    this.buffers.delete(uri);
    this.schedule(uri, delay);
  }

  /** Every open buffer of the folder, linted again now (its configuration changed). */
  revalidateOpen(folder: WorkspaceFolderState): void {
    for (const [absolute, uri] of this.openPaths()) {
      if (this.index.folderOf(absolute)?.folder === folder) this.invalidate(uri, 0);
    }
  }

  cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(uri);
  }

  /** Lints the buffer of an open document now; returns the number of findings published, or undefined when dropped. */
  async validateBuffer(uri: string): Promise<number | undefined> {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const version = document.version;
    const settings = await this.settings.get(uri);
    // Settings arrive asynchronously: if the user typed meanwhile, the newer version has its own run.
    const current = this.documents.get(uri);
    if (!current || current.version !== version) return undefined;
    const location = this.index.locate(uri);
    if (!settings.enable) {
      this.buffers.delete(uri);
      this.publish(uri, [], version);
      return 0;
    }
    const text = current.getText();
    // No DevOps file is this large; a log or a dump opened by chance must not stall the editor. Not in silence, though: one engine/limits finding says it was not checked.
    if (text.length > MAX_FILE_BYTES) {
      this.buffers.delete(uri);
      const config = withSettings(location.folder?.config ?? DEFAULT_CONFIG, settings);
      const unread = lintUnread(location.path, Buffer.byteLength(text), config);
      const ctx = { uri, version, kind: unread.kind ?? 'yaml', path: location.path, positionAt: (o: number) => current.positionAt(o) };
      this.publish(uri, unread.kind ? unread.findings.map((f) => toDiagnostic(f, ctx)) : [], version);
      return unread.kind ? unread.findings.length : 0;
    }
    const config = location.folder?.config;
    const cached = this.cached(uri, version, config, settings);
    const result = cached ? { kind: cached.kind, findings: cached.findings } : await this.lintBuffer(uri, location, text, settings);
    // A large buffer is linted on the worker: by its answer the user may have typed again, and that version has its own run.
    if (!result || this.documents.get(uri)?.version !== version) return undefined;
    if (!result.kind) {
      this.buffers.delete(uri);
      this.publish(uri, [], version);
      return 0;
    }
    this.buffers.set(uri, { version, kind: result.kind, path: location.path, findings: result.findings, config, settings });
    const ctx = { uri, version, kind: result.kind, path: location.path, positionAt: (o: number) => current.positionAt(o) };
    this.publish(
      uri,
      result.findings.map((f) => toDiagnostic(f, ctx)),
      version,
    );
    return result.findings.length;
  }

  /** Findings of the buffer at its current version, linting it now (and keeping the result) if the last one is older. */
  async currentFindings(uri: string): Promise<LintedBuffer | undefined> {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const settings = await this.settings.get(uri);
    if (!settings.enable) return undefined;
    const current = this.documents.get(uri);
    if (!current || current.version !== document.version) return undefined;
    const location = this.index.locate(uri);
    const config = location.folder?.config;
    const cached = this.cached(uri, current.version, config, settings);
    if (cached) return cached;
    if (current.getText().length > MAX_FILE_BYTES) return undefined;
    const version = current.version;
    const result = await this.lintBuffer(uri, location, current.getText(), settings);
    if (!result?.kind || this.documents.get(uri)?.version !== version) return undefined;
    const linted = { version, kind: result.kind, path: location.path, findings: result.findings, config, settings };
    // The debounced run of this version can reuse it.
    this.buffers.set(uri, linted);
    return linted;
  }

  /** The kept lint of a buffer, when it was computed for this version with this configuration and these settings. */
  private cached(uri: string, version: number, config: ResolvedConfig | undefined, settings: RooDevopsSettings): LintedBuffer | undefined {
    const kept = this.buffers.get(uri);
    return kept && kept.version === version && kept.config === config && kept.settings === settings ? kept : undefined;
  }

  /**
   * Lints a workspace file from disk and publishes the result under its file URI.
   * Returns the number of findings, or undefined when the file was not linted
   * (open in the editor, unreadable, or of no kind).
   */
  validateFile(folder: WorkspaceFolderState, rel: string, settings: RooDevopsSettings, openPaths: { has(path: string): boolean }): number | undefined {
    const absolute = join(folder.root, rel);
    if (openPaths.has(absolute)) return undefined;
    const uri = uriOf(absolute);
    if (!settings.enable || !(folder.repository.mayHaveKind(rel) || rel === folder.configPath)) {
      this.publish(uri, []);
      return undefined;
    }
    const result = this.lint({ folder, path: rel, fsPath: absolute }, undefined, settings);
    const kind = result.kind;
    if (!kind) {
      this.publish(uri, []);
      return undefined;
    }
    const lines = result.file?.lines;
    const positionAt: PositionAt = (o) => (lines ? lines.positionAt(o) : { line: 0, character: 0 });
    const ctx = { uri, version: null, kind, path: rel, positionAt };
    this.publish(
      uri,
      result.findings.map((f) => toDiagnostic(f, ctx)),
    );
    return result.findings.length;
  }

  /**
   * A closed buffer's diagnostics give way to those of the file on disk, when it
   * is a workspace file that still exists; otherwise they are cleared.
   */
  async closed(uri: string): Promise<void> {
    this.cancel(uri);
    this.buffers.delete(uri);
    this.lastActivity.delete(uri);
    const location = this.index.locate(uri);
    const { folder, fsPath } = location;
    if (folder) {
      // The disk's text is the file again: what read the buffer reads the disk now.
      const readers = folder.repository.closeBuffer(location.path);
      readers.delete(location.path);
      if (readers.size) this.onDependents(folder, readers);
    }
    if (!folder || fsPath === undefined || !folder.isListed(location.path) || readText(fsPath) === undefined) {
      this.publish(uri, []);
      return;
    }
    const settings = await this.settings.get(uri);
    const waiting = this.beforeLint(folder, location.path);
    if (waiting) await waiting;
    // Reopened while the settings were on their way: the buffer wins.
    if (this.openPaths().has(fsPath)) return;
    this.validateFile(folder, location.path, settings, new Map());
  }

  /**
   * The `file:` documents open in the editor, by absolute path. Compared by path,
   * not by URI string: the editor may spell a URI differently from `pathToFileURL`.
   */
  openPaths(): Map<string, string> {
    const out = new Map<string, string>();
    for (const d of this.documents.all()) {
      const p = fsPathOf(d.uri);
      if (p !== undefined) out.set(p, d.uri);
    }
    return out;
  }

  /** What was last published for `uri`, by severity (none when nothing was). */
  publishedSeverities(uri: string): SeverityCounts {
    return this.severities.get(uri) ?? { error: 0, warning: 0, info: 0 };
  }

  publish(uri: string, diagnostics: Diagnostic[], version?: number): void {
    if (diagnostics.length === 0) this.severities.delete(uri);
    else this.severities.set(uri, countSeverities(diagnostics));
    void this.connection.sendDiagnostics({ uri, diagnostics, version }).catch(() => {
      // The client went away; nothing to tell it.
    });
  }

  /**
   * Lints a buffer: here, or on the worker when it is large (undefined when the
   * worker's answer was superseded by a newer version or the worker failed).
   */
  private async lintBuffer(uri: string, location: DocumentLocation, text: string, settings: RooDevopsSettings): Promise<LintResult | undefined> {
    const waiting = this.beforeLint(location.folder, location.path);
    if (waiting) await waiting;
    if (text.length < WORKER_THRESHOLD || !this.worker) return this.lint(location, text, settings);
    const { folder, path } = location;
    const config = withSettings(folder?.config ?? DEFAULT_CONFIG, settings);
    if (folder) {
      const readers = folder.repository.setBuffer(path, text);
      readers.delete(path);
      if (readers.size) this.onDependents(folder, readers);
    }
    let reply;
    try {
      reply = await this.worker.lint(uri, { root: folder?.root, paths: folder ? [...folder.paths] : [], path, text, config });
    } catch (error) {
      // No worker can be started here: lint in this thread from now on rather than never.
      this.connection.console.error(`roo-devops: cannot start the lint worker (${describeError(error)}); large files are linted in the server thread.`);
      this.worker = undefined;
      return this.lint(location, text, settings);
    }
    if (!reply) return undefined;
    if (folder) {
      // What the worker's rules read, so that a change to one of those files re-lints this buffer.
      folder.linter.forget(path);
      folder.repository.recordReads(path, new Map(reply.reads.map(([rule, keys]) => [rule, new Set(keys)])));
    }
    for (const crash of reply.crashes) this.connection.console.error(`roo-devops: rule ${crash.ruleId} failed on ${path}: ${crash.error}`);
    return { kind: reply.kind, findings: reply.findings, crashes: [] };
  }

  /**
   * Lints a buffer's text (when given) or the file on disk. Inside a folder the
   * text goes through the folder's repository: the buffer becomes what other
   * files' rules read, the files that read its old text are handed to
   * `onDependents`, and what this lint reads is recorded.
   */
  private lint(location: DocumentLocation, text: string | undefined, settings: RooDevopsSettings): LintResult {
    const { folder, path } = location;
    const config = withSettings(folder?.config ?? DEFAULT_CONFIG, settings);
    let result: LintResult;
    try {
      if (folder) {
        const repository = folder.repository;
        if (text !== undefined) {
          const readers = repository.setBuffer(path, text);
          readers.delete(path);
          if (readers.size) this.onDependents(folder, readers);
        }
        // Only the rules whose reads changed run again when the file's own text and configuration did not.
        result = folder.linter.lint(path, config) ?? { kind: undefined, findings: [], crashes: [] };
      } else {
        if (text === undefined) return { kind: undefined, findings: [], crashes: [] };
        result = lint({ path, text }, { config, workspace: EMPTY_WORKSPACE });
      }
    } catch (error) {
      // The engine promises not to throw; if it ever does, the file goes without findings and the server lives on.
      this.connection.console.error(`roo-devops: linting ${path} failed: ${describeError(error)}`);
      return { kind: undefined, findings: [], crashes: [] };
    }
    for (const crash of result.crashes) {
      this.connection.console.error(`roo-devops: rule ${crash.ruleId} failed on ${path}: ${describeError(crash.error)}`);
    }
    return result;
  }
}

/** Never the file's text (an error's message may quote it): see describeFailure. */
export function describeError(error: unknown): string {
  return describeFailure(error);
}
