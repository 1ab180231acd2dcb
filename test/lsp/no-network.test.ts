/**
 * Issue 7, "nothing executed, nothing sent": the bundled server runs its operations
 * (initialize, the workspace scan, open buffers, code actions, validate workspace) under
 * a preload that refuses and records every network attempt, on a workspace whose files
 * would write a marker if anything from it were executed or required. Run `bun run build` first.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspSession } from '../support/lsp-session';

const PRELOAD = join(import.meta.dir, '../support/no-network.cjs');
const scratch = mkdtempSync(join(tmpdir(), 'roo-devops-nonet-'));
const NETWORK_LOG = join(scratch, 'network.log');
const MARKER = join(scratch, 'executed');

/** A line of JavaScript that leaves the marker, naming what ran. */
const leaveMarker = (who: string) => `require('fs').appendFileSync(${JSON.stringify(MARKER)}, ${JSON.stringify(`${who}\n`)});`;

const FILES: Record<string, string> = {
  'package.json': JSON.stringify(
    {
      name: 'hostile',
      main: 'index.js',
      scripts: { postinstall: `node -e "${leaveMarker('postinstall').replace(/"/g, '\\"')}"`, build: 'node build.js', prepare: 'node build.js' },
      dependencies: { x: '1.0.0' },
    },
    null,
    2,
  ),
  'package-lock.json': '{ "lockfileVersion": 3, "packages": {} }\n',
  'index.js': leaveMarker('index.js'),
  'build.js': leaveMarker('build.js'),
  '.roo-devops.js': leaveMarker('.roo-devops.js'),
  '.roo-devops.cjs': leaveMarker('.roo-devops.cjs'),
  'node_modules/x/package.json': '{ "name": "x", "main": "index.js" }\n',
  'node_modules/x/index.js': leaveMarker('node_modules/x'),
  '.github/workflows/ci.yml': [
    'name: ci',
    'on: push',
    'jobs:',
    '  build:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: some-org/some-action@main',
    '      - uses: docker://registry.invalid/image:latest',
    '      - run: npm ci && npm run build',
    '',
  ].join('\n'),
  Dockerfile: 'FROM registry.invalid/base:latest\nRUN npm install\nADD https://example.invalid/x.tgz /x\n',
  'main.tf': 'module "m" {\n  source = "git::https://example.invalid/m.git"\n}\nprovider "aws" {}\n',
  'infra/azuredeploy.json': JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', resources: [] }),
  '.roo-devops.yaml': '$schema: https://example.invalid/schema.json\nrules: {}\n',
  'plan/deployment.md': '# Deployment\n\n[remote](https://example.invalid/doc) and ![img](http://example.invalid/i.png)\n\n```bash\nnpm ci\n```\n',
};

let session: LspSession;

beforeAll(async () => {
  session = await LspSession.start(FILES, undefined, { execArgv: ['--require', PRELOAD], env: { ROO_DEVOPS_NETWORK_LOG: NETWORK_LOG } });
});

afterAll(async () => {
  await session?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

function attempts(): string[] {
  return existsSync(NETWORK_LOG) ? readFileSync(NETWORK_LOG, 'utf8').split('\n').filter(Boolean) : [];
}

describe('the server sends nothing and executes nothing from the workspace', () => {
  test('the preload does refuse and record a connection (the guard itself works)', () => {
    const log = join(scratch, 'self-check.log');
    const run = spawnSync('node', ['--require', PRELOAD, '-e', "require('net').connect(80, 'example.invalid')"], {
      env: { ...process.env, ROO_DEVOPS_NETWORK_LOG: log },
      encoding: 'utf8',
    });
    expect(run.status).not.toBe(0);
    expect(readFileSync(log, 'utf8')).toContain('example.invalid');
  });

  test('initialize, scan, open, code actions and validate workspace make no connection and run no workspace code', async () => {
    // The scan of the folder at start-up publishes the findings of unopened files.
    await session.diagnosticsFor(session.uriOf('Dockerfile'), 'the Dockerfile scanned from disk', (p) => p.diagnostics.length > 0);
    const opened = ['.github/workflows/ci.yml', 'Dockerfile', 'package.json', 'plan/deployment.md', 'main.tf', '.roo-devops.yaml'].map((rel) =>
      session.open(rel, FILES[rel]!, rel.endsWith('.md') ? 'markdown' : rel.endsWith('.json') ? 'json' : 'yaml'),
    );
    const workflow = opened[0]!;
    const ds = await session.diagnosticsFor(workflow.uri, 'the open workflow', (p) => p.version === 1 && p.diagnostics.length > 0);
    for (const doc of opened) {
      await session.diagnosticsFor(doc.uri, `${doc.uri} linted`, (p) => p.version === 1);
      await session.codeActions(doc, session.diagnostics.get(doc.uri)?.diagnostics ?? []);
      await session.codeActions(doc, [], ['source.fixAll']);
    }
    expect((await session.codeActions(workflow, ds)).length).toBeGreaterThan(0);
    const totals = (await session.connection.sendRequest('rooDevops/validateWorkspace')) as { files: number; findings: number };
    expect(totals.files).toBeGreaterThan(3);
    await session.connection.sendRequest('textDocument/hover', { textDocument: { uri: opened[5]!.uri }, position: { line: 1, character: 1 } });

    expect(session.exited).toBe(false);
    expect(attempts()).toEqual([]);
    expect(existsSync(MARKER) ? readFileSync(MARKER, 'utf8') : '').toBe('');
    expect(session.errorLogs.filter((l) => l.includes('no-network'))).toEqual([]);
  }, 30_000);
});
