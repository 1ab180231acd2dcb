/**
 * How a command of pip, Pipenv, uv, Poetry, pip-tools, setuptools or a tool
 * runner (uvx, pipx run) reads in the configured Python manager (Poetry, uv or
 * Pipenv), and which manager each command belongs to. A command is read into
 * what it means (an intent), then spelled by the configured manager. Pure
 * word-level translation: the rule decides where the words sit in the file.
 */
import type { PackageManagers } from '../types';
import { programName, unquote } from './command-rewrite';
import { MANAGER_DISPLAY_NAMES } from './managers';

export type PythonManager = PackageManagers['python'];

/** Display names of the Python managers (from the one table in `managers.ts`). */
export const PYTHON_MANAGER_NAMES: Readonly<Record<PythonManager, string>> = MANAGER_DISPLAY_NAMES;

/** What each manager that can be configured calls its files, for messages. */
interface Target {
  manager: PythonManager;
  name: string;
  /** Where dependencies are declared. */
  manifest: string;
  /** Its lockfile. */
  lockfile: string;
  /** Where tools are declared, and how such a group is installed. */
  group: string;
  installGroup: string;
  /** The command that runs a program inside the project's environment. */
  run: string;
}

const TARGETS: Record<PythonManager, Target> = {
  poetry: { manager: 'poetry', name: 'Poetry', manifest: '`pyproject.toml`', lockfile: '`poetry.lock`', group: 'a Poetry group', installGroup: '`poetry install --with <group>`', run: 'poetry run' },
  uv: { manager: 'uv', name: 'uv', manifest: '`pyproject.toml`', lockfile: '`uv.lock`', group: 'a dependency group', installGroup: '`uv sync --group <group>`', run: 'uv run' },
  pipenv: { manager: 'pipenv', name: 'Pipenv', manifest: '`Pipfile`', lockfile: '`Pipfile.lock`', group: '`[dev-packages]`', installGroup: '`pipenv install --dev`', run: 'pipenv run' },
  pip: { manager: 'pip', name: 'pip', manifest: '`requirements.txt`', lockfile: '`requirements.txt`', group: 'a requirements file', installGroup: '`pip install -r`', run: '' },
};

/** Options of an install, by meaning: none of them changes which packages end up installed. */
type InstallFlag = 'quiet' | 'verbose' | 'noCache';

/** What a Python package-manager command does, whatever manager spells it. */
export type PythonIntent =
  /** Install the project's locked dependencies; `dev` false leaves the development group out, true asks for it. */
  | { type: 'install'; extras: string[]; allExtras?: boolean; dev?: boolean; noRoot?: boolean; flags: InstallFlag[] }
  /** Install exactly the lock, removing what it does not list. */
  | { type: 'sync' }
  | { type: 'add'; packages: string[]; group?: string; flags: InstallFlag[] }
  | { type: 'remove'; packages: string[]; group?: string }
  /** Run a program in the project's environment; `tool` names a tool that must first be a dev dependency. */
  | { type: 'run'; args: string[]; tool?: string }
  | { type: 'lock' }
  | { type: 'lockCheck' }
  | { type: 'build'; format?: 'sdist' | 'wheel' };

/** A command of some Python package manager, found at the start of a command's words. */
export interface PythonInvocation {
  /** `pip`, `pipenv`, `uv`, `uvx`, `pipx`, `poetry`, `pip-compile`, `pip-sync` or `setup.py`. */
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
  /** The configured manager's command replacing the whole command, when a faithful one exists. */
  replacement?: string;
  /** The tool a runner (`uvx ruff`) runs, which the project must declare as a dev dependency first. */
  runsTool?: string;
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
const MODULE_TOOLS: Record<string, string> = { pip: 'pip', pipenv: 'pipenv', uv: 'uv', poetry: 'poetry', piptools: 'piptools', build: 'build', pipx: 'pipx' };

/** Recognises `pip`, `pip3`, `python3 -m pip`, `pipenv`, `uv`, `poetry`, `pip-compile`, `python setup.py …` from the program word on. */
export function pythonInvocation(words: readonly string[]): PythonInvocation | undefined {
  const name = programName(words[0] ?? '');
  if (PIP.test(name)) return { tool: 'pip', prefix: 1 };
  if (['pipenv', 'uv', 'uvx', 'pipx', 'poetry', 'pip-compile', 'pip-sync'].includes(name)) return { tool: name, prefix: 1 };
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

/** Python package managers, whose installation (but for the configured one's) is itself a step away from the policy. */
const OTHER_MANAGERS = new Set(['poetry', 'pipenv', 'uv', 'pip-tools', 'pdm', 'hatch', 'rye', 'flit']);

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
 * Options of `pip install` and `uv pip install`, by meaning, or `null` when they
 * change only how pip runs, not what ends up installed.
 */
const PIP_INSTALL_FLAGS: Record<string, InstallFlag | null> = {
  '-q': 'quiet',
  '--quiet': 'quiet',
  '-v': 'verbose',
  '--verbose': 'verbose',
  '--no-cache-dir': 'noCache',
  '--no-cache': 'noCache',
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
  flags: InstallFlag[];
  /** The first option that changes what gets installed. */
  unmapped?: string;
}

function readPipInstall(args: readonly string[]): PipInstallArgs {
  const out: PipInstallArgs = { requirements: [], project: false, extras: [], localPaths: [], packages: [], flags: [] };
  const positional = (raw: string) => {
    const v = unquote(raw);
    const project = /^\.\/?(\[([^\]]*)\])?$/.exec(v);
    if (project) {
      out.project = true;
      if (project[2]) for (const item of project[2].split(',').map((e) => e.trim()).filter(Boolean)) out.extras.push(item);
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

function join(...parts: (string | readonly string[] | undefined | false)[]): string {
  return parts
    .flat()
    .filter((p): p is string => typeof p === 'string' && p !== '')
    .join(' ');
}

/** A reading of a command before the configured manager spells it: the translation, with an intent in place of a replacement. */
type Reading = Omit<PythonTranslation, 'replacement'> & { intent?: PythonIntent };

const FLAG_SPELLING: Record<InstallFlag, Partial<Record<PythonManager, string>>> = {
  quiet: { poetry: '-q', uv: '-q' },
  verbose: { poetry: '-v', uv: '-v' },
  noCache: { poetry: '--no-cache', uv: '--no-cache' },
};

/** Install options in the manager's spelling; Pipenv has none of them, and they change nothing that gets installed. */
function flags(list: readonly InstallFlag[], manager: PythonManager): string[] {
  return list.map((f) => FLAG_SPELLING[f][manager]).filter((f): f is string => f !== undefined);
}

/** The intent in the configured manager's spelling, or undefined when it has none. */
export function renderPython(intent: PythonIntent, manager: PythonManager): string | undefined {
  switch (intent.type) {
    case 'install':
      if (manager === 'poetry') {
        return join('poetry install', intent.extras.flatMap((e) => ['-E', e]), intent.allExtras && '--all-extras', intent.dev === false && '--without dev', intent.noRoot && '--no-root', flags(intent.flags, manager));
      }
      if (manager === 'uv') {
        return join('uv sync', intent.extras.flatMap((e) => ['--extra', e]), intent.allExtras && '--all-extras', intent.dev === false && '--no-dev', intent.noRoot && '--no-install-project', flags(intent.flags, manager));
      }
      // Pipenv has no extras; it installs the project only where the Pipfile lists it.
      if (manager === 'pipenv') return intent.extras.length || intent.allExtras ? undefined : join('pipenv install', intent.dev === true && '--dev');
      return undefined;
    case 'sync':
      return { poetry: 'poetry install --sync', uv: 'uv sync', pipenv: 'pipenv sync --dev', pip: undefined }[manager];
    case 'add': {
      const dev = intent.group === 'dev';
      if (manager === 'poetry') return join('poetry add', intent.group && ['--group', intent.group], flags(intent.flags, manager), intent.packages);
      if (manager === 'uv') return join('uv add', dev ? '--dev' : intent.group && ['--group', intent.group], flags(intent.flags, manager), intent.packages);
      if (manager === 'pipenv') return intent.group && !dev ? undefined : join('pipenv install', dev && '--dev', intent.packages);
      return undefined;
    }
    case 'remove': {
      const dev = intent.group === 'dev';
      if (manager === 'poetry') return join('poetry remove', intent.group && ['--group', intent.group], intent.packages);
      if (manager === 'uv') return join('uv remove', dev ? '--dev' : intent.group && ['--group', intent.group], intent.packages);
      if (manager === 'pipenv') return join('pipenv uninstall', intent.packages);
      return undefined;
    }
    case 'run':
      return manager === 'pip' ? undefined : join(TARGETS[manager].run, intent.args);
    case 'lock':
      return { poetry: 'poetry lock', uv: 'uv lock', pipenv: 'pipenv lock', pip: undefined }[manager];
    case 'lockCheck':
      return { poetry: 'poetry check --lock', uv: 'uv lock --check', pipenv: 'pipenv verify', pip: undefined }[manager];
    case 'build':
      if (manager === 'poetry') return join('poetry build', intent.format && ['-f', intent.format]);
      if (manager === 'uv') return join('uv build', intent.format && `--${intent.format}`);
      return undefined;
  }
}

function pipInstall(args: readonly string[], manager: PythonManager, t: Target, tool: string): Reading | undefined {
  const p = readPipInstall(args);
  const targets = p.requirements.length + p.localPaths.length + p.packages.length + (p.project ? 1 : 0);
  if (targets === 0) return undefined; // `pip install --upgrade` alone installs nothing
  // Bootstrapping the toolchain (pip, setuptools, wheel, the configured manager) is not a dependency install.
  const packages = p.packages.filter((pkg) => !isBootstrapPackage(requirementName(pkg), t.manager));
  if (p.requirements.length === 0 && !p.project && p.localPaths.length === 0 && packages.length === 0) return undefined;
  // Documentation builds install from `docs/requirements.txt` by convention; python-manifest allows those files too.
  if (p.requirements.length > 0 && p.requirements.every((r) => /(^|\/)docs?\//.test(unquote(r))) && !p.project && packages.length === 0) return undefined;
  const base = { manager, tool, verb: 'installs with' as const };
  if (p.requirements.length === 0 && !p.project && p.localPaths.length === 0 && packages.every((pkg) => OTHER_MANAGERS.has(requirementName(pkg).toLowerCase()))) {
    return { ...base, reason: `it installs another Python package manager; drop it once the steps that use that manager run ${t.name}` };
  }
  if (p.unmapped) return { ...base, reason: `its option \`${p.unmapped}\` has no ${t.name} equivalent; declare package sources and constraints in ${t.manifest}` };
  if (p.localPaths.length) return { ...base, reason: `${t.name} declares a local path as a path dependency in ${t.manifest}` };
  const kinds = [p.requirements.length > 0, p.project, packages.length > 0].filter(Boolean).length;
  if (kinds > 1) return { ...base, reason: `it mixes requirements files, the project and single packages, which ${t.name} declares in one ${t.manifest}` };
  if (p.requirements.length) {
    // Only the project's main requirements file plausibly matches what the manifest declares; a CI or tooling
    // list (`requirements-ci.txt`) would need its packages declared in a group first.
    if (!p.requirements.every((r) => /(^|\/)requirements\.txt$/.test(unquote(r)))) {
      return { ...base, reason: `the packages of those requirements files must first be declared in ${t.manifest} (${t.group} for tools), then ${t.installGroup} installs them` };
    }
    // The dependency source moves from the requirements file to the lock, so the rewrite is unsafe.
    return { ...base, intent: { type: 'install', extras: [], flags: p.flags }, safe: false };
  }
  if (p.project) {
    if (t.manager === 'pipenv') return { ...base, reason: 'Pipenv installs the project only where the `Pipfile` lists it (`pipenv install -e .`, run once by a developer)' };
    return { ...base, intent: { type: 'install', extras: p.extras, flags: p.flags }, safe: false };
  }
  // Adding declares the packages in the manifest and the lock, which `pip install` never did: the developer's
  // way to add them, but in a build it would edit the lock, so there the packages belong in the manifest instead.
  const addDev = renderPython({ type: 'add', packages: ['<package>'], group: 'dev', flags: [] }, t.manager);
  return {
    ...base,
    intent: { type: 'add', packages, flags: p.flags },
    safe: false,
    developerOnly: true,
    reason: `single packages belong in ${t.manifest}${addDev ? ` (\`${addDev}\` for tools, run once by a developer)` : ''}, and the build installs them with \`${renderPython({ type: 'install', extras: [], flags: [] }, t.manager) ?? 'the lock'}\``,
  };
}

function pipUninstall(args: readonly string[], manager: PythonManager, t: Target, tool: string): Reading | undefined {
  const packages = args.filter((a) => !unquote(a).startsWith('-'));
  const options = args.filter((a) => unquote(a).startsWith('-'));
  if (!packages.length) return undefined;
  const base = { manager, tool, verb: 'uses' as const };
  if (packages.some((pkg) => ['pip', 'setuptools', 'wheel'].includes(requirementName(pkg).toLowerCase()))) return undefined;
  if (options.some((f) => !['-y', '--yes', '-q', '--quiet'].includes(unquote(f)))) return { ...base, reason: `one of its options has no ${t.name} equivalent` };
  return { ...base, intent: { type: 'remove', packages }, safe: false };
}

function pipToolsReason(t: Target): string {
  return `pip-tools pins requirements files, while ${t.name} pins ${t.manifest} in ${t.lockfile} with \`${t.manager} lock\``;
}

/** `pip …` or `uv pip …`: subcommands that manage packages are reported; `freeze`, `list`, `show` and the like are not. */
function pip(args: readonly string[], manager: PythonManager, t: Target, tool: string): Reading | undefined {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'install':
      return pipInstall(rest, manager, t, tool);
    case 'uninstall':
      return pipUninstall(rest, manager, t, tool);
    case 'compile':
    case 'sync':
      // `uv pip compile` and `uv pip sync` are pip-tools under another name.
      return manager === 'uv' ? { manager, tool, verb: 'uses', reason: pipToolsReason(t) } : undefined;
    default:
      return undefined;
  }
}

const INFORMATIONAL = new Set(['--version', '-V', '--help', '-h', 'help']);

function pipenv(args: readonly string[], t: Target): Reading | undefined {
  const [sub, ...rest] = args;
  const base = { manager: 'pipenv' as const, tool: 'Pipenv', verb: 'uses' as const };
  if (sub === undefined || INFORMATIONAL.has(sub) || sub === '--where' || sub === '--venv' || sub === '--py') return undefined;
  if (sub.startsWith('-')) return { ...base, highlight: 1, reason: `its global options have no ${t.name} equivalent` };
  const options = rest.filter((a) => unquote(a).startsWith('-')).map(unquote);
  const packages = rest.filter((a) => !unquote(a).startsWith('-'));
  const dev = options.includes('--dev') || options.includes('-d');
  // Options that only say where or how strictly Pipenv installs; the other managers always install from their lock.
  const harmless = new Set(['--dev', '-d', '--deploy', '--ignore-pipfile', '--system', '--keep-outdated', '-q', '--quiet', '-v', '--verbose']);
  const unmapped = options.find((f) => !harmless.has(f));
  switch (sub) {
    case 'install':
      if (unmapped) return { ...base, verb: 'installs with', reason: `its option \`${unmapped}\` has no ${t.name} equivalent` };
      if (packages.length) return { ...base, verb: 'installs with', intent: { type: 'add', packages, group: dev ? 'dev' : undefined, flags: [] }, safe: false };
      return { ...base, verb: 'installs with', intent: { type: 'install', extras: [], flags: [] }, safe: false };
    case 'sync':
      if (unmapped) return { ...base, verb: 'installs with', reason: `its option \`${unmapped}\` has no ${t.name} equivalent` };
      return { ...base, verb: 'installs with', intent: { type: 'sync' }, safe: false };
    case 'run':
      if (!rest.length) return { ...base, highlight: 1, reason: 'it runs no command' };
      return { ...base, highlight: 1, intent: { type: 'run', args: rest }, safe: true };
    case 'uninstall':
      if (unmapped || !packages.length) return { ...base, reason: `its options have no ${t.name} equivalent` };
      return { ...base, intent: { type: 'remove', packages, group: dev ? 'dev' : undefined }, safe: false };
    case 'lock':
      return { ...base, intent: { type: 'lock' }, safe: false };
    case 'verify':
      return { ...base, intent: { type: 'lockCheck' }, safe: false };
    case 'update':
    case 'upgrade':
      return { ...base, highlight: 1, reason: `update semantics differ; use ${t.name}'s own update after review` };
    case 'shell':
      return { ...base, highlight: 1, reason: t.manager === 'poetry' ? '`poetry shell` is a plugin in Poetry 2; use `poetry run`' : `use \`${t.run}\`` };
    case 'requirements':
      return { ...base, highlight: 1, reason: t.manager === 'poetry' ? 'exporting requirements is `poetry export` (a plugin) with other options' : `exporting requirements is \`${t.manager} export\` with other options` };
    default:
      return { ...base, highlight: 1, reason: `it is not a command ${t.name} mirrors` };
  }
}

/** Options of `uv sync`, by what they mean to an install, or `null` when they only say how strictly uv reads its lock. */
const UV_SYNC_FLAGS: Record<string, Partial<Extract<PythonIntent, { type: 'install' }>> | InstallFlag | null> = {
  '--frozen': null,
  '--locked': null,
  '--all-extras': { allExtras: true },
  '--no-dev': { dev: false },
  '--dev': { dev: true },
  '--no-install-project': { noRoot: true },
  '-q': 'quiet',
  '--quiet': 'quiet',
  '-v': 'verbose',
  '--verbose': 'verbose',
  '--no-cache': 'noCache',
};

function uvSync(args: readonly string[], t: Target): Reading {
  const base = { manager: 'uv' as const, tool: 'uv', verb: 'installs with' as const };
  // uv installs the development group unless told not to.
  const intent: Extract<PythonIntent, { type: 'install' }> = { type: 'install', extras: [], dev: true, flags: [] };
  for (let i = 0; i < args.length; i++) {
    const a = unquote(args[i]);
    if (a === '--extra' && args[i + 1]) {
      intent.extras.push(args[++i]);
      continue;
    }
    const mapped = UV_SYNC_FLAGS[a];
    if (mapped === undefined) return { ...base, reason: `its option \`${a}\` has no ${t.name} equivalent` };
    if (typeof mapped === 'string') {
      if (!intent.flags.includes(mapped)) intent.flags.push(mapped);
    } else if (mapped) Object.assign(intent, mapped);
  }
  return { ...base, intent, safe: false };
}

/** `uvx ruff check .`, `uv tool run ruff`, `pipx run black .`: a tool run outside the project's environment. */
function runTool(args: readonly string[], base: Pick<Reading, 'manager' | 'tool'>, t: Target, skip: number): Reading | undefined {
  const read = { ...base, verb: 'uses' as const };
  let i = 0;
  for (; i < args.length && unquote(args[i]).startsWith('-'); i++) {
    const a = unquote(args[i]);
    if (['-q', '--quiet', '-v', '--verbose', '--no-cache', '--isolated'].includes(a)) continue;
    return { ...read, highlight: skip + i + 1, reason: `its option \`${a}\` chooses packages that ${t.name} declares in ${t.manifest}` };
  }
  if (i >= args.length) return undefined;
  const spec = unquote(args[i]);
  const name = requirementName(spec);
  // Running the configured manager itself through a runner is how some pipelines bootstrap it.
  if (name === '' || name.toLowerCase() === t.manager) return undefined;
  const highlight = skip + i + 1;
  if (name !== spec) return { ...read, highlight, reason: `the version of \`${name}\` belongs in ${t.manifest}, as a development dependency` };
  return { ...read, highlight, runsTool: name, intent: { type: 'run', args: [args[i], ...args.slice(i + 1)], tool: name }, safe: false };
}

function uv(args: readonly string[], t: Target): Reading | undefined {
  const [sub, ...rest] = args;
  const base = { manager: 'uv' as const, tool: 'uv', verb: 'uses' as const };
  // uv's tool installs, interpreter and self management are not dependency management.
  if (sub === undefined || sub.startsWith('-') || INFORMATIONAL.has(sub)) return undefined;
  if (sub === 'tool' && rest[0] === 'run') return runTool(rest.slice(1), base, t, 2);
  if (['tool', 'python', 'self', 'cache', 'version', 'generate-shell-completion'].includes(sub)) return undefined;
  const options = rest.filter((a) => unquote(a).startsWith('-')).map(unquote);
  switch (sub) {
    case 'pip':
      return pip(rest, 'uv', t, 'uv');
    case 'sync':
      return uvSync(rest, t);
    case 'run': {
      // `uv run --frozen pytest`: options before the command only say how uv syncs first.
      let i = 0;
      while (i < rest.length && ['--frozen', '--locked', '--no-sync'].includes(unquote(rest[i]))) i++;
      if (i < rest.length && unquote(rest[i]).startsWith('-')) return { ...base, highlight: 1, reason: `its option \`${unquote(rest[i])}\` has no \`${t.run}\` equivalent` };
      if (i >= rest.length) return { ...base, highlight: 1, reason: 'it runs no command' };
      return { ...base, highlight: 1 + i, intent: { type: 'run', args: rest.slice(i) }, safe: i === 0 };
    }
    case 'add':
    case 'remove': {
      const verb = sub === 'add' ? ('installs with' as const) : ('uses' as const);
      let group: string | undefined;
      const pkgs: string[] = [];
      for (let i = 0; i < rest.length; i++) {
        const a = unquote(rest[i]);
        if (!a.startsWith('-')) pkgs.push(rest[i]);
        else if (a === '--dev') group = 'dev';
        else if (a === '--group' && rest[i + 1]) group = rest[++i];
        else if (!['-q', '--quiet', '--frozen', '--locked'].includes(a)) return { ...base, verb, reason: `its option \`${a}\` has no ${t.name} equivalent` };
      }
      if (!pkgs.length) return { ...base, verb, reason: 'it names no package' };
      return { ...base, verb, intent: sub === 'add' ? { type: 'add', packages: pkgs, group, flags: [] } : { type: 'remove', packages: pkgs, group }, safe: false };
    }
    case 'lock':
      if (options.length === 1 && (options[0] === '--locked' || options[0] === '--check')) return { ...base, intent: { type: 'lockCheck' }, safe: false };
      if (options.length) return { ...base, reason: `its options have no ${t.name} equivalent` };
      return { ...base, intent: { type: 'lock' }, safe: false };
    case 'build':
      if (options.length) return { ...base, reason: `its options have no ${t.name} equivalent` };
      return { ...base, intent: { type: 'build' }, safe: false };
    case 'venv':
      return { ...base, reason: `${t.name} creates and manages the virtual environment itself` };
    case 'init':
      return { ...base, reason: `a ${t.name} project starts with its own \`init\`, which asks other questions` };
    default:
      return { ...base, highlight: 1, reason: `it is not a command ${t.name} mirrors` };
  }
}

/** `pipx run black .` runs a tool; pipx's installs (`pipx install poetry`) put tools on the PATH and are left alone. */
function pipx(args: readonly string[], t: Target): Reading | undefined {
  const [sub, ...rest] = args;
  if (sub !== 'run') return undefined;
  return runTool(rest, { manager: 'pip', tool: 'pipx' }, t, 1);
}

/** `python -m build` (PyPA build) → the configured manager's build, from the same `pyproject.toml`. */
function pypaBuild(args: readonly string[], t: Target): Reading | undefined {
  const base = { manager: 'pip' as const, tool: 'build', verb: 'uses' as const };
  const options = args.map(unquote);
  if (options.some((a) => !['--sdist', '-s', '--wheel', '-w', '.'].includes(a))) return { ...base, reason: `its options have no ${t.name} equivalent` };
  const sdist = options.includes('--sdist') || options.includes('-s');
  const wheel = options.includes('--wheel') || options.includes('-w');
  return { ...base, intent: { type: 'build', format: sdist === wheel ? undefined : sdist ? 'sdist' : 'wheel' }, safe: false };
}

function setupPy(args: readonly string[], t: Target): Reading | undefined {
  const commands = args.filter((a) => !unquote(a).startsWith('-')).map(unquote);
  const base = { manager: 'pip' as const, tool: 'setuptools', verb: 'installs with' as const };
  if (commands.length === 0) return undefined;
  if (commands.every((c) => c === 'install' || c === 'develop')) return { ...base, intent: { type: 'install', extras: [], flags: [] }, safe: false };
  const builds = new Set(['sdist', 'bdist_wheel']);
  if (commands.every((c) => builds.has(c))) {
    const format = commands.includes('sdist') && commands.includes('bdist_wheel') ? undefined : commands[0] === 'sdist' ? 'sdist' : 'wheel';
    return { ...base, verb: 'uses', intent: { type: 'build', format }, safe: false };
  }
  if (commands.some((c) => c === 'install' || c === 'develop' || builds.has(c))) return { ...base, reason: `its commands have no single ${t.name} equivalent` };
  return undefined;
}

/** Options of `poetry install` that only say how it reports or prompts. */
const POETRY_QUIET_OPTIONS = new Set(['-n', '--no-interaction', '--no-ansi', '--ansi']);

function poetry(args: readonly string[], t: Target): Reading | undefined {
  const [sub, ...rest] = args;
  if (sub === undefined || INFORMATIONAL.has(sub) || ['self', 'about', 'config', 'list'].includes(sub)) return undefined;
  const base = { manager: 'poetry' as const, tool: 'Poetry', verb: 'uses' as const };
  const unmappedOption = (a: string) => ({ ...base, reason: `its option \`${a}\` has no ${t.name} equivalent` });
  switch (sub) {
    case 'install':
    case 'sync': {
      const intent: Extract<PythonIntent, { type: 'install' }> = { type: 'install', extras: [], dev: true, flags: [] };
      let exact = sub === 'sync';
      for (let i = 0; i < rest.length; i++) {
        const a = unquote(rest[i]);
        if (POETRY_QUIET_OPTIONS.has(a)) continue;
        if (a === '--sync') exact = true;
        else if (a === '--no-root') intent.noRoot = true;
        else if (a === '--all-extras') intent.allExtras = true;
        else if ((a === '-E' || a === '--extras') && rest[i + 1]) intent.extras.push(rest[++i]);
        else if ((a === '--without' && unquote(rest[i + 1] ?? '') === 'dev') || (a === '--only' && unquote(rest[i + 1] ?? '') === 'main')) {
          intent.dev = false;
          i++;
        } else if (a === '--without=dev' || a === '--only=main' || a === '--no-dev') intent.dev = false;
        else if (a === '-q' || a === '--quiet') intent.flags.push('quiet');
        else if (a === '-v' || a === '--verbose') intent.flags.push('verbose');
        else if (a === '--no-cache') intent.flags.push('noCache');
        else return { ...unmappedOption(a), verb: 'installs with' };
      }
      // `uv sync` is exact already; Pipenv's exact install is `pipenv sync`.
      const exactIntent: PythonIntent = exact && t.manager === 'pipenv' && intent.extras.length === 0 ? { type: 'sync' } : intent;
      return { ...base, verb: 'installs with', intent: exactIntent, safe: false };
    }
    case 'add':
    case 'remove': {
      let group: string | undefined;
      const pkgs: string[] = [];
      for (let i = 0; i < rest.length; i++) {
        const a = unquote(rest[i]);
        if (!a.startsWith('-')) pkgs.push(rest[i]);
        else if (a === '-D' || a === '--dev') group = 'dev';
        else if ((a === '-G' || a === '--group') && rest[i + 1]) group = unquote(rest[++i]);
        else if (!POETRY_QUIET_OPTIONS.has(a) && a !== '--lock') return unmappedOption(a);
      }
      if (!pkgs.length) return { ...base, reason: 'it names no package' };
      return { ...base, verb: sub === 'add' ? 'installs with' : 'uses', intent: sub === 'add' ? { type: 'add', packages: pkgs, group, flags: [] } : { type: 'remove', packages: pkgs, group }, safe: false };
    }
    case 'run':
      if (!rest.length) return { ...base, highlight: 1, reason: 'it runs no command' };
      return { ...base, highlight: 1, intent: { type: 'run', args: rest }, safe: true };
    case 'lock': {
      const options = rest.map(unquote).filter((a) => !POETRY_QUIET_OPTIONS.has(a) && a !== '--no-update');
      if (options.length === 1 && options[0] === '--check') return { ...base, intent: { type: 'lockCheck' }, safe: false };
      if (options.length) return unmappedOption(options[0]);
      return { ...base, intent: { type: 'lock' }, safe: false };
    }
    case 'check':
      if (rest.map(unquote).includes('--lock')) return { ...base, intent: { type: 'lockCheck' }, safe: false };
      return { ...base, reason: `it is not a command ${t.name} mirrors` };
    case 'build': {
      const options = rest.map(unquote).filter((a) => !POETRY_QUIET_OPTIONS.has(a));
      if (options.length === 0) return { ...base, intent: { type: 'build' }, safe: false };
      const format = options.length === 2 && ['-f', '--format'].includes(options[0]) ? options[1] : /^--format=(sdist|wheel)$/.exec(options.join(' '))?.[1];
      if (format === 'sdist' || format === 'wheel') return { ...base, intent: { type: 'build', format }, safe: false };
      return unmappedOption(options[0]);
    }
    default:
      return { ...base, highlight: 1, reason: `it is not a command ${t.name} mirrors` };
  }
}

/** Why the configured manager cannot say what an intent says. */
function noSpelling(intent: PythonIntent, t: Target): string {
  if (t.manager === 'pipenv') {
    if (intent.type === 'add' || intent.type === 'remove') return 'Pipenv knows only `[packages]` and `[dev-packages]`, not other groups';
    if (intent.type === 'install') return 'Pipenv has no extras; declare those packages in the `Pipfile`';
    if (intent.type === 'build') return 'Pipenv builds no packages';
  }
  return `${t.name} has no command for it`;
}

/**
 * The translation of a Python package-manager command into the configured
 * manager, or undefined when it is not one that manages dependencies
 * (`pip --version`, `pip freeze`, `uv tool install`) or bootstraps the toolchain
 * (`pip install poetry`, `pip install --upgrade pip`, `pipx install poetry`).
 * `args` are the words after the tool words, as written (quotes kept).
 */
export function translatePython(inv: PythonInvocation, args: readonly string[], configured: PythonManager): PythonTranslation | undefined {
  if (args.length && INFORMATIONAL.has(unquote(args[0]))) return undefined;
  const t = TARGETS[configured];
  const reading = read(inv, args, t);
  if (!reading) return undefined;
  const { intent, ...translation } = reading;
  if (!intent || translation.manager === configured) return translation;
  const replacement = renderPython(intent, configured);
  if (replacement === undefined) return { ...translation, safe: undefined, developerOnly: undefined, reason: translation.reason ?? noSpelling(intent, t) };
  return { ...translation, replacement };
}

function read(inv: PythonInvocation, args: readonly string[], t: Target): Reading | undefined {
  switch (inv.tool) {
    case 'pip':
      return pip(args, 'pip', t, 'pip');
    case 'pipenv':
      return pipenv(args, t);
    case 'uv':
      return uv(args, t);
    case 'uvx':
      return runTool(args, { manager: 'uv', tool: 'uv' }, t, 0);
    case 'pipx':
      return pipx(args, t);
    case 'poetry':
      return poetry(args, t);
    case 'pip-compile':
    case 'pip-sync':
      return { manager: 'pip', tool: 'pip-tools', verb: 'uses', highlight: 0, reason: pipToolsReason(t) };
    case 'setup.py':
      return setupPy(args, t);
    case 'build':
      return pypaBuild(args, t);
    default:
      return undefined;
  }
}
