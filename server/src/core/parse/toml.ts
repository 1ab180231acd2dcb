import { parse, TomlError } from 'smol-toml';

/** A TOML file parsed once: its value, or the first syntax error and where it is. */
export type TomlDocument = { value: Record<string, unknown>; error?: undefined } | { value?: undefined; error: TomlSyntaxError };

export interface TomlSyntaxError {
  message: string;
  /** Offset of the character the parser stopped at. */
  offset: number;
}

/** Parses TOML without throwing; `SourceFile.toml` memoises it so every rule shares one parse. */
export function parseToml(text: string): TomlDocument {
  try {
    return { value: parse(text) as Record<string, unknown> };
  } catch (e) {
    if (e instanceof TomlError) {
      const offset = offsetOf(text, e.line, e.column);
      return { error: { message: explain(tomlMessage(e), text, offset), offset } };
    }
    // smol-toml signals only TomlError; anything else (a stack overflow on absurd nesting) is still a file that does not parse.
    return { error: { message: e instanceof Error ? e.message : String(e), offset: 0 } };
  }
}

/** The parser's own sentence, without its prefix and the code excerpt it appends. */
function tomlMessage(e: TomlError): string {
  const text = e.message.replace(/^Invalid TOML document: /, '');
  const cut = text.indexOf('\n\n');
  return (cut < 0 ? text : text.slice(0, cut)).trim();
}

/** The parser's sentences that name no value, made to quote what is wrong. */
function explain(message: string, text: string, offset: number): string {
  if (message.startsWith('trying to redefine')) {
    const key = /^(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*'))*/.exec(text.slice(offset, offset + 200));
    if (key) return `\`${key[0]}\` is already defined`;
  }
  // A table header that the line end cuts off: `[tool.poetry.dependencies`.
  if (message.startsWith('illegal character in key') && (text[offset] === '\n' || text[offset] === '\r' || offset >= text.length)) {
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    const header = text.slice(lineStart, offset).trim();
    if (header.startsWith('[')) return `table header \`${header}\` is not closed with \`${header.startsWith('[[') ? ']]' : ']'}\``;
  }
  const atLineEnd = text[offset] === '\n' || text[offset] === '\r' || offset >= text.length;
  if (message === 'invalid value' && atLineEnd) return 'expected a value';
  // A string left open runs into the line end, which TOML strings may not hold.
  if (message.startsWith('control characters are not allowed in strings') && (text[offset] === '\n' || text[offset] === '\r')) {
    return 'unterminated string';
  }
  return message;
}

/** smol-toml counts 1-based lines split on `\n` and 1-based columns in UTF-16 units. */
function offsetOf(text: string, line: number, column: number): number {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return text.length;
    start = nl + 1;
  }
  return Math.min(start + Math.max(0, column - 1), text.length);
}

/**
 * Where tables and keys sit in a TOML file. `smol-toml` gives values but no
 * positions, so this line scanner finds the offsets of `[table]` headers and
 * `key = value` lines, skipping the inside of multi-line strings and arrays.
 * It trusts the file to be valid TOML (callers parse it first).
 */

export interface TomlTable {
  /** `['tool', 'poetry', 'dependencies']` for `[tool.poetry.dependencies]`. */
  path: string[];
  /** Offsets of the header, brackets included. */
  start: number;
  end: number;
}

export interface TomlKey {
  /** Table path plus the dotted key: `['build-system', 'build-backend']`. */
  path: string[];
  keyStart: number;
  keyEnd: number;
  /** Offsets of the value's first token on the key's line (a whole string, quotes included). */
  valueStart: number;
  valueEnd: number;
}

export interface TomlLayout {
  tables: TomlTable[];
  keys: TomlKey[];
}

const KEY_PART = String.raw`(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')`;
const DOTTED = new RegExp(String.raw`^${KEY_PART}(?:\s*\.\s*${KEY_PART})*`);
const KEY_LINE = new RegExp(String.raw`^(\s*)(${KEY_PART}(?:\s*\.\s*${KEY_PART})*)\s*=\s*`);

function splitDotted(s: string): string[] {
  const out: string[] = [];
  const re = new RegExp(KEY_PART, 'g');
  for (const m of s.matchAll(re)) out.push(m[0].replace(/^(["'])(.*)\1$/, '$2'));
  return out;
}

interface ScanState {
  /** Open multi-line string delimiter, when inside one. */
  string?: '"""' | "'''";
  depth: number;
}

/** Walks `text` from `from`, updating string and bracket state; stops at a comment. */
function scan(text: string, from: number, to: number, state: ScanState): void {
  let i = from;
  while (i < to) {
    if (state.string) {
      const close = text.indexOf(state.string, i);
      if (close < 0 || close >= to) return;
      i = close + 3;
      state.string = undefined;
      continue;
    }
    const c = text[i];
    if (c === '#') return;
    if (text.startsWith('"""', i) || text.startsWith("'''", i)) {
      state.string = text.slice(i, i + 3) as '"""' | "'''";
      i += 3;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < to && text[j] !== c) j += c === '"' && text[j] === '\\' ? 2 : 1;
      i = j + 1;
      continue;
    }
    if (c === '[' || c === '{') state.depth++;
    else if (c === ']' || c === '}') state.depth = Math.max(0, state.depth - 1);
    i++;
  }
}

/** End of the value token starting at `i`: a string's closing quote, or the last non-blank before a comment. */
function tokenEnd(text: string, i: number, lineEnd: number): number {
  const c = text[i];
  if (c === '"' || c === "'") {
    let j = i + 1;
    while (j < lineEnd && text[j] !== c) j += c === '"' && text[j] === '\\' ? 2 : 1;
    return Math.min(j + 1, lineEnd);
  }
  const hash = text.indexOf('#', i);
  const end = hash >= 0 && hash < lineEnd ? hash : lineEnd;
  return i + text.slice(i, end).trimEnd().length;
}

export function tomlLayout(text: string): TomlLayout {
  const tables: TomlTable[] = [];
  const keys: TomlKey[] = [];
  const state: ScanState = { depth: 0 };
  let table: string[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const contentEnd = text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    const line = text.slice(lineStart, contentEnd);
    if (state.string || state.depth > 0) {
      scan(text, lineStart, contentEnd, state);
    } else {
      // The name is trimmed here, not by `\s*` around a lazy group, which is quadratic on a run of blanks.
      const header = /^(\s*)(\[\[?)([^\]]*)(\]\]?)\s*(?:#.*)?$/.exec(line);
      const name = header?.[3].trim();
      const key = KEY_LINE.exec(line);
      if (header && name !== undefined && DOTTED.test(name)) {
        table = splitDotted(name);
        const start = lineStart + header[1].length;
        tables.push({ path: table, start, end: start + withoutComment(line.trim()).length });
      } else if (key) {
        const keyStart = lineStart + key[1].length;
        const valueStart = lineStart + key[0].length;
        keys.push({
          path: [...table, ...splitDotted(key[2])],
          keyStart,
          keyEnd: keyStart + key[2].length,
          valueStart,
          valueEnd: tokenEnd(text, valueStart, contentEnd),
        });
        scan(text, valueStart, contentEnd, state);
      }
    }
    lineStart = lineEnd + 1;
  }
  return { tables, keys };
}

/** True when `path` starts with `prefix`, segment by segment; `*` in the prefix matches any one segment. */
export function pathStartsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => p === '*' || p === path[i]);
}

/** A line up to its first `#`, without the blanks before it; a regex `\s*#.*$` is quadratic on long blank runs. */
function withoutComment(line: string): string {
  const hash = line.indexOf('#');
  return hash < 0 ? line : line.slice(0, hash).trimEnd();
}
