/**
 * What the server knows of each workspace folder without an editor buffer: its
 * root, its `.roo-devops.yaml`, and the set of its file paths (the engine's
 * WorkspaceView, which the lockfile rule reads to see a file's siblings). Kept
 * current from file events rather than by walking the disk again.
 */
import { join, sep } from 'node:path';
import { CONFIG_FILE_NAMES, type ResolvedConfig } from '../core/config';
import { matchesAny } from '../core/detect';
import type { WorkspaceView } from '../core/types';
import { PathIndex } from '../core/path-index';
import { listFiles, loadConfig, readText, relativeTo, SKIPPED_DIRS } from '../node/workspace';
import { fsPathOf, pathOfNonFileUri, pathOutsideFolders } from './document-paths';

export class WorkspaceFolderState {
  config: ResolvedConfig;
  /** Workspace-relative path of the configuration file, when there is one inside the folder. */
  configPath: string | undefined;
  readonly paths = new PathIndex();
  readonly view: WorkspaceView = {
    has: (p) => this.paths.has(p),
    list: (dir) => this.paths.list(dir),
    read: (p) => (this.paths.has(p) ? readText(join(this.root, p)) : undefined),
  };

  constructor(
    readonly uri: string,
    readonly root: string,
  ) {
    const loaded = loadConfig(root);
    this.config = loaded.config;
    this.configPath = loaded.path ? relativeTo(root, loaded.path) : undefined;
  }

  reloadConfig(): void {
    const loaded = loadConfig(this.root);
    this.config = loaded.config;
    this.configPath = loaded.path ? relativeTo(this.root, loaded.path) : undefined;
  }

  /** Walks the folder again; returns the sorted paths. */
  refreshPaths(): string[] {
    const all = listFiles(this.root, this.config.ignore);
    this.paths.clear();
    for (const p of all) this.paths.add(p);
    return all;
  }

  /** Whether listFiles would have listed this path, so the set stays what a fresh walk would give. */
  isListed(rel: string): boolean {
    const segments = rel.split('/');
    if (segments.slice(0, -1).some((s) => SKIPPED_DIRS.has(s))) return false;
    return !(this.config.ignore.length && matchesAny(rel, this.config.ignore));
  }

  /** Removes a path and, when it was a folder, everything below it; returns what was removed. */
  removePath(rel: string): string[] {
    const removed: string[] = [];
    const prefix = `${rel}/`;
    for (const p of this.paths) {
      if (p === rel || p.startsWith(prefix)) removed.push(p);
    }
    for (const p of removed) this.paths.delete(p);
    return removed;
  }
}

/** Where a document lives, as the engine needs it. */
export interface DocumentLocation {
  /** The folder holding the file, if any. */
  folder: WorkspaceFolderState | undefined;
  /** Engine path: relative to the folder, or a best-effort suffix outside every folder. */
  path: string;
  /** Absolute file-system path for `file:` URIs. */
  fsPath: string | undefined;
}

export class WorkspaceIndex {
  private readonly folders = new Map<string, WorkspaceFolderState>();

  all(): WorkspaceFolderState[] {
    return [...this.folders.values()];
  }

  /** Adds (or replaces) a folder; folders that are not `file:` URIs are skipped, there is no disk to read. */
  add(uri: string): WorkspaceFolderState | undefined {
    const root = fsPathOf(uri);
    if (root === undefined) return undefined;
    const state = new WorkspaceFolderState(uri, root);
    // Listed at once so that the first buffers linted already see their siblings.
    state.refreshPaths();
    this.folders.set(uri, state);
    return state;
  }

  remove(uri: string): WorkspaceFolderState | undefined {
    const state = this.folders.get(uri);
    this.folders.delete(uri);
    return state;
  }

  /** The innermost folder containing an absolute path, with the relative path inside it. */
  folderOf(absolute: string): { folder: WorkspaceFolderState; path: string } | undefined {
    let best: { folder: WorkspaceFolderState; path: string } | undefined;
    for (const folder of this.folders.values()) {
      if (!absolute.startsWith(folder.root.endsWith(sep) ? folder.root : folder.root + sep)) continue;
      const rel = relativeTo(folder.root, absolute);
      if (rel === undefined) continue;
      if (!best || folder.root.length > best.folder.root.length) best = { folder, path: rel };
    }
    return best;
  }

  locate(uri: string): DocumentLocation {
    const fsPath = fsPathOf(uri);
    if (fsPath === undefined) return { folder: undefined, path: pathOutsideFolders(pathOfNonFileUri(uri)), fsPath };
    const inside = this.folderOf(fsPath);
    if (inside) return { folder: inside.folder, path: inside.path, fsPath };
    return { folder: undefined, path: pathOutsideFolders(fsPath), fsPath };
  }
}

/** Whether a workspace-relative path is the folder's configuration file (at its root). */
export function isConfigFile(rel: string): boolean {
  return (CONFIG_FILE_NAMES as readonly string[]).includes(rel);
}
