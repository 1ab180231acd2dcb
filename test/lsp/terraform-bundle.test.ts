/**
 * The HCL parser is WebAssembly shipped beside the bundles (dist/wasm/). The
 * built server, over real stdio on plain `node`, reports Terraform syntax and
 * rule findings for files scanned from disk, open buffers and a buffer large
 * enough for the lint worker thread (which loads its own parser); and a copy of
 * `dist/` alone, far from `node_modules`, checks Terraform from the CLI.
 * Run `bun run build` first.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isKind } from '../../server/src/core/detect';
import { WORKER_THRESHOLD } from '../../server/src/lsp/lint-worker';
import { isTerraformPath } from '../../server/src/node/bundled-hcl';
import { LspSession } from '../support/lsp-session';

const PRELOAD = join(import.meta.dir, '../support/no-network.cjs');
const DIST = join(import.meta.dir, '..', '..', 'dist');
const logs = mkdtempSync(join(tmpdir(), 'roo-devops-tf-nonet-'));
const NETWORK_LOG = join(logs, 'network.log');
const NO_NETWORK = { ROO_DEVOPS_NETWORK_LOG: NETWORK_LOG };

const MAIN_TF = [
  '# Ünïcødé 😀 before the error',
  'resource "aws_s3_bucket" "site" {',
  '  bucket = = "x"',
  '}',
  '',
].join('\n');

const NULL_TF = ['resource "null_resource" "seed" {', '  provisioner "local-exec" {', '    command = "npm install"', '  }', '}', ''].join('\n');

let session: LspSession;

beforeAll(async () => {
  session = await LspSession.start({ 'main.tf': MAIN_TF, 'seed.tf': NULL_TF }, undefined, { execArgv: ['--require', PRELOAD], env: NO_NETWORK });
});

afterAll(async () => {
  await session?.stop();
  // Nothing went to the network: the parser came from the bundle's own files.
  expect(existsSync(NETWORK_LOG) ? readFileSync(NETWORK_LOG, 'utf8') : '').toBe('');
  rmSync(logs, { recursive: true, force: true });
});

test('files scanned from disk get syntax findings at their UTF-16 position and rule findings', async () => {
  const ds = await session.diagnosticsFor(session.uriOf('main.tf'), 'main.tf scanned', (p) => p.diagnostics.some((d) => d.code === 'terraform/syntax'));
  const syntax = ds.find((d) => d.code === 'terraform/syntax');
  // Line 3 (0-based 2), the second `=` at column 11: after a line of astral characters, counted in UTF-16 units.
  expect(syntax?.range.start).toEqual({ line: 2, character: 11 });
  expect(syntax?.message).not.toContain('not available');
  const seed = await session.diagnosticsFor(session.uriOf('seed.tf'), 'seed.tf scanned', (p) => p.diagnostics.some((d) => d.code === 'package-manager/js-commands'));
  expect(seed.find((d) => d.code === 'package-manager/js-commands')?.range.start).toEqual({ line: 2, character: 15 });
});

test('an open buffer is linted with the parser, and so is a buffer linted on the worker thread', async () => {
  const doc = session.open('open.tf', 'variable "Region" {\n  default = "eu-west-1"\n}\n', 'terraform');
  const ds = await session.diagnosticsFor(doc.uri, 'open.tf linted', (p) => p.version === 1);
  expect(ds.map((d) => d.code).sort()).toEqual(['terraform/naming-convention', 'terraform/require-variable-type-and-description', 'terraform/require-variable-type-and-description']);
  // A file this large goes to the lint worker, which has its own WebAssembly instance.
  const block = (i: number) => `variable "v_${i}" {\n  type        = string\n  description = "Padding ${i}"\n}\n`;
  let big = '';
  for (let i = 0; big.length < WORKER_THRESHOLD + 1000; i++) big += block(i);
  big += 'variable "broken" {\n  type        = string\n  description = = "x"\n}\n';
  const large = session.open('large.tf', big, 'terraform');
  const lds = await session.diagnosticsFor(large.uri, 'large.tf linted on the worker', (p) => p.version === 1);
  expect(lds.map((d) => `${d.code} ${d.message}`)).toEqual(['terraform/syntax Unexpected `=`: this is not valid HCL here.']);
  expect(session.errorLogs.filter((l) => /HCL|wasm/i.test(l))).toEqual([]);
}, 30_000);

test('a workspace without Terraform loads the parser for the first .tf opened, and that first lint already parses it', async () => {
  // `initialize` is answered without the parser: here nothing needed it until this buffer.
  const bare = await LspSession.start({ 'package.json': '{ "name": "bare", "private": true }\n' }, undefined, { execArgv: ['--require', PRELOAD], env: NO_NETWORK });
  try {
    const doc = bare.open('late.tf', MAIN_TF, 'terraform');
    const ds = await bare.diagnosticsFor(doc.uri, 'late.tf linted', (p) => p.version === 1);
    const syntax = ds.filter((d) => d.code === 'terraform/syntax');
    expect(syntax.map((d) => d.range.start)).toEqual([{ line: 2, character: 11 }]);
    expect(syntax.map((d) => d.message).join('\n')).not.toContain('not available');
    expect(bare.errorLogs.filter((l) => /HCL|wasm/i.test(l))).toEqual([]);
  } finally {
    await bare.stop();
  }
}, 30_000);

test('a copy of dist/ alone checks Terraform from the CLI on plain node', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'roo-devops-dist-'));
  try {
    cpSync(DIST, join(scratch, 'dist'), { recursive: true });
    const ws = join(scratch, 'ws');
    mkdirSync(join(ws, '.git'), { recursive: true });
    writeFileSync(join(ws, 'main.tf'), MAIN_TF);
    const run = spawnSync('node', ['--require', PRELOAD, join(scratch, 'dist', 'cli.js'), 'check', '.', '--format', 'json'], { cwd: ws, encoding: 'utf8', env: { ...process.env, ...NO_NETWORK } });
    const out = JSON.parse(run.stdout) as { findings?: { ruleId: string }[] }[] | { files?: unknown };
    const text = JSON.stringify(out);
    expect(text).toContain('terraform/syntax');
    expect(text).toContain('terraform/require-version');
    expect(text).not.toContain('not available');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

test('the start-up gate for the HCL parser agrees with the default Terraform patterns', () => {
  const paths = ['main.tf', 'infra/prod/vars.tfvars', 'x/y.tf.json', 'file:///w/mod/main.tf', 'main.TF', 'main.tf.bak', 'tf', 'notes.tf.md', 'x.tfstate', 'a/.tf'];
  for (const path of paths) expect(`${path} ${isTerraformPath(path)}`).toBe(`${path} ${isKind(path, 'terraform')}`);
});
