import type { SourceFile } from '../source';
import { azurePipelinesScripts } from './azure-pipelines';
import { bitbucketPipelinesScripts } from './bitbucket-pipelines';
import { circleciScripts } from './circleci';
import { userDataScripts } from './cloudformation-user-data';
import { composeScripts } from './compose';
import { dockerfileScripts } from './dockerfile';
import { runSteps, workflowJobs } from './github-actions';
import { gitlabCiScripts } from './gitlab-ci';
import { jenkinsfileScripts } from './jenkins';
import { commandListScripts, isChartValuesFile } from './kubernetes-commands';
import { makefileScripts } from './makefile';
import { markdownScripts } from './markdown';
import { packageJsonScripts } from './package-json';
import { terraformScripts } from './terraform-scripts';
import { isPosixLikeShell, type Script } from './script';
import { commandsOf, type FoundCommand } from './script-commands';

// Their home is script-commands.ts, below the readers; re-exported for the rules that take them from here.
export { commandsOf, type FoundCommand, wordsRange } from './script-commands';

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
    case 'compose':
      return composeScripts(file);
    case 'makefile':
      return makefileScripts(file);
    case 'plan-doc':
      return markdownScripts(file);
    case 'terraform':
      return terraformScripts(file);
    case 'cloudformation':
      return userDataScripts(file);
    case 'package-manifest':
      return file.basename === 'package.json' ? packageJsonScripts(file) : [];
    case 'kubernetes':
      return commandListScripts(file);
    case 'yaml':
      return isChartValuesFile(file.path) ? commandListScripts(file) : [];
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
    for (const script of fileScripts(file)) for (const item of commandsOf(script, file.text)) out.push(item);
    return out;
  });
}
