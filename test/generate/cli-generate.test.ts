/** `roo-devops generate`: the built CLI on plain Node, and the write that refuses a document changed under it. */
import { beforeAll, expect, test } from 'bun:test';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from '../../server/src/cli-generate';
import { readPlanSnapshot, writePlanFile } from '../../server/src/node/plan-file';

const ROOT = join(import.meta.dir, '../..');
const CLI = join(ROOT, 'dist', 'cli.js');
const SHAPE = join(import.meta.dir, 'go-rust-compose', 'repo');

function cli(args: string[], cwd: string) {
  const r = spawnSync('node', [CLI, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function copyOfShape(): string {
  const dir = mkdtempSync(join(tmpdir(), 'roo-generate-'));
  cpSync(SHAPE, dir, { recursive: true });
  return dir;
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `bun run build` first');
});

test('without --write: the proposed document on stdout, nothing written, exit 0', () => {
  const dir = copyOfShape();
  const r = cli(['generate', 'infrastructure'], dir);
  expect(r.status).toBe(0);
  expect(r.stdout).toBe(readFileSync(join(import.meta.dir, 'go-rust-compose', 'expected', 'infrastructure.md'), 'utf8'));
  expect(r.stderr).toContain('would add the whole document');
  expect(existsSync(join(dir, 'plan'))).toBe(false);
});

test('--write creates the document; again: nothing to add, the file untouched', () => {
  const dir = copyOfShape();
  const w = cli(['generate', 'deployment', '--write', dir], tmpdir());
  expect(w.status).toBe(0);
  expect(w.stdout).toBe('');
  const path = join(dir, 'plan', 'deployment.md');
  expect(readFileSync(path, 'utf8')).toBe(readFileSync(join(import.meta.dir, 'go-rust-compose', 'expected', 'deployment.md'), 'utf8'));
  const mtime = statSync(path).mtimeMs;
  const again = cli(['generate', 'deployment', '--write'], dir);
  expect(again.status).toBe(0);
  expect(again.stderr).toContain('nothing to add');
  expect(statSync(path).mtimeMs).toBe(mtime);
});

test('over an edited document: a diff of added lines only, and --write keeps every edited line', () => {
  const dir = copyOfShape();
  mkdirSync(join(dir, 'plan'));
  const mine = '# Infrastructure\n\n## Disaster Recovery\n\nRTO: 2 hours. RPO: 5 minutes. Written by hand.\n';
  writeFileSync(join(dir, 'plan', 'infrastructure.md'), mine);
  const dry = cli(['generate', 'infrastructure'], dir);
  expect(dry.status).toBe(0);
  expect(dry.stdout.startsWith('--- a/plan/infrastructure.md\n+++ b/plan/infrastructure.md\n@@ ')).toBe(true);
  expect(dry.stdout.split('\n').filter((l) => l.startsWith('-') && !l.startsWith('---'))).toEqual([]);
  expect(readFileSync(join(dir, 'plan', 'infrastructure.md'), 'utf8')).toBe(mine);
  const full = cli(['generate', 'infrastructure', '--stdout'], dir);
  expect(full.stdout).toContain('RTO: 2 hours. RPO: 5 minutes. Written by hand.');
  const w = cli(['generate', 'infrastructure', '--write'], dir);
  expect(w.status).toBe(0);
  const written = readFileSync(join(dir, 'plan', 'infrastructure.md'), 'utf8');
  expect(written).toBe(full.stdout);
  for (const line of mine.split('\n')) expect(written.split('\n')).toContain(line);
});

test('usage errors exit 2 with the usage text; --help documents generate', () => {
  const dir = copyOfShape();
  for (const args of [['generate'], ['generate', 'runbook'], ['generate', 'infrastructure', 'a', 'b'], ['generate', 'infrastructure', '--fix']]) {
    const r = cli(args, dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Usage:');
  }
  const missing = cli(['generate', 'infrastructure', 'no-such-folder'], dir);
  expect(missing.status).toBe(2);
  expect(missing.stderr).toContain('No such folder: no-such-folder.');
  expect(cli(['--help'], dir).stdout).toContain('roo-devops generate infrastructure|deployment [--write] [--stdout] [path]');
});

test('a document that cannot be read is never merged into: exit 2, nothing written', () => {
  const dir = copyOfShape();
  mkdirSync(join(dir, 'plan', 'infrastructure.md'), { recursive: true });
  const r = cli(['generate', 'infrastructure', '--write'], dir);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('cannot read plan/infrastructure.md');
});

test('the document edited between read and write: refused, the edit kept, exit 1', () => {
  const dir = copyOfShape();
  mkdirSync(join(dir, 'plan'));
  const path = join(dir, 'plan', 'infrastructure.md');
  writeFileSync(path, '# Infrastructure\n\n## Scaling Strategy\n\nThree replicas.\n');
  const said: string[] = [];
  const out = { say: (m: string) => said.push(m), usageError: () => 2, inputError: () => 2 };
  const concurrent = '# Infrastructure\n\n## Scaling Strategy\n\nFive replicas, typed while the generator ran.\n';
  const status = generate({ positionals: ['infrastructure', dir], write: true, stdout: false, fix: false, config: undefined, format: 'text' }, out, {
    beforeReplace: () => writeFileSync(path, concurrent),
  });
  expect(status).toBe(1);
  expect(said.join('\n')).toContain('refused to write plan/infrastructure.md: it changed since it was read');
  expect(readFileSync(path, 'utf8')).toBe(concurrent);
  // No temporary file left behind.
  expect(spawnSync('ls', ['-A', join(dir, 'plan')], { encoding: 'utf8' }).stdout.trim()).toBe('infrastructure.md');
});

test('a document created by someone else between read and write: refused, theirs kept', () => {
  const dir = copyOfShape();
  const path = join(dir, 'plan', 'deployment.md');
  const before = readPlanSnapshot(path);
  expect(before.text).toBeUndefined();
  expect(() => writePlanFile(path, before, 'ours\n', { beforeReplace: () => writeFileSync(path, 'theirs\n') })).toThrow('created by someone else');
  expect(readFileSync(path, 'utf8')).toBe('theirs\n');
});

test('a write after a clean read succeeds; a file rewritten with the same text but a new time is refused', () => {
  const dir = copyOfShape();
  mkdirSync(join(dir, 'plan'));
  const path = join(dir, 'plan', 'deployment.md');
  writeFileSync(path, 'mine\n');
  const before = readPlanSnapshot(path);
  writePlanFile(path, before, 'mine\nmore\n');
  expect(readFileSync(path, 'utf8')).toBe('mine\nmore\n');
  const again = readPlanSnapshot(path);
  const later = new Date(Date.now() + 5_000);
  expect(() =>
    writePlanFile(path, again, 'other\n', {
      beforeReplace: () => {
        writeFileSync(path, 'mine\nmore\n');
        utimesSync(path, later, later);
      },
    }),
  ).toThrow('changed since it was read');
});

test('a large repository gets progress lines on stderr; a file of a checked kind that cannot be read makes it exit 2', () => {
  const dir = copyOfShape();
  for (let i = 0; i < 1_000; i++) {
    mkdirSync(join(dir, 'src', `m${i % 10}`), { recursive: true });
    writeFileSync(join(dir, 'src', `m${i % 10}`, `f${i}.go`), 'package m\n');
  }
  const big = cli(['generate', 'deployment'], dir);
  expect(big.status).toBe(0);
  expect(big.stderr).toMatch(/reading \d+ files…/);
  expect(big.stderr).toContain('model built; generating plan/deployment.md.');
  // A workflow that is binary (a NUL byte): not read, said, and the run is incomplete.
  writeFileSync(join(dir, '.github', 'workflows', 'broken.yml'), Buffer.from([0x6f, 0x6e, 0x00, 0x0a]));
  const partial = cli(['generate', 'deployment'], dir);
  expect(partial.status).toBe(2);
  expect(partial.stderr).toContain('not read: .github/workflows/broken.yml');
  expect(partial.stdout).toContain('## Deployment Pipelines');
});

/** Applies the insert-only hunks the CLI prints to the text they were computed from. */
function applyHunks(before: string, diffText: string): string {
  const lines = before.split('\n');
  const inserts: { after: number; added: string[] }[] = [];
  for (const hunk of diffText.split(/^@@ /m).slice(1)) {
    const [header, ...body] = hunk.replace(/\n$/, '').split('\n');
    const after = Number(/^-(\d+)/.exec(header)?.[1]);
    inserts.push({ after, added: body.filter((l) => l.startsWith('+')).map((l) => l.slice(1)) });
  }
  for (const { after, added } of inserts.reverse()) lines.splice(after, 0, ...added);
  return lines.join('\n');
}

test('the printed diff, applied to the document, gives the document --stdout prints (insertions after a paragraph too)', () => {
  const dir = join(ROOT, 'examples');
  const before = readFileSync(join(dir, 'plan', 'infrastructure.md'), 'utf8');
  const dry = cli(['generate', 'infrastructure'], dir);
  const full = cli(['generate', 'infrastructure', '--stdout'], dir);
  expect(dry.stdout).toContain('@@ ');
  expect(applyHunks(before, dry.stdout)).toBe(full.stdout);
});
