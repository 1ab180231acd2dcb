/**
 * Scripts of a Jenkinsfile: the string given to each `sh` step, in any of
 * Groovy's spellings — `sh 'npm ci'`, `sh "…"`, `sh '''…'''`, `sh """…"""`,
 * `sh(script: '…', returnStdout: true)`, `sh label: '…', script: '…'`. A small
 * scanner, not a Groovy parser: it skips comments and other strings, and keeps
 * `${…}` interpolations as text. `bat` and `powershell` steps are not POSIX
 * shell and are left out. Scripts are marked escaped, so findings and fixes
 * keep Groovy's spelling (`\"`, `\\`).
 */
import type { SourceFile } from '../source';
import { type Script, ScriptBuilder } from './script';

export function jenkinsfileScripts(file: SourceFile): Script[] {
  return file.memo('jenkins.scripts', () => readJenkinsfile(file.text));
}

export function readJenkinsfile(text: string): Script[] {
  const out: Script[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      i = lineEnd(text, i);
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      i = readString(text, i).end;
      continue;
    }
    if (!/[A-Za-z_$]/.test(c)) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < n && /[\w$]/.test(text[end])) end++;
    const word = text.slice(i, end);
    if (word === 'sh') {
      const found = shArgument(text, end);
      if (found) {
        out.push(found.script);
        i = found.end;
        continue;
      }
    }
    i = end;
  }
  return out;
}

/** The script string of an `sh` call whose name ends at `from`. */
function shArgument(text: string, from: number): { script: Script; end: number } | undefined {
  let i = skipBlanks(text, from, false);
  const parenthesised = text[i] === '(';
  if (!parenthesised && i === from) return undefined; // `sh` must be followed by a blank or `(`
  if (parenthesised) i++;
  // Arguments, top level only: a positional string, or the one named `script:`.
  for (let guard = 0; guard < 32; guard++) {
    i = skipBlanks(text, i, parenthesised);
    const named = /^([A-Za-z_]\w*)\s*:/.exec(text.slice(i, i + 64));
    let name: string | undefined;
    if (named) {
      name = named[1];
      i = skipBlanks(text, i + named[0].length, parenthesised);
    }
    if (text[i] === '"' || text[i] === "'") {
      const literal = readString(text, i);
      if (name === undefined || name === 'script') return literal.script ? { script: literal.script, end: literal.end } : undefined;
      i = literal.end;
    } else {
      // Some other value (`true`, a variable): skip to the next top-level comma.
      i = skipValue(text, i);
    }
    i = skipBlanks(text, i, parenthesised);
    if (text[i] !== ',') return undefined;
    i++;
  }
  return undefined;
}

function skipBlanks(text: string, i: number, newlines: boolean): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || (newlines && (text[i] === '\n' || text[i] === '\r')))) i++;
  return i;
}

function skipValue(text: string, i: number): number {
  let depth = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' || c === "'") {
      i = readString(text, i).end;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return i;
      depth--;
    } else if ((c === ',' || c === '\n') && depth === 0) return i;
    i++;
  }
  return i;
}

function lineEnd(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '\\': '\\', "'": "'", '"': '"', $: '$' };

/** The Groovy string literal at `start`: where it ends and, decoded, its text as a script. */
/** Strings nest inside `${…}` recursively; past this depth the rest is read as plain text rather than exhausting the stack. */
const MAX_INTERPOLATION_DEPTH = 64;

function readString(text: string, start: number, depth = 0): { end: number; script?: Script } {
  const quote = text[start];
  const triple = text.startsWith(quote.repeat(3), start);
  const open = triple ? 3 : 1;
  const closing = quote.repeat(open);
  const interpolates = quote === '"';
  const builder = new ScriptBuilder().markEscaped();
  let i = start + open;
  let run = i;
  const flush = (to: number) => {
    builder.add(run, text.slice(run, to));
  };
  while (i < text.length) {
    if (text.startsWith(closing, i)) {
      flush(i);
      return { end: i + open, script: depth === 0 ? builder.build(i) : undefined };
    }
    const c = text[i];
    if (!triple && c === '\n') break; // unterminated one-line string
    if (c === '\\') {
      flush(i);
      const next = text[i + 1] ?? '';
      if (next === '\n' || (next === '\r' && text[i + 2] === '\n')) {
        i += next === '\n' ? 2 : 3; // line continuation: no character
      } else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        builder.addDecoded(i, String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16)), 6);
        i += 6;
      } else if (next in ESCAPES) {
        builder.addDecoded(i, ESCAPES[next], 2);
        i += 2;
      } else {
        i += 2;
        builder.add(i - 2, text.slice(i - 2, i));
      }
      run = i;
      continue;
    }
    if (interpolates && c === '$' && text[i + 1] === '{' && depth < MAX_INTERPOLATION_DEPTH) {
      // `${…}` stays as text; strings nested in it must not end the literal.
      let braces = 0;
      let k = i + 1;
      while (k < text.length) {
        const d = text[k];
        if (d === '"' || d === "'") {
          k = readString(text, k, depth + 1).end;
          continue;
        }
        if (d === '{') braces++;
        else if (d === '}' && --braces === 0) break;
        k++;
      }
      i = Math.min(k + 1, text.length);
      continue;
    }
    i++;
  }
  flush(i);
  return { end: i, script: depth === 0 ? builder.build(i) : undefined };
}
