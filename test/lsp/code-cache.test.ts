/**
 * `dist/server.js` loads the server bundle through V8's code cache
 * (server/src/node/code-cache.ts): the first run writes the cache into a directory of
 * the user's own under the temporary folder, later runs start from it and leave it be;
 * a directory others may write to is never read nor written. Run `bun run build` first.
 */
import { afterEach, expect, test } from 'bun:test';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { LspSession } from '../support/lsp-session';

const FILES = { 'package.json': '{ "name": "cache", "private": true }\n' };
const CI = 'build:\n  script:\n    - npm install\n';
const temporaries: string[] = [];

afterEach(() => {
  for (const dir of temporaries.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function scratch(): { tmp: string; dir: string } {
  const tmp = mkdtempSync(join(tmpdir(), 'roo-devops-code-cache-test-'));
  temporaries.push(tmp);
  return { tmp, dir: join(tmp, `roo-devops-code-cache-${process.getuid?.()}`) };
}

/** A whole session: start, lint one file, stop; returns the codes of its findings. */
async function session(tmp: string): Promise<string[]> {
  const s = await LspSession.start(FILES, undefined, { env: { TMPDIR: tmp, ROO_DEVOPS_NO_CODE_CACHE: '' } });
  try {
    const doc = s.open('.gitlab-ci.yml', CI, 'yaml');
    const ds = await s.diagnosticsFor(doc.uri, '.gitlab-ci.yml linted', (p) => p.version === 1);
    expect(s.errorLogs).toEqual([]);
    return ds.map((d) => String(d.code)).sort();
  } finally {
    await s.stop();
  }
}

test.skipIf(process.platform === 'win32')('the first run writes the cache in a private directory; the next starts from it and keeps it', async () => {
  const { tmp, dir } = scratch();
  const first = await session(tmp);
  expect(first.length).toBeGreaterThan(0);
  const files = readdirSync(dir);
  expect(files).toHaveLength(1);
  expect(files[0]).toMatch(/^server-main-[0-9a-f]+\.bin$/);
  expect(statSync(dir).mode & 0o777).toBe(0o700);
  const file = join(dir, files[0] ?? '');
  expect(statSync(file).mode & 0o777).toBe(0o600);
  const written = statSync(file).mtimeMs;
  // Started from the cache: the same findings, and the cache is not written again.
  expect(await session(tmp)).toEqual(first);
  expect(readdirSync(dir)).toEqual(files);
  expect(statSync(file).mtimeMs).toBe(written);
}, 30_000);

test.skipIf(process.platform === 'win32')('a cache directory that others may write to is not used', async () => {
  const { tmp, dir } = scratch();
  mkdirSync(dir);
  chmodSync(dir, 0o777);
  expect((await session(tmp)).length).toBeGreaterThan(0);
  expect(readdirSync(dir)).toEqual([]);
  expect(existsSync(dir)).toBe(true);
}, 30_000);

test.skipIf(process.platform === 'win32')('writing its cache, the server keeps the newest three of other builds and drops the rest', async () => {
  const { tmp, dir } = scratch();
  mkdirSync(dir, { mode: 0o700 });
  const now = Date.now() / 1000;
  // Five caches of other builds, the first the newest; and a file that is no cache of this bundle.
  const others = ['a1', 'b2', 'c3', 'd4', 'e5'].map((key, i) => {
    const file = join(dir, `server-main-${key}.bin`);
    writeFileSync(file, 'old');
    utimesSync(file, now - 60 * (i + 1), now - 60 * (i + 1));
    return `server-main-${key}.bin`;
  });
  writeFileSync(join(dir, 'cli-f6.bin'), 'other bundle');
  await session(tmp);
  const left = readdirSync(dir).sort();
  const own = left.filter((f) => !others.includes(f) && f !== 'cli-f6.bin');
  expect(own).toHaveLength(1);
  expect(left).toEqual([...others.slice(0, 3), 'cli-f6.bin', ...own].sort());
}, 30_000);

test.skipIf(process.platform === 'win32')('the CLI starts from its own cache too, on its worker thread as well, with the same output', () => {
  const { tmp, dir } = scratch();
  const cli = join(import.meta.dir, '..', '..', 'dist', 'cli.js');
  const examples = join(import.meta.dir, '..', '..', 'examples');
  const run = (env: Record<string, string>) =>
    spawnSync('node', [cli, 'check', '.', '--format', 'json'], { cwd: examples, encoding: 'utf8', env: { ...process.env, TMPDIR: tmp, ...env } });
  const first = run({ ROO_DEVOPS_NO_CODE_CACHE: '', ROO_DEVOPS_CHECK_THREADS: '2' });
  expect(first.stdout.length).toBeGreaterThan(1000);
  const files = readdirSync(dir);
  expect(files).toHaveLength(1);
  expect(files[0]).toMatch(/^cli-main-[0-9a-f]+\.bin$/);
  const written = statSync(join(dir, files[0] ?? '')).mtimeMs;
  const again = run({ ROO_DEVOPS_NO_CODE_CACHE: '', ROO_DEVOPS_CHECK_THREADS: '2' });
  const uncached = run({ ROO_DEVOPS_NO_CODE_CACHE: '1', ROO_DEVOPS_CHECK_THREADS: '0' });
  expect(again.stdout).toBe(first.stdout);
  expect(uncached.stdout).toBe(first.stdout);
  expect([again.status, uncached.status]).toEqual([first.status, first.status]);
  expect(statSync(join(dir, files[0] ?? '')).mtimeMs).toBe(written);
}, 60_000);
