/**
 * What the server knows of each workspace folder: its root, its
 * `.roo-devops.yaml`, and its repository — the set of its file paths, the
 * parsed files (open buffers winning over the disk) and who read what. Kept
 * current from file events and buffer changes rather than by walking the disk again.
 */
import { sep } from 'node:path';
import { CONFIG_FILE_NAMES, type ResolvedConfig } from '../core/config';
import { type KindPatterns, matchesAny } from '../core/detect';
import type { PathIndex } from '../core/path-index';
import { RepositoryLinter } from '../core/linter';
import { Repository } from '../core/workspace/repository';
import { diskHost, listFiles, loadConfig, relativeTo, SKIPPED_DIRS } from '../node/workspace';
import { fsPathOf, pathOfNonFileUri, pathOutsideFolders } from './document-paths';
import { mergeKinds } from './settings';

export class WorkspaceFolderState {
  config: ResolvedConfig;
  /** Workspace-relative path of the configuration file, when there is one inside the folder. */
  configPath: string | undefined;
  readonly repository: Repository;
  /** Lints through the repository, keeping each file's last result for rule-level re-use. */
  readonly linter: RepositoryLinter;

  /** The folder's `rooDevops.kinds` setting: patterns for the kinds the configuration file does not list. */
  private settingsKinds: KindPatterns | undefined;

  constructor(
    readonly uri: string,
    readonly root: string,
  ) {
    const loaded = loadConfig(root);
    this.config = loaded.config;
    this.configPath = loaded.path ? relativeTo(root, loaded.path) : undefined;
    this.repository = new Repository(diskHost(root), this.config.kinds);
    this.linter = new RepositoryLinter(this.repository);
  }

  /**
   * Takes the folder's `rooDevops.kinds` setting (the file's `kinds` win per kind); returns whether
   * the kind patterns changed, in which case everything derived from them is forgotten.
   */
  useSettingsKinds(kinds: KindPatterns | undefined): boolean {
    if (JSON.stringify(kinds ?? null) === JSON.stringify(this.settingsKinds ?? null)) return false;
    this.settingsKinds = kinds;
    this.reloadConfig();
    return true;
  }

  /** The folder's paths, as the repository holds them. */
  get paths(): PathIndex {
    return this.repository.paths;
  }

  /** Reads the configuration again; everything derived under the old kind patterns is forgotten. */
  reloadConfig(): void {
    const loaded = loadConfig(this.root);
    const kinds = mergeKinds(loaded.config.kinds, this.settingsKinds);
    this.config = kinds === loaded.config.kinds ? loaded.config : { ...loaded.config, kinds };
    this.configPath = loaded.path ? relativeTo(this.root, loaded.path) : undefined;
    this.repository.setKinds(this.config.kinds);
  }

  /** Walks the folder again; returns the sorted paths. */
  refreshPaths(): string[] {
    const all = listFiles(this.root, this.config.ignore);
    this.repository.reset(all, this.config.kinds);
    return all;
  }

  /** Whether listFiles would have listed this path, so the set stays what a fresh walk would give. */
  isListed(rel: string): boolean {
    const segments = rel.split('/');
    if (segments.slice(0, -1).some((s) => SKIPPED_DIRS.has(s))) return false;
    return !(this.config.ignore.length && matchesAny(rel, this.config.ignore));
  }

  /** The listed paths at `rel` or, when it was a folder, below it. */
  pathsUnder(rel: string): string[] {
    const found: string[] = [];
    const prefix = `${rel}/`;
    for (const p of this.paths) {
      if (p === rel || p.startsWith(prefix)) found.push(p);
    }
    return found;
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
