/**
 * The lint worker's failures reach its callers, which then lint in the server
 * thread: a worker that cannot start must not leave a large buffer without diagnostics.
 */
import { expect, test } from 'bun:test';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { LintWorker } from '../../server/src/lsp/lint-worker';

test('a worker whose script cannot be loaded rejects the request, and says why', async () => {
  const logs: string[] = [];
  const worker = new LintWorker(join(import.meta.dir, 'no-such-worker-script.js'), (m) => logs.push(m));
  const request = { root: undefined, paths: [], path: '.github/workflows/a.yml', text: 'on: push\n', config: DEFAULT_CONFIG };
  await expect(worker.lint('a', request)).rejects.toBeDefined();
  expect(logs.join('\n')).toContain('the lint worker failed');
  worker.dispose();
});
