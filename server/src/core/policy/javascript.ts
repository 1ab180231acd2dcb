/**
 * JavaScript package-manager commands, read into what they mean (an intent) and
 * written back in the spelling of the manager the policy names. Pure word-level
 * work: the rule decides where the words sit in the file.
 */
import { MANAGER_DISPLAY_NAMES } from './managers';

export type JsManager = 'bun' | 'npm' | 'yarn' | 'pnpm';

/** Every program that manages JavaScript packages, and the manager it belongs to. */
export const JS_TOOLS: Readonly<Record<string, JsManager>> = {
  bun: 'bun',
  bunx: 'bun',
  npm: 'npm',
  npx: 'npm',
  yarn: 'yarn',
  pnpm: 'pnpm',
  // pnpm's short name, which its docs suggest as a shell alias and later releases ship as a binary.
  pn: 'pnpm',
  pnpx: 'pnpm',
};

/** Display names of the JavaScript managers (from the one table in `managers.ts`). */
export const MANAGER_NAMES: Readonly<Record<JsManager, string>> = MANAGER_DISPLAY_NAMES;

/** Options of an install or add, by meaning rather than by any client's spelling. */
type Option =
  | 'frozen'
  | 'production'
  | 'ignoreScripts'
  | 'silent'
  | 'preferOffline'
  | 'offline'
  | 'noProgress'
  | 'verbose'
  | 'dryRun'
  | 'force'
  | 'omitOptional'
  | 'omitPeer'
  | 'dev'
  | 'exact'
  | 'optional'
  | 'peer'
  | 'global';

export type JsIntent =
  | { type: 'install'; options: Option[] }
  | { type: 'add'; packages: string[]; options: Option[] }
  | { type: 'remove'; packages: string[]; options: Option[] }
  | { type: 'run'; script: string; args: string[]; ifPresent?: boolean }
  | { type: 'exec'; pkg?: string; noInstall: boolean; command: string[] }
  | { type: 'create'; args: string[] }
  /** A use of the manager with no faithful spelling elsewhere, with the reason. */
  | { type: 'unmapped'; reason: string };

export interface JsCommand {
  intent: JsIntent;
  /** How many words, from the tool word on, name the offending command. */
  highlight: number;
}

/** A source flag's meaning: an option, `null` to drop it (it changes nothing elsewhere), or drop it with its value. */
type FlagMeaning = Option | null | 'drop-with-value';

/**
 * Flags of install-like commands of every client. Dropped ones are reporting or
 * peer-resolution switches that the other clients do not need to behave alike.
 */
const INSTALL_FLAGS: Record<string, FlagMeaning> = {
  '--frozen-lockfile': 'frozen',
  '--immutable': 'frozen',
  '--production': 'production',
  '--prod': 'production',
  '-P': 'production',
  '-p': 'production',
  '--omit=dev': 'production',
  '--ignore-scripts': 'ignoreScripts',
  '--silent': 'silent',
  '-s': 'silent',
  '--quiet': 'silent',
  '-q': 'silent',
  '--prefer-offline': 'preferOffline',
  '--offline': 'offline',
  '--no-progress': 'noProgress',
  '--verbose': 'verbose',
  '--dry-run': 'dryRun',
  '--force': 'force',
  '-f': 'force',
  '--omit=optional': 'omitOptional',
  '--no-optional': 'omitOptional',
  '--ignore-optional': 'omitOptional',
  '--omit=peer': 'omitPeer',
  '--no-audit': null,
  '--no-fund': null,
  '--legacy-peer-deps': null,
  '--strict-peer-dependencies': null,
  '--non-interactive': null,
  '--check-files': null,
  '--save-text-lockfile': null,
  '--loglevel': 'drop-with-value',
  '--network-timeout': 'drop-with-value',
  '--reporter': 'drop-with-value',
};

const ADD_FLAGS: Record<string, FlagMeaning> = {
  '-D': 'dev',
  '-d': 'dev',
  '--save-dev': 'dev',
  '--dev': 'dev',
  '-E': 'exact',
  '--save-exact': 'exact',
  '--exact': 'exact',
  '-O': 'optional',
  '--save-optional': 'optional',
  '--optional': 'optional',
  '--peer': 'peer',
  '--save-peer': 'peer',
  '-g': 'global',
  '--global': 'global',
  '-S': null,
  '--save': null,
  '--save-prod': null,
  '-P': null,
  '--ignore-scripts': 'ignoreScripts',
  '--silent': 'silent',
  '--no-audit': null,
  '--no-fund': null,
  '--legacy-peer-deps': null,
  '--loglevel': 'drop-with-value',
};

const REMOVE_FLAGS: Record<string, FlagMeaning> = { '-g': 'global', '--global': 'global', '-D': null, '--save-dev': null, '-S': null, '--save': null };

/** Each option's spelling per manager; a missing entry means the manager cannot say it. */
const SPELLING: Record<Option, Partial<Record<JsManager, string>>> = {
  frozen: { bun: '--frozen-lockfile', yarn: '--frozen-lockfile', pnpm: '--frozen-lockfile' },
  production: { bun: '--production', npm: '--omit=dev', yarn: '--production', pnpm: '--prod' },
  ignoreScripts: { bun: '--ignore-scripts', npm: '--ignore-scripts', yarn: '--ignore-scripts', pnpm: '--ignore-scripts' },
  silent: { bun: '--silent', npm: '--silent', yarn: '--silent', pnpm: '--silent' },
  preferOffline: { bun: '--prefer-offline', npm: '--prefer-offline', yarn: '--prefer-offline', pnpm: '--prefer-offline' },
  offline: { bun: '--offline', npm: '--offline', yarn: '--offline', pnpm: '--offline' },
  noProgress: { bun: '--no-progress', npm: '--no-progress', yarn: '--no-progress' },
  verbose: { bun: '--verbose', npm: '--verbose', yarn: '--verbose' },
  dryRun: { bun: '--dry-run', npm: '--dry-run' },
  force: { bun: '--force', npm: '--force', yarn: '--force', pnpm: '--force' },
  omitOptional: { bun: '--omit=optional', npm: '--omit=optional', yarn: '--ignore-optional', pnpm: '--no-optional' },
  omitPeer: { bun: '--omit=peer', npm: '--omit=peer' },
  dev: { bun: '-d', npm: '-D', yarn: '--dev', pnpm: '-D' },
  exact: { bun: '--exact', npm: '--save-exact', yarn: '--exact', pnpm: '--save-exact' },
  optional: { bun: '--optional', npm: '--save-optional', yarn: '--optional', pnpm: '--save-optional' },
  peer: { bun: '--peer', npm: '--save-peer', yarn: '--peer', pnpm: '--save-peer' },
  global: { bun: '-g', npm: '-g', pnpm: '-g' },
};

/** Subcommands with no faithful spelling in another client; the finding says why and offers no rewrite. */
const NO_REWRITE: Record<string, string> = {
  publish: 'publishing flags and registry authentication differ between clients',
  pack: 'the tarball layout and lifecycle differ between clients',
  version: 'version bumping differs between clients',
  audit: 'audit reports differ between clients',
  login: 'registry authentication is configured differently per client',
  logout: 'registry authentication is configured differently per client',
  adduser: 'registry authentication is configured differently per client',
  config: 'client configuration lives in different files per client',
  set: 'client configuration lives in different files per client',
  link: 'linking differs between clients',
  unlink: 'linking differs between clients',
  workspace: 'workspace selection is spelled differently per client',
  workspaces: 'workspace selection is spelled differently per client',
  'dist-tag': 'dist-tags are managed differently per client',
  deprecate: 'deprecation has no equivalent in every client',
  owner: 'package ownership has no equivalent in every client',
  access: 'package access has no equivalent in every client',
  token: 'registry tokens have no equivalent in every client',
  cache: 'each client manages its own cache',
  rebuild: 'native rebuilds differ between clients',
  dedupe: 'deduplication differs between clients',
  prune: 'pruning differs between clients',
  shrinkwrap: 'shrinkwrap is npm-only',
  upgrade: 'upgrade semantics differ between clients',
  up: 'upgrade semantics differ between clients',
  update: 'update semantics differ between clients',
  outdated: 'outdated reports differ between clients',
  why: 'dependency explanations differ between clients',
  explain: 'dependency explanations differ between clients',
  info: 'package metadata commands differ between clients',
  view: 'package metadata commands differ between clients',
  ls: 'dependency listings differ between clients',
  list: 'dependency listings differ between clients',
  init: 'project initialisation differs between clients',
  import: 'each client reads other lockfiles on its own install',
  plugin: 'Yarn plugins have no equivalent elsewhere',
  constraints: 'Yarn constraints have no equivalent elsewhere',
  policies: 'Yarn policies have no equivalent elsewhere',
  recursive: 'workspace selection is spelled differently per client',
  doctor: 'health checks differ between clients',
  'set-script': 'edit `package.json` scripts directly',
  pkg: 'edit `package.json` directly',
  patch: 'patching differs between clients',
  'patch-commit': 'patching differs between clients',
  node: 'running Node through the client differs between clients',
  test: "`bun test` is Bun's own test runner, not a package.json script",
  build: "`bun build` is Bun's bundler",
  pm: '`bun pm` commands differ from other clients',
  exec: 'running shell commands through the client differs between clients',
  deploy: '`pnpm deploy` packs a workspace package for deployment, which other clients do not do',
  env: 'runtime management differs between clients',
  setup: 'client installation differs between clients',
  store: 'each client manages its own store',
  licenses: 'licence reports differ between clients',
  server: 'the pnpm store server has no equivalent elsewhere',
  root: 'folder queries differ between clients',
  bin: 'folder queries differ between clients',
  prefix: 'folder queries differ between clients',
  ping: 'registry queries differ between clients',
  search: 'registry queries differ between clients',
  fund: 'funding reports differ between clients',
  explore: 'package exploration differs between clients',
  edit: 'package editing differs between clients',
  docs: 'documentation lookups differ between clients',
  repo: 'documentation lookups differ between clients',
  bugs: 'documentation lookups differ between clients',
  hook: 'registry hooks have no equivalent elsewhere',
  org: 'registry organisations have no equivalent elsewhere',
  team: 'registry teams have no equivalent elsewhere',
  star: 'registry stars have no equivalent elsewhere',
  unstar: 'registry stars have no equivalent elsewhere',
  profile: 'registry profiles have no equivalent elsewhere',
  query: 'dependency queries differ between clients',
  sbom: 'SBOM generation differs between clients',
  diff: 'package diffs differ between clients',
  'install-test': 'run the install and the test script as two commands',
  it: 'run the install and the test script as two commands',
  'install-ci-test': 'run the install and the test script as two commands',
  cit: 'run the install and the test script as two commands',
  'approve-builds': 'build approvals differ between clients',
  catalog: 'catalogs differ between clients',
};

/** Package managers themselves, whose global install is how CI bootstraps them. */
const MANAGER_PACKAGES = /^(bun|pnpm|yarn|npm|@pnpm\/exe|corepack)(@.*)?$/;

function isInformational(args: readonly string[]): boolean {
  return args.length > 0 && ['-v', '--version', 'help', '--help', '-h'].includes(args[0]);
}

/** `npm i -g bun`, `npm install -g pnpm@9`: installing a package manager is how CI bootstraps it. */
function isManagerBootstrap(args: readonly string[]): boolean {
  const [sub, ...rest] = args;
  if (!['i', 'install', 'add'].includes(sub ?? '')) return false;
  const packages = rest.filter((a) => !a.startsWith('-'));
  return packages.length > 0 && packages.every((p) => MANAGER_PACKAGES.test(p));
}

/** Reads flags by a table; positional words are kept apart. Undefined when a flag is unknown. */
function readFlags(args: readonly string[], table: Record<string, FlagMeaning>): { options: Option[]; positionals: string[] } | undefined {
  const options: Option[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('-') || a === '-') {
      positionals.push(a);
      continue;
    }
    const meaning = a in table ? table[a] : table[a.split('=', 1)[0]];
    if (meaning === undefined) return undefined;
    if (meaning === 'drop-with-value') {
      if (!a.includes('=')) i++;
      continue;
    }
    if (meaning !== null && !options.includes(meaning)) options.push(meaning);
  }
  return { options, positionals };
}

const UNKNOWN_FLAG: JsIntent = { type: 'unmapped', reason: 'one of its flags has no equivalent in the other clients' };

function install(args: readonly string[], frozen = false): JsIntent {
  const read = readFlags(args, INSTALL_FLAGS);
  if (!read || read.positionals.length) return UNKNOWN_FLAG;
  return { type: 'install', options: frozen && !read.options.includes('frozen') ? ['frozen', ...read.options] : read.options };
}

function add(args: readonly string[]): JsIntent {
  const read = readFlags(args, ADD_FLAGS);
  if (!read) return UNKNOWN_FLAG;
  return { type: 'add', packages: read.positionals, options: read.options };
}

function installOrAdd(args: readonly string[]): JsIntent {
  return args.some((a) => !a.startsWith('-')) ? add(args) : install(args);
}

function remove(args: readonly string[]): JsIntent {
  const read = readFlags(args, REMOVE_FLAGS);
  if (!read) return UNKNOWN_FLAG;
  return { type: 'remove', packages: read.positionals, options: read.options };
}

/** Arguments passed through to a script: npm needs `--`, the others do not. */
function passThrough(args: readonly string[]): string[] {
  return args[0] === '--' ? args.slice(1) : [...args];
}

function run(args: readonly string[]): JsIntent {
  const [script, ...rest] = args;
  if (!script || script.startsWith('-')) return { type: 'unmapped', reason: 'its options are spelled differently per client' };
  return { type: 'run', script, args: passThrough(rest) };
}

/**
 * `npm run <script> [flags] [-- args]`: npm reads every flag before `--` as its
 * own (`--if-present`, `--silent`), and passes only what follows `--` on.
 */
function npmRun(args: readonly string[]): JsIntent {
  const dash = args.indexOf('--');
  const own = dash < 0 ? args : args.slice(0, dash);
  const passed = dash < 0 ? [] : args.slice(dash + 1);
  const script = own.find((a) => !a.startsWith('-'));
  if (!script) return { type: 'unmapped', reason: 'its options are spelled differently per client' };
  let ifPresent = false;
  for (const a of own) {
    if (a === script) continue;
    if (a === '--if-present') ifPresent = true;
    else if (!['--silent', '-s', '--quiet', '-q'].includes(a)) return { type: 'unmapped', reason: `its option \`${a}\` is npm's own and has no equivalent in the other clients` };
  }
  return { type: 'run', script, args: passed, ifPresent };
}

function exec(args: readonly string[]): JsIntent {
  let pkg: string | undefined;
  let noInstall = false;
  let i = 0;
  for (; i < args.length && args[i].startsWith('-') && args[i] !== '--'; i++) {
    const a = args[i];
    if (a === '-y' || a === '--yes') continue;
    if (a === '--no-install' || a === '--no') noInstall = true;
    else if (a === '-p' || a === '--package') pkg = args[++i];
    else if (a.startsWith('--package=')) pkg = a.slice('--package='.length);
    else return UNKNOWN_FLAG;
  }
  if (args[i] === '--') i++;
  if (i >= args.length || pkg === '') return { type: 'unmapped', reason: 'it names no command to run' };
  return { type: 'exec', pkg, noInstall, command: args.slice(i) };
}

function create(args: readonly string[]): JsIntent {
  const rest = args.filter((a) => a !== '-y' && a !== '--yes');
  return rest.length && !rest[0].startsWith('-') ? { type: 'create', args: rest } : { type: 'unmapped', reason: NO_REWRITE.init };
}

function unmapped(sub: string): JsIntent {
  return { type: 'unmapped', reason: (Object.hasOwn(NO_REWRITE, sub) && NO_REWRITE[sub]) || 'it is not a command the other clients mirror' };
}

function readNpm(args: readonly string[]): JsCommand | undefined {
  const [sub, ...rest] = args;
  if (sub === undefined) return { intent: { type: 'unmapped', reason: 'it runs no command' }, highlight: 1 };
  if (sub.startsWith('-')) return { intent: { type: 'unmapped', reason: 'its global options are spelled differently per client' }, highlight: 1 };
  const at2 = (intent: JsIntent, highlight = 2) => ({ intent, highlight });
  switch (sub) {
    case 'ci':
    case 'clean-install':
    case 'ic':
    case 'install-clean':
      return at2(install(rest, true));
    case 'install':
    case 'i':
    case 'isntall':
    case 'add':
      return at2(installOrAdd(rest));
    case 'uninstall':
    case 'remove':
    case 'rm':
    case 'r':
    case 'un':
      return at2(remove(rest));
    case 'run':
    case 'run-script':
    case 'rum':
    case 'urn':
      return at2(npmRun(rest), 3);
    case 'test':
    case 'tst':
    case 't':
      return at2(npmRun(['test', ...rest]));
    case 'start':
    case 'stop':
    case 'restart':
      return at2(npmRun([sub, ...rest]));
    case 'exec':
    case 'x':
      return at2(exec(rest));
    case 'create':
      return at2(create(rest));
    case 'init':
      return at2(rest.some((a) => !a.startsWith('-')) ? create(rest) : unmapped('init'));
    default:
      return at2(unmapped(sub));
  }
}

const YARN_BUILTINS = new Set([...Object.keys(NO_REWRITE).filter((k) => !['test', 'build'].includes(k))]);

function readYarn(args: readonly string[]): JsCommand | undefined {
  const [sub, ...rest] = args;
  // Bare `yarn`, with install flags or none, installs.
  if (sub === undefined || sub.startsWith('-')) return { intent: install(args), highlight: 1 };
  switch (sub) {
    case 'install':
      return { intent: install(rest), highlight: 2 };
    case 'add':
      return { intent: add(rest), highlight: 2 };
    case 'remove':
      return { intent: remove(rest), highlight: 2 };
    case 'run':
      return { intent: run(rest), highlight: 3 };
    case 'dlx':
      return { intent: exec(rest), highlight: 2 };
    case 'create':
      return { intent: create(rest), highlight: 2 };
    case 'global':
      return rest[0] === 'add' ? { intent: add(['-g', ...rest.slice(1)]), highlight: 3 } : { intent: unmapped('global'), highlight: 2 };
    default:
      if (YARN_BUILTINS.has(sub)) return { intent: unmapped(sub), highlight: 2 };
      // Anything else is a package.json script: `yarn build` runs the `build` script.
      return { intent: run(args), highlight: 2 };
  }
}

function readPnpm(args: readonly string[]): JsCommand | undefined {
  const [sub, ...rest] = args;
  if (sub === undefined) return { intent: { type: 'unmapped', reason: 'it runs no command' }, highlight: 1 };
  if (sub.startsWith('-')) return { intent: { type: 'unmapped', reason: 'workspace filters and global options are spelled differently per client' }, highlight: 1 };
  switch (sub) {
    case 'install':
    case 'i':
      return { intent: installOrAdd(rest), highlight: 2 };
    case 'add':
      return { intent: add(rest), highlight: 2 };
    case 'remove':
    case 'rm':
    case 'uninstall':
    case 'un':
      return { intent: remove(rest), highlight: 2 };
    case 'run':
      return { intent: run(rest), highlight: 3 };
    case 'test':
    case 't':
      return { intent: run(['test', ...rest]), highlight: 2 };
    case 'start':
      return { intent: run(['start', ...rest]), highlight: 2 };
    case 'dlx':
      return { intent: exec(rest), highlight: 2 };
    case 'create':
      return { intent: create(rest), highlight: 2 };
    default:
      if (Object.hasOwn(NO_REWRITE, sub) && sub !== 'test' && sub !== 'build') return { intent: unmapped(sub), highlight: 2 };
      return { intent: run(args), highlight: 2 };
  }
}

function readBun(args: readonly string[]): JsCommand | undefined {
  const [sub, ...rest] = args;
  if (sub === undefined) return undefined;
  switch (sub) {
    case 'install':
    case 'i':
      return { intent: installOrAdd(rest), highlight: 2 };
    case 'add':
    case 'a':
      return { intent: add(rest), highlight: 2 };
    case 'remove':
    case 'rm':
      return { intent: remove(rest), highlight: 2 };
    case 'run':
      return { intent: run(rest), highlight: 3 };
    case 'x':
      return { intent: exec(rest), highlight: 2 };
    case 'create':
    case 'c':
      return { intent: create(rest), highlight: 2 };
    default:
      // `bun test`, `bun build`, `bun file.ts`: Bun as runtime or tool, with no spelling in another client.
      return { intent: unmapped(sub), highlight: 2 };
  }
}

/**
 * What a JavaScript tool invocation means. Undefined for calls that manage
 * nothing (`npm --version`) and for installing a package manager itself.
 */
export function readJsCommand(tool: string, args: readonly string[]): JsCommand | undefined {
  if (isInformational(args) || isManagerBootstrap(args)) return undefined;
  switch (tool) {
    case 'npm':
      return readNpm(args);
    case 'yarn':
      return readYarn(args);
    case 'pnpm':
    case 'pn':
      return readPnpm(args);
    case 'bun':
      return readBun(args);
    case 'npx':
    case 'pnpx':
    case 'bunx':
      return { intent: exec(args), highlight: 1 };
    default:
      return undefined;
  }
}

function spell(options: readonly Option[], manager: JsManager): string[] | undefined {
  const out: string[] = [];
  for (const o of options) {
    const s = SPELLING[o][manager];
    if (s === undefined) return undefined;
    out.push(s);
  }
  return out;
}

function words(...parts: (string | readonly string[] | undefined)[]): string {
  return parts
    .flat()
    .filter((p): p is string => p !== undefined && p !== '')
    .join(' ');
}

/**
 * The intent in the spelling of `manager`, or undefined when that manager cannot
 * say it faithfully.
 */
export function renderJsIntent(intent: JsIntent, manager: JsManager): string | undefined {
  switch (intent.type) {
    case 'install': {
      if (manager === 'npm') {
        const frozen = intent.options.includes('frozen');
        const rest = spell(
          intent.options.filter((o) => o !== 'frozen'),
          'npm',
        );
        return rest && words(frozen ? 'npm ci' : 'npm install', rest);
      }
      const flags = spell(intent.options, manager);
      return flags && words(manager, 'install', flags);
    }
    case 'add': {
      if (intent.packages.length === 0) return undefined;
      const global = intent.options.includes('global');
      if (manager === 'yarn' && global) {
        const flags = spell(
          intent.options.filter((o) => o !== 'global'),
          'yarn',
        );
        return flags && words('yarn global add', flags, intent.packages);
      }
      const flags = spell(intent.options, manager);
      return flags && words(manager, manager === 'npm' ? 'install' : 'add', flags, intent.packages);
    }
    case 'remove': {
      if (intent.packages.length === 0) return undefined;
      const flags = spell(intent.options, manager);
      if (manager === 'yarn' && intent.options.includes('global')) return words('yarn global remove', intent.packages);
      return flags && words(manager, manager === 'npm' ? 'uninstall' : 'remove', flags, intent.packages);
    }
    case 'run': {
      // Each client's spelling of "skip when the script is missing" goes before the script name.
      const ifPresent = intent.ifPresent ? { bun: '--if-present', npm: '--if-present', pnpm: '--if-present', yarn: undefined }[manager] : '';
      if (ifPresent === undefined) return undefined;
      if (manager === 'npm') return words('npm run', intent.script, ifPresent, intent.args.length ? ['--', ...intent.args] : []);
      return words(manager, 'run', ifPresent, intent.script, intent.args);
    }
    case 'exec': {
      // Yarn 1 has no `dlx` and Yarn 2+ has no way to run a local binary without installing: no faithful spelling.
      if (manager === 'yarn') return undefined;
      const runner = { bun: 'bunx', npm: 'npx', pnpm: 'pnpm dlx' }[manager];
      if (intent.noInstall && manager !== 'bun' && manager !== 'npm') return undefined;
      const noInstall = intent.noInstall ? (manager === 'bun' ? '--no-install' : '--no') : undefined;
      const pkg = intent.pkg === undefined ? undefined : manager === 'pnpm' ? `--package=${intent.pkg}` : `-p ${intent.pkg}`;
      if (manager === 'pnpm' && pkg) return words('pnpm', pkg, 'dlx', intent.command);
      return words(runner, noInstall, pkg, intent.command);
    }
    case 'create':
      return words(manager, 'create', intent.args);
    case 'unmapped':
      return undefined;
  }
}
