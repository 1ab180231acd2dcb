import type { SourceFile } from '../source';
import type { OffsetRange } from '../types';
import { runSteps } from './github-actions';
import { parseShell, programIndex, type SimpleCommand, type Word } from './shell';
import type { EmbeddedText } from './yaml';

/** A simple command found somewhere in a file, with a way back to file offsets. */
export interface FoundCommand {
  command: SimpleCommand;
  /** Index in `command.words` of the program that runs, past assignments and `sudo`/`env`. */
  program: number;
  script: EmbeddedText;
}

/** Shells whose command lines read like POSIX sh for our purpose; others are skipped. */
const NON_POSIX_SHELLS = /^(python|node|cmd)\b/;

/**
 * Every shell command of a file, whatever its kind. Rules that police commands
 * ask this rather than walking the AST themselves; it is computed once per file.
 */
export function shellCommands(file: SourceFile): FoundCommand[] {
  return file.memo('commands', () => {
    const scripts: EmbeddedText[] = [];
    if (file.kind === 'github-actions') {
      for (const step of runSteps(file)) {
        if (step.shell && NON_POSIX_SHELLS.test(step.shell)) continue;
        scripts.push(step.script);
      }
    }
    const out: FoundCommand[] = [];
    for (const script of scripts) {
      for (const command of parseShell(script.text)) {
        const program = programIndex(command);
        if (program !== undefined) out.push({ command, program, script });
      }
    }
    return out;
  });
}

/** File range covering words `from`..`to` (inclusive) of a found command. */
export function wordsRange(found: FoundCommand, from: number, to: number): OffsetRange {
  const words: Word[] = found.command.words;
  return {
    start: found.script.toSource(words[from].start),
    end: found.script.toSource(words[Math.min(to, words.length - 1)].end),
  };
}
