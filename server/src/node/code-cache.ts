/**
 * Loads a CommonJS bundle through V8's code cache. Compiling the 2 MB server bundle is
 * the largest single cost of a cold start (V8 parses every function of it before the
 * first line runs); with the cache of an earlier run it is deserialised instead, and
 * the functions that run already have their bytecode.
 *
 * The cache is written once, when the process ends (so it holds what this run compiled:
 * start-up and the first lints), into a directory of the user's own under the temporary
 * folder, one file per bundle and Node version; it is read only when that directory is
 * this user's alone (another user could otherwise hand us code to run). V8 checks the
 * data against the source and the engine and rejects what does not match; a rejected or
 * unreadable cache only costs the ordinary compile; ROO_DEVOPS_NO_CODE_CACHE set turns it off.
 * The bundle must not use a dynamic `import()` (a `vm` script has no loader for it; the
 * build checks): what needs one lives in a bundle of its own, required (`hcl-runtime.js`).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

interface NodeModule {
  exports: unknown;
  filename: string;
  paths: string[];
  loaded: boolean;
  require(id: string): unknown;
}

interface ModuleInternals {
  new (id: string, parent?: unknown): NodeModule;
  wrap(source: string): string;
  _nodeModulePaths(from: string): string[];
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
  _cache: Record<string, unknown>;
}

/** How many caches of other builds of a bundle stay beside the current one. */
const KEPT_OTHERS = 3;

/** The directory for this user's caches, or undefined when it is not safely ours. */
export function cacheDirectory(root = tmpdir()): string | undefined {
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const dir = join(root, `roo-devops-code-cache${uid === undefined ? '' : `-${uid}`}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = statSync(dir);
    // Windows: the temporary folder is already the user's own.
    if (uid !== undefined && (stat.uid !== uid || (stat.mode & 0o077) !== 0 || !stat.isDirectory())) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/**
 * Runs the bundle `name` that sits beside the running entry (`dist/server.js` → `dist/server-main.js`)
 * through the cache. Under Bun it is required as it is: the cache is V8's.
 */
export function runBundleBeside(name: string): void {
  // The bundler fixes `__dirname` at build time; the main module's own path is where this bundle runs from.
  const here = require.main?.filename ?? process.argv[1] ?? '.';
  const file = join(dirname(here), name);
  if (process.versions.bun) require(file);
  else requireWithCodeCache(file, require.main);
}

/** Runs the bundle at `file` as the main program's module would; returns its exports. */
export function requireWithCodeCache(file: string, parent: unknown): unknown {
  const dir = process.env.ROO_DEVOPS_NO_CODE_CACHE ? undefined : cacheDirectory();
  if (!dir) return require(file);
  const source = readFileSync(file, 'utf8');
  const key = createHash('sha256').update(`${process.version} ${process.arch} `).update(source).digest('hex').slice(0, 24);
  const name = basename(file, '.js');
  const cacheFile = join(dir, `${name}-${key}.bin`);
  let cached: Buffer | undefined;
  try {
    cached = readFileSync(cacheFile);
  } catch {
    cached = undefined;
  }
  const script = new Script((Module as unknown as ModuleInternals).wrap(source.replace(/^#!.*/, '')), {
    filename: file,
    cachedData: cached,
  });
  if (cached === undefined || script.cachedDataRejected) {
    process.once('exit', () => {
      try {
        const temporary = `${cacheFile}.${process.pid}.${Math.random().toString(36).slice(2)}`;
        writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
        renameSync(temporary, cacheFile);
        // Caches of earlier builds of this bundle (or other Nodes) go, but for the newest few: two
        // versions of the extension in use at once (two editors) must not evict each other's.
        const others = readdirSync(dir)
          .filter((other) => other.startsWith(`${name}-`) && other.endsWith('.bin') && other !== basename(cacheFile))
          .map((other) => ({ path: join(dir, other), time: statSync(join(dir, other)).mtimeMs }))
          .sort((a, b) => b.time - a.time);
        for (const old of others.slice(KEPT_OTHERS)) rmSync(old.path, { force: true });
      } catch {
        // No cache this time; the next start compiles as usual.
      }
    });
  }
  const M = Module as unknown as ModuleInternals;
  const mod = new M(file, parent);
  mod.filename = file;
  mod.paths = M._nodeModulePaths(dirname(file));
  M._cache[file] = mod;
  const req = Object.assign((id: string) => mod.require(id), {
    resolve: (request: string, options?: unknown) => M._resolveFilename(request, mod, false, options),
    main: require.main,
    cache: M._cache,
  });
  (script.runInThisContext() as (...args: unknown[]) => void).call(mod.exports, mod.exports, req, mod, file, dirname(file));
  mod.loaded = true;
  return mod.exports;
}
