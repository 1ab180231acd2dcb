/**
 * What a command really runs, past the launchers in front of it: `npx eslint`,
 * `poetry run pytest`, `python -m mypy`, `./gradlew test` are `eslint`, `pytest`,
 * `mypy`, `gradle test`; `npm run lint`, `yarn workspace web test`, `make check`
 * run a project script, whose name is what tells what it does.
 */
import type { FoundCommand } from '../script-commands';

export interface Invocation {
  /** The program, without its directory (`eslint`, `kubectl`, `gradle`). */
  tool: string;
  /** Its arguments as the shell passes them. */
  args: string[];
  /** The project script or make target run, when the command runs one (`lint`, `test:e2e`). */
  script?: string;
}

/** Launchers that run the program named after their own options. */
const LAUNCHERS: Record<string, { sub?: Set<string>; valueOptions?: Set<string> }> = {
  npx: { valueOptions: new Set(['-p', '--package', '-c', '--call']) },
  bunx: { valueOptions: new Set(['-p', '--package']) },
  pnpx: {},
  poetry: { sub: new Set(['run']) },
  pipenv: { sub: new Set(['run']) },
  uv: { sub: new Set(['run']), valueOptions: new Set(['--with', '--python', '-p', '--group', '--extra', '--package']) },
  pdm: { sub: new Set(['run']) },
  hatch: { sub: new Set(['run']) },
  rye: { sub: new Set(['run']) },
  bundle: { sub: new Set(['exec']) },
  pnpm: { sub: new Set(['exec', 'dlx']) },
  yarn: { sub: new Set(['dlx', 'exec']) },
  bun: { sub: new Set(['x']) },
};

/** Runners of named project scripts or targets, and the words that precede the name. */
const SCRIPT_RUNNERS: Record<string, { run: Set<string>; direct?: boolean; builtins?: Set<string> }> = {
  npm: { run: new Set(['run', 'run-script']), builtins: new Set(['test', 't', 'start']) },
  bun: { run: new Set(['run']), builtins: new Set(['test']) },
  yarn: { run: new Set(['run']), direct: true, builtins: new Set(['install', 'add', 'remove', 'upgrade', 'workspace', 'workspaces', 'dlx', 'exec', 'config', 'cache', 'set', 'up', 'why', 'info', 'npm', 'pack', 'plugin', 'version', 'init', 'link', 'unlink', 'global', 'bin', 'node', 'constraints', 'dedupe', 'explain', 'patch', 'rebuild', 'stage']) },
  pnpm: { run: new Set(['run', 'run-script']), direct: true, builtins: new Set(['install', 'i', 'add', 'remove', 'update', 'exec', 'dlx', 'store', 'fetch', 'prune', 'publish', 'pack', 'deploy', 'env', 'setup', 'config', 'list', 'ls', 'outdated', 'audit', 'link', 'rebuild', 'root', 'bin', 'why', 'import', 'patch']) },
  make: { run: new Set(), direct: true },
  just: { run: new Set(), direct: true },
  task: { run: new Set(), direct: true },
  turbo: { run: new Set(['run']), direct: true },
  nx: { run: new Set(['run', 'run-many', 'affected']), direct: true },
  lerna: { run: new Set(['run']) },
};

const WRAPPER_NAMES: Record<string, string> = { gradlew: 'gradle', mvnw: 'mvn', 'py.test': 'pytest' };

function basename(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return WRAPPER_NAMES[name] ?? name;
}

/** The program a command runs, past launchers, with the script it runs when it is a script runner. */
export function invocation(found: FoundCommand): Invocation {
  return invocationOf(found.command.words.slice(found.program).map((w) => w.value));
}

export function invocationOf(argv: readonly string[], depth = 0): Invocation {
  const [first = '', ...rest] = argv;
  const tool = basename(first);
  if (depth > 4) return { tool, args: rest };
  if (/^python[\d.]*$/.test(tool) && rest[0] === '-m' && rest[1]) return invocationOf(rest.slice(1), depth + 1);
  const launcher = LAUNCHERS[tool];
  if (launcher) {
    let i = 0;
    if (launcher.sub) {
      while (i < rest.length && rest[i].startsWith('-')) i++;
      if (!launcher.sub.has(rest[i] ?? '')) return scriptRun(tool, rest);
      i++;
    }
    while (i < rest.length && rest[i].startsWith('-')) i += launcher.valueOptions?.has(rest[i]) ? 2 : 1;
    if (rest[i] === '--') i++;
    if (i < rest.length) return invocationOf(rest.slice(i), depth + 1);
  }
  return scriptRun(tool, rest);
}

/** `npm run lint`, `yarn test`, `yarn workspace web lint`, `pnpm -r test`, `make check`, `nx affected -t lint`. */
function scriptRun(tool: string, args: string[]): Invocation {
  const runner = SCRIPT_RUNNERS[tool];
  if (!runner) return { tool, args };
  let i = 0;
  const skipOptions = () => {
    while (i < args.length && args[i].startsWith('-')) {
      // `--filter web`, `-C dir`, `-t lint`: the value follows, except `-t`/`--target` whose value is the script.
      if (/^(?:-t|--targets?)$/.test(args[i])) return;
      i += /^(?:--filter|-F|-C|--dir|--prefix|-w|--workspace|--cwd|-f|--file|--projects?|-p)$/.test(args[i]) ? 2 : 1;
    }
  };
  skipOptions();
  if ((tool === 'yarn' && args[i] === 'workspace') || (tool === 'npm' && args[i] === 'exec')) {
    i += 2;
    skipOptions();
  }
  if (tool === 'yarn' && args[i] === 'workspaces') {
    while (i < args.length && args[i] !== 'run') i++;
  }
  const word = args[i];
  if (word === undefined) return { tool, args };
  if (/^(?:-t|--targets?)$/.test(word)) return { tool, args, script: args[i + 1] };
  if (runner.run.has(word)) {
    i++;
    skipOptions();
    const name = args[i];
    if (name && /^(?:-t|--targets?)$/.test(name)) return { tool, args, script: args[i + 1] };
    return name ? { tool, args, script: name.includes(':') && tool === 'nx' ? name.slice(name.lastIndexOf(':') + 1) : name } : { tool, args };
  }
  if (runner.builtins?.has(word)) {
    return tool === 'npm' || tool === 'bun' ? { tool, args, script: word === 't' ? 'test' : word } : { tool, args };
  }
  return runner.direct ? { tool, args, script: word } : { tool, args };
}
