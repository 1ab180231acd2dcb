import type { SourceFile } from '../source';
import type { OffsetRange } from '../types';
import { azurePipelinesScripts } from './azure-pipelines';
import { bitbucketPipelinesScripts } from './bitbucket-pipelines';
import { circleciScripts } from './circleci';
import { dockerfileScripts } from './dockerfile';
import { runSteps, workflowJobs } from './github-actions';
import { gitlabCiScripts } from './gitlab-ci';
import { jenkinsfileScripts } from './jenkins';
import { makefileScripts } from './makefile';
import { markdownScripts } from './markdown';
import { packageJsonScripts } from './package-json';
import { isPosixLikeShell, type Script, sliceScript } from './script';
import { parseShell, programIndex, type SimpleCommand, type Word } from './shell';
import type { EmbeddedText } from './yaml';

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

/** The scripts a file runs, by kind; each reader memoises its own result. */
export function fileScripts(file: SourceFile): Script[] {
  switch (file.kind) {
    case 'github-actions':
      return githubActionsScripts(file);
    case 'gitlab-ci':
      return gitlabCiScripts(file);
    case 'circleci':
      return circleciScripts(file);
    case 'azure-pipelines':
      return azurePipelinesScripts(file);
    case 'bitbucket-pipelines':
      return bitbucketPipelinesScripts(file);
    case 'jenkins':
      return jenkinsfileScripts(file);
    case 'dockerfile':
      return dockerfileScripts(file);
    case 'makefile':
      return makefileScripts(file);
    case 'plan-doc':
      return markdownScripts(file);
    case 'package-manifest':
      return file.basename === 'package.json' ? packageJsonScripts(file) : [];
    default:
      return [];
  }
}

/** `run:` scripts of a workflow or composite action, except those of Python, Node or cmd steps. */
export function githubActionsScripts(file: SourceFile): Script[] {
  return runSteps(file)
    .filter((step) => isPosixLikeShell(step.shell))
    .map((step) => step.script);
}

/** Commands of a workflow: those its job model already parsed, so the file's scripts are read once. */
function githubActionsCommands(file: SourceFile): FoundCommand[] {
  return workflowJobs(file).flatMap((job) => job.steps.flatMap((step) => step.commands));
}

/**
 * Every shell command of a file, whatever its kind. Rules that police commands
 * ask this rather than walking the AST themselves; it is computed once per file.
 */
export function shellCommands(file: SourceFile): FoundCommand[] {
  return file.memo('commands', () => {
    if (file.kind === 'github-actions') return githubActionsCommands(file);
    const out: FoundCommand[] = [];
    for (const script of fileScripts(file)) out.push(...commandsOf(script, file.text));
    return out;
  });
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
