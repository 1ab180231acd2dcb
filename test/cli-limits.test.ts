/** The built CLI and the per-file limits: what is not checked is said, and the exit code says it too. Needs `bun run build`. */
import { expect, test } from 'bun:test';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(import.meta.dir, '..', 'dist', 'cli.js');

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'roo-devops-limits-'));
  mkdirSync(join(dir, '.git'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function check(dir: string, format: string) {
  const r = spawnSync('node', [CLI, 'check', '.', '--format', format], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A workflow of exactly `bytes` bytes (ASCII), with an `npm ci` finding. */
function workflowOf(bytes: number): string {
  const head = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm ci\n';
  return `${head}#${'x'.repeat(bytes - head.length - 2)}\n`;
}

test('a file over the default 5 MB is not read; JSON says so in one engine/limits finding, and the exit is 2', () => {
  const dir = workspace({ '.github/workflows/big.yml': workflowOf(5 * 1024 * 1024 + 10) });
  const r = check(dir, 'json');
  const rows = JSON.parse(r.stdout) as { file: string; ruleId: string; severity: string; message: string }[];
  expect(rows.map((f) => [f.file, f.ruleId, f.severity])).toEqual([['.github/workflows/big.yml', 'engine/limits', 'info']]);
  expect(rows[0].message).toContain('over the limit of 5242880 (`limits.maxFileBytes`)');
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('1 file over a per-file limit not checked');
});

test('just under maxFileBytes a file is checked; one byte over, it is not, in every format', () => {
  const files = { '.roo-devops.yaml': 'limits:\n  maxFileBytes: 2000\n', '.github/workflows/under.yml': workflowOf(2000), '.github/workflows/over.yml': workflowOf(2001) };
  const dir = workspace(files);
  const json = check(dir, 'json');
  const rows = JSON.parse(json.stdout) as { file: string; ruleId: string }[];
  expect(rows.filter((f) => f.file.endsWith('over.yml')).map((f) => f.ruleId)).toEqual(['engine/limits']);
  expect(rows.filter((f) => f.file.endsWith('under.yml')).map((f) => f.ruleId)).toContain('package-manager/js-commands');
  expect(json.status).toBe(2);
  const sarif = JSON.parse(check(dir, 'sarif').stdout);
  expect(sarif.runs[0].results.filter((x: { ruleId: string }) => x.ruleId === 'engine/limits').map((x: { level: string }) => x.level)).toEqual(['note']);
  expect(check(dir, 'text').stdout).toContain('.github/workflows/over.yml:1:1: info This file is 2001 bytes, over the limit of 2000');
});

test('past maxFindingsPerFile the CLI lists the cap and one finding with the number dropped; the exit stays that of the findings', () => {
  const steps = Array.from({ length: 10 }, () => '      - run: npm ci\n').join('');
  const dir = workspace({ '.roo-devops.yaml': 'limits:\n  maxFindingsPerFile: 3\n', '.github/workflows/ci.yml': `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n${steps}` });
  const r = check(dir, 'json');
  const rows = JSON.parse(r.stdout) as { ruleId: string; message: string }[];
  expect(rows.length).toBe(4);
  expect(rows.filter((f) => f.ruleId === 'engine/limits').map((f) => f.message)).toEqual([
    '7 more finding(s) of this file are not shown: at most 3 are reported per file (`limits.maxFindingsPerFile`).',
  ]);
  expect(r.status).toBe(1);
});

test('secrets in commands reach no output format, only their kind', () => {
  const dir = workspace({
    '.github/workflows/ci.yml': 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pip install --index-url https://deploy:pa55word@pypi.example/simple flask\n',
  });
  for (const format of ['text', 'json', 'sarif']) {
    const r = check(dir, format);
    expect(r.stdout).toContain('«redacted: URL credentials»');
    expect(r.stdout + r.stderr).not.toContain('pa55word');
  }
});
