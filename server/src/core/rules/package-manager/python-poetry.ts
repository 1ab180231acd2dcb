import { shellCommands, wordsRange } from '../../parse/commands';
import { dockerfileAt } from '../../parse/dockerfiles';
import { COMMAND_KINDS, rawWords, replaceCommandFix, shownCommand } from '../../policy/command-rewrite';
import { PYTHON_MANAGER_NAMES, pythonInvocation, translatePython } from '../../policy/python';
import { defineRule } from '../../rule';
import { BUILD_KINDS } from '../../types';

export default defineRule({
  id: 'package-manager/python-poetry',
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
      '`uv pip`, Pipenv, uv, pip-tools (`pip-compile`, `pip-sync`) and `python setup.py install|develop|sdist|bdist_wheel`. ' +
      'Bootstrapping the toolchain is not reported: `pip install poetry` (with a version or Poetry plugins), ' +
      '`pip install --upgrade pip setuptools wheel`, `pip install --user pipx`, `pipx install poetry` and the Poetry ' +
      'installer piped to `python3 -`. Neither are read-only commands (`pip --version`, `pip freeze`, `pip list`), ' +
      "uv's tool runner (`uvx`, `uv tool`) and interpreter management (`uv python`), words inside quoted strings or " +
      'comments.\n\n' +
      'The fix rewrites the command into Poetry: `pip install -r requirements.txt` and `pip install -e .` become ' +
      '`poetry install`, `pip install x` becomes `poetry add x` where a developer runs it (Makefiles, plan documents; ' +
      'in a pipeline or a Dockerfile it would edit the lock during the build, so there the finding says to declare the ' +
      'package in `pyproject.toml` instead), a requirements file other than `requirements.txt` gets no rewrite (its ' +
      'packages must first be declared in a Poetry group), `pipenv install --dev x` becomes ' +
      '`poetry add --group dev x`, `pipenv sync` becomes `poetry install --sync`, `uv sync` becomes `poetry install`, ' +
      '`pipenv run x` and `uv run x` become `poetry run x`. Only the `run` rewrites are safe: the others move the ' +
      'dependency source to `pyproject.toml` and `poetry.lock` (which must hold what the requirements file held), or ' +
      'make `poetry add` edit both files, so they are offered for review and never applied by "fix all". Options with ' +
      'no Poetry meaning for what gets installed (`--upgrade`, `--user`, `--no-cache-dir`, `--deploy`) are dropped; ' +
      'options that change it (`--index-url`, `--constraint`, `--target`) leave the finding without a fix, as do ' +
      '`pip-compile` and `pip-sync`, which Poetry replaces with `poetry lock`.\n\n' +
      'An organisation that standardises on another Python manager sets `packageManagers.python` (`pipenv`, `uv` or ' +
      '`pip`) in `.roo-devops.yaml`. The rule then leaves that manager alone, reports the others (Poetry included) ' +
      'without a fix, and allows installing that manager with pip.',
  },
  messages: {
    replace: '`{command}` {verb} {tool}; use `{replacement}` instead.',
    noRewrite: '`{command}` {verb} {tool}; {manager} is the Python package manager here, and no rewrite is offered because {reason}.',
    otherManager: '`{command}` {verb} {tool}; {manager} is the Python package manager here.',
  },
  check(ctx) {
    const configured = ctx.packageManagers.python;
    const manager = PYTHON_MANAGER_NAMES[configured];
    const isBuild = (BUILD_KINDS as readonly string[]).includes(ctx.file.kind);
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
      // Whether Poetry is in a Dockerfile stage's image is not checked: there a rewrite is for review, never fix-all.
      const inImage = dockerfileAt(ctx.file, range.start) !== undefined;
      if (configured !== 'poetry') {
        ctx.report({ messageId: 'otherManager', data, range });
      } else if (t.replacement && !(t.developerOnly && isBuild)) {
        ctx.report({ messageId: 'replace', data: { ...data, replacement: t.replacement }, range, fixes: replaceCommandFix(found, program, t.replacement, t.safe === true && !inImage) });
      } else {
        ctx.report({ messageId: 'noRewrite', data: { ...data, reason: t.reason ?? 'no Poetry command matches it' }, range });
      }
    }
  },
});
