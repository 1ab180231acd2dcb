/**
 * The simple commands of one script, with their way back to file offsets. Kept
 * below the file readers (GitHub Actions, GitLab CI, …), which parse their steps'
 * commands with it, and below `commands.ts`, which dispatches over those readers.
 */
import type { OffsetRange } from '../types';
import { type EmbeddedText, type Script, sliceScript } from './script';
import { parseShell, programIndex, type SimpleCommand, type Word } from './shell';

/** A simple command found somewhere in a file, with a way back to file offsets. */
export interface FoundCommand {
  command: SimpleCommand;
  /** Index in `command.words` of the program that runs, past assignments and `sudo`/`env`. */
  program: number;
  /**
   * The text the command's word offsets index. `script.text.slice(w.start, w.end)`
   * is a word as the file spells it, so a fix may paste it back unchanged.
   */
  script: EmbeddedText;
}

/** The commands of one script; those of an escaped script are re-pointed at the file's own spelling. */
export function commandsOf(script: Script, fileText: string): FoundCommand[] {
  const out: FoundCommand[] = [];
  const view = script.escaped ? sourceView(script, fileText) : undefined;
  for (const parsed of parseShell(script.text)) {
    const program = programIndex(parsed);
    if (program === undefined) continue;
    if (!view) {
      out.push({ command: parsed, program, script });
      continue;
    }
    const at = (offset: number) => script.toSource(offset) - view.base;
    const words: Word[] = parsed.words.map((w) => ({ ...w, start: at(w.start), end: at(w.end) }));
    out.push({ command: { words, start: at(parsed.start), end: at(parsed.end) }, program, script: view.script });
  }
  return out;
}

/** The stretch of the file an escaped script covers, as a script of its own. */
function sourceView(script: Script, fileText: string): { base: number; script: Script } {
  let base = Number.POSITIVE_INFINITY;
  let end = 0;
  for (const s of script.segments) {
    base = Math.min(base, s.sourceStart);
    end = Math.max(end, s.sourceStart + s.length);
  }
  if (!Number.isFinite(base)) base = end = script.toSource(0);
  return { base, script: sliceScript(fileText, base, end) };
}

/** File range covering words `from`..`to` (inclusive) of a found command. */
export function wordsRange(found: FoundCommand, from: number, to: number): OffsetRange {
  const words: Word[] = found.command.words;
  return {
    start: found.script.toSource(words[from].start),
    end: found.script.toSource(words[Math.min(to, words.length - 1)].end),
  };
}
