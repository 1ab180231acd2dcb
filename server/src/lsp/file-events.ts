/**
 * `workspace/didChangeWatchedFiles`: tells each folder's repository what was
 * created, changed or deleted on disk, and re-lints what that affects: the
 * files themselves, and exactly the files whose last lint read one of them
 * (the repository keeps that record). A new configuration re-lints everything.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { type FileEvent, FileChangeType } from 'vscode-languageserver/node';
import type { RepositoryChange } from '../core/workspace/repository';
import { listFiles } from '../node/workspace';
import { fsPathOf, uriOf } from './document-paths';
import type { DocumentValidator } from './document-validator';
import type { WorkspaceScanner } from './workspace-scan';
import { isConfigFile, type WorkspaceFolderState, type WorkspaceIndex } from './workspace-index';

interface FolderChanges {
  changes: RepositoryChange[];
  configChanged: boolean;
}

export class FileEventHandler {
  constructor(
    private readonly index: WorkspaceIndex,
    private readonly validator: DocumentValidator,
    private readonly scanner: WorkspaceScanner,
  ) {}

  async handle(events: readonly FileEvent[]): Promise<void> {
    const byFolder = new Map<WorkspaceFolderState, FolderChanges>();
    const open = this.validator.openPaths();
    for (const event of events) {
      const fsPath = typeof event?.uri === 'string' ? fsPathOf(event.uri) : undefined;
      if (fsPath === undefined) continue;
      const inside = this.index.folderOf(fsPath);
      if (!inside) continue;
      const { folder, path: rel } = inside;
      let changes = byFolder.get(folder);
      if (!changes) {
        changes = { changes: [], configChanged: false };
        byFolder.set(folder, changes);
      }
      if (isConfigFile(rel)) changes.configChanged = true;
      switch (event.type) {
        case FileChangeType.Created:
          for (const added of this.added(folder, rel)) changes.changes.push({ path: added, type: 'created' });
          break;
        case FileChangeType.Changed:
          if (folder.paths.has(rel)) changes.changes.push({ path: rel, type: 'changed' });
          else if (folder.isListed(rel) && isFile(join(folder.root, rel))) changes.changes.push({ path: rel, type: 'created' });
          break;
        case FileChangeType.Deleted: {
          const gone = folder.pathsUnder(rel);
          for (const p of gone) {
            changes.changes.push({ path: p, type: 'deleted' });
            // A deleted file that is still open keeps its buffer, and the buffer's diagnostics.
            const absolute = join(folder.root, p);
            if (!open.has(absolute)) this.validator.publish(uriOf(absolute), []);
          }
          break;
        }
        default:
          break;
      }
    }
    for (const [folder, changes] of byFolder) await this.apply(folder, changes);
  }

  /** Paths a creation adds: the file, or every file of a created (moved-in) folder. */
  private added(folder: WorkspaceFolderState, rel: string): string[] {
    const absolute = join(folder.root, rel);
    let stat;
    try {
      stat = statSync(absolute);
    } catch {
      return []; // gone again before we looked
    }
    // A created dependency folder (node_modules, .venv) or an ignored one is not walked at all.
    if (stat.isDirectory() && !folder.isListed(`${rel}/-`)) return [];
    const found = stat.isDirectory() ? listFiles(absolute, []).map((p) => `${rel}/${p}`) : stat.isFile() ? [rel] : [];
    return found.filter((p) => folder.isListed(p));
  }

  private async apply(folder: WorkspaceFolderState, { changes, configChanged }: FolderChanges): Promise<void> {
    if (configChanged) {
      folder.repository.apply(changes);
      folder.reloadConfig();
      this.validator.revalidateOpen(folder);
      await this.scanner.scan([folder], true);
      return;
    }
    const affected = folder.repository.apply(changes);
    for (const { path, type } of changes) {
      if (type === 'deleted') folder.linter.forget(path);
      else affected.add(path);
    }
    await this.relint(folder, affected);
  }

  /**
   * Lints some files of a folder again: open ones from their buffers (soon),
   * the others from disk, in batches.
   */
  async relint(folder: WorkspaceFolderState, paths: Iterable<string>): Promise<void> {
    const open = this.validator.openPaths();
    const fromDisk: string[] = [];
    for (const rel of paths) {
      const openUri = open.get(join(folder.root, rel));
      if (openUri !== undefined) this.validator.invalidate(openUri);
      else if (folder.paths.has(rel) && (folder.repository.mayHaveKind(rel) || rel === folder.configPath)) fromDisk.push(rel);
    }
    await this.scanner.lintFiles(folder, fromDisk.sort());
  }
}

function isFile(absolute: string): boolean {
  try {
    return statSync(absolute).isFile();
  } catch {
    return false;
  }
}
