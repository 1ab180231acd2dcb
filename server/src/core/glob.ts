/**
 * Glob matching for patterns that come from the workspace — `kinds:`, `ignore:`
 * and `overrides:` of the configuration, rule options, GitLab `include:` globs —
 * without regular expressions: a pattern such as `**\/a*a*a*a*a*a*b/**` compiled to
 * a regular expression backtracks exponentially on a long path, and a workspace
 * must never be able to hang the server. Paths and patterns are matched segment
 * by segment (`**` spans any number of segments) with a table over
 * (pattern segment, path segment), and each segment with the classic
 * two-pointer wildcard walk: time is bounded by the product of the lengths.
 *
 * Supported: `*` (any characters but `/`, dot files included), `?`, `[abc]`,
 * `[a-z]`, `[!x]`/`[^x]`, `\` escapes, `**` as a whole segment, `{a,b}`
 * alternatives (nested; at most 256 expansions), and a leading `!` that negates.
 */

export type GlobMatcher = (path: string) => boolean;

const MAX_EXPANSIONS = 256;

export function compileGlob(glob: string): GlobMatcher {
  if (glob.startsWith('!') && !glob.startsWith('!(')) {
    const inner = compileGlob(glob.slice(1));
    return (path) => !inner(path);
  }
  const alternatives = expandBraces(glob).map((g) => g.split('/'));
  return (path) => {
    const segments = path.split('/');
    return alternatives.some((pattern) => matchSegments(pattern, segments));
  };
}

/** `a{b,c{d,e}}f` → `abf`, `acdf`, `acef`; an unbalanced brace is literal. */
function expandBraces(glob: string): string[] {
  const open = findBrace(glob);
  if (!open) return [glob];
  const { start, end, options } = open;
  const out: string[] = [];
  for (const option of options) {
    for (const rest of expandBraces(glob.slice(0, start) + option + glob.slice(end + 1))) {
      out.push(rest);
      if (out.length >= MAX_EXPANSIONS) return out;
    }
  }
  return out;
}

/** The first `{…}` with a top-level comma, its span and its options. */
function findBrace(glob: string): { start: number; end: number; options: string[] } | undefined {
  for (let i = 0; i < glob.length; i++) {
    if (glob[i] === '\\') {
      i++;
      continue;
    }
    if (glob[i] !== '{') continue;
    let depth = 0;
    const commas: number[] = [];
    for (let j = i; j < glob.length; j++) {
      const c = glob[j];
      if (c === '\\') {
        j++;
        continue;
      }
      if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (depth === 0) {
          if (commas.length === 0) break;
          const options: string[] = [];
          let from = i + 1;
          for (const k of commas) {
            options.push(glob.slice(from, k));
            from = k + 1;
          }
          options.push(glob.slice(from, j));
          return { start: i, end: j, options };
        }
      } else if (c === ',' && depth === 1) commas.push(j);
    }
  }
  return undefined;
}

/** Whether the path's segments match the pattern's, `**` spanning zero or more segments (one table row at a time). */
function matchSegments(pattern: readonly string[], path: readonly string[]): boolean {
  const P = path.length;
  // next[j]: pattern[i+1..] matches path[j..]; filled from the last pattern segment back.
  let next = new Array<boolean>(P + 1).fill(false);
  next[P] = true;
  for (let i = pattern.length - 1; i >= 0; i--) {
    const current = new Array<boolean>(P + 1).fill(false);
    const segment = pattern[i];
    if (segment === '**') {
      // `**` takes path[j..k) for some k: true when any later suffix matches the rest.
      let any = false;
      for (let j = P; j >= 0; j--) {
        any = any || next[j];
        current[j] = any;
      }
    } else {
      for (let j = 0; j < P; j++) current[j] = next[j + 1] && matchSegment(segment, path[j]);
    }
    next = current;
  }
  return next[0];
}

/** One segment against one path segment: `*`, `?`, classes, escapes. Greedy, backing up to the last `*` only. */
function matchSegment(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = -1;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] === '*') {
      starP = p++;
      starT = t;
      continue;
    }
    const step = p < pattern.length ? matchOne(pattern, p, text[t]) : -1;
    if (step > 0) {
      p += step;
      t++;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** How many pattern characters match `c` at `p` (a literal, `?`, an escape or a class), or -1. */
function matchOne(pattern: string, p: number, c: string): number {
  const ch = pattern[p];
  if (ch === '?') return 1;
  if (ch === '\\' && p + 1 < pattern.length) return pattern[p + 1] === c ? 2 : -1;
  if (ch === '[') {
    const close = pattern.indexOf(']', p + 2);
    if (close > 0) {
      let i = p + 1;
      const negate = pattern[i] === '!' || pattern[i] === '^';
      if (negate) i++;
      let hit = false;
      for (; i < close; i++) {
        if (pattern[i + 1] === '-' && i + 2 < close) {
          if (c >= pattern[i] && c <= pattern[i + 2]) hit = true;
          i += 2;
        } else if (pattern[i] === c) hit = true;
      }
      return hit !== negate ? close - p + 1 : -1;
    }
  }
  return ch === c ? 1 : -1;
}
