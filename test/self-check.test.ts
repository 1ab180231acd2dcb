/**
 * Roo DevOps on its own repository: `roo-devops check .` with the built CLI
 * gives exit 0 and no findings. The deliberate mistakes live in the folders
 * the root `.roo-devops.yaml` ignores; everything else (the workflow,
 * `package.json`, the configuration itself, docs) is checked and clean.
 * Needs `bun run build` first. A full run takes well under a second here.
 */
import { beforeAll, expect, test } from 'bun:test';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles, loadConfig } from '../server/src/node/workspace';

const ROOT = join(import.meta.dir, '..');
const CLI = join(ROOT, 'dist', 'cli.js');

function cli(args: string[]) {
  const r = spawnSync('node', [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `bun run build` first');
});

test('check . on this repository: exit 0, no findings, nothing left unchecked', () => {
  const r = cli(['check', '.', '--format', 'json']);
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual([]);
  expect(r.status).toBe(0);
});

test("the root configuration ignores only the deliberate mistakes: the product's own files are checked", () => {
  const loaded = loadConfig(ROOT);
  expect(loaded.path).toBe(join(ROOT, '.roo-devops.yaml'));
  const listed = new Set(listFiles(ROOT, loaded.config.ignore));
  for (const own of ['.roo-devops.yaml', '.github/workflows/ci.yml', 'package.json', 'README.md', 'CHANGELOG.md', 'schemas/config.schema.json']) {
    expect(listed.has(own)).toBe(true);
  }
  for (const planted of ['examples/.github/workflows/ci.yml', 'examples/web/package-lock.json']) expect(listed.has(planted)).toBe(false);
  // No stale entry: every ignored pattern still matches files of the repository.
  const all = listFiles(ROOT);
  // Folders the real-editor suite downloads into (gitignored) exist only once it has run on this machine.
  const downloaded = new Set(['.cache/**', 'test-artifacts/**']);
  for (const pattern of loaded.config.ignore) {
    if (downloaded.has(pattern)) continue;
    const others = loaded.config.ignore.filter((p) => p !== pattern);
    const kept = new Set(listFiles(ROOT, others));
    expect({ pattern, hides: all.some((p) => !kept.has(p)) }).toEqual({ pattern, hides: true });
  }
});

test('check examples from the root still reports the example: examples/ is a workspace of its own', () => {
  const r = cli(['check', 'examples']);
  expect(r.status).toBe(1);
  expect(r.stdout).toContain('examples/.github/workflows/ci.yml:20:14: error `npm ci` uses npm');
});
