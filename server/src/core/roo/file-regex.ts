/**
 * Which workspace files a mode's `fileRegex` lets it edit. The pattern comes
 * from the workspace: it is compiled through `safe-regex.ts` (patterns that can
 * backtrack without end are refused, never run) and matched only against paths
 * of bounded length, as Roo Code matches it, against the workspace-relative path.
 */
import { compileSafeRegex, testBounded } from '../safe-regex';

/** Longer paths are not tested (none in a real repository is); they are counted as skipped. */
export const MAX_MATCHED_PATH_LENGTH = 1024;

export type AllowedFiles = { ok: true; first: string[]; count: number; skipped: number } | { ok: false; reason: string };

export function filesAllowedBy(pattern: string, paths: Iterable<string>, limit = 20): AllowedFiles {
  const compiled = compileSafeRegex(pattern);
  if (!compiled.ok) return { ok: false, reason: compiled.reason };
  const first: string[] = [];
  let count = 0;
  let skipped = 0;
  for (const path of paths) {
    const hit = testBounded(compiled.regex, path, MAX_MATCHED_PATH_LENGTH);
    if (hit === undefined) skipped++;
    else if (hit) {
      count++;
      if (first.length < limit) first.push(path);
    }
  }
  first.sort();
  return { ok: true, first, count, skipped };
}
