import { matchesAny } from '../../detect';
import { PYTHON_MANAGER_NAMES, type PythonManager } from '../../policy/python';
import { pathStartsWith, tomlLayout } from '../../parse/toml';
import { defineRule, type RuleContext } from '../../rule';
import type { OffsetRange } from '../../types';
import { isPoetryProject } from '../../workspace/model';
import type { WorkspaceView } from '../../workspace/view';

interface Options {
  allowRequirements: string[];
}

const POETRY_BACKEND = 'poetry.core.masonry.api';

/**
 * Backends that build native extensions, which Poetry's own backend cannot:
 * a project using one may still manage its dependencies with Poetry.
 */
const NATIVE_BACKENDS = new Set(['maturin', 'scikit_build_core.build', 'mesonpy']);

const BACKEND_TOOLS: Record<string, string> = {
  'setuptools.build_meta': 'setuptools',
  'setuptools.build_meta:__legacy__': 'setuptools',
  'hatchling.build': 'Hatch',
  'pdm.backend': 'PDM',
  'pdm.pep517.api': 'PDM',
  'flit_core.buildapi': 'Flit',
  'flit.buildapi': 'Flit',
  'uv_build': 'uv',
};

/** Files that belong to one manager, and whether each is a lockfile. */
const MANAGER_FILES: Record<string, { manager: PythonManager | 'pdm'; tool: string; lock: boolean }> = {
  Pipfile: { manager: 'pipenv', tool: 'Pipenv', lock: false },
  'Pipfile.lock': { manager: 'pipenv', tool: 'Pipenv', lock: true },
  'uv.lock': { manager: 'uv', tool: 'uv', lock: true },
  'pdm.lock': { manager: 'pdm', tool: 'PDM', lock: true },
  'poetry.lock': { manager: 'poetry', tool: 'Poetry', lock: true },
  'setup.py': { manager: 'pip', tool: 'setuptools', lock: false },
};

/** Where the configured manager wants dependencies declared, and where it locks them. */
const HOME: Record<PythonManager, { declare: string; lock: string }> = {
  poetry: { declare: '`pyproject.toml` for Poetry', lock: '`poetry.lock`' },
  pipenv: { declare: '`Pipfile` for Pipenv', lock: '`Pipfile.lock`' },
  uv: { declare: '`pyproject.toml` for uv', lock: '`uv.lock`' },
  pip: { declare: 'requirements files for pip', lock: 'pinned requirements files' },
};

/** Dependency tables of other managers inside `pyproject.toml`, by key path (`*` = any one segment). */
const FOREIGN_TABLES: { prefix: string[]; manager: PythonManager | 'pdm' | 'hatch' | 'rye' | 'setuptools'; tool: string }[] = [
  { prefix: ['tool', 'pdm', 'dev-dependencies'], manager: 'pdm', tool: 'PDM' },
  { prefix: ['tool', 'uv', 'dev-dependencies'], manager: 'uv', tool: 'uv' },
  { prefix: ['tool', 'uv', 'sources'], manager: 'uv', tool: 'uv' },
  { prefix: ['tool', 'hatch', 'envs', '*', 'dependencies'], manager: 'hatch', tool: 'Hatch' },
  { prefix: ['tool', 'hatch', 'envs', '*', 'extra-dependencies'], manager: 'hatch', tool: 'Hatch' },
  { prefix: ['tool', 'setuptools', 'dynamic', 'dependencies'], manager: 'setuptools', tool: 'setuptools' },
  { prefix: ['tool', 'setuptools', 'dynamic', 'optional-dependencies'], manager: 'setuptools', tool: 'setuptools' },
  { prefix: ['tool', 'rye', 'dev-dependencies'], manager: 'rye', tool: 'Rye' },
  { prefix: ['tool', 'poetry', 'dependencies'], manager: 'poetry', tool: 'Poetry' },
  { prefix: ['tool', 'poetry', 'group'], manager: 'poetry', tool: 'Poetry' },
  { prefix: ['tool', 'poetry', 'dev-dependencies'], manager: 'poetry', tool: 'Poetry' },
];

export default defineRule({
  id: 'package-manager/python-manifest',
  kinds: ['package-manifest'],
  severity: 'error',
  docs: {
    summary: "Python dependencies are declared in a Poetry `pyproject.toml` and locked in `poetry.lock`, not in requirements files, `Pipfile`, `setup.py` or other managers' tables.",
    rationale:
      'With Poetry as the Python package manager, a project has one list of dependencies, `pyproject.toml` (under ' +
      '`[tool.poetry]`, or PEP 621 `[project]` with the build backend `poetry.core.masonry.api`), and one lock, ' +
      '`poetry.lock`. A `requirements.txt`, `requirements.in`, `Pipfile`, `setup.py` or `setup.cfg` beside it is a ' +
      'second list that drifts, and whichever one CI installs from decides what ships.\n\n' +
      'Reported: requirements files, `Pipfile` and `Pipfile.lock`, `uv.lock` and `pdm.lock`, `setup.py`, a `setup.cfg` ' +
      'with `[metadata]` or `[options]` (one that only configures tools such as flake8 or pytest is left alone), and in ' +
      '`pyproject.toml` a build backend other than Poetry\'s (`setuptools.build_meta`, `hatchling.build`, ' +
      '`pdm.backend`, `flit_core.buildapi`; the finding sits on the value), a `[project]` with no build backend, and ' +
      'the dependency tables of other managers: `[tool.pdm.dev-dependencies]`, `[tool.uv]` `dev-dependencies` and ' +
      '`sources`, `[tool.hatch.envs.*]` `dependencies`, `[tool.setuptools.dynamic]` `dependencies`, `[tool.rye]` ' +
      '`dev-dependencies`.\n\n' +
      'Not reported: requirements files matched by the `allowRequirements` globs (by default anything under a ' +
      '`docs/` folder, the Read the Docs convention); a `requirements*.txt` in a folder whose `pyproject.toml` is ' +
      "Poetry's, which is taken to be `poetry export` output for an image or a platform that only reads requirements " +
      '(with or without the export header); and the build backends of native extensions, `maturin`, ' +
      '`scikit_build_core.build` and `mesonpy`, which Poetry cannot replace but whose dependencies Poetry may still ' +
      'manage. There is no fix: moving dependencies into `pyproject.toml` (`poetry init`, then `poetry add` per ' +
      'requirement) needs review.\n\n' +
      'With `packageManagers.python` set to another manager in `.roo-devops.yaml`, that manager\'s own files and ' +
      'tables are allowed (`Pipfile` for Pipenv, `uv.lock` and `[tool.uv]` for uv, requirements files and `setup.py` ' +
      'for pip), the build-backend check is off, and the files of the others, Poetry\'s included, are reported.',
  },
  options: {
    type: 'object',
    properties: {
      allowRequirements: {
        type: 'array',
        items: { type: 'string' },
        default: ['**/docs/**'],
        description: 'Globs (workspace-relative) of requirements files that are allowed, such as those Read the Docs installs.',
      },
    },
    additionalProperties: false,
  },
  messages: {
    foreignManifest: '`{file}` declares dependencies for {tool}; declare them in {home} instead.',
    foreignLock: '`{file}` is the lockfile of {tool}; {manager} locks dependencies in {lock}.',
    backend: '`{backend}` builds the package with {tool}; use Poetry\'s `poetry.core.masonry.api` as `build-backend` instead.',
    noBackend: '`[{table}]` has no `build-backend`, so installers build it with setuptools; set `build-backend = "poetry.core.masonry.api"`.',
    foreignTable: '`{table}` declares dependencies for {tool}, which {manager} does not read; declare them for {manager} instead.',
  },
  check(ctx) {
    const { file } = ctx;
    const configured = ctx.packageManagers.python;
    const base = file.basename;
    if (/^requirements.*\.(txt|in)$/.test(base)) return checkRequirements(ctx, configured);
    if (base === 'setup.cfg') return checkSetupCfg(ctx, configured);
    if (base === 'pyproject.toml') return checkPyproject(ctx, configured);
    const owner = MANAGER_FILES[base];
    if (!owner || owner.manager === configured) return;
    // `Pipfile` and `pdm.lock` are also names other ecosystems never use, so no neighbour check is needed.
    report(ctx, owner.lock ? 'foreignLock' : 'foreignManifest', { file: base, tool: owner.tool }, firstLine(ctx), configured);
  },
});

function sibling(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

function firstLine(ctx: RuleContext<Options>): OffsetRange {
  const end = ctx.file.lines.lineEnd(0);
  return { start: 0, end: end > 0 ? end : Math.min(1, ctx.file.text.length) };
}

function report(ctx: RuleContext<Options>, messageId: string, data: Record<string, string>, range: OffsetRange, configured: PythonManager): void {
  const manager = PYTHON_MANAGER_NAMES[configured];
  ctx.report({ messageId, data: { ...data, manager, home: HOME[configured].declare, lock: HOME[configured].lock }, range });
}

function checkRequirements(ctx: RuleContext<Options>, configured: PythonManager): void {
  if (configured === 'pip') return;
  const { file, workspace } = ctx;
  if (matchesAny(file.path, ctx.options.allowRequirements ?? [])) return;
  // A pinned requirements file beside the manager's own manifest is its export (`poetry export`, `uv export`, `pipenv requirements`).
  if (file.basename.endsWith('.txt') && ownsFolder(workspace, file.dirname, configured)) return;
  // Wherever it sits, a file that says it was exported by the configured manager is that manager's output.
  const exporter = { poetry: /poetry export/, uv: /uv export/, pipenv: /pipenv requirements/ }[configured];
  if (file.basename.endsWith('.txt') && exporter.test(file.text.slice(0, 2000).split('\n').filter((l) => l.startsWith('#')).join('\n'))) return;
  const tool = file.basename.endsWith('.in') ? 'pip-tools' : 'pip';
  report(ctx, 'foreignManifest', { file: file.basename, tool }, firstLine(ctx), configured);
}

/** True when the folder holds the configured manager's own manifest. */
function ownsFolder(workspace: WorkspaceView, dir: string, configured: PythonManager): boolean {
  if (configured === 'pipenv') return workspace.has(sibling(dir, 'Pipfile'));
  if (configured === 'uv') return workspace.has(sibling(dir, 'uv.lock'));
  const pyproject = sibling(dir, 'pyproject.toml');
  if (!workspace.has(pyproject)) return false;
  const file = workspace.file(pyproject);
  return file !== undefined && isPoetryProject(file);
}

function checkSetupCfg(ctx: RuleContext<Options>, configured: PythonManager): void {
  if (configured === 'pip') return;
  const m = /^\[(metadata|options)\][ \t]*$/m.exec(ctx.file.text);
  if (!m) return;
  report(ctx, 'foreignManifest', { file: 'setup.cfg', tool: 'setuptools' }, { start: m.index, end: m.index + m[0].trimEnd().length }, configured);
}

function checkPyproject(ctx: RuleContext<Options>, configured: PythonManager): void {
  const text = ctx.file.text;
  // Not valid TOML: toml/syntax reports it, and nothing can be said about its tables.
  const doc = ctx.file.toml.value;
  if (!doc) return;
  const layout = tomlLayout(text);
  const buildSystem = doc['build-system'] as { 'build-backend'?: unknown } | undefined;
  const backend = typeof buildSystem?.['build-backend'] === 'string' ? buildSystem['build-backend'] : undefined;
  const tool = doc.tool as Record<string, unknown> | undefined;
  if (configured === 'poetry') {
    if (backend !== undefined && backend !== POETRY_BACKEND && !NATIVE_BACKENDS.has(backend)) {
      const key = layout.keys.find((k) => k.path.join('.') === 'build-system.build-backend');
      if (key) {
        ctx.report({
          messageId: 'backend',
          data: { backend, tool: BACKEND_TOOLS[backend] ?? `\`${backend}\`` },
          range: { start: key.valueStart, end: key.valueEnd },
        });
      }
    } else if (backend === undefined && tool?.poetry === undefined && doc.project !== undefined) {
      const table = layout.tables.find((t) => t.path.join('.') === 'build-system') ?? layout.tables.find((t) => t.path.join('.') === 'project');
      if (table) ctx.report({ messageId: 'noBackend', data: { table: table.path.join('.') }, range: table });
    }
  }
  const seen = new Set<string>();
  for (const entry of [...layout.tables.map((t) => ({ path: t.path, range: { start: t.start, end: t.end } })), ...layout.keys.map((k) => ({ path: k.path, range: { start: k.keyStart, end: k.keyEnd } }))]) {
    const foreign = FOREIGN_TABLES.find((f) => f.manager !== configured && pathStartsWith(entry.path, f.prefix));
    if (!foreign) continue;
    // One finding per table: `[tool.poetry.group.dev.dependencies]` and its keys are one declaration.
    const name = entry.path.slice(0, foreign.prefix.length).join('.');
    if (seen.has(name)) continue;
    seen.add(name);
    report(ctx, 'foreignTable', { table: name, tool: foreign.tool }, entry.range, configured);
  }
}
