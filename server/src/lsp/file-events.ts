/**
 * `workspace/didChangeWatchedFiles`: keeps each folder's set of paths current
 * and re-lints what a change affects. A file's own findings follow its text; a
 * lockfile's also follow which siblings exist, so a creation or deletion
 * re-lints the rest of its directory. A new configuration re-lints everything.
 */
import { statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { type FileEvent, FileChangeType } from 'vscode-languageserver/node';
import { kindByPath } from '../core/detect';
import { PIPELINE_KINDS } from '../core/types';
import { isCandidate, listFiles } from '../node/workspace';
import { fsPathOf, uriOf } from './document-paths';
import type { DocumentValidator } from './document-validator';
import type { WorkspaceScanner } from './workspace-scan';
import { isConfigFile, type WorkspaceFolderState, type WorkspaceIndex } from './workspace-index';

interface FolderChanges {
  /** Files whose own text may have changed. */
  touched: Set<string>;
  /** Directories where a file appeared or disappeared. */
  directories: Set<string>;
  /** Files that are gone. */
  deleted: string[];
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
        changes = { touched: new Set(), directories: new Set(), deleted: [], configChanged: false };
        byFolder.set(folder, changes);
      }
      if (isConfigFile(rel)) changes.configChanged = true;
      switch (event.type) {
        case FileChangeType.Created:
          for (const added of this.added(folder, rel)) {
            changes.touched.add(added);
            changes.directories.add(posix.dirname(added));
          }
          break;
        case FileChangeType.Changed:
          if (!folder.paths.has(rel) && folder.isListed(rel) && isFile(join(folder.root, rel))) folder.paths.add(rel);
          changes.touched.add(rel);
          break;
        case FileChangeType.Deleted: {
          const removed = folder.removePath(rel);
          changes.deleted.push(...(removed.length ? removed : [rel]));
          for (const gone of removed.length ? removed : [rel]) {
            changes.directories.add(posix.dirname(gone));
            // A deleted file that is still open keeps its buffer, and the buffer's diagnostics.
            const absolute = join(folder.root, gone);
            if (!open.has(absolute)) this.validator.publish(uriOf(absolute), []);
          }
          break;
        }
        default:
          break;
      }
    }
    for (const [folder, changes] of byFolder) await this.apply(folder, changes, open);
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
    const kept = found.filter((p) => folder.isListed(p));
    for (const p of kept) folder.paths.add(p);
    return kept;
  }

  private async apply(folder: WorkspaceFolderState, changes: FolderChanges, open: Map<string, string>): Promise<void> {
    if (changes.configChanged) {
      folder.reloadConfig();
      this.revalidateOpen(folder, open);
      await this.scanner.scan([folder], true);
      return;
    }
    const affected = new Set(changes.touched);
    // Pipeline rules read repository-wide facts (package.json scripts, other pipelines, composite actions,
    // Python manifests): when one of those changes, every pipeline file is linted again.
    if ([...changes.touched, ...changes.deleted].some(isRepositoryFact)) {
      for (const p of folder.paths) if (isPipeline(p, folder)) affected.add(p);
    }
    if (changes.directories.size > 0) {
      for (const p of folder.paths) {
        if (changes.directories.has(posix.dirname(p))) affected.add(p);
      }
    }
    const fromDisk: string[] = [];
    for (const rel of affected) {
      const openUri = open.get(join(folder.root, rel));
      if (openUri !== undefined) this.validator.schedule(openUri);
      else if (folder.paths.has(rel) && (isCandidate(rel, folder.config) || rel === folder.configPath)) fromDisk.push(rel);
    }
    await this.scanner.lintFiles(folder, fromDisk.sort());
  }

  private revalidateOpen(folder: WorkspaceFolderState, open: Map<string, string>): void {
    for (const [absolute, uri] of open) {
      if (this.index.folderOf(absolute)?.folder === folder) this.validator.schedule(uri, 0);
    }
  }
}

const PIPELINES = new Set<string>(PIPELINE_KINDS);

function isPipeline(rel: string, folder: WorkspaceFolderState): boolean {
  return PIPELINES.has(kindByPath(rel, folder.config.kinds) ?? '');
}

/** Files whose content other files' findings depend on. */
function isRepositoryFact(rel: string): boolean {
  return /(^|\/)(package\.json|pyproject\.toml|Pipfile|setup\.py|setup\.cfg|action\.ya?ml|requirements[^/]*\.txt|Cargo\.lock|go\.mod)$/.test(rel) || /(^|\/)(\.github\/workflows\/[^/]+\.ya?ml|\.gitlab-ci\.ya?ml|\.circleci\/config\.ya?ml|azure-pipelines[^/]*\.ya?ml|bitbucket-pipelines\.ya?ml|Jenkinsfile)$/.test(rel);
}

function isFile(absolute: string): boolean {
  try {
    return statSync(absolute).isFile();
  } catch {
    return false;
  }
}
