/**
 * How a command of npm, Yarn, pnpm or npx reads in Bun. Pure word-level
 * translation: the rule decides where the words sit in the file.
 */

export const JS_TOOLS = new Set(['npm', 'npx', 'yarn', 'pnpm', 'pnpx']);

export interface JsTranslation {
  /** How many words, from the tool word on, the finding highlights. */
  highlight: number;
  /** The Bun command replacing the whole command, when a faithful one exists. */
  replacement?: string;
  /** Why no rewrite is offered, for the message. */
  reason?: string;
}

/** A flag's fate in translation: its Bun spelling, `null` to drop it, or a value-taking flag to drop with its value. */
type FlagMap = Record<string, string | null | { dropWithValue: true }>;

const DROP_VALUE = { dropWithValue: true } as const;

/** Install flags of every client, mapped to `bun install`'s. */
const INSTALL_FLAGS: FlagMap = {
  '--frozen-lockfile': '--frozen-lockfile',
  '--immutable': '--frozen-lockfile',
  '--production': '--production',
  '--prod': '--production',
  '-P': '--production',
  '--omit=dev': '--omit=dev',
  '--omit=optional': '--omit=optional',
  '--omit=peer': '--omit=peer',
  '--ignore-scripts': '--ignore-scripts',
  '--silent': '--silent',
  '-s': '--silent',
  '--prefer-offline': '--prefer-offline',
  '--offline': '--offline',
  '--no-progress': '--no-progress',
  '--verbose': '--verbose',
  '--dry-run': '--dry-run',
  '--force': '--force',
  '-f': '--force',
  // Reporting and peer-resolution switches with no Bun meaning: Bun neither audits
  // on install nor fails on peer conflicts, so dropping them changes nothing.
  '--no-audit': null,
  '--no-fund': null,
  '--legacy-peer-deps': null,
  '--strict-peer-dependencies': null,
  '--non-interactive': null,
  '--no-optional': '--omit=optional',
  '--check-files': null,
  '--quiet': '--silent',
  '-q': '--silent',
  '--loglevel': DROP_VALUE,
  '--network-timeout': DROP_VALUE,
  '--reporter': DROP_VALUE,
};

/** Flags of `npm install <pkg>`, `yarn add`, `pnpm add`, mapped to `bun add`'s. */
const ADD_FLAGS: FlagMap = {
  '-D': '-d',
  '--save-dev': '-d',
  '--dev': '-d',
  '-E': '--exact',
  '--save-exact': '--exact',
  '--exact': '--exact',
  '-O': '--optional',
  '--save-optional': '--optional',
  '--optional': '--optional',
  '--peer': '--peer',
  '--save-peer': '--peer',
  '-g': '-g',
  '--global': '-g',
  '-S': null,
  '--save': null,
  '--save-prod': null,
  '-P': null,
  '--ignore-scripts': '--ignore-scripts',
  '--silent': '--silent',
  '--no-audit': null,
  '--no-fund': null,
  '--legacy-peer-deps': null,
  '--loglevel': DROP_VALUE,
};

const REMOVE_FLAGS: FlagMap = { '-g': '-g', '--global': '-g', '-D': null, '--save-dev': null, '-S': null, '--save': null };

const NPX_FLAGS: FlagMap = {
  '-y': null,
  '--yes': null,
  '--no-install': '--no-install',
  '-q': '--silent',
  '--quiet': '--silent',
  '-p': { dropWithValue: true },
  '--package': { dropWithValue: true },
};

/** Subcommands that have no faithful Bun spelling; the finding says so and offers no rewrite. */
const NO_REWRITE: Record<string, string> = {
  publish: 'publishing flags and registry authentication differ between clients',
  pack: 'the tarball layout and lifecycle differ between clients',
  version: 'version bumping has no Bun command',
  audit: "audit reports differ between clients and Bun's uses another format",
  login: 'registry authentication is configured differently for Bun',
  logout: 'registry authentication is configured differently for Bun',
  adduser: 'registry authentication is configured differently for Bun',
  config: "client configuration lives in `bunfig.toml` or `.npmrc` for Bun",
  set: "client configuration lives in `bunfig.toml` or `.npmrc` for Bun",
  link: 'linking differs between clients',
  unlink: 'linking differs between clients',
  workspace: 'workspace selection uses `bun run --filter`',
  workspaces: 'workspace selection uses `bun run --filter`',
  'dist-tag': 'dist-tags have no Bun command',
  deprecate: 'deprecation has no Bun command',
  owner: 'package ownership has no Bun command',
  access: 'package access has no Bun command',
  token: 'registry tokens have no Bun command',
  cache: "Bun's cache is managed with `bun pm cache`",
  rebuild: 'native rebuilds differ between clients',
  dedupe: 'Bun has no dedupe command',
  prune: 'Bun has no prune command',
  shrinkwrap: 'Bun has no shrinkwrap',
  upgrade: 'upgrade semantics differ; use `bun update` after review',
  up: 'upgrade semantics differ; use `bun update` after review',
  update: 'update semantics differ; use `bun update` after review',
  outdated: 'use `bun outdated` after review',
  why: 'use `bun pm why` after review',
  explain: 'use `bun pm why` after review',
  info: 'use `bun pm view` after review',
  view: 'use `bun pm view` after review',
  ls: 'use `bun pm ls` after review',
  list: 'use `bun pm ls` after review',
  init: 'use `bun init` after review',
  import: 'Bun reads existing lockfiles itself on `bun install`',
  plugin: 'Yarn plugins have no Bun equivalent',
  constraints: 'Yarn constraints have no Bun equivalent',
  policies: 'Yarn policies have no Bun equivalent',
  global: 'global packages are added with `bun add -g`',
  recursive: 'workspace selection uses `bun run --filter`',
  doctor: 'Bun has no doctor command',
  'set-script': 'edit `package.json` scripts directly',
  pkg: 'edit `package.json` directly',
};

/** Informational calls that manage nothing: never reported. */
function isInformational(args: readonly string[]): boolean {
  return args.length > 0 && ['-v', '--version', 'help', '--help', '-h'].includes(args[0]);
}

/** `npm i -g bun`: the documented way to bootstrap Bun itself. */
function isBunBootstrap(args: readonly string[]): boolean {
  const [sub, ...rest] = args;
  if (!['i', 'install', 'add'].includes(sub ?? '')) return false;
  const packages = rest.filter((a) => !a.startsWith('-'));
  return packages.length > 0 && packages.every((p) => p === 'bun' || p.startsWith('bun@'));
}

function mapFlags(args: readonly string[], table: FlagMap): string[] | undefined {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [name] = a.split('=', 1);
    const mapped = a in table ? table[a] : table[name];
    if (mapped === undefined) {
      if (a.startsWith('-')) return undefined; // a flag we cannot vouch for
      out.push(a);
      continue;
    }
    if (mapped === null) continue;
    if (typeof mapped === 'object') {
      if (!a.includes('=')) i++;
      continue;
    }
    if (!out.includes(mapped)) out.push(mapped);
  }
  return out;
}

function join(...parts: (string | readonly string[])[]): string {
  return parts.flat().join(' ');
}

/** Arguments passed through to a script: npm needs `--`, Bun does not. */
function scriptArgs(args: readonly string[]): string[] {
  return args[0] === '--' ? args.slice(1) : [...args];
}

function install(flags: readonly string[], highlight: number, frozen = false): JsTranslation {
  const mapped = mapFlags(flags, INSTALL_FLAGS);
  if (!mapped || mapped.some((a) => !a.startsWith('-'))) return { highlight, reason: 'one of its flags has no Bun equivalent' };
  const all = frozen && !mapped.includes('--frozen-lockfile') ? ['--frozen-lockfile', ...mapped] : mapped;
  return { highlight, replacement: join('bun install', all) };
}

function add(rest: readonly string[], highlight: number): JsTranslation {
  const mapped = mapFlags(rest, ADD_FLAGS);
  if (!mapped) return { highlight, reason: 'one of its flags has no Bun equivalent' };
  return { highlight, replacement: join('bun add', mapped) };
}

function remove(rest: readonly string[]): JsTranslation {
  const mapped = mapFlags(rest, REMOVE_FLAGS);
  if (!mapped) return { highlight: 2, reason: 'one of its flags has no Bun equivalent' };
  return { highlight: 2, replacement: join('bun remove', mapped) };
}

function runScript(args: readonly string[], highlight: number): JsTranslation {
  const [script, ...rest] = args;
  if (!script || script.startsWith('-')) return { highlight, reason: 'its options have no Bun equivalent' };
  return { highlight, replacement: join('bun run', script, scriptArgs(rest)) };
}

function exec(args: readonly string[], highlight: number): JsTranslation {
  let i = 0;
  const flags: string[] = [];
  while (i < args.length && args[i].startsWith('-') && args[i] !== '--') {
    const takesValue = (args[i] === '-p' || args[i] === '--package') && !args[i].includes('=');
    flags.push(args[i]);
    if (takesValue) flags.push(args[i + 1] ?? '');
    i += takesValue ? 2 : 1;
  }
  if (args[i] === '--') i++;
  const mapped = mapFlags(flags, NPX_FLAGS);
  if (!mapped || i >= args.length) return { highlight, reason: 'its options have no Bun equivalent' };
  // `npx -p pkg bin` names the package apart from the binary; bunx spells it `-p`.
  const pkgIndex = flags.findIndex((f) => f === '-p' || f === '--package' || f.startsWith('--package='));
  const pkg = pkgIndex >= 0 ? (flags[pkgIndex].includes('=') ? flags[pkgIndex].split('=')[1] : flags[pkgIndex + 1]) : undefined;
  return { highlight, replacement: join('bunx', pkg ? ['-p', pkg] : [], mapped, args.slice(i)) };
}

export function translateNpm(args: readonly string[]): JsTranslation | undefined {
  if (isInformational(args) || isBunBootstrap(args)) return undefined;
  const [sub, ...rest] = args;
  if (sub === undefined) return { highlight: 1, reason: 'it runs no command' };
  if (sub.startsWith('-')) return { highlight: 1, reason: 'its global options have no Bun equivalent' };
  switch (sub) {
    case 'ci':
    case 'clean-install':
    case 'ic':
    case 'install-clean':
      return install(rest, 2, true);
    case 'install':
    case 'i':
    case 'isntall':
    case 'add':
      return rest.some((a) => !a.startsWith('-')) ? add(rest, 2) : install(rest, 2);
    case 'uninstall':
    case 'remove':
    case 'rm':
    case 'r':
    case 'un':
      return remove(rest);
    case 'run':
    case 'run-script':
    case 'rum':
    case 'urn':
      return runScript(rest, 3);
    case 'test':
    case 'tst':
    case 't':
      return { highlight: 2, replacement: join('bun run test', scriptArgs(rest)) };
    case 'start':
    case 'stop':
    case 'restart':
      return { highlight: 2, replacement: join('bun run', sub, scriptArgs(rest)) };
    case 'exec':
    case 'x':
      return exec(rest, 2);
    case 'create':
    case 'init':
      if (sub === 'create' || rest.some((a) => !a.startsWith('-'))) {
        const mapped = mapFlags(rest.filter((a) => a !== '-y' && a !== '--yes'), {});
        return mapped && mapped.length ? { highlight: 2, replacement: join('bun create', mapped) } : { highlight: 2, reason: NO_REWRITE.init };
      }
      return { highlight: 2, reason: NO_REWRITE.init };
    default:
      return { highlight: 2, reason: NO_REWRITE[sub] ?? 'it is not a command Bun mirrors' };
  }
}

const YARN_BUILTINS_WITHOUT_REWRITE = new Set(Object.keys(NO_REWRITE).concat(['exec', 'node', 'npm']));

export function translateYarn(args: readonly string[]): JsTranslation | undefined {
  if (isInformational(args)) return undefined;
  const [sub, ...rest] = args;
  // Bare `yarn` (with install flags or none) installs.
  if (sub === undefined || sub.startsWith('-')) return install(args, 1);
  switch (sub) {
    case 'install':
      return install(rest, 2);
    case 'add':
      return add(rest, 2);
    case 'remove':
      return remove(rest);
    case 'run':
      return runScript(rest, 3);
    case 'dlx':
      return exec(rest, 2);
    case 'create':
      return rest.length ? { highlight: 2, replacement: join('bun create', rest) } : { highlight: 2, reason: NO_REWRITE.init };
    case 'global':
      return rest[0] === 'add' ? add(['-g', ...rest.slice(1)], 3) : { highlight: 2, reason: NO_REWRITE.global };
    default:
      if (YARN_BUILTINS_WITHOUT_REWRITE.has(sub)) return { highlight: 2, reason: NO_REWRITE[sub] ?? 'it is not a command Bun mirrors' };
      // Anything else is a package.json script: `yarn build` runs the `build` script.
      return { highlight: 2, replacement: join('bun run', sub, scriptArgs(rest)) };
  }
}

export function translatePnpm(args: readonly string[]): JsTranslation | undefined {
  if (isInformational(args) || isBunBootstrap(args)) return undefined;
  const [sub, ...rest] = args;
  if (sub === undefined) return { highlight: 1, reason: 'it runs no command' };
  if (sub.startsWith('-')) return { highlight: 1, reason: 'workspace filters and global options have no one-to-one Bun spelling' };
  switch (sub) {
    case 'install':
    case 'i':
      return rest.some((a) => !a.startsWith('-')) ? add(rest, 2) : install(rest, 2);
    case 'add':
      return add(rest, 2);
    case 'remove':
    case 'rm':
    case 'uninstall':
    case 'un':
      return remove(rest);
    case 'run':
      return runScript(rest, 3);
    case 'test':
    case 't':
      return { highlight: 2, replacement: join('bun run test', scriptArgs(rest)) };
    case 'start':
      return { highlight: 2, replacement: join('bun run start', scriptArgs(rest)) };
    case 'dlx':
    case 'exec':
      return exec(rest, 2);
    case 'create':
      return rest.length ? { highlight: 2, replacement: join('bun create', rest) } : { highlight: 2, reason: NO_REWRITE.init };
    default:
      if (sub in NO_REWRITE) return { highlight: 2, reason: NO_REWRITE[sub] };
      return { highlight: 2, replacement: join('bun run', sub, scriptArgs(rest)) };
  }
}

export function translateNpx(args: readonly string[]): JsTranslation | undefined {
  if (isInformational(args)) return undefined;
  return exec(args, 1);
}

export function translateJs(tool: string, args: readonly string[]): JsTranslation | undefined {
  switch (tool) {
    case 'npm':
      return translateNpm(args);
    case 'yarn':
      return translateYarn(args);
    case 'pnpm':
      return translatePnpm(args);
    case 'npx':
    case 'pnpx':
      return translateNpx(args);
    default:
      return undefined;
  }
}
