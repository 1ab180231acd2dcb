/**
 * The file-system side of a workspace, shared by the CLI and the language server:
 * listing files, reading them safely, loading the configuration. The engine never
 * sees any of this; it gets paths and texts.
 */
import { type Dirent, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
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

/** Something a walk of the workspace met but could not list or read. */
export interface ListingProblem {
  /** Workspace-relative POSIX path (a name that is not UTF-8 shows U+FFFD where its bytes were). */
  path: string;
  /** Why, as the end of a sentence: "folder unreadable (EACCES)". */
  reason: string;
  /** True for a folder: what it holds went unchecked. */
  folder: boolean;
}

/**
 * Every file under `root`, as sorted workspace-relative POSIX paths, dependency
 * folders and ignored globs excluded. Symbolic links are followed when their
 * target lies inside the workspace (a linked folder is walked once, so a cycle
 * ends); links that leave it are never followed. What cannot be listed — an
 * unreadable folder, a dangling link, a name that is not UTF-8 — goes to
 * `problems`, once, instead of vanishing. Shared by the CLI and the language server.
 */
export function listFiles(root: string, ignore: readonly string[] = [], problems?: (p: ListingProblem) => void): string[] {
  const out: string[] = [];
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch (e) {
    problems?.({ path: '.', reason: `folder unreadable (${errorCode(e)})`, folder: true });
    return out;
  }
  // Real folders already walked through a link: each at most once, so neither a cycle nor a fan of links multiplies the walk.
  const linkedFolders = new Set<string>();
  const insideRoot = (real: string) => real === realRoot || relativeTo(realRoot, real) !== undefined;
  const skipped = (childRel: string) => ignore.length > 0 && matchesAny(childRel, ignore);
  const walk = (dir: string, realDir: string, rel: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      problems?.({ path: rel || '.', reason: `folder unreadable (${errorCode(e)})`, folder: true });
      return;
    }
    // In name order, so which of two links to one folder is walked does not depend on the file system.
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const utf8Names = entries.some((e) => e.name.includes('\uFFFD')) ? namesNotUtf8(dir, rel, skipped, problems) : undefined;
    for (const e of entries) {
      const name = e.name;
      const childRel = rel ? `${rel}/${name}` : name;
      // Its text name would name another file, or none: said once by namesNotUtf8 rather than failing to read it later.
      if (utf8Names && name.includes('\uFFFD') && !utf8Names.has(name)) continue;
      const absolute = join(dir, name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      let real = join(realDir, name);
      if (e.isSymbolicLink()) {
        try {
          real = realpathSync(absolute);
          const st = statSync(real);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch (err) {
          if (!skipped(childRel)) problems?.({ path: childRel, reason: `dangling symbolic link (${errorCode(err)})`, folder: false });
          continue;
        }
        // Never leave the workspace through a link: what lies outside is not this workspace's to check.
        if (!insideRoot(real)) continue;
        if (isDir) {
          // A link to a folder that holds it is a cycle.
          if (realDir === real || realDir.startsWith(`${real}${sep}`) || linkedFolders.has(real)) continue;
          linkedFolders.add(real);
        }
      }
      if (isDir) {
        if (SKIPPED_DIRS.has(name)) continue;
        if (skipped(`${childRel}/`)) continue;
        walk(absolute, real, childRel);
      } else if (isFile) {
        if (skipped(childRel)) continue;
        out.push(childRel);
      } else if (!skipped(childRel)) {
        // A FIFO, socket or device under a checked name is never opened (a FIFO would block), but said.
        problems?.({ path: childRel, reason: 'not a regular file', folder: false });
      }
    }
  };
  walk(root, realRoot, '');
  return out.sort();
}

/**
 * The names in `dir` that are valid UTF-8; each one that is not goes to `problems`.
 * Only called when a name shows U+FFFD, so an ordinary folder is read once.
 */
function namesNotUtf8(dir: string, rel: string, skipped: (rel: string) => boolean, problems?: (p: ListingProblem) => void): Set<string> {
  const valid = new Set<string>();
  let raw: Buffer[];
  try {
    raw = readdirSync(dir, { encoding: 'buffer' });
  } catch {
    return valid;
  }
  for (const bytes of raw) {
    const name = bytes.toString('utf8');
    if (Buffer.from(name, 'utf8').equals(bytes)) {
      valid.add(name);
      continue;
    }
    const childRel = rel ? `${rel}/${name}` : name;
    if (skipped(childRel)) continue;
    let folder = false;
    try {
      folder = lstatSync(Buffer.concat([Buffer.from(`${dir}${sep}`), bytes])).isDirectory();
    } catch {
      // Gone meanwhile: still a name that was not checked.
    }
    problems?.({ path: childRel, reason: `its name is not valid UTF-8 (${bytesOfName(bytes)})`, folder });
  }
  return valid;
}

/** A file name's bytes as text, each byte that is not part of valid UTF-8 written `\xNN`. */
function bytesOfName(name: Buffer): string {
  let out = '';
  let i = 0;
  while (i < name.length) {
    const b = name[i];
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    const piece = length ? name.subarray(i, i + length) : undefined;
    const text = piece && piece.length === length ? piece.toString('utf8') : undefined;
    if (piece && text !== undefined && Buffer.from(text, 'utf8').equals(piece)) {
      out += text;
      i += length;
    } else {
      out += `\\x${b.toString(16).padStart(2, '0')}`;
      i++;
    }
  }
  return out;
}

function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException)?.code ?? String(e);
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
 * A file's text, or why there is none: `content` when the file was read but is not
 * text this product reads (binary, too large), `access` when it could not be read at all.
 */
export type ReadResult = { text: string; skipped?: undefined; cause?: undefined } | { text?: undefined; skipped: string; cause: 'content' | 'access' };

/**
 * Reads a file as text: UTF-8 (a BOM dropped), or UTF-16 when it starts with a
 * UTF-16 byte-order mark. Anything else says why it was not read: missing, not a
 * regular file (a folder, a FIFO, a socket — never opened, so nothing blocks),
 * larger than MAX_FILE_BYTES, binary (a NUL byte in its first 8 KiB), unreadable.
 */
export function readFileText(absolute: string): ReadResult {
  let size: number;
  try {
    const st = statSync(absolute);
    if (st.isDirectory()) return { skipped: 'it is a folder', cause: 'access' };
    if (!st.isFile()) return { skipped: 'not a regular file', cause: 'access' };
    size = st.size;
  } catch (e) {
    const code = errorCode(e);
    return { skipped: code === 'ENOENT' ? 'no such file (or a dangling link)' : `unreadable (${code})`, cause: 'access' };
  }
  if (size > MAX_FILE_BYTES) return { skipped: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`, cause: 'content' };
  let buf: Buffer;
  try {
    buf = readFileSync(absolute);
  } catch (e) {
    return { skipped: `unreadable (${errorCode(e)})`, cause: 'access' };
  }
  if (buf.length > MAX_FILE_BYTES) return { skipped: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`, cause: 'content' };
  const utf16 = decodeUtf16(buf);
  if (utf16 !== undefined) return { text: utf16 };
  if (buf.subarray(0, 8192).includes(0)) return { skipped: 'binary (a NUL byte in its first 8 KiB)', cause: 'content' };
  return { text: buf.toString('utf8').replace(/^\uFEFF/, '') };
}

/** The text of a file starting with a UTF-16 byte-order mark (without it), else undefined. */
function decodeUtf16(buf: Buffer): string | undefined {
  if (buf.length < 2) return undefined;
  if (buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder('utf-16le').decode(buf.subarray(2));
  if (buf[0] === 0xfe && buf[1] === 0xff) return new TextDecoder('utf-16be').decode(buf.subarray(2));
  return undefined;
}

/** The text of a file, or undefined when readFileText says why not. */
export function readText(absolute: string): string | undefined {
  return readFileText(absolute).text;
}

export interface LoadedConfig {
  /** Absolute path of the configuration file, when there is one. */
  path: string | undefined;
  text: string | undefined;
  config: ResolvedConfig;
  /** Why a configuration file that exists could not be read; the defaults apply meanwhile. */
  unreadable?: string;
}

export function findConfigFile(root: string): string | undefined {
  for (const name of CONFIG_FILE_NAMES) {
    const p = join(root, name);
    // lstat: a dangling link or a folder under the name is a configuration that cannot be read, not no configuration.
    try {
      lstatSync(p);
      return p;
    } catch {
      // Absent.
    }
  }
  return undefined;
}

/** The configuration of a workspace: the given file, or the first of the standard names at its root. */
export function loadConfig(root: string, explicitPath?: string): LoadedConfig {
  const path = explicitPath ?? findConfigFile(root);
  if (!path) return { path: undefined, text: undefined, config: DEFAULT_CONFIG };
  const read = readFileText(path);
  return { path, text: read.text, config: resolveConfig(read.text, RULES), ...(read.skipped ? { unreadable: read.skipped } : {}) };
}

/** Files of the workspace that some kind claims, by path or possibly by content. */
export function isCandidate(rel: string, config: ResolvedConfig): boolean {
  return mayHaveKind(rel, config.kinds);
}

export { DEFAULT_CONFIG };
