/**
 * Lints the files of the workspace folders that no editor has open, so their
 * problems reach the Problems panel. Work is cut into small batches with a
 * turn of the event loop between them: keystrokes and code-action requests
 * are served while a large repository is being read.
 */
import { join } from 'node:path';
import type { Connection, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import { uriOf } from './document-paths';
import type { DocumentValidator } from './document-validator';
import type { SettingsStore } from './settings';
import type { WorkspaceFolderState } from './workspace-index';

const BATCH_SIZE = 25;

export interface ScanTotals {
  files: number;
  findings: number;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class WorkspaceScanner {
  /** Bumped by every new scan of a folder; an older scan of the same folder stops at its next batch. */
  private readonly generations = new Map<string, number>();

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
  async scan(folders: readonly WorkspaceFolderState[], rewalk: boolean): Promise<ScanTotals> {
    const jobs = folders.map((folder) => ({ folder, files: this.candidates(folder, rewalk) }));
    const total = jobs.reduce((n, j) => n + j.files.length, 0);
    const progress = await this.beginProgress(total);
    const totals: ScanTotals = { files: 0, findings: 0 };
    let processed = 0;
    try {
      for (const { folder, files } of jobs) {
        const generation = (this.generations.get(folder.uri) ?? 0) + 1;
        this.generations.set(folder.uri, generation);
        const current = () => this.generations.get(folder.uri) === generation;
        for (let i = 0; i < files.length; i += BATCH_SIZE) {
          if (!current()) break;
          const batch = files.slice(i, i + BATCH_SIZE);
          const done = await this.lintBatch(folder, batch, current);
          totals.files += done.files;
          totals.findings += done.findings;
          processed += batch.length;
          progress?.report(Math.round((processed / total) * 100), `${processed}/${total} files`);
          await nextTurn();
        }
      }
    } finally {
      progress?.done();
    }
    return totals;
  }

  /** Stops a running scan of the folder at its next step (the folder was removed, or is being scanned anew). */
  cancel(folderUri: string): void {
    this.generations.set(folderUri, (this.generations.get(folderUri) ?? 0) + 1);
  }

  /** Lints some files of one folder (after file events), in batches like a scan. */
  async lintFiles(folder: WorkspaceFolderState, files: readonly string[]): Promise<ScanTotals> {
    const totals: ScanTotals = { files: 0, findings: 0 };
    for (let i = 0; i < files.length; i += BATCH_SIZE) {
      const done = await this.lintBatch(folder, files.slice(i, i + BATCH_SIZE));
      totals.files += done.files;
      totals.findings += done.findings;
      if (i + BATCH_SIZE < files.length) await nextTurn();
    }
    return totals;
  }

  private candidates(folder: WorkspaceFolderState, rewalk: boolean): string[] {
    const paths = rewalk ? folder.refreshPaths() : [...folder.paths].sort();
    return paths.filter((rel) => folder.repository.mayHaveKind(rel) || rel === folder.configPath);
  }

  private async lintBatch(folder: WorkspaceFolderState, batch: readonly string[], stillWanted: () => boolean = () => true): Promise<ScanTotals> {
    // One `workspace/configuration` request for the whole batch, not one per file.
    const settings = await this.settings.getMany(batch.map((rel) => uriOf(join(folder.root, rel))));
    // The folder may have been removed or rescanned while the settings were on their way.
    if (!stillWanted()) return { files: 0, findings: 0 };
    // Read after the await: a file opened meanwhile belongs to its buffer.
    const open = this.validator.openPaths();
    const totals: ScanTotals = { files: 0, findings: 0 };
    batch.forEach((rel, i) => {
      const n = this.validator.validateFile(folder, rel, settings[i], open);
      if (n === undefined) return;
      totals.files++;
      totals.findings += n;
    });
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
