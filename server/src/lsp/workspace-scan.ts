/**
 * Lints the files of the workspace folders that no editor has open, so their
 * problems reach the Problems panel. Work is cut into small batches with a
 * turn of the event loop between them: keystrokes and code-action requests
 * are served while a large repository is being read.
 */
import { join } from 'node:path';
import type { CancellationToken, Connection, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import { uriOf } from './document-paths';
import type { DocumentValidator } from './document-validator';
import { type ScanTotals, type ServerStatus, StatusNotification } from './protocol';

export type { ScanTotals } from './protocol';
import type { SettingsStore } from './settings';
import type { WorkspaceFolderState } from './workspace-index';

const BATCH_SIZE = 25;

export function emptyTotals(): ScanTotals {
  return { files: 0, findings: 0, bySeverity: { error: 0, warning: 0, info: 0 }, cancelled: false };
}

/** Adds `more` into `into` (files, findings and severities). */
export function addTotals(into: ScanTotals, more: ScanTotals): void {
  into.files += more.files;
  into.findings += more.findings;
  into.bySeverity.error += more.bySeverity.error;
  into.bySeverity.warning += more.bySeverity.warning;
  into.bySeverity.info += more.bySeverity.info;
}

export interface ScanOptions {
  /** A request's token: the scan stops between files once it is cancelled. */
  token?: CancellationToken;
  /** The request's own work-done progress (its `workDoneToken`); without it the server creates one when the client allows. */
  progress?: WorkDoneProgressReporter;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class WorkspaceScanner {
  /** Bumped by every new scan of a folder; an older scan of the same folder stops at its next batch. */
  private readonly generations = new Map<string, number>();
  /** Scans under way; the status turns `ready` when the last one ends. */
  private running = 0;

  constructor(
    private readonly connection: Connection,
    private readonly validator: DocumentValidator,
    private readonly settings: SettingsStore,
    private readonly supportsProgress: () => boolean,
  ) {}

  /**
   * Lints every candidate file of the folders that is not open; with `rewalk`,
   * lists the folders again first (the paths may have drifted from the disk).
   */
  async scan(folders: readonly WorkspaceFolderState[], rewalk: boolean, options: ScanOptions = {}): Promise<ScanTotals> {
    // `rooDevops.kinds` is read per folder: it decides which files are candidates at all.
    const folderSettings = await this.settings.getMany(folders.map((f) => f.uri));
    folders.forEach((folder, i) => {
      if (!folder.useSettingsKinds(folderSettings[i].kinds)) return;
      rewalk = true;
      // Open buffers may have another kind now: linted again under the new patterns.
      for (const [path, uri] of this.validator.openPaths()) if (path.startsWith(folder.root)) this.validator.schedule(uri, 0);
    });
    const jobs = folders.map((folder) => ({ folder, files: this.candidates(folder, rewalk) }));
    const total = jobs.reduce((n, j) => n + j.files.length, 0);
    const cancelled = () => options.token?.isCancellationRequested === true;
    let progress: WorkDoneProgressReporter | undefined;
    if (options.progress) {
      progress = options.progress;
      progress.begin('Roo DevOps: validating workspace', 0, `0/${total} files`, options.token !== undefined);
    } else {
      progress = await this.beginProgress(total);
    }
    const totals = emptyTotals();
    let processed = 0;
    this.running++;
    this.status({ state: 'checking', done: 0, total });
    try {
      for (const { folder, files } of jobs) {
        const generation = (this.generations.get(folder.uri) ?? 0) + 1;
        this.generations.set(folder.uri, generation);
        const current = () => this.generations.get(folder.uri) === generation && !cancelled();
        for (let i = 0; i < files.length; i += BATCH_SIZE) {
          if (!current()) break;
          const batch = files.slice(i, i + BATCH_SIZE);
          const done = await this.lintBatch(folder, batch, current);
          addTotals(totals, done);
          processed += done.checked;
          progress?.report(total === 0 ? 100 : Math.round((processed / total) * 100), `${processed}/${total} files`);
          this.status({ state: 'checking', done: processed, total });
          await nextTurn();
        }
        if (cancelled()) break;
      }
    } finally {
      progress?.done();
      this.running--;
      if (this.running === 0) this.status({ state: 'ready', files: totals.files, findings: totals.findings });
    }
    totals.cancelled = cancelled();
    return totals;
  }

  private status(status: ServerStatus): void {
    void this.connection.sendNotification(StatusNotification, status).catch(() => {
      // The client went away; nothing to tell it.
    });
  }

  /** Stops a running scan of the folder at its next step (the folder was removed, or is being scanned anew). */
  cancel(folderUri: string): void {
    this.generations.set(folderUri, (this.generations.get(folderUri) ?? 0) + 1);
  }

  /** Lints some files of one folder (after file events), in batches like a scan. */
  async lintFiles(folder: WorkspaceFolderState, files: readonly string[]): Promise<ScanTotals> {
    const totals = emptyTotals();
    for (let i = 0; i < files.length; i += BATCH_SIZE) {
      const done = await this.lintBatch(folder, files.slice(i, i + BATCH_SIZE));
      addTotals(totals, done);
      if (i + BATCH_SIZE < files.length) await nextTurn();
    }
    return totals;
  }

  private candidates(folder: WorkspaceFolderState, rewalk: boolean): string[] {
    const paths = rewalk ? folder.refreshPaths() : [...folder.paths].sort();
    return paths.filter((rel) => folder.repository.mayHaveKind(rel) || rel === folder.configPath);
  }

  /** Lints a batch; `checked` counts the candidates gone through (linted or not), for the progress. */
  private async lintBatch(folder: WorkspaceFolderState, batch: readonly string[], stillWanted: () => boolean = () => true): Promise<ScanTotals & { checked: number }> {
    // One `workspace/configuration` request for the whole batch, not one per file.
    const uris = batch.map((rel) => uriOf(join(folder.root, rel)));
    const settings = await this.settings.getMany(uris);
    const totals = { ...emptyTotals(), checked: 0 };
    const waiting = this.validator.beforeLint(folder);
    if (waiting) await waiting;
    // The folder may have been removed or rescanned while the settings (or the HCL parser) were on their way.
    if (!stillWanted()) return totals;
    // Read after the await: a file opened meanwhile belongs to its buffer.
    const open = this.validator.openPaths();
    for (let i = 0; i < batch.length; i++) {
      // Stops between files when the request is cancelled.
      if (!stillWanted()) break;
      totals.checked++;
      const n = this.validator.validateFile(folder, batch[i], settings[i], open);
      if (n === undefined) continue;
      totals.files++;
      totals.findings += n;
      const s = this.validator.publishedSeverities(uris[i]);
      totals.bySeverity.error += s.error;
      totals.bySeverity.warning += s.warning;
      totals.bySeverity.info += s.info;
    }
    return totals;
  }

  private async beginProgress(total: number): Promise<WorkDoneProgressReporter | undefined> {
    if (!this.supportsProgress() || total === 0) return undefined;
    try {
      const reporter = await this.connection.window.createWorkDoneProgress();
      reporter.begin('Roo DevOps: validating workspace', 0, `${total} files`);
      return reporter;
    } catch {
      return undefined; // a client that refuses progress still gets its diagnostics
    }
  }
}
