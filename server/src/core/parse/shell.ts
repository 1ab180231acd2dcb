/**
 * A small POSIX-shell reader, enough to find the simple commands of a script and
 * where each word sits. It never executes anything and never throws: unbalanced
 * quotes simply run to the end of the script.
 *
 * What it understands: words with single/double quotes and backslash escapes,
 * comments, line continuations, the operators that separate commands
 * (`;` `&` `&&` `|` `||` `(` `)` newline), redirections (their targets are not
 * arguments), command substitution `$(…)` and backticks (their commands are
 * reported too), and here-documents (bodies are data unless fed to a shell).
 */

export interface Word {
  /** The word as the shell would pass it, quotes removed. */
  value: string;
  /** Offsets into the script text. */
  start: number;
  end: number;
  /** True when any part of the word was quoted or came from an expansion. */
  quoted: boolean;
}

export interface SimpleCommand {
  /** Every word of the command, leading `NAME=value` assignments included. */
  words: Word[];
  /** Offsets covering the whole command, redirections excluded. */
  start: number;
  end: number;
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ash', 'ksh']);
/** Reserved words after which a new command starts. */
const COMMAND_PREFIX_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', 'time']);
/** Reserved words that end a construct and take no arguments. */
const CLOSING_KEYWORDS = new Set(['fi', 'done', 'esac', '}']);

interface PendingHeredoc {
  delimiter: string;
  stripTabs: boolean;
  /** Body is a script when fed to a shell (`bash <<EOF`). */
  feedsShell: boolean;
}

export function parseShell(script: string, base = 0, depth = 0): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  let words: Word[] = [];
  let heredocs: PendingHeredoc[] = [];
  let skipWordsOfFor = false;
  let i = 0;
  const n = script.length;

  const endCommand = () => {
    if (words.length > 0) {
      out.push({ words, start: words[0].start, end: words[words.length - 1].end });
    }
    words = [];
    skipWordsOfFor = false;
  };

  const readHeredocBodies = () => {
    // `i` sits just after a newline.
    for (const h of heredocs) {
      const bodyStart = i;
      let bodyEnd = n;
      while (i < n) {
        let lineEnd = script.indexOf('\n', i);
        if (lineEnd < 0) lineEnd = n;
        let line = script.slice(i, lineEnd);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        if (h.stripTabs) line = line.replace(/^\t+/, '');
        if (line === h.delimiter) {
          bodyEnd = i;
          i = Math.min(lineEnd + 1, n);
          break;
        }
        i = Math.min(lineEnd + 1, n);
        if (lineEnd === n) bodyEnd = n;
      }
      if (h.feedsShell && depth < 8) {
        for (const item of parseShell(script.slice(bodyStart, bodyEnd), base + bodyStart, depth + 1)) out.push(item);
      }
    }
    heredocs = [];
  };

  while (i < n) {
    const c = script[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && script[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '\\' && script[i + 1] === '\r' && script[i + 2] === '\n') {
      i += 3;
      continue;
    }
    if (c === '#') {
      while (i < n && script[i] !== '\n') i++;
      continue;
    }
    if (c === '\n') {
      endCommand();
      i++;
      if (heredocs.length) readHeredocBodies();
      continue;
    }
    if (c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
      // `&>` and `&>>` redirect both streams.
      if (c === '&' && script[i + 1] === '>') {
        i += script[i + 2] === '>' ? 3 : 2;
        i = skipRedirectTarget(script, i);
        continue;
      }
      endCommand();
      i++;
      if ((c === '&' || c === '|' || c === ';') && script[i] === c) i++;
      continue;
    }
    // Redirections, optionally preceded by a file-descriptor number.
    const redirect = /^(\d*)(<<<|<<-?|>>|>&|<&|>\||<>|>|<)/.exec(script.slice(i, i + 8));
    if (redirect && (redirect[1] === '' || atWordStart(script, i))) {
      const op = redirect[2];
      i += redirect[0].length;
      if (op === '<<' || op === '<<-') {
        const target = readWord(script, skipBlanks(script, i), base);
        i = target.next;
        const name = words.length ? commandWordOf(words) : undefined;
        heredocs.push({
          delimiter: target.word?.value ?? '',
          stripTabs: op === '<<-',
          feedsShell: name !== undefined && SHELLS.has(name),
        });
        continue;
      }
      i = skipRedirectTarget(script, i);
      continue;
    }
    const read = readWord(script, i, base);
    i = read.next > i ? read.next : i + 1;
    if (read.word) {
      for (const sub of read.substitutions) {
        if (depth < 8) for (const item of parseShell(script.slice(sub.start, sub.end), base + sub.start, depth + 1)) out.push(item);
      }
      const w = read.word;
      if (words.length === 0 && !w.quoted && COMMAND_PREFIX_KEYWORDS.has(w.value)) continue;
      if (words.length === 0 && !w.quoted && CLOSING_KEYWORDS.has(w.value)) continue;
      if (words.length === 0 && !w.quoted && (w.value === 'for' || w.value === 'case' || w.value === 'select')) {
        skipWordsOfFor = true;
        continue;
      }
      if (skipWordsOfFor) continue;
      words.push(w);
    }
  }
  endCommand();
  return out;
}

function atWordStart(script: string, i: number): boolean {
  return i === 0 || /[\s;&|()]/.test(script[i - 1]);
}

function skipBlanks(script: string, i: number): number {
  while (i < script.length && (script[i] === ' ' || script[i] === '\t')) i++;
  return i;
}

function skipRedirectTarget(script: string, i: number): number {
  return readWord(script, skipBlanks(script, i), 0).next;
}

/** The command name of a partly read command: the first word that is not an assignment. */
function commandWordOf(words: Word[]): string | undefined {
  return words.find((w) => !isAssignment(w))?.value;
}

export function isAssignment(w: Word): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*\+?=/.test(w.value) && !w.value.startsWith('=');
}

interface ReadResult {
  word?: Word;
  next: number;
  /** Script-relative ranges of `$(…)` and backtick bodies inside the word. */
  substitutions: { start: number; end: number }[];
}

const WORD_END = new Set([' ', '\t', '\n', '\r', ';', '&', '|', '(', ')', '<', '>']);

function readWord(script: string, i: number, base: number): ReadResult {
  const n = script.length;
  const start = i;
  let value = '';
  let quoted = false;
  const substitutions: { start: number; end: number }[] = [];
  while (i < n) {
    const c = script[i];
    if (WORD_END.has(c)) {
      // `$(` handled below; a `(` right after `$` or `=` belongs to the word.
      break;
    }
    if (c === '\\') {
      if (script[i + 1] === '\n') {
        i += 2;
        continue;
      }
      value += script[i + 1] ?? '';
      quoted = true;
      i += 2;
      continue;
    }
    if (c === "'") {
      const close = script.indexOf("'", i + 1);
      const end = close < 0 ? n : close;
      value += script.slice(i + 1, end);
      quoted = true;
      i = end + 1;
      continue;
    }
    if (c === '"') {
      quoted = true;
      i++;
      while (i < n && script[i] !== '"') {
        if (script[i] === '\\' && i + 1 < n) {
          value += script[i + 1];
          i += 2;
          continue;
        }
        if (script[i] === '$' && script[i + 1] === '(') {
          const close = matchParen(script, i + 1);
          value += script.slice(i, close + 1);
          substitutions.push({ start: i + 2, end: close });
          i = close + 1;
          continue;
        }
        value += script[i];
        i++;
      }
      i++;
      continue;
    }
    if (c === '$' && script[i + 1] === '(') {
      const close = matchParen(script, i + 1);
      if (script[i + 2] !== '(') substitutions.push({ start: i + 2, end: close });
      value += script.slice(i, close + 1);
      quoted = true;
      i = close + 1;
      continue;
    }
    if (c === '$' && script[i + 1] === '{') {
      const close = script.indexOf('}', i + 2);
      const end = close < 0 ? n - 1 : close;
      value += script.slice(i, end + 1);
      quoted = true;
      i = end + 1;
      continue;
    }
    if (c === '`') {
      const close = script.indexOf('`', i + 1);
      const end = close < 0 ? n : close;
      substitutions.push({ start: i + 1, end });
      value += script.slice(i, end + 1);
      quoted = true;
      i = end + 1;
      continue;
    }
    value += c;
    i++;
  }
  if (i === start) return { next: i + (i < n && !WORD_END.has(script[i]) ? 1 : 0), substitutions };
  return {
    word: { value, start: base + start, end: base + Math.min(i, n), quoted },
    next: i,
    substitutions,
  };
}

/** Index of the `)` closing the `(` at `open`, or the last index when unbalanced. */
function matchParen(script: string, open: number): number {
  let depth = 0;
  for (let i = open; i < script.length; i++) {
    const c = script[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === "'") {
      const close = script.indexOf("'", i + 1);
      if (close < 0) return script.length - 1;
      i = close;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return script.length - 1;
}

/** Programs that run the command written after their own options. */
const WRAPPERS: Record<string, { optionsWithValue: Set<string> }> = {
  sudo: { optionsWithValue: new Set(['-u', '-g', '-h', '-p', '-C', '-U', '-r', '-t', '-D', '-R']) },
  env: { optionsWithValue: new Set(['-u', '-C', '-S', '--unset', '--chdir']) },
  nohup: { optionsWithValue: new Set() },
  exec: { optionsWithValue: new Set(['-a']) },
  command: { optionsWithValue: new Set() },
  nice: { optionsWithValue: new Set(['-n']) },
  time: { optionsWithValue: new Set(['-f', '-o']) },
  timeout: { optionsWithValue: new Set(['-s', '-k', '--signal', '--kill-after']) },
  stdbuf: { optionsWithValue: new Set(['-i', '-o', '-e']) },
};

/**
 * Index in `cmd.words` of the program that actually runs: past `A=b` assignments
 * and wrappers such as `sudo -E`, `env X=1`, `timeout 5m`. Undefined when the
 * command is only assignments.
 */
export function programIndex(cmd: SimpleCommand): number | undefined {
  const w = cmd.words;
  let i = 0;
  while (i < w.length && isAssignment(w[i])) i++;
  for (let guard = 0; guard < 8 && i < w.length; guard++) {
    const wrapper = WRAPPERS[w[i].value];
    if (!wrapper || w[i].quoted) break;
    const name = w[i].value;
    i++;
    let positionalSkipped = false;
    while (i < w.length) {
      const v = w[i].value;
      if (v === '--') {
        i++;
        break;
      }
      if (v.startsWith('-') && v.length > 1) {
        i += wrapper.optionsWithValue.has(v) ? 2 : 1;
        continue;
      }
      if (name === 'env' && isAssignment(w[i])) {
        i++;
        continue;
      }
      // `timeout DURATION cmd`, `nice` takes no positional.
      if (name === 'timeout' && !positionalSkipped) {
        positionalSkipped = true;
        i++;
        continue;
      }
      break;
    }
  }
  return i < w.length ? i : undefined;
}
