/**
 * Mapping between the URIs the editor speaks and the paths the engine reads.
 * The engine detects a file's kind by its workspace-relative POSIX path, so the
 * mapping decides which rules a document gets.
 */
import { basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { kindByPath } from '../core/detect';
import { toPosix } from '../node/workspace';

/** Absolute file-system path of a `file:` URI, or undefined for other schemes and malformed URIs. */
export function fsPathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function uriOf(absolute: string): string {
  return pathToFileURL(absolute).href;
}

/**
 * The path-ish name of a document of another scheme (`untitled:Untitled-1`,
 * `git:/repo/.github/workflows/ci.yml?…`): the path part of the URI, decoded.
 */
export function pathOfNonFileUri(uri: string): string {
  const colon = uri.indexOf(':');
  let rest = colon >= 0 ? uri.slice(colon + 1) : uri;
  rest = rest.replace(/[?#].*$/, '').replace(/^\/\/[^/]*/, '');
  try {
    rest = decodeURIComponent(rest);
  } catch {
    // A stray `%` is kept as it is: the name only steers kind detection.
  }
  return rest;
}

/** How many trailing segments a file outside every folder may keep; `.github/workflows/x.yml` needs three. */
const MAX_SUFFIX_SEGMENTS = 4;

/**
 * Engine path for a document that lies in no workspace folder.
 *
 * Passing the bare file name would lose the kinds recognised by their folder
 * (`.github/workflows/*.yml`, `plan/*.md`, `.circleci/config.yml`); passing the
 * whole absolute path would let an unrelated ancestor folder decide. So we keep
 * the shortest trailing run of segments that the built-in patterns recognise,
 * and fall back to the file name alone (content detection then decides, e.g. a
 * Kubernetes manifest). Such a file has no workspace around it, so rules that
 * look at siblings see nothing.
 */
export function pathOutsideFolders(path: string): string {
  const segments = toPosix(path)
    .split('/')
    .filter((s) => s.length > 0);
  const name = segments[segments.length - 1] ?? basename(path);
  for (let n = 1; n <= Math.min(MAX_SUFFIX_SEGMENTS, segments.length); n++) {
    const candidate = segments.slice(segments.length - n).join('/');
    if (kindByPath(candidate) !== undefined) return candidate;
  }
  return name || 'untitled';
}
