/**
 * `dist/server.js`, what editors start (`node dist/server.js --stdio`) and what the lint
 * worker threads run: loads the server bundle beside it, `dist/server-main.js` (built from
 * server.ts), through V8's code cache (node/code-cache.ts) to cut its compile from the
 * cold start.
 */
import { runBundleBeside } from './node/code-cache';

runBundleBeside('server-main.js');
