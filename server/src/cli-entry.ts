/**
 * `dist/cli.js`, the `roo-devops` command and what its check workers run: loads the CLI
 * bundle beside it, `dist/cli-main.js` (built from cli.ts), through V8's code cache
 * (node/code-cache.ts), which cuts its compile from every start — each `roo-devops check`
 * in CI, and each of its worker threads. Under Bun (`bunx roo-devops`) the bundle is
 * required as it is: the cache is V8's.
 */
import { dirname, join } from 'node:path';
import { requireWithCodeCache } from './node/code-cache';

// The bundler fixes `__dirname` at build time; the main module's own path is where this bundle runs from.
const here = require.main?.filename ?? process.argv[1] ?? '.';
const main = join(dirname(here), 'cli-main.js');
if (process.versions.bun) require(main);
else requireWithCodeCache(main, require.main);
