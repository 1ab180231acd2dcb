import { type FoundCommand, shellCommands, wordsRange } from '../../parse/commands';
import { actionName, workflowJobs } from '../../parse/github-actions';
import { type PackageScript, packageScriptEntries } from '../../parse/package-json';
import { defineRule, type RuleContext } from '../../rule';
import type { SourceFile } from '../../source';
import { type FileKind, type OffsetRange, PIPELINE_KINDS } from '../../types';
import type { WorkspaceView } from '../../workspace/view';

const JS_PROGRAMS = new Set(['npm', 'npx', 'yarn', 'pnpm', 'pnpx', 'bun', 'bunx', 'node']);
const PY_PROGRAMS = new Set(['python', 'python3', 'pip', 'pip3', 'pipenv', 'poetry', 'pytest', 'tox', 'nox', 'uv', 'pipx']);
const JS_SETUP = new Set(['actions/setup-node', 'oven-sh/setup-bun']);
const PY_SETUP = new Set(['actions/setup-python', 'snok/install-poetry', 'abatilo/actions-poetry']);

function argv(found: FoundCommand): string[] {
  return found.command.words.slice(found.program).map((w) => w.value);
}

/** Where the file first shows it works on an ecosystem: a setup action, else the first command of it. */
function firstSign(ctx: RuleContext, setups: Set<string>, programs: Set<string>): OffsetRange | undefined {
  if (ctx.file.kind === 'github-actions') {
    for (const job of workflowJobs(ctx.file)) {
      for (const step of job.steps) {
        if (step.uses && setups.has(actionName(step.uses.value)) && step.uses.node.range) {
          return { start: step.uses.node.range[0], end: step.uses.node.range[1] };
        }
      }
    }
  }
  const found = shellCommands(ctx.file).find((f) => programs.has(f.command.words[f.program].value));
  return found ? wordsRange(found, found.program, found.program) : undefined;
}

/**
 * Commands of the repository's own composite actions a workflow uses
 * (`uses: ./.github/actions/setup`): they run as steps of the job. The action
 * files come parsed from the repository, shared with every other reader.
 */
function localActionCommands(file: SourceFile, workspace: WorkspaceView): FoundCommand[] {
  if (file.kind !== 'github-actions') return [];
  const out: FoundCommand[] = [];
  for (const job of workflowJobs(file)) {
    for (const step of job.steps) {
      const uses = step.uses?.value;
      if (!uses?.startsWith('./')) continue;
      const dir = uses.slice(2).replace(/\/+$/, '');
      const action = workspace.file(`${dir}/action.yml`) ?? workspace.file(`${dir}/action.yaml`);
      if (action) for (const item of shellCommands(action)) out.push(item);
    }
  }
  return out;
}

/** A composite action is a building block of pipelines, not a pipeline. */
function isCompositeAction(file: SourceFile): boolean {
  return /^action\.ya?ml$/.test(file.basename);
}

/** Argument vectors of every command a pipeline runs, its local composite actions' included. */
function pipelineArgv(file: SourceFile, workspace: WorkspaceView): string[][] {
  return [...shellCommands(file), ...localActionCommands(file, workspace)].map(argv);
}

const JS_CLIENTS = new Set(['bun', 'npm', 'pnpm', 'yarn']);

/** Whether some command installs JavaScript dependencies, with any client. */
function installsJs(commands: readonly string[][]): boolean {
  return commands.some(
    ([tool, sub]) =>
      (tool === 'npm' && ['ci', 'install', 'i', 'clean-install'].includes(sub ?? '')) ||
      ((tool === 'pnpm' || tool === 'bun') && ['install', 'i'].includes(sub ?? '')) ||
      (tool === 'yarn' && (sub === undefined || sub === 'install' || sub.startsWith('-'))),
  );
}

/**
 * Scripts whose run builds the package: `build` itself and any script that runs
 * it (`"dist": "npm run build && electron-builder"`).
 */
function buildingScripts(scripts: readonly PackageScript[]): Set<string> {
  return new Set(scripts.filter((s) => s.name === 'build' || /\brun\s+build\b/.test(s.body)).map((s) => s.name));
}

/** Whether a command runs one of the scripts through a JavaScript client (`bun run build`, `yarn build`, `npm run build -w web`). */
function runsScript(commands: readonly string[][], names: ReadonlySet<string>): boolean {
  return commands.some(([tool, ...args]) => JS_CLIENTS.has(tool) && args.some((a) => names.has(a)));
}

/** The repository's pipelines, composite actions excluded. */
function pipelines(workspace: WorkspaceView): SourceFile[] {
  return PIPELINE_KINDS.flatMap((kind) => workspace.filesOf(kind)).filter((f) => !isCompositeAction(f));
}

/**
 * A missing build is a fact about the repository, not about one pipeline: it is
 * reported on the `build` script of the root `package.json`, when some pipeline
 * installs JavaScript dependencies and none runs a script that builds (with any
 * client: one run by another client than the configured one is js-commands's finding).
 */
function checkBuild(ctx: RuleContext): void {
  if (ctx.file.path !== 'package.json') return;
  const scripts = packageScriptEntries(ctx.file);
  const build = scripts.find((s) => s.name === 'build');
  if (!build) return;
  const all = pipelines(ctx.workspace).map((f) => pipelineArgv(f, ctx.workspace));
  if (!all.some(installsJs)) return;
  const names = buildingScripts(scripts);
  if (all.some((commands) => runsScript(commands, names))) return;
  ctx.report({ messageId: 'noBuild', data: { build: `${ctx.packageManagers.javascript} run build` }, range: { start: build.keyStart, end: build.keyEnd } });
}

export default defineRule({
  id: 'package-manager/require-ci-steps',
  kinds: [...PIPELINE_KINDS, 'package-manifest'] satisfies FileKind[],
  // Not run on code blocks of plan documents: judges all the pipelines of a project together.
  scope: 'repository',
  severity: 'warning',
  docs: {
    summary: 'Pipelines of a JavaScript project install with `bun install` and build with `bun run build`; those of a Python project use `poetry install` and `poetry run`.',
    rationale:
      'The policy is not only about which commands are absent but about which are present: a pipeline that sets up Node ' +
      'and runs tests without ever installing through Bun relies on whatever the runner image has, and a Python job ' +
      'that never enters Poetry\'s environment tests against packages Poetry did not resolve.\n\n' +
      'A pipeline file that works on JavaScript (it sets up Node or Bun, or runs a JavaScript tool) in a repository with ' +
      'a `package.json` that declares dependencies or workspaces (at the root or in a project folder) must run `bun install`; when `package.json` has a `build` script, some pipeline of ' +
      'the repository must run `bun run build` (that finding sits on the `build` script, the fact it is about). A pipeline file that works on Python (`actions/setup-python`, or a ' +
      'Python tool) in a repository with a `pyproject.toml`, `Pipfile`, `setup.py` or `requirements*.txt` (at the root or in a project folder) must run `poetry install`, ' +
      'and its Python tools must run through `poetry run` (or an activated Poetry environment). With another manager ' +
      'configured in `packageManagers`, the rule asks for that manager\'s install command instead.',
  },
  messages: {
    noInstall: 'This pipeline works on {language} but never runs `{install}`.',
    noBuild: 'No pipeline of this repository runs `{build}`: the `build` script is never run in CI, though pipelines install the dependencies.',
    noPoetryRun: 'This pipeline installs with Poetry but never runs anything through `poetry run`; tools run outside Poetry\'s environment.',
  },
  check(ctx) {
    if (ctx.file.kind === 'package-manifest') {
      checkBuild(ctx);
      return;
    }
    if (isCompositeAction(ctx.file)) return;
    const commands = pipelineArgv(ctx.file, ctx.workspace);
    const runs = (tool: string, subs: string[]) => commands.some(([t, s]) => t === tool && subs.includes(s ?? ''));
    const js = ctx.packageManagers.javascript;
    const ecosystems = ctx.workspace.model().ecosystems;
    // A JavaScript project anywhere in the repository (a `web/` folder too), unless it has nothing to install.
    if (ecosystems.some((e) => e.language === 'javascript' && e.hasDependencies)) {
      const at = firstSign(ctx, JS_SETUP, JS_PROGRAMS);
      // Any client's install counts: one that is not the configured manager's is reported by js-commands already.
      if (at && !installsJs(commands)) {
        const install = { bun: 'bun install', npm: 'npm ci', yarn: 'yarn install', pnpm: 'pnpm install' }[js];
        ctx.report({ messageId: 'noInstall', data: { language: 'JavaScript', install }, range: at });
      }
    }
    const python = ctx.packageManagers.python;
    if (ecosystems.some((e) => e.language === 'python')) {
      const at = firstSign(ctx, PY_SETUP, PY_PROGRAMS);
      if (at && python === 'poetry') {
        // Another manager's install is reported by python-commands already; only a missing install is this rule's.
        const otherInstall = runs('pipenv', ['install', 'sync']) || runs('uv', ['sync', 'pip']) || commands.some(([t, s, ...rest]) => /^pip3?$/.test(t) && s === 'install' && rest.some((a) => a === '-r' || a.startsWith('--requirement') || a === '.' || a === '-e'));
        if (otherInstall) {
          // Nothing to add: the install itself is the finding.
        } else if (!runs('poetry', ['install', 'sync'])) {
          ctx.report({ messageId: 'noInstall', data: { language: 'Python', install: 'poetry install' }, range: at });
        } else if (!runs('poetry', ['run', 'shell']) && !/virtualenvs\.create\s+false|\bactivate\b|VIRTUAL_ENV/.test(ctx.file.text)) {
          ctx.report({ messageId: 'noPoetryRun', range: at });
        }
      } else if (at && (python === 'pipenv' || python === 'uv')) {
        const [tool, sub] = python === 'pipenv' ? ['pipenv', 'install'] : ['uv', 'sync'];
        if (!runs(tool, [sub])) ctx.report({ messageId: 'noInstall', data: { language: 'Python', install: `${tool} ${sub}` }, range: at });
      }
    }
  },
});
