/**
 * Bundles the vscode-API suite (test/vscode/suite/) for an editor's extension host, into
 * .cache/vscode-api/ (ignored by git, never in the .vsix):
 *   suite.js            `run()` for @vscode/test-electron's extensionTestsPath
 *   runner/             the test-runner extension for code-server (package.json + runner.js)
 * CommonJS for Node 20, `vscode` external, mocha bundled in.
 * Usage: bun scripts/build-vscode-suite.ts
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SUITE_OUT = resolve(import.meta.dir, '../.cache/vscode-api');
export const RUNNER_DIR = join(SUITE_OUT, 'runner');

export async function buildVscodeSuite(): Promise<{ suite: string; runner: string }> {
  rmSync(SUITE_OUT, { recursive: true, force: true });
  mkdirSync(RUNNER_DIR, { recursive: true });
  const root = resolve(import.meta.dir, '..');
  for (const [entry, outdir, naming] of [
    ['test/vscode/suite/index.ts', SUITE_OUT, 'suite.js'],
    ['test/vscode/runner/runner.ts', RUNNER_DIR, 'runner.js'],
  ] as const) {
    const result = await Bun.build({ entrypoints: [join(root, entry)], outdir, naming, target: 'node', format: 'cjs', external: ['vscode'], sourcemap: 'inline' });
    if (!result.success) {
      for (const log of result.logs) console.error(log);
      throw new Error(`bundling ${entry} failed`);
    }
  }
  copyFileSync(join(root, 'test/vscode/runner/package.json'), join(RUNNER_DIR, 'package.json'));
  return { suite: join(SUITE_OUT, 'suite.js'), runner: RUNNER_DIR };
}

if (import.meta.main) {
  const { suite, runner } = await buildVscodeSuite();
  console.log(`vscode-api suite: ${suite}, runner extension: ${runner}`);
}
