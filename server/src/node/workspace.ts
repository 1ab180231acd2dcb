/**
 * The file-system side of a workspace, shared by the CLI and the language server:
 * listing files, reading them safely, loading the configuration. The engine never
 * sees any of this; it gets paths and texts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { CONFIG_FILE_NAMES, DEFAULT_CONFIG, type ResolvedConfig, resolveConfig } from '../core/config';
import { type KindPatterns, matchesAny, mayHaveKind } from '../core/detect';
import { RULES } from '../core/rules';
import { Repository, type RepositoryHost } from '../core/workspace/repository';

/** Folders that hold dependencies or build output, never the team's own sources. */
export const SKIPPED_DIRS = new Set(['.git', 'node_modules', '.terraform', '.venv', 'venv', '__pycache__', '.tox', '.hg', '.svn']);

/** Files larger than this are not read: no DevOps file is this big, and a log or dump would stall the editor. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

/** Workspace-relative POSIX path of an absolute path, or undefined when it lies outside the root. */
export function relativeTo(root: string, absolute: string): string | undefined {
  const rel = relative(root, absolute);
  if (rel === '' || rel.startsWith('..') || /^[a-zA-Z]:/.test(rel) || rel.startsWith(sep)) return undefined;
  return toPosix(rel);
}

/** Every file under `root`, as sorted workspace-relative POSIX paths, dependency folders and ignored globs excluded. */
export function listFiles(root: string, ignore: readonly string[] = []): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (SKIPPED_DIRS.has(e.name)) continue;
        if (ignore.length && matchesAny(`${childRel}/`, ignore)) continue;
        walk(join(dir, e.name), childRel);
      } else if (e.isFile()) {
        if (ignore.length && matchesAny(childRel, ignore)) continue;
        out.push(childRel);
      }
    }
  };
  walk(root, '');
  return out.sort();
}

/** The repository of a listing of `root`, reading texts from disk on request (none without a root). */
export function workspaceView(paths: Iterable<string>, root?: string, kinds: KindPatterns = []): Repository {
  return new Repository(diskHost(root), kinds).addPaths(paths);
}

/** Reads workspace files under `root` for a Repository. */
export function diskHost(root: string | undefined): RepositoryHost {
  return { read: (p: string) => (root === undefined ? undefined : readText(join(root, p))) };
}

/**
 * The text of a file, or undefined when it is missing, too large or binary
 * (a NUL byte in its first 8 KiB).
 */
export function readText(absolute: string): string | undefined {
  try {
    const st = statSync(absolute);
    if (!st.isFile() || st.size > MAX_FILE_BYTES) return undefined;
    const buf = readFileSync(absolute);
    if (buf.subarray(0, 8192).includes(0)) return undefined;
    return buf.toString('utf8').replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
}

export interface LoadedConfig {
  /** Absolute path of the configuration file, when there is one. */
  path: string | undefined;
  text: string | undefined;
  config: ResolvedConfig;
}

export function findConfigFile(root: string): string | undefined {
  for (const name of CONFIG_FILE_NAMES) {
    const p = join(root, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** The configuration of a workspace: the given file, or the first of the standard names at its root. */
export function loadConfig(root: string, explicitPath?: string): LoadedConfig {
  const path = explicitPath ?? findConfigFile(root);
  if (!path) return { path: undefined, text: undefined, config: DEFAULT_CONFIG };
  const text = readText(path);
  return { path, text, config: resolveConfig(text, RULES) };
}

/** Files of the workspace that some kind claims, by path or possibly by content. */
export function isCandidate(rel: string, config: ResolvedConfig): boolean {
  return mayHaveKind(rel, config.kinds);
}

export { DEFAULT_CONFIG };
