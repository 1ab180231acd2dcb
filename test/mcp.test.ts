/**
 * `roo-devops mcp` as Roo Code runs it: the built `dist/cli.js` on plain Node,
 * network refused, driven over stdio by the SDK's own client — initialize, list
 * the tools, check the example workspace, fix, generate, explain — and every way
 * out of the root refused. Run `bun run build` first.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CheckResult, FixResult, PlanResult, RuleExplanation, RuleSummary } from '../server/src/mcp/tools';

const ROOT = join(import.meta.dir, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const PRELOAD = join(import.meta.dir, 'support', 'no-network.cjs');
const scratch = mkdtempSync(join(tmpdir(), 'roo-devops-mcp-'));
const WORKSPACE = join(scratch, 'workspace');
const OUTSIDE = join(scratch, 'outside');
const NETWORK_LOG = join(scratch, 'network.log');
const CI = '.github/workflows/ci.yml';

let client: Client;
let stderr = '';
const protocolErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `bun run build` first');
  cpSync(join(ROOT, 'examples'), WORKSPACE, { recursive: true });
  // A pipeline outside the root, reachable by a link inside it.
  mkdirSync(OUTSIDE);
  writeFileSync(join(OUTSIDE, 'ci.yml'), 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm install\n');
  symlinkSync(OUTSIDE, join(WORKSPACE, 'escape'));
  const transport = new StdioClientTransport({
    command: 'node',
    args: ['--require', PRELOAD, CLI, 'mcp', '--root', WORKSPACE],
    env: { PATH: process.env.PATH ?? '', ROO_DEVOPS_NETWORK_LOG: NETWORK_LOG },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  client = new Client({ name: 'roo-devops-test', version: '0.0.0' });
  // A line on stdout that is not JSON-RPC would land here.
  client.onerror = (e) => protocolErrors.push(e.message);
  await client.connect(transport);
});

afterAll(async () => {
  await client?.close();
  expect(protocolErrors).toEqual([]);
  expect(existsSync(NETWORK_LOG) ? readFileSync(NETWORK_LOG, 'utf8') : '').toBe('');
  rmSync(scratch, { recursive: true, force: true });
});

interface ToolAnswer<T> {
  isError?: boolean;
  text: string;
  structured: T;
}

async function call<T>(name: string, args: Record<string, unknown> = {}): Promise<ToolAnswer<T>> {
  const r = await client.callTool({ name, arguments: args });
  const content = r.content as { type: string; text: string }[];
  return { isError: r.isError as boolean | undefined, text: content.map((c) => c.text).join('\n'), structured: r.structuredContent as T };
}

test('initialize: the server names itself, says how to use it, and logs only to stderr', () => {
  expect(client.getServerVersion()?.name).toBe('roo-devops');
  expect(client.getInstructions()).toContain('before you report your work done');
  expect(stderr).toContain('serving');
});

test('the five tools, read-only except fix, which is neither destructive nor different when repeated', async () => {
  const { tools } = await client.listTools();
  expect(tools.map((t) => t.name).sort()).toEqual(['check', 'explain_rule', 'fix', 'generate_plan', 'list_rules']);
  for (const t of tools) {
    expect([t.name, t.annotations?.readOnlyHint]).toEqual([t.name, t.name !== 'fix']);
    expect(t.outputSchema?.type).toBe('object');
  }
  const fix = tools.find((t) => t.name === 'fix');
  expect(fix?.annotations).toMatchObject({ destructiveHint: false, idempotentHint: true });
  expect(tools.find((t) => t.name === 'generate_plan')?.inputSchema.properties?.document).toMatchObject({ enum: ['infrastructure', 'deployment'] });
});

test('check on the whole workspace: the findings the CLI prints, with ranges, severities and fix availability', async () => {
  const r = await call<CheckResult>('check');
  expect(r.isError).toBeFalsy();
  const npmCi = r.structured.findings.find((f) => f.file === CI && f.line === 20);
  expect(npmCi).toEqual({
    ruleId: 'package-manager/js-commands',
    severity: 'error',
    file: CI,
    line: 20,
    column: 14,
    endLine: 20,
    endColumn: 20,
    message: '`npm ci` uses npm; use `bun install --frozen-lockfile` instead.',
    // That job never sets Bun up: the rewrite alone would break it, so the engine marks its fix unsafe.
    fix: 'unsafe',
  });
  expect(r.text).toContain(`${CI}:20:14: error \`npm ci\` uses npm; use \`bun install --frozen-lockfile\` instead. [package-manager/js-commands] (fix needs review)`);
  expect(r.structured.findings.filter((f) => f.file === 'Makefile').map((f) => `${f.line}:${f.column} ${f.ruleId} ${f.fix}`)).toEqual([
    '4:3 package-manager/js-commands safe',
    '7:2 package-manager/js-commands safe',
  ]);
  const at = r.structured.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`);
  expect(at).toEqual(expect.arrayContaining(['package-manager/js-commands Dockerfile:5:5', 'yaml/syntax deploy/web.yaml:9:9', 'package-manager/lockfile web/package-lock.json:1:1']));
  expect(r.structured.counts.error).toBeGreaterThan(0);
  expect(r.structured.counts.error + r.structured.counts.warning + r.structured.counts.info).toBe(r.structured.findings.length + r.structured.omitted);
  // The link out of the root is not followed by the walk.
  expect(r.structured.findings.some((f) => f.file.startsWith('escape/'))).toBe(false);
});

test('check on one file reports that file only', async () => {
  const r = await call<CheckResult>('check', { paths: [CI] });
  expect(r.structured.filesChecked).toBe(1);
  expect(new Set(r.structured.findings.map((f) => f.file))).toEqual(new Set([CI]));
});

test('fix applies the safe fixes of the named rule only, writes the files, and returns what remains', async () => {
  const ci = readFileSync(join(WORKSPACE, CI), 'utf8');
  const dockerfile = readFileSync(join(WORKSPACE, 'Dockerfile'), 'utf8');
  const r = await call<FixResult>('fix', { paths: ['Makefile', CI], rules: ['package-manager/js-commands'] });
  expect(r.isError).toBeFalsy();
  expect(r.structured.changed).toEqual([{ file: 'Makefile', fixesApplied: 2 }]);
  expect(readFileSync(join(WORKSPACE, 'Makefile'), 'utf8')).toBe('.PHONY: install build\n\ninstall:\n\t@bun install\n\nbuild: install\n\tbun run build\n');
  // The unsafe `npm ci` fix is never applied: it stays, reported as remaining; a file not named is untouched.
  expect(readFileSync(join(WORKSPACE, CI), 'utf8')).toBe(ci);
  expect(r.structured.remaining.findings.find((f) => f.file === CI && f.line === 20)).toMatchObject({ ruleId: 'package-manager/js-commands', fix: 'unsafe' });
  expect(r.structured.remaining.findings.some((f) => f.file === 'Makefile')).toBe(false);
  expect(r.text).toContain('Fixed Makefile (2).');
  expect(readFileSync(join(WORKSPACE, 'Dockerfile'), 'utf8')).toBe(dockerfile);
  expect((await call<CheckResult>('check', { paths: ['Makefile'] })).structured.findings).toEqual([]);
  // Idempotent: nothing left to fix, nothing rewritten.
  const second = await call<FixResult>('fix', { paths: ['Makefile', CI] });
  expect(second.structured.changed).toEqual([]);
  expect((await call('fix', { rules: ['package-manager/js-command'] })).isError).toBe(true);
});

test('generate_plan returns a missing document whole and an existing one as additions, and writes nothing', async () => {
  const listing = () => readdirSync(join(WORKSPACE, 'plan')).sort();
  const infrastructure = readFileSync(join(WORKSPACE, 'plan', 'infrastructure.md'), 'utf8');
  const before = listing();
  const missing = await call<PlanResult>('generate_plan', { document: 'deployment' });
  expect(missing.isError).toBeFalsy();
  expect(missing.structured).toMatchObject({ document: 'plan/deployment.md', exists: false, written: false });
  expect(missing.structured.text).toStartWith('# ');
  expect(missing.text).toContain(missing.structured.text);
  const existing = await call<PlanResult>('generate_plan', { document: 'infrastructure' });
  expect(existing.structured.exists).toBe(true);
  if (existing.structured.additions.length) expect(existing.structured.text).toStartWith('--- a/plan/infrastructure.md\n+++ b/plan/infrastructure.md\n@@');
  else expect(existing.structured.text).toBe('');
  expect(listing()).toEqual(before);
  expect(readFileSync(join(WORKSPACE, 'plan', 'infrastructure.md'), 'utf8')).toBe(infrastructure);
  const wrong = await call('generate_plan', { document: 'roadmap' });
  expect(wrong.isError).toBe(true);
});

test('paths out of the root are refused: ../, absolute, and through a symbolic link', async () => {
  const outsideText = readFileSync(join(OUTSIDE, 'ci.yml'), 'utf8');
  for (const [tool, path] of [
    ['check', '../outside/ci.yml'],
    ['check', join(OUTSIDE, 'ci.yml')],
    ['check', '/'],
    ['check', 'escape/ci.yml'],
    ['check', 'escape'],
    ['fix', 'escape/ci.yml'],
    ['fix', '../outside'],
  ]) {
    const r = await call(tool, { paths: [path] });
    expect([tool, path, r.isError]).toEqual([tool, path, true]);
    expect(r.text).toContain('outside the workspace root');
    if (path.startsWith('escape')) expect(r.text).toContain('symbolic link');
  }
  expect(readFileSync(join(OUTSIDE, 'ci.yml'), 'utf8')).toBe(outsideText);
  // Inside, a missing file is said as such, and an absolute path inside the root is fine.
  expect((await call('check', { paths: ['nope.yml'] })).text).toContain('No such file');
  expect((await call<CheckResult>('check', { paths: [join(WORKSPACE, CI)] })).structured.findings.every((f) => f.file === CI)).toBe(true);
});

test('list_rules and explain_rule: the registry and the shipped rule page', async () => {
  const list = await call<{ rules: RuleSummary[] }>('list_rules', { family: 'package-manager' });
  expect(list.structured.rules.length).toBeGreaterThan(3);
  expect(list.structured.rules.every((r) => r.id.startsWith('package-manager/'))).toBe(true);
  expect(list.structured.rules.find((r) => r.id === 'package-manager/js-commands')).toMatchObject({ severity: 'error', fix: expect.stringMatching(/safe|mixed/) });
  const explained = await call<RuleExplanation>('explain_rule', { ruleId: 'package-manager/js-commands' });
  expect(explained.structured.documentation).toBe(readFileSync(join(ROOT, 'docs', 'rules', 'package-manager', 'js-commands.md'), 'utf8'));
  const typo = await call('explain_rule', { ruleId: 'package-manager/js-command' });
  expect(typo.isError).toBe(true);
  expect(typo.text).toContain('did you mean "package-manager/js-commands"');
  expect((await call('list_rules', { family: 'package-manger' })).text).toContain('did you mean "package-manager"');
});

test('the CLI lists mcp in its help and refuses a root that is not a folder', () => {
  const help = spawnSync('node', [CLI, '--help'], { encoding: 'utf8' });
  expect(help.stdout).toContain('roo-devops mcp [--root DIR]');
  const bad = spawnSync('node', [CLI, 'mcp', '--root', join(scratch, 'absent')], { encoding: 'utf8', input: '' });
  expect(bad.status).toBe(2);
  expect(bad.stdout).toBe('');
  expect(bad.stderr).toContain('cannot be used');
  expect(spawnSync('node', [CLI, 'check', '--root', '.'], { encoding: 'utf8' }).status).toBe(2);
});
