/**
 * How a command of pip, Pipenv, uv, pip-tools or setuptools reads in Poetry, and
 * which Python package manager each command belongs to. Pure word-level
 * translation: the rule decides where the words sit in the file.
 */
import type { PackageManagers } from '../types';
import { programName, unquote } from './command-rewrite';
import { MANAGER_DISPLAY_NAMES } from './managers';

export type PythonManager = PackageManagers['python'];

/** Display names of the Python managers (from the one table in `managers.ts`). */
export const PYTHON_MANAGER_NAMES: Readonly<Record<PythonManager, string>> = MANAGER_DISPLAY_NAMES;

/** A command of some Python package manager, found at the start of a command's words. */
export interface PythonInvocation {
  /** `pip`, `pipenv`, `uv`, `poetry`, `pip-compile`, `pip-sync` or `setup.py`. */
  tool: string;
  /** Words spent naming the tool: 1 for `pip`, 3 for `python -m pip`, 2 for `python setup.py`. */
  prefix: number;
}

export interface PythonTranslation {
  /** The manager the command belongs to; commands of the configured one are never reported. */
  manager: PythonManager;
  /** The tool as a message names it: pip, Pipenv, uv, pip-tools, setuptools, Poetry. */
  tool: string;
  /** `installs with` for installs, `uses` for the rest, so that a message reads naturally. */
  verb: 'installs with' | 'uses';
  /** Arguments after the tool words that the finding highlights; undefined for all of them. */
  highlight?: number;
  /** The Poetry command replacing the whole command, when a faithful one exists. */
  replacement?: string;
  /** True when the rewrite cannot change behaviour beyond the manager. */
  safe?: boolean;
  /** Why no rewrite is offered, for the message. */
  reason?: string;
  /**
   * The replacement is right on a developer's machine (a Makefile target, a setup
   * guide) but not in a build, where it would edit `pyproject.toml` and the lock:
   * there `reason` explains instead.
   */
  developerOnly?: boolean;
}

/** A Python interpreter, also behind a make or shell variable (`$(PYTHON)`, `${PY}`). */
const PYTHON = /^(python|python[23](\.\d+)?|py|\$[({](PY|PYTHON)\d*[)}])$/i;
const PIP = /^pip(\d+(\.\d+)?)?$/;
const MODULE_TOOLS: Record<string, string> = { pip: 'pip', pipenv: 'pipenv', uv: 'uv', poetry: 'poetry', piptools: 'piptools', build: 'build' };

/** Recognises `pip`, `pip3`, `python3 -m pip`, `pipenv`, `uv`, `poetry`, `pip-compile`, `python setup.py …` from the program word on. */
export function pythonInvocation(words: readonly string[]): PythonInvocation | undefined {
  const name = programName(words[0] ?? '');
  if (PIP.test(name)) return { tool: 'pip', prefix: 1 };
  if (name === 'pipenv' || name === 'uv' || name === 'poetry' || name === 'pip-compile' || name === 'pip-sync') return { tool: name, prefix: 1 };
  if (!PYTHON.test(name)) return undefined;
  // `python -m pip`, `python3 -m pipenv`; `-mpip` is the same to Python.
  if (words[1] === '-m' && words[2] && MODULE_TOOLS[words[2]]) return moduleTool(MODULE_TOOLS[words[2]], words, 3);
  if (words[1]?.startsWith('-m') && words[1].length > 2 && MODULE_TOOLS[words[1].slice(2)]) return moduleTool(MODULE_TOOLS[words[1].slice(2)], words, 2);
  if (words[1] && programName(words[1]) === 'setup.py') return { tool: 'setup.py', prefix: 2 };
  return undefined;
}

function moduleTool(tool: string, words: readonly string[], prefix: number): PythonInvocation | undefined {
  if (tool !== 'piptools') return { tool, prefix };
  // `python -m piptools compile` is `pip-compile`.
  if (words[prefix] === 'compile' || words[prefix] === 'sync') return { tool: `pip-${words[prefix]}`, prefix: prefix + 1 };
  return undefined;
}

/**
 * Packages that bootstrap the toolchain rather than the project: pip itself and
 * its build helpers, pipx, and the configured manager with its plugins.
 */
function isBootstrapPackage(name: string, manager: PythonManager): boolean {
  const n = name.toLowerCase();
  if (n === 'pip' || n === 'setuptools' || n === 'wheel' || n === 'pipx') return true;
  if (manager === 'poetry') return n === 'poetry' || n.startsWith('poetry-');
  return n === manager;
}

/** Python package managers other than Poetry, whose installation is itself a step away from the policy. */
const OTHER_MANAGERS = new Set(['pipenv', 'uv', 'pip-tools', 'pdm', 'hatch', 'rye', 'flit']);

/** The distribution name of a requirement: `poetry==1.8.3` → `poetry`, `"black[d]>=24"` → `black`. */
function requirementName(raw: string): string {
  return /^[A-Za-z0-9._-]*/.exec(unquote(raw))?.[0] ?? '';
}

/** Flags of pip that take a value in the next word unless written `--flag=value`. */
const PIP_VALUE_FLAGS = new Set([
  '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f', '--find-links',
  '-t', '--target', '--prefix', '--root', '--src', '--upgrade-strategy', '--progress-bar', '--only-binary', '--no-binary',
  '--platform', '--python-version', '--implementation', '--abi', '--global-option', '--config-settings', '-C', '--log',
  '--cache-dir', '--python', '-p', '--trusted-host', '--timeout', '--retries', '--proxy', '--cert', '--client-cert',
  '--exists-action', '--report', '--root-user-action', '--index-strategy', '--extra',
]);

/**
 * Options of `pip install` and `uv pip install`, mapped to Poetry's: its spelling,
 * or `null` when it changes only how pip runs, not what ends up installed.
 */
const PIP_INSTALL_FLAGS: Record<string, string | null> = {
  '-q': '-q',
  '--quiet': '-q',
  '-v': '-v',
  '--verbose': '-v',
  '--no-cache-dir': '--no-cache',
  '--no-cache': '--no-cache',
  '-U': null,
  '--upgrade': null,
  '--user': null,
  '--system': null,
  '--break-system-packages': null,
  '--disable-pip-version-check': null,
  '--no-warn-script-location': null,
  '--prefer-binary': null,
  '--no-input': null,
  '--no-compile': null,
  '--compile': null,
  '--progress-bar': null,
  '--timeout': null,
  '--retries': null,
  '--upgrade-strategy': null,
  '--root-user-action': null,
  '-y': null,
  '--yes': null,
};

interface PipInstallArgs {
  requirements: string[];
  /** `.`, `-e .`, `.[dev]`: the project itself, with its extras. */
  project: boolean;
  extras: string[];
  /** Local paths, archives and wheels other than the project. */
  localPaths: string[];
  packages: string[];
  flags: string[];
  /** The first option with no Poetry spelling. */
  unmapped?: string;
}

function readPipInstall(args: readonly string[]): PipInstallArgs {
  const out: PipInstallArgs = { requirements: [], project: false, extras: [], localPaths: [], packages: [], flags: [] };
  const positional = (raw: string) => {
    const v = unquote(raw);
    const project = /^\.\/?(\[([^\]]*)\])?$/.exec(v);
    if (project) {
      out.project = true;
      if (project[2]) out.extras.push(...project[2].split(',').map((e) => e.trim()).filter(Boolean));
    } else if (/^[./~]|\.(whl|tar\.gz|zip)$/.test(v)) out.localPaths.push(raw);
    else out.packages.push(raw);
  };
  for (let i = 0; i < args.length; i++) {
    const a = unquote(args[i]);
    if (!a.startsWith('-') || a === '-') {
      positional(args[i]);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const inline = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : /^-[rec]./.test(a) ? a.slice(2) : undefined;
    const takesValue = PIP_VALUE_FLAGS.has(name) || /^-[rec]./.test(a);
    const value = inline ?? (takesValue ? args[++i] : undefined);
    const short = /^-[rec]./.test(a) ? a.slice(0, 2) : name;
    if (short === '-r' || short === '--requirement') {
      out.requirements.push(value ?? '');
    } else if (short === '-e' || short === '--editable') {
      if (value !== undefined) positional(value);
    } else if (short in PIP_INSTALL_FLAGS) {
      const mapped = PIP_INSTALL_FLAGS[short];
      if (mapped && !out.flags.includes(mapped)) out.flags.push(mapped);
    } else {
      out.unmapped ??= name;
    }
  }
  return out;
}

function join(...parts: (string | readonly string[])[]): string {
  return parts.flat().filter((p) => p !== '').join(' ');
}

function pipInstall(args: readonly string[], manager: PythonManager, configured: PythonManager, tool: string): PythonTranslation | undefined {
  const p = readPipInstall(args);
  const targets = p.requirements.length + p.localPaths.length + p.packages.length + (p.project ? 1 : 0);
  if (targets === 0) return undefined; // `pip install --upgrade` alone installs nothing
  // Bootstrapping the toolchain (pip, setuptools, wheel, the configured manager) is not a dependency install.
  const packages = p.packages.filter((pkg) => !isBootstrapPackage(requirementName(pkg), configured));
  if (p.requirements.length === 0 && !p.project && p.localPaths.length === 0 && packages.length === 0) return undefined;
  // Documentation builds install from `docs/requirements.txt` by convention; python-manifest allows those files too.
  if (p.requirements.length > 0 && p.requirements.every((r) => /(^|\/)docs?\//.test(unquote(r))) && !p.project && packages.length === 0) return undefined;
  const base = { manager, tool, verb: 'installs with' as const };
  if (p.requirements.length === 0 && !p.project && p.localPaths.length === 0 && packages.every((pkg) => OTHER_MANAGERS.has(requirementName(pkg).toLowerCase()))) {
    return { ...base, reason: 'it installs another Python package manager; drop it once the steps that use that manager run Poetry' };
  }
  if (p.unmapped) return { ...base, reason: `its option \`${p.unmapped}\` has no Poetry equivalent; declare package sources and constraints in \`pyproject.toml\`` };
  if (p.localPaths.length) return { ...base, reason: 'Poetry declares a local path as a path dependency in `pyproject.toml`' };
  const kinds = [p.requirements.length > 0, p.project, packages.length > 0].filter(Boolean).length;
  if (kinds > 1) return { ...base, reason: 'it mixes requirements files, the project and single packages, which Poetry declares in one `pyproject.toml`' };
  if (p.requirements.length) {
    // Only the project's main requirements file plausibly matches what `pyproject.toml` declares; a CI or tooling
    // list (`requirements-ci.txt`) would need its packages declared in a Poetry group first.
    if (!p.requirements.every((r) => /(^|\/)requirements\.txt$/.test(unquote(r)))) {
      return { ...base, reason: 'the packages of those requirements files must first be declared in `pyproject.toml` (a Poetry group for tools), then `poetry install --with <group>` installs them' };
    }
    // The dependency source moves from the requirements file to poetry.lock, so the rewrite is unsafe.
    return { ...base, replacement: join('poetry install', p.flags), safe: false };
  }
  if (p.project) return { ...base, replacement: join('poetry install', p.extras.flatMap((e) => ['-E', e]), p.flags), safe: false };
  // `poetry add` declares the packages in pyproject.toml and poetry.lock, which `pip install` never did: the developer's
  // way to add them, but in a build it would edit the lock, so there the packages belong in pyproject.toml instead.
  return {
    ...base,
    replacement: join('poetry add', p.flags, packages),
    safe: false,
    developerOnly: true,
    reason: 'single packages belong in `pyproject.toml` (`poetry add --group dev <package>` for tools, run once by a developer), and the build installs them with `poetry install`',
  };
}

function pipUninstall(args: readonly string[], manager: PythonManager, tool: string): PythonTranslation | undefined {
  const packages = args.filter((a) => !unquote(a).startsWith('-'));
  const flags = args.filter((a) => unquote(a).startsWith('-'));
  if (!packages.length) return undefined;
  const base = { manager, tool, verb: 'uses' as const };
  if (packages.some((pkg) => ['pip', 'setuptools', 'wheel'].includes(requirementName(pkg).toLowerCase()))) return undefined;
  if (flags.some((f) => !['-y', '--yes', '-q', '--quiet'].includes(unquote(f)))) return { ...base, reason: 'one of its options has no Poetry equivalent' };
  return { ...base, replacement: join('poetry remove', packages), safe: false };
}

const PIP_TOOLS_REASON = 'pip-tools pins requirements files, while Poetry pins `pyproject.toml` in `poetry.lock` with `poetry lock`';

/** `pip …` or `uv pip …`: subcommands that manage packages are reported; `freeze`, `list`, `show` and the like are not. */
function pip(args: readonly string[], manager: PythonManager, configured: PythonManager, tool: string): PythonTranslation | undefined {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'install':
      return pipInstall(rest, manager, configured, tool);
    case 'uninstall':
      return pipUninstall(rest, manager, tool);
    case 'compile':
    case 'sync':
      // `uv pip compile` and `uv pip sync` are pip-tools under another name.
      return manager === 'uv' ? { manager, tool, verb: 'uses', reason: PIP_TOOLS_REASON } : undefined;
    default:
      return undefined;
  }
}

const INFORMATIONAL = new Set(['--version', '-V', '--help', '-h', 'help']);

function pipenv(args: readonly string[]): PythonTranslation | undefined {
  const [sub, ...rest] = args;
  const base = { manager: 'pipenv' as const, tool: 'Pipenv', verb: 'uses' as const };
  if (sub === undefined || INFORMATIONAL.has(sub) || sub === '--where' || sub === '--venv' || sub === '--py') return undefined;
  if (sub.startsWith('-')) return { ...base, highlight: 1, reason: 'its global options have no Poetry equivalent' };
  const flags = rest.filter((a) => unquote(a).startsWith('-')).map(unquote);
  const packages = rest.filter((a) => !unquote(a).startsWith('-'));
  const dev = flags.includes('--dev') || flags.includes('-d');
  // Options that only say where or how strictly Pipenv installs; Poetry always installs from its lock.
  const harmless = new Set(['--dev', '-d', '--deploy', '--ignore-pipfile', '--system', '--keep-outdated', '-q', '--quiet', '-v', '--verbose']);
  const unmapped = flags.find((f) => !harmless.has(f));
  switch (sub) {
    case 'install':
      if (unmapped) return { ...base, verb: 'installs with', reason: `its option \`${unmapped}\` has no Poetry equivalent` };
      if (packages.length) return { ...base, verb: 'installs with', replacement: join('poetry add', dev ? ['--group', 'dev'] : [], packages), safe: false };
      return { ...base, verb: 'installs with', replacement: 'poetry install', safe: false };
    case 'sync':
      if (unmapped) return { ...base, verb: 'installs with', reason: `its option \`${unmapped}\` has no Poetry equivalent` };
      return { ...base, verb: 'installs with', replacement: 'poetry install --sync', safe: false };
    case 'run':
      if (!rest.length) return { ...base, highlight: 1, reason: 'it runs no command' };
      return { ...base, highlight: 1, replacement: join('poetry run', rest), safe: true };
    case 'uninstall':
      if (unmapped || !packages.length) return { ...base, reason: 'its options have no Poetry equivalent' };
      return { ...base, replacement: join('poetry remove', dev ? ['--group', 'dev'] : [], packages), safe: false };
    case 'lock':
      return { ...base, replacement: 'poetry lock', safe: false };
    case 'update':
    case 'upgrade':
      return { ...base, highlight: 1, reason: 'update semantics differ; use `poetry update` after review' };
    case 'shell':
      return { ...base, highlight: 1, reason: '`poetry shell` is a plugin in Poetry 2; use `poetry run`' };
    case 'requirements':
      return { ...base, highlight: 1, reason: 'exporting requirements is `poetry export` (a plugin) with other options' };
    default:
      return { ...base, highlight: 1, reason: 'it is not a command Poetry mirrors' };
  }
}

/** Options of `uv sync`, mapped to `poetry install`'s, or `null` when they only say how strictly uv reads its lock. */
const UV_SYNC_FLAGS: Record<string, string | null> = {
  '--frozen': null,
  '--locked': null,
  '--all-extras': '--all-extras',
  '--no-dev': '--without dev',
  '--no-install-project': '--no-root',
  '-q': '-q',
  '--quiet': '-q',
  '-v': '-v',
  '--verbose': '-v',
  '--no-cache': '--no-cache',
};

function uvSync(args: readonly string[]): PythonTranslation {
  const base = { manager: 'uv' as const, tool: 'uv', verb: 'installs with' as const };
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = unquote(args[i]);
    if (a === '--extra' && args[i + 1]) {
      out.push('-E', args[++i]);
      continue;
    }
    if (a === '--group' && args[i + 1]) {
      out.push('--with', args[++i]);
      continue;
    }
    const mapped = UV_SYNC_FLAGS[a];
    if (mapped === undefined) return { ...base, reason: `its option \`${a}\` has no Poetry equivalent` };
    if (mapped && !out.includes(mapped)) out.push(mapped);
  }
  return { ...base, replacement: join('poetry install', out), safe: false };
}

function uv(args: readonly string[], configured: PythonManager): PythonTranslation | undefined {
  const [sub, ...rest] = args;
  const base = { manager: 'uv' as const, tool: 'uv', verb: 'uses' as const };
  // uv's tool runner, interpreter and self management are not dependency management.
  if (sub === undefined || sub.startsWith('-') || INFORMATIONAL.has(sub)) return undefined;
  if (['tool', 'python', 'self', 'cache', 'version', 'generate-shell-completion'].includes(sub)) return undefined;
  const flags = rest.filter((a) => unquote(a).startsWith('-')).map(unquote);
  switch (sub) {
    case 'pip':
      return pip(rest, 'uv', configured, 'uv');
    case 'sync':
      return uvSync(rest);
    case 'run': {
      // `uv run --frozen pytest`: options before the command only say how uv syncs first.
      let i = 0;
      while (i < rest.length && ['--frozen', '--locked', '--no-sync'].includes(unquote(rest[i]))) i++;
      if (i < rest.length && unquote(rest[i]).startsWith('-')) return { ...base, highlight: 1, reason: `its option \`${unquote(rest[i])}\` has no \`poetry run\` equivalent` };
      if (i >= rest.length) return { ...base, highlight: 1, reason: 'it runs no command' };
      return { ...base, highlight: 1 + i, replacement: join('poetry run', rest.slice(i)), safe: i === 0 };
    }
    case 'add':
    case 'remove': {
      const verb = sub === 'add' ? ('installs with' as const) : ('uses' as const);
      const mapped: string[] = [];
      const pkgs: string[] = [];
      for (let i = 0; i < rest.length; i++) {
        const a = unquote(rest[i]);
        if (!a.startsWith('-')) pkgs.push(rest[i]);
        else if (a === '--dev') mapped.push('--group', 'dev');
        else if (a === '--group' && rest[i + 1]) mapped.push('--group', rest[++i]);
        else if (!['-q', '--quiet', '--frozen', '--locked'].includes(a)) return { ...base, verb, reason: `its option \`${a}\` has no Poetry equivalent` };
      }
      if (!pkgs.length) return { ...base, verb, reason: 'it names no package' };
      return { ...base, verb, replacement: join(`poetry ${sub}`, mapped, pkgs), safe: false };
    }
    case 'lock':
      if (flags.length === 1 && (flags[0] === '--locked' || flags[0] === '--check')) return { ...base, replacement: 'poetry check --lock', safe: false };
      if (flags.length) return { ...base, reason: 'its options have no Poetry equivalent' };
      return { ...base, replacement: 'poetry lock', safe: false };
    case 'build':
      if (flags.length) return { ...base, reason: 'its options have no Poetry equivalent' };
      return { ...base, replacement: 'poetry build', safe: false };
    case 'venv':
      return { ...base, reason: 'Poetry creates and manages the virtual environment itself' };
    case 'init':
      return { ...base, reason: 'a Poetry project starts with `poetry init` or `poetry new`, which ask other questions' };
    default:
      return { ...base, highlight: 1, reason: 'it is not a command Poetry mirrors' };
  }
}

/** `python -m build` (PyPA build) → `poetry build`, which builds from the same `pyproject.toml` with Poetry's backend. */
function pypaBuild(args: readonly string[]): PythonTranslation | undefined {
  const base = { manager: 'pip' as const, tool: 'build', verb: 'uses' as const };
  const flags = args.map(unquote);
  if (flags.some((a) => !['--sdist', '-s', '--wheel', '-w', '.'].includes(a))) return { ...base, reason: 'its options have no `poetry build` equivalent' };
  const sdist = flags.includes('--sdist') || flags.includes('-s');
  const wheel = flags.includes('--wheel') || flags.includes('-w');
  const format = sdist === wheel ? '' : sdist ? '-f sdist' : '-f wheel';
  return { ...base, replacement: join('poetry build', format), safe: false };
}

function setupPy(args: readonly string[]): PythonTranslation | undefined {
  const commands = args.filter((a) => !unquote(a).startsWith('-')).map(unquote);
  const base = { manager: 'pip' as const, tool: 'setuptools', verb: 'installs with' as const };
  if (commands.length === 0) return undefined;
  if (commands.every((c) => c === 'install' || c === 'develop')) return { ...base, replacement: 'poetry install', safe: false };
  const builds = new Set(['sdist', 'bdist_wheel']);
  if (commands.every((c) => builds.has(c))) {
    const format = commands.includes('sdist') && commands.includes('bdist_wheel') ? '' : commands[0] === 'sdist' ? '-f sdist' : '-f wheel';
    return { ...base, verb: 'uses', replacement: join('poetry build', format), safe: false };
  }
  if (commands.some((c) => c === 'install' || c === 'develop' || builds.has(c))) return { ...base, reason: 'its commands have no single Poetry equivalent' };
  return undefined;
}

function poetry(args: readonly string[]): PythonTranslation | undefined {
  const [sub] = args;
  if (sub === undefined || INFORMATIONAL.has(sub) || ['self', 'about', 'config', 'list'].includes(sub)) return undefined;
  return { manager: 'poetry', tool: 'Poetry', verb: 'uses', highlight: 1, reason: 'the configured manager is not Poetry' };
}

/**
 * The translation of a Python package-manager command, or undefined when it is
 * not one that manages dependencies (`pip --version`, `pip freeze`, `uv tool`) or
 * bootstraps the toolchain (`pip install poetry`, `pip install --upgrade pip`).
 * `args` are the words after the tool words, as written (quotes kept).
 */
export function translatePython(inv: PythonInvocation, args: readonly string[], configured: PythonManager): PythonTranslation | undefined {
  if (args.length && INFORMATIONAL.has(unquote(args[0]))) return undefined;
  switch (inv.tool) {
    case 'pip':
      return pip(args, 'pip', configured, 'pip');
    case 'pipenv':
      return pipenv(args);
    case 'uv':
      return uv(args, configured);
    case 'poetry':
      return poetry(args);
    case 'pip-compile':
    case 'pip-sync':
      return { manager: 'pip', tool: 'pip-tools', verb: 'uses', highlight: 0, reason: PIP_TOOLS_REASON };
    case 'setup.py':
      return setupPy(args);
    case 'build':
      return pypaBuild(args);
    default:
      return undefined;
  }
}
