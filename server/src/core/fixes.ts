/**
 * Fix application, in one place: which fix of each finding runs, which of those
 * can run together, and the text after them. The editor's fix-all, the CLI's
 * `check --fix` and the rule fixtures all go through here, so the three agree on
 * what "fix all" means.
 */
import type { Finding, Fix, TextEdit } from './types';

export interface FixChoice {
  /** Only fixes marked safe; what fix-all and `check --fix` apply. */
  safeOnly: boolean;
}

/**
 * The fix each finding would apply: its first safe fix (the one the editor marks
 * preferred), else, when unsafe fixes are allowed, its first fix. Findings
 * without such a fix contribute nothing.
 */
export function selectFixes(findings: readonly Finding[], { safeOnly }: FixChoice): Fix[] {
  const out: Fix[] = [];
  for (const f of findings) {
    const fix = f.fixes.find((x) => x.safe) ?? (safeOnly ? undefined : f.fixes[0]);
    if (fix && fix.edits.length > 0) out.push(fix);
  }
  return out;
}

export interface CompatibleFixes {
  /** Edits of the accepted fixes, sorted by offset, none overlapping another. */
  edits: TextEdit[];
  /** Fixes taken, in the order they were considered. */
  applied: Fix[];
  /** Fixes left out because they touch text an accepted fix changes; a later pass may take them. */
  skipped: Fix[];
}

/**
 * Takes fixes in order of their first edit, each whole or not at all: a fix
 * whose edits overlap an edit already accepted is skipped.
 */
export function compatibleFixes(fixes: readonly Fix[]): CompatibleFixes {
  const ordered = fixes
    .filter((fix) => fix.edits.length > 0)
    .map((fix, i) => ({ fix, i, start: fix.edits.reduce((min, e) => Math.min(min, e.start), Number.POSITIVE_INFINITY) }))
    .sort((a, b) => a.start - b.start || a.i - b.i);
  const edits: TextEdit[] = [];
  const applied: Fix[] = [];
  const skipped: Fix[] = [];
  for (const { fix } of ordered) {
    if (fix.edits.some((e, j) => edits.some((a) => overlaps(a, e)) || fix.edits.some((o, k) => k < j && overlaps(o, e)))) {
      skipped.push(fix);
      continue;
    }
    for (const item of fix.edits) edits.push(item);
    applied.push(fix);
  }
  return { edits: edits.sort((a, b) => a.start - b.start), applied, skipped };
}

/**
 * Two edits overlap when their ranges share a character, or when they insert at
 * one offset (their order would be a guess); an edit that ends where another
 * starts does not.
 */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  return (a.start < b.end && b.start < a.end) || a.start === b.start;
}

/** The text after edits that do not overlap; throws when they do or fall outside the text, which is a caller's bug. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let at = 0;
  for (const e of sorted) {
    if (e.start < at || e.end < e.start || e.end > text.length) throw new RangeError(`edit ${e.start}-${e.end} overlaps another edit or lies outside the text`);
    parts.push(text.slice(at, e.start), e.newText);
    at = e.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

export interface FixResult {
  text: string;
  /** Fixes applied. */
  applied: number;
  /** Fixes left out because they overlap an applied one. */
  skipped: number;
}

/** Applies the chosen fix of each finding that can run with the others: one fix-all pass. */
export function applyFixes(text: string, findings: readonly Finding[], choice: FixChoice): FixResult {
  const { edits, applied, skipped } = compatibleFixes(selectFixes(findings, choice));
  return { text: applyEdits(text, edits), applied: applied.length, skipped: skipped.length };
}

export interface FixLoopResult<R> {
  text: string;
  /** Fixes applied over all passes. */
  applied: number;
  /** The lint result of the final text. */
  result: R;
  /** Passes that changed the text. */
  passes: number;
}

/**
 * Lints, applies one fix-all pass, lints the new text and repeats until no fix
 * applies, the text stops changing, or `maxPasses` passes have run: a fix whose
 * output another fix then improves, or one skipped for an overlap, gets its turn.
 */
export function fixUntilStable<R extends { findings: readonly Finding[] }>(
  text: string,
  lint: (text: string) => R,
  choice: FixChoice & { maxPasses: number },
): FixLoopResult<R> {
  let result = lint(text);
  let applied = 0;
  let passes = 0;
  while (passes < choice.maxPasses) {
    const pass = applyFixes(text, result.findings, choice);
    if (pass.applied === 0 || pass.text === text) break;
    text = pass.text;
    applied += pass.applied;
    passes++;
    result = lint(text);
  }
  return { text, applied, result, passes };
}
