/**
 * Whether a name a CircleCI configuration uses (a command in a step, a job in a
 * workflow, an executor of a job) is defined where CircleCI looks for it: among
 * the local definitions, or in a declared orb (`node/install`). Shared by the
 * rules about commands, jobs and executors so that they judge names alike.
 */
import { closest } from '../suggest';
import type { Fix, OffsetRange } from '../types';
import { CIRCLECI_PLACEHOLDER, type Orb, type OrbDefinitions } from './circleci-config';

export type Member = 'commands' | 'jobs' | 'executors';

export type Verdict =
  | { defined: true }
  /** `prefix/…` where no orb is declared under that name. */
  | { defined: false; problem: 'orb'; orb: string; suggestion?: string; fixRange: OffsetRange }
  /** `orb/name` where the orb is written inline and defines no such member. */
  | { defined: false; problem: 'member'; orb: string; local: string; suggestion?: string; fixRange: OffsetRange }
  /** A plain name with no definition. */
  | { defined: false; problem: 'undefined'; suggestion?: string; fixRange: OffsetRange };

/**
 * Looks `name` (written at `range`) up among `local` names and the `member`
 * definitions of the visible `orbs`. Names with a placeholder, and members of
 * orbs that are only referenced (their content is not in the file), count as defined.
 */
export function lookUp(name: string, range: OffsetRange, local: Iterable<string>, orbs: Map<string, Orb>, member: Member): Verdict {
  if (CIRCLECI_PLACEHOLDER.test(name)) return { defined: true };
  const slash = name.indexOf('/');
  if (slash <= 0) {
    const names = [...local];
    if (names.includes(name)) return { defined: true };
    return { defined: false, problem: 'undefined', suggestion: closest(name, names), fixRange: range };
  }
  const prefix = name.slice(0, slash);
  const rest = name.slice(slash + 1);
  const orb = orbs.get(prefix);
  if (!orb) {
    return { defined: false, problem: 'orb', orb: prefix, suggestion: closest(prefix, orbs.keys()), fixRange: { start: range.start, end: range.start + prefix.length } };
  }
  const inline: OrbDefinitions | undefined = orb.inline;
  // A referenced orb's members are not in the file; a name through a nested orb (`a/b/c`) is left alone.
  if (!inline || rest.includes('/') || inline[member].has(rest)) return { defined: true };
  const start = range.start + slash + 1;
  return { defined: false, problem: 'member', orb: prefix, local: rest, suggestion: closest(rest, inline[member].keys()), fixRange: { start, end: start + rest.length } };
}

/** "; did you mean `x`?" or ".", the end of every message about an undefined name. */
export function suggestionTail(verdict: Verdict): string {
  return !verdict.defined && verdict.suggestion ? `; did you mean \`${verdict.suggestion}\`?` : '.';
}

/** The closest name as an unsafe fix: a rename runs something else than what was written, so it is never applied unasked. */
export function suggestionFixes(verdict: Verdict): Fix[] {
  if (verdict.defined || !verdict.suggestion) return [];
  return [{ title: `Use \`${verdict.suggestion}\``, safe: false, edits: [{ ...verdict.fixRange, newText: verdict.suggestion }] }];
}
