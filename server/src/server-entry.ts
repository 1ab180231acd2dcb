/**
 * `dist/server.js`, what editors start (`node dist/server.js --stdio`) and what the lint
 * worker threads run: loads the server bundle beside it, `dist/server-main.js` (built from
 * server.ts), through V8's code cache (node/code-cache.ts) to cut its compile from the
 * cold start.
 */
import { dirname, join } from 'node:path';
import { requireWithCodeCache } from './node/code-cache';

// The bundler fixes `__dirname` at build time; the main module's own path is where this bundle runs from.
const here = require.main?.filename ?? process.argv[1] ?? '.';
requireWithCodeCache(join(dirname(here), 'server-main.js'), require.main);
