import { type FoundCommand, shellCommands, wordsRange } from '../../parse/commands';
import { actionName, workflowJobs } from '../../parse/github-actions';
import { defineRule, type RuleContext } from '../../rule';
import { SourceFile } from '../../source';
import { PIPELINE_KINDS, type OffsetRange } from '../../types';

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

/** Pipeline files of the workspace other than this one, by the path patterns of the product. */
const PIPELINE_DIRS = ['.github/workflows', '', '.circleci', '.azure-pipelines'];
const PIPELINE_FILE = /(^|\/)(\.github\/workflows\/[^/]+\.ya?ml|\.gitlab-ci\.ya?ml|[^/]+\.gitlab-ci\.yml|\.circleci\/config\.ya?ml|azure-pipelines[^/]*\.ya?ml|\.azure-pipelines\/[^/]+\.ya?ml|bitbucket-pipelines\.ya?ml|Jenkinsfile)$/;

/**
 * Commands of the repository's own composite actions a workflow uses
 * (`uses: ./.github/actions/setup`): they run as steps of the job.
 */
function localActionCommands(ctx: RuleContext): FoundCommand[] {
  if (ctx.file.kind !== 'github-actions') return [];
  const out: FoundCommand[] = [];
  for (const job of workflowJobs(ctx.file)) {
    for (const step of job.steps) {
      const uses = step.uses?.value;
      if (!uses?.startsWith('./')) continue;
      const dir = uses.slice(2).replace(/\/+$/, '');
      for (const name of ['action.yml', 'action.yaml']) {
        const text = ctx.workspace.read(`${dir}/${name}`);
        if (text === undefined) continue;
        out.push(...shellCommands(new SourceFile(`${dir}/${name}`, 'github-actions', text)));
        break;
      }
    }
  }
  return out;
}

/** The repository's pipeline files, this one included, sorted. */
function pipelineFiles(ctx: RuleContext): string[] {
  const paths = new Set([ctx.file.path]);
  for (const dir of PIPELINE_DIRS) for (const path of ctx.workspace.list(dir)) if (PIPELINE_FILE.test(path)) paths.add(path);
  return [...paths].sort();
}

function textOf(ctx: RuleContext, path: string): string {
  return path === ctx.file.path ? ctx.file.text : (ctx.workspace.read(path) ?? '');
}

const INSTALLS_JS = /\b(?:bun\s+(?:install|i)|npm\s+(?:ci|install|i)|pnpm\s+(?:install|i)|yarn(?:\s+install)?)\b/;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Scripts whose run builds the package: `build` itself and any script that runs
 * it (`"dist": "npm run build && electron-builder"`).
 */
function buildingScripts(scripts: Record<string, unknown>): string[] {
  return Object.entries(scripts)
    .filter(([name, body]) => name === 'build' || (typeof body === 'string' && /\brun\s+build\b/.test(body)))
    .map(([name]) => name);
}

/**
 * A missing build is a fact about the repository, not about one file: it is
 * reported once, on the first pipeline file (by path) that installs JavaScript
 * dependencies, and only when no pipeline runs a script that builds (with any
 * client: one run by another client than the configured one is js-bun's finding).
 */
function isBuildMissingHere(ctx: RuleContext, scripts: Record<string, unknown>): boolean {
  const names = buildingScripts(scripts).map(escapeRegExp).join('|');
  const runsBuild = new RegExp(`\\b(?:bun|npm|pnpm|yarn)\\b[^\\n]*?\\s(?:${names})(?=[\\s"'\`;&|)]|$)`, 'm');
  const files = pipelineFiles(ctx);
  if (files.some((p) => runsBuild.test(textOf(ctx, p)))) return false;
  return files.find((p) => INSTALLS_JS.test(textOf(ctx, p))) === ctx.file.path;
}

function packageScripts(ctx: RuleContext): Record<string, unknown> | undefined {
  try {
    const pkg = JSON.parse(ctx.workspace.read('package.json') ?? '{}') as { scripts?: unknown };
    return pkg.scripts && typeof pkg.scripts === 'object' ? (pkg.scripts as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}


export default defineRule({
  id: 'package-manager/require-ci-steps',
  kinds: PIPELINE_KINDS,
  severity: 'warning',
  docs: {
    summary: 'Pipelines of a JavaScript project install with `bun install` and build with `bun run build`; those of a Python project use `poetry install` and `poetry run`.',
    rationale:
      'The policy is not only about which commands are absent but about which are present: a pipeline that sets up Node ' +
      'and runs tests without ever installing through Bun relies on whatever the runner image has, and a Python job ' +
      'that never enters Poetry\'s environment tests against packages Poetry did not resolve.\n\n' +
      'A pipeline file that works on JavaScript (it sets up Node or Bun, or runs a JavaScript tool) in a repository with ' +
      'a `package.json` at its root must run `bun install`; when `package.json` has a `build` script, some pipeline of ' +
      'the repository must run `bun run build`. A pipeline file that works on Python (`actions/setup-python`, or a ' +
      'Python tool) in a repository with a `pyproject.toml` or `requirements*.txt` at its root must run `poetry install`, ' +
      'and its Python tools must run through `poetry run` (or an activated Poetry environment). With another manager ' +
      'configured in `packageManagers`, the rule asks for that manager\'s install command instead.',
  },
  messages: {
    noInstall: 'This pipeline works on {language} but never runs `{install}`.',
    noBuild: 'No pipeline of this repository runs `{build}`, though `package.json` has a `build` script.',
    noPoetryRun: 'This pipeline installs with Poetry but never runs anything through `poetry run`; tools run outside Poetry\'s environment.',
  },
  check(ctx) {
    // A composite action is a building block of pipelines, not a pipeline.
    if (/^action\.ya?ml$/.test(ctx.file.basename)) return;
    const commands = [...shellCommands(ctx.file), ...localActionCommands(ctx)].map(argv);
    const runs = (tool: string, subs: string[]) => commands.some(([t, s]) => t === tool && subs.includes(s ?? ''));
    const js = ctx.packageManagers.javascript;
    if (ctx.workspace.has('package.json')) {
      const at = firstSign(ctx, JS_SETUP, JS_PROGRAMS);
      if (at) {
        const install = { bun: 'bun install', npm: 'npm ci', yarn: 'yarn install', pnpm: 'pnpm install' }[js];
        // Any client's install counts: one that is not the configured manager's is reported by js-bun already.
        const installs =
          runs('npm', ['ci', 'install', 'i', 'clean-install']) ||
          runs('pnpm', ['install', 'i']) ||
          runs('bun', ['install', 'i']) ||
          commands.some((c) => c[0] === 'yarn' && (c[1] === undefined || c[1] === 'install' || c[1].startsWith('-')));
        if (!installs) ctx.report({ messageId: 'noInstall', data: { language: 'JavaScript', install }, range: at });
        const scripts = packageScripts(ctx);
        if (installs && typeof scripts?.build === 'string' && isBuildMissingHere(ctx, scripts)) {
          ctx.report({ messageId: 'noBuild', data: { build: `${js} run build` }, range: at });
        }
      }
    }
    const python = ctx.packageManagers.python;
    if (ctx.workspace.list('').some((p) => /^(pyproject\.toml|Pipfile|setup\.py|setup\.cfg|requirements[^/]*\.txt)$/.test(p))) {
      const at = firstSign(ctx, PY_SETUP, PY_PROGRAMS);
      if (at && python === 'poetry') {
        // Another manager's install is reported by python-poetry already; only a missing install is this rule's.
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
