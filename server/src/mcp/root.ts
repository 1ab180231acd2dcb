/**
 * The MCP server's one boundary: the workspace root. Every path a tool is given
 * is resolved against the root, links included (`realpath`), and refused when it
 * lands outside — an agent's `../`, an absolute path elsewhere and a symbolic
 * link out of the workspace alike.
 */
import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { relativeTo } from '../node/workspace';

/** A failure the caller of a tool should read (an MCP tool error), not a crash of the server. */
export class ToolError extends Error {
  override readonly name = 'ToolError';
}

export interface RootedPath {
  /** Workspace-relative POSIX path of the real file or folder; '' for the root itself. */
  rel: string;
  /** The real absolute path. */
  real: string;
  folder: boolean;
}

/** The real path of `requested` (relative to the root, or absolute) when it is inside the root; a ToolError otherwise. */
export function resolveInRoot(realRoot: string, requested: string): RootedPath {
  const absolute = isAbsolute(requested) ? resolve(requested) : resolve(realRoot, requested);
  let real: string;
  try {
    real = realpathSync(absolute);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // Say "outside" before "missing": whether a file exists outside the root is none of the caller's business.
    if (!inside(realRoot, absolute)) throw outside(requested);
    throw new ToolError(code === 'ENOENT' || code === 'ENOTDIR' ? `No such file or folder in the workspace: ${requested}.` : `Cannot read ${requested} (${code ?? String(e)}).`);
  }
  if (!inside(realRoot, real)) throw outside(requested, real !== absolute);
  return { rel: real === realRoot ? '' : (relativeTo(realRoot, real) as string), real, folder: statSync(real).isDirectory() };
}

function inside(realRoot: string, absolute: string): boolean {
  return absolute === realRoot || relativeTo(realRoot, absolute) !== undefined;
}

function outside(requested: string, throughLink = false): ToolError {
  return new ToolError(
    `Refused: ${requested} is outside the workspace root${throughLink ? ' (a symbolic link leads out of it)' : ''}; this server reads and writes only inside the root it was started with.`,
  );
}
