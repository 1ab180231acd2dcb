/**
 * Regular expressions written by the workspace (a naming pattern in
 * `.roo-devops.yaml`) run inside the language server: one that backtracks
 * catastrophically on a long name would hang it. JavaScript's engine
 * backtracks, so a pattern is accepted only when it has none of the shapes that
 * make backtracking exponential, and it is only ever run on bounded input.
 *
 * Rejected shapes: a quantified group that contains a quantifier (`(a+)+`,
 * `(\w*x)*`, `(a{1,5})*`), a quantified group whose alternatives can start with
 * the same character (`(a|ab)*`, `(\w|_)+`), back-references (`\1`, `\k<n>`),
 * and patterns longer than `MAX_PATTERN_LENGTH`. What remains can backtrack at
 * most polynomially, and `MAX_INPUT_LENGTH` keeps that to microseconds.
 */

export const MAX_PATTERN_LENGTH = 512;
/** Longer input is not tested against a workspace pattern (no real name is this long). */
export const MAX_INPUT_LENGTH = 256;

export type SafeRegex = { ok: true; regex: RegExp } | { ok: false; reason: string };

const cache = new Map<string, SafeRegex>();

/** The pattern compiled, or why it is refused (invalid syntax, or a shape that can backtrack without end). */
export function compileSafeRegex(pattern: string, flags = ''): SafeRegex {
  const key = `${flags}/${pattern}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const result = compile(pattern, flags);
  if (cache.size > 1000) cache.clear();
  cache.set(key, result);
  return result;
}

function compile(pattern: string, flags: string): SafeRegex {
  if (pattern.length > MAX_PATTERN_LENGTH) return { ok: false, reason: `it is longer than ${MAX_PATTERN_LENGTH} characters` };
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, flags.replace(/[gy]/g, ''));
  } catch (error) {
    return { ok: false, reason: `it is not a valid regular expression (${error instanceof Error ? error.message : String(error)})` };
  }
  const problem = backtrackingProblem(pattern);
  return problem ? { ok: false, reason: problem } : { ok: true, regex };
}

/** Whether `input` matches; undefined when the input is too long to be tested safely. */
export function testBounded(regex: RegExp, input: string, maxLength = MAX_INPUT_LENGTH): boolean | undefined {
  if (input.length > maxLength) return undefined;
  regex.lastIndex = 0;
  return regex.test(input);
}

interface Group {
  /** Whether a quantifier appears anywhere inside (nested groups included). */
  quantified: boolean;
  /** Whether a quantified group is inside (no exemption then). */
  nestedQuantified: boolean;
  /** The atoms inside that carry a quantifier (`[a-z0-9]`, `\\w`, `x`). */
  quantifiedAtoms: string[];
  /** The group's first atom when it is one plain character with no quantifier (`-` of `(-[a-z]+)*`). */
  firstLiteral: string | undefined;
  atoms: number;
  /** The first-character class of each alternative, as far as it can be told (undefined: unknown, treated as overlapping). */
  firsts: (string | undefined)[];
  atAlternativeStart: boolean;
  alternatives: number;
}

/** A description of the first dangerous shape in the pattern, or undefined. */
export function backtrackingProblem(pattern: string): string | undefined {
  const stack: Group[] = [newGroup()];
  let i = 0;
  let inClass = false;
  let classStart = 0;
  /** What the last complete atom was: a group (with its facts), or a plain atom. */
  let lastGroup: Group | undefined;
  let lastAtomText = '';
  const top = () => stack[stack.length - 1] as Group;
  const noteFirst = (atom: string | undefined) => {
    const g = top();
    if (g.atAlternativeStart) {
      g.firsts.push(atom);
      g.atAlternativeStart = false;
    }
  };
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (inClass) {
      if (c === '\\') i += 2;
      else {
        if (c === ']' && i > classStart) {
          inClass = false;
          lastGroup = undefined;
          lastAtomText = pattern.slice(pattern.lastIndexOf('[', classStart), i + 1);
          top().atoms++;
          noteFirst(lastAtomText);
        }
        i++;
      }
      continue;
    }
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && pattern[i + 2] === '<')) return 'it uses a back-reference';
      lastGroup = undefined;
      lastAtomText = pattern.slice(i, i + 2);
      top().atoms++;
      noteFirst(/[dDwWsS.]/.test(next) ? lastAtomText : next);
      i += 2;
      continue;
    }
    if (c === '[') {
      inClass = true;
      classStart = i + 1;
      // `[]` and `[^]` take the `]` right after as a member in other dialects; JavaScript ends the class there.
      if (pattern[i + 1] === '^') classStart++;
      i++;
      continue;
    }
    if (c === '(') {
      // Group prefixes: (?: (?= (?! (?<= (?<! (?<name>
      let j = i + 1;
      if (pattern[j] === '?') {
        j++;
        if (pattern[j] === '<' && pattern[j + 1] !== '=' && pattern[j + 1] !== '!') {
          const close = pattern.indexOf('>', j);
          j = close < 0 ? pattern.length : close + 1;
        } else j += pattern[j] === '<' ? 2 : 1;
      }
      noteFirst(undefined);
      top().atoms++;
      stack.push(newGroup());
      i = j;
      continue;
    }
    if (c === '|') {
      const g = top();
      g.alternatives++;
      g.atAlternativeStart = true;
      lastGroup = undefined;
      i++;
      continue;
    }
    if (c === ')') {
      const g = stack.length > 1 ? (stack.pop() as Group) : top();
      if (g.quantified) {
        top().quantified = true;
        top().nestedQuantified = true;
      }
      lastGroup = g;
      i++;
      continue;
    }
    if (c === '*' || c === '+' || c === '?' || (c === '{' && /^\{\d+(,\d*)?\}/.test(pattern.slice(i)))) {
      const end = c === '{' ? pattern.indexOf('}', i) + 1 : i + 1;
      const unbounded = c === '*' || c === '+' || /^\{\d+,(\d{3,})?\}$/.test(pattern.slice(i, end));
      const repeats = c !== '?' && !/^\{[01](,[01])?\}$/.test(pattern.slice(i, end));
      if (lastGroup && repeats) {
        if (lastGroup.quantified && !separated(lastGroup)) return `a repeated group contains a quantifier (\`${shorten(pattern)}\` can backtrack without end)`;
        if (unbounded && lastGroup.alternatives > 0 && overlapping(lastGroup.firsts)) {
          return `a repeated group has alternatives that can match the same text (\`${shorten(pattern)}\` can backtrack without end)`;
        }
      }
      if (repeats) {
        top().quantified = true;
        if (!lastGroup) top().quantifiedAtoms.push(lastAtomText);
        // The first atom turned out to be quantified: no separator.
        if (top().atoms === 1) top().firstLiteral = undefined;
      }
      let k = end;
      if (pattern[k] === '?') k++; // lazy
      i = k;
      lastGroup = undefined;
      continue;
    }
    // A plain character (or `.`, `^`, `$`).
    lastGroup = undefined;
    lastAtomText = c;
    if (c !== '^' && c !== '$') {
      const g = top();
      g.atoms++;
      if (g.atoms === 1 && g.alternatives === 0 && c !== '.') g.firstLiteral = c;
    }
    if (c !== '^' && c !== '$') noteFirst(c === '.' ? '.' : c);
    i++;
  }
  return undefined;
}

function newGroup(): Group {
  return { quantified: false, nestedQuantified: false, quantifiedAtoms: [], firstLiteral: undefined, atoms: 0, firsts: [], atAlternativeStart: true, alternatives: 0 };
}

/**
 * A repeated group whose repetitions are told apart by a first character none
 * of its quantified parts can match (`(-[a-z0-9]+)*`, `(\\.\\d+)*`): each
 * repetition starts at a separator, so there is one way to split the text.
 */
function separated(g: Group): boolean {
  if (g.nestedQuantified || g.alternatives > 0 || g.firstLiteral === undefined) return false;
  const sep = g.firstLiteral;
  return g.quantifiedAtoms.every((atom) => {
    try {
      return !new RegExp(`^(?:${atom})$`).test(sep);
    } catch {
      return false;
    }
  });
}

/** Whether two alternatives may begin with the same character; anything unknown or broad counts as overlapping. */
function overlapping(firsts: readonly (string | undefined)[]): boolean {
  const seen = new Set<string>();
  for (const f of firsts) {
    if (f === undefined || f.length !== 1) return true;
    if (seen.has(f)) return true;
    seen.add(f);
  }
  return false;
}

function shorten(pattern: string): string {
  return pattern.length > 60 ? `${pattern.slice(0, 60)}…` : pattern;
}
