import { type FoundCommand, shellCommands, wordsRange } from '../../parse/commands';
import { dockerfileAt } from '../../parse/dockerfiles';
import { actionName, workflowJobs } from '../../parse/github-actions';
import { COMMAND_KINDS, rawWords, replaceCommandFix, shownCommand } from '../../policy/command-rewrite';
import { PYTHON_MANAGER_NAMES, type PythonManager, pythonInvocation, translatePython } from '../../policy/python';
import { defineRule, type RuleContext } from '../../rule';
import { BUILD_KINDS } from '../../types';

/** Actions that set up a Python package manager, by the manager they set up. */
const SETUP_ACTIONS: Record<string, PythonManager> = {
  'astral-sh/setup-uv': 'uv',
  'yezz123/setup-uv': 'uv',
  'snok/install-poetry': 'poetry',
  'abatilo/actions-poetry': 'poetry',
  'gr1n/setup-poetry': 'poetry',
  'palewire/install-python-pipenv-pipeline': 'pipenv',
  'tiagovrtr/actions-pipenv': 'pipenv',
};

const SETUP_ADVICE: Record<PythonManager, string> = {
  poetry: 'install Poetry instead (`pipx install poetry`)',
  uv: 'set up uv instead (`astral-sh/setup-uv`)',
  pipenv: 'install Pipenv instead (`pip install pipenv`)',
  pip: 'use the pip of `actions/setup-python`',
};

/**
 * A uv command that only brings the configured manager or an interpreter:
 * `uv tool install poetry`, `uvx poetry …`, `uv python install 3.12`.
 */
function bootstrapsWithUv(found: FoundCommand, configured: PythonManager): boolean {
  const [tool, sub, arg, name] = found.command.words.slice(found.program).map((w) => w.value);
  if (tool === 'uvx') return sub === configured;
  if (tool !== 'uv') return false;
  return sub === 'python' || (sub === 'tool' && arg === 'install' && name === configured);
}

/** Setup actions of another Python manager in a workflow: the job installs with it, whatever its run steps say. */
function checkSetupActions(ctx: RuleContext): void {
  const configured = ctx.packageManagers.python;
  for (const job of workflowJobs(ctx.file)) {
    for (const step of job.steps) {
      const uses = step.uses;
      const manager = uses && SETUP_ACTIONS[actionName(uses.value)];
      // A step reused through an alias is reported once, where its anchor is written.
      if (!uses?.node.range || !manager || manager === configured || step.alias) continue;
      // A job that uses uv only to bring the configured manager or an interpreter does not manage packages with it.
      const uvCommands = job.steps.flatMap((s) => s.commands).filter((c) => ['uv', 'uvx'].includes(c.command.words[c.program].value));
      if (manager === 'uv' && uvCommands.length > 0 && uvCommands.every((c) => bootstrapsWithUv(c, configured))) continue;
      ctx.report({
        messageId: 'foreignSetup',
        data: { uses: uses.value, tool: PYTHON_MANAGER_NAMES[manager], manager: PYTHON_MANAGER_NAMES[configured], advice: SETUP_ADVICE[configured] },
        range: { start: uses.node.range[0], end: uses.node.range[1] },
      });
    }
  }
}

export default defineRule({
  id: 'package-manager/python-commands',
  formerIds: ['package-manager/python-poetry'],
  kinds: COMMAND_KINDS,
  severity: 'error',
  fix: 'mixed',
  docs: {
    summary: 'Python dependencies are installed and run through Poetry (or the manager the policy names), not pip, Pipenv, uv, pip-tools or `setup.py`.',
    rationale:
      'The team standard for Python is Poetry: dependencies are declared in `pyproject.toml`, pinned in `poetry.lock` and ' +
      'installed into a virtual environment Poetry manages. A pipeline step that runs `pip install -r requirements.txt`, ' +
      '`pipenv install` or `uv sync` installs from another list of dependencies than the one developers lock, so the ' +
      'environment CI tests is not the one the lockfile describes.\n\n' +
      'The check reads the commands a step really runs, through `pip`, `pip3`, `python -m pip`, `python3 -m pip`, ' +
      '`uv pip`, Pipenv, uv, pip-tools (`pip-compile`, `pip-sync`), `python setup.py install|develop|sdist|bdist_wheel` ' +
      'and the tool runners `uvx`, `uv tool run` and `pipx run`. ' +
      'Bootstrapping the toolchain is not reported: `pip install poetry` (with a version or Poetry plugins), ' +
      '`pip install --upgrade pip setuptools wheel`, `pip install --user pipx`, `pipx install poetry`, tool installs ' +
      '(`pipx install black`, `uv tool install pre-commit`) and the Poetry installer piped to `python3 -`. Neither are ' +
      'read-only commands (`pip --version`, `pip freeze`, `pip list`), interpreter management (`uv python`), words ' +
      'inside quoted strings or comments.\n\n' +
      'In a workflow, the setup action of another manager is reported too (`astral-sh/setup-uv`, `yezz123/setup-uv`, ' +
      'the Pipenv actions, and the Poetry actions when Poetry is not the configured manager), unless the job uses uv only ' +
      'to install the configured manager or an interpreter (`uv tool install poetry`, `uv python install`). ' +
      '`actions/setup-python` with `cache: pipenv` is reported by `package-manager/require-dependency-cache`.\n\n' +
      'The fix rewrites the command into Poetry: `pip install -r requirements.txt` and `pip install -e .` become ' +
      '`poetry install`, `pip install x` becomes `poetry add x` where a developer runs it (Makefiles, plan documents; ' +
      'in a pipeline or a Dockerfile it would edit the lock during the build, so there the finding says to declare the ' +
      'package in `pyproject.toml` instead), a requirements file other than `requirements.txt` gets no rewrite (its ' +
      'packages must first be declared in a Poetry group), `pipenv install --dev x` becomes ' +
      '`poetry add --group dev x`, `pipenv sync` becomes `poetry install --sync`, `uv sync` becomes `poetry install`, ' +
      '`pipenv run x` and `uv run x` become `poetry run x`, and `uvx ruff check .` or `pipx run black .` become ' +
      '`poetry run ruff check .` and `poetry run black .` once the tool is declared as a development dependency ' +
      '(a pinned `uvx ruff@0.6.9` or a runner option such as `--from` leaves the finding without a fix: the pin belongs in ' +
      '`pyproject.toml`). Only the `pipenv run`, `uv run` and `poetry run` rewrites are safe: the others move the ' +
      'dependency source to `pyproject.toml` and `poetry.lock` (which must hold what the requirements file held), ' +
      'make `poetry add` edit both files, or need the tool declared first, so they are offered for review and never ' +
      'applied by "fix all". Options with ' +
      'no Poetry meaning for what gets installed (`--upgrade`, `--user`, `--no-cache-dir`, `--deploy`) are dropped; ' +
      'options that change it (`--index-url`, `--constraint`, `--target`) leave the finding without a fix, as do ' +
      '`pip-compile` and `pip-sync`, which Poetry replaces with `poetry lock`.\n\n' +
      'An organisation that standardises on another Python manager sets `packageManagers.python` (`uv`, `pipenv` or ' +
      '`pip`) in `.roo-devops.yaml`. The rule then leaves that manager alone, reports the others (Poetry included) and ' +
      'allows installing that manager with pip. With uv or Pipenv, messages and fixes speak that manager: ' +
      '`pip install -r requirements.txt` becomes `uv sync` or `pipenv install`, `poetry install` becomes `uv sync` or ' +
      '`pipenv install --dev`, `poetry add --group dev x` becomes `uv add --dev x` or `pipenv install --dev x`, ' +
      '`poetry run x` becomes `uv run x` or `pipenv run x`, `poetry lock` and `poetry check --lock` become `uv lock` and ' +
      '`uv lock --check` (`pipenv lock`, `pipenv verify`), `poetry build` becomes `uv build`; what the manager cannot say ' +
      '(extras or groups other than `dev` in Pipenv, builds with Pipenv) is reported without a fix. With `pip`, the ' +
      'other managers are reported without a fix.',
  },
  messages: {
    replace: '`{command}` {verb} {tool}; use `{replacement}` instead.',
    runTool: '`{command}` runs `{name}` through {tool}; declare `{name}` as a development dependency and use `{replacement}` instead.',
    noRewrite: '`{command}` {verb} {tool}; {manager} is the Python package manager here, and no rewrite is offered because {reason}.',
    otherManager: '`{command}` {verb} {tool}; {manager} is the Python package manager here.',
    foreignSetup: '`{uses}` sets up {tool}, but {manager} is the Python package manager here; {advice}.',
  },
  check(ctx) {
    const configured = ctx.packageManagers.python;
    const manager = PYTHON_MANAGER_NAMES[configured];
    const isBuild = (BUILD_KINDS as readonly string[]).includes(ctx.file.kind);
    if (ctx.file.kind === 'github-actions') checkSetupActions(ctx);
    for (const found of shellCommands(ctx.file)) {
      const { command, program } = found;
      // A quoted program is data, but an interpreter behind a variable (`$(PYTHON) -m pip`) still runs.
      const programWord = command.words[program];
      if (programWord.quoted && !/^\$[({]\w+[)}]$/.test(programWord.value)) continue;
      const values = command.words.slice(program).map((w) => w.value);
      const inv = pythonInvocation(values);
      if (!inv) continue;
      const args = rawWords(found, program + inv.prefix);
      const t = translatePython(inv, args, configured);
      if (!t || t.manager === configured) continue;
      const last = t.highlight === undefined ? command.words.length - 1 : program + inv.prefix + t.highlight - 1;
      const range = wordsRange(found, program, Math.max(program, last));
      const data = { command: shownCommand(ctx.file.text, range, found, program, last), verb: t.verb, tool: t.tool, manager };
      // Whether the manager is in a Dockerfile stage's image is not checked: there a rewrite is for review, never fix-all.
      const inImage = dockerfileAt(ctx.file, range.start) !== undefined;
      if (configured === 'pip') {
        ctx.report({ messageId: 'otherManager', data, range });
      } else if (t.replacement && !(t.developerOnly && isBuild)) {
        const fixes = replaceCommandFix(found, program, t.replacement, t.safe === true && !inImage);
        if (t.runsTool) ctx.report({ messageId: 'runTool', data: { ...data, name: t.runsTool, replacement: t.replacement }, range, fixes });
        else ctx.report({ messageId: 'replace', data: { ...data, replacement: t.replacement }, range, fixes });
      } else {
        ctx.report({ messageId: 'noRewrite', data: { ...data, reason: t.reason ?? `no ${manager} command matches it` }, range });
      }
    }
  },
});
