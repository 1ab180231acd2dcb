/**
 * `dist/cli.js`, the `roo-devops` command and what its check workers run: loads the CLI
 * bundle beside it, `dist/cli-main.js` (built from cli.ts), through V8's code cache
 * (node/code-cache.ts), which cuts its compile from every start — each `roo-devops check`
 * in CI, and each of its worker threads. Under Bun (`bunx roo-devops`) the bundle is
 * required as it is: the cache is V8's.
 */
import { runBundleBeside } from './node/code-cache';

runBundleBeside('cli-main.js');
