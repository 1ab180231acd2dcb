/**
 * What the package-manager command rules share once a policy table has decided
 * that a command is to be reported: its raw words, the text a message quotes,
 * and whether one edit can replace it.
 */
import { type FoundCommand, wordsRange } from '../parse/commands';
import type { Fix, OffsetRange } from '../types';

/**
 * Words from `from` on as written in the script, quotes kept, so carried-over
 * arguments are pasted back exactly. A command whose words are not separated by
 * blanks alone (a Dockerfile exec form, `["pip", "install", "x"]`) gives the
 * shell's values instead: its spelling is not a command line.
 */
export function rawWords(found: FoundCommand, from: number): string[] {
  const words = found.command.words.slice(from);
  if (!contiguousFrom(found, 0)) return words.map((w) => w.value);
  return words.map((w) => found.script.text.slice(w.start, w.end));
}

/** The words of `range` as the file spells them, folded onto one line for a message; the values for an exec form. */
export function shownCommand(fileText: string, range: OffsetRange, found?: FoundCommand, from = 0, to = Number.POSITIVE_INFINITY): string {
  if (found && !contiguousFrom(found, 0)) {
    return found.command.words.slice(from, Math.min(to, found.command.words.length - 1) + 1).map((w) => w.value).join(' ');
  }
  return fileText.slice(range.start, range.end).replace(/\\\r?\n/g, ' ').replace(/\s+/g, ' ');
}

/**
 * True when only blanks and line continuations separate the words from `from`
 * on, so that the span can be replaced without dropping a redirection.
 */
export function contiguousFrom(found: FoundCommand, from: number): boolean {
  const words = found.command.words;
  for (let i = from + 1; i < words.length; i++) {
    if (!/^(?:[ \t]|\\\r?\n)*$/.test(found.script.text.slice(words[i - 1].end, words[i].start))) return false;
  }
  return true;
}

/** A fix replacing words `from`..end of the command, or none when a redirection sits among them. */
export function replaceCommandFix(found: FoundCommand, from: number, replacement: string, safe: boolean): Fix[] {
  if (!contiguousFrom(found, from)) return [];
  const whole = wordsRange(found, from, found.command.words.length - 1);
  return [{ title: `Use \`${replacement}\``, safe, edits: [{ ...whole, newText: replacement }] }];
}

/** Unquoted text of a raw word, for deciding; the raw spelling is what a fix carries over. */
export function unquote(raw: string): string {
  return raw.replace(/^(["'])(.*)\1$/s, '$2');
}

/** `/usr/bin/pip3` and `.venv/bin/pip` run pip: the program's name is its last path segment. */
export function programName(value: string): string {
  return value.slice(value.lastIndexOf('/') + 1);
}

/** Every command-bearing kind: the package-manager command rules list all of them, so they apply as each surface is read. */
export { COMMAND_KINDS } from '../types';
