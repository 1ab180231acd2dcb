/**
 * The language server over real stdio JSON-RPC, as an editor talks to it: the
 * bundle `dist/server.js` runs under Node (the runtime inside VS Code), and this
 * file plays the client. No mocks. Run `bun run build` first.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  type CodeAction,
  type Diagnostic,
  FileChangeType,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentEdit,
  type TextEdit,
  TextDocumentSyncKind,
} from 'vscode-languageserver-protocol';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';

const SERVER = join(import.meta.dir, '../../dist/server.js');
const TIMEOUT_MS = 10_000;

const WORKFLOW = [
  'name: ci',
  'on: push',
  'jobs:',
  '  build:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  // Bun is set up in the job, so rewrites to Bun are safe fixes.
  '      - uses: oven-sh/setup-bun@v2',
  // The emoji is two UTF-16 code units: the range must count them as LSP does.
  '      - run: echo "🚀 go" && npm ci',
  '',
].join('\n');

let root: string;
let server: ChildProcess;
let connection: ProtocolConnection;
let initializeResult: InitializeResult;
const diagnostics = new Map<string, PublishDiagnosticsParams>();
const registrations: string[] = [];
const errorLogs: string[] = [];
/** What the fake editor answers to `workspace/configuration`, per item. */
let settingsAnswer: (scopeUri: string | undefined) => unknown = () => ({ enable: true, rules: {} });

// ---- waiting on notifications, never on a clock --------------------------------------------

type Waiter = { check: () => boolean; resolve: () => void };
const waiters = new Set<Waiter>();

function notifyWaiters(): void {
  for (const w of waiters) {
    if (w.check()) {
      waiters.delete(w);
      w.resolve();
    }
  }
}

function waitFor(description: string, predicate: () => boolean, timeoutMs = TIMEOUT_MS): Promise<void> {
  if (predicate()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const waiter: Waiter = {
      check: predicate,
      resolve: () => {
        clearTimeout(timer);
        resolve();
      },
    };
    const timer = setTimeout(() => {
      waiters.delete(waiter);
      const seen = [...diagnostics.values()].map((p) => `${p.uri.slice(root.length + 7)} v${p.version}: ${p.diagnostics.map((d) => d.code).join(', ')}`);
      reject(new Error(`Timed out waiting for ${description}.\nLast diagnostics:\n${seen.join('\n')}`));
    }, timeoutMs);
    waiters.add(waiter);
  });
}

/** Waits until the latest diagnostics published for `uri` satisfy `predicate`, and returns them. */
async function diagnosticsFor(
  uri: string,
  description: string,
  predicate: (p: PublishDiagnosticsParams) => boolean,
): Promise<Diagnostic[]> {
  await waitFor(`${description} (${uri.slice(root.length + 7)})`, () => {
    const p = diagnostics.get(uri);
    return p !== undefined && predicate(p);
  });
  return diagnostics.get(uri)?.diagnostics ?? [];
}

const codes = (ds: readonly Diagnostic[]) => ds.map((d) => d.code);

// ---- a workspace and an editor ----------------------------------------------------------------

function uriOf(rel: string): string {
  return pathToFileURL(join(root, rel)).href;
}

function writeFile(rel: string, text: string): void {
  const absolute = join(root, rel);
  mkdirSync(dirname(absolute), { recursive: true });
  writeFileSync(absolute, text);
}

/** The editor's copy of an open document, kept in step with what it sends. */
const buffers = new Map<string, TextDocument>();

function open(rel: string, text: string, languageId = 'yaml'): TextDocument {
  const uri = uriOf(rel);
  const doc = TextDocument.create(uri, languageId, 1, text);
  buffers.set(uri, doc);
  void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  return doc;
}

/** Sends an incremental change replacing `search` (its first occurrence) by `replacement`. */
function replaceIn(uri: string, search: string, replacement: string): TextDocument {
  const doc = buffers.get(uri);
  if (!doc) throw new Error(`${uri} is not open`);
  const offset = doc.getText().indexOf(search);
  if (offset < 0) throw new Error(`"${search}" is not in ${uri}`);
  const range = { start: doc.positionAt(offset), end: doc.positionAt(offset + search.length) };
  return change(uri, [{ range, text: replacement }]);
}

function setText(uri: string, text: string): TextDocument {
  return change(uri, [{ text }]);
}

function change(uri: string, contentChanges: ({ range: { start: Position; end: Position }; text: string } | { text: string })[]): TextDocument {
  const previous = buffers.get(uri);
  if (!previous) throw new Error(`${uri} is not open`);
  const version = previous.version + 1;
  const doc = TextDocument.update(previous, contentChanges, version);
  buffers.set(uri, doc);
  void connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  return doc;
}
type Position = { line: number; character: number };

function close(uri: string): void {
  buffers.delete(uri);
  void connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
}

/** Applies the single TextDocumentEdit of a code action to the editor's text, checking it targets `doc`'s version. */
function applyAction(action: CodeAction, doc: TextDocument): string {
  const changes = action.edit?.documentChanges;
  expect(changes).toHaveLength(1);
  const edit = changes?.[0] as TextDocumentEdit;
  expect(edit.textDocument).toEqual({ uri: doc.uri, version: doc.version });
  // The server sends plain TextEdits; the protocol type also admits snippet edits, which it never uses.
  return TextDocument.applyEdits(doc, edit.edits as TextEdit[]);
}

function codeActions(doc: TextDocument, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri: doc.uri },
    range,
    context: { diagnostics, ...(only ? { only } : {}) },
  }) as Promise<CodeAction[]>;
}

// ---- lifecycle ----------------------------------------------------------------------------------

beforeAll(async () => {
  if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing; run \`bun run build\` first.`);
  root = mkdtempSync(join(tmpdir(), 'roo-devops-lsp-'));
  writeFile('.github/workflows/ci.yml', WORKFLOW);
  writeFile('package.json', '{ "name": "demo", "version": "1.0.0" }\n');
  writeFile('package-lock.json', '{\n  "name": "demo",\n  "lockfileVersion": 3\n}\n');
  writeFile('broken.yaml', 'key: [unclosed\n');

  server = spawn('node', [SERVER, '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  server.stderr?.on('data', (chunk: Buffer) => errorLogs.push(`stderr: ${chunk.toString()}`));
  if (!server.stdout || !server.stdin) throw new Error('no stdio');
  connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  connection.onRequest('workspace/configuration', (params: { items: { scopeUri?: string; section?: string }[] }) =>
    params.items.map((item) => settingsAnswer(item.scopeUri)),
  );
  connection.onRequest('client/registerCapability', (params: { registrations: { method: string }[] }) => {
    registrations.push(...params.registrations.map((r) => r.method));
    return null;
  });
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    diagnostics.set(params.uri, params);
    notifyWaiters();
  });
  connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
    if (params.type === 1) errorLogs.push(params.message);
  });
  connection.listen();

  const rootUri = pathToFileURL(root).href;
  initializeResult = (await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'demo' }],
    capabilities: {
      workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
      textDocument: {
        synchronization: { dynamicRegistration: false },
        publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } } },
      },
    },
  })) as InitializeResult;
  await connection.sendNotification('initialized', {});
});

afterAll(async () => {
  try {
    await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
    await connection.sendNotification('exit');
    await Promise.race([new Promise((r) => server.once('exit', r)), new Promise((r) => setTimeout(r, 2000))]);
  } finally {
    connection?.dispose();
    if (server && server.exitCode === null) server.kill();
    if (root) rmSync(root, { recursive: true, force: true });
  }
});

// ---- the tests ----------------------------------------------------------------------------------

describe('language server over stdio', () => {
  test('initialize announces incremental sync, code-action kinds and folder support', () => {
    const caps = initializeResult.capabilities;
    expect(caps.textDocumentSync).toMatchObject({ openClose: true, change: TextDocumentSyncKind.Incremental });
    expect(caps.codeActionProvider).toMatchObject({ codeActionKinds: ['quickfix', 'source.fixAll.roo-devops'] });
    expect(caps.workspace?.workspaceFolders).toMatchObject({ supported: true });
    expect(initializeResult.serverInfo?.name).toBe('roo-devops');
  });

  test('after initialized, files that are not open get diagnostics and the file watcher is registered', async () => {
    const lock = await diagnosticsFor(uriOf('package-lock.json'), 'the lockfile finding', (p) => p.diagnostics.length > 0);
    expect(codes(lock)).toEqual(['package-manager/lockfile']);
    const workflow = await diagnosticsFor(uriOf('.github/workflows/ci.yml'), 'the workflow finding', (p) => p.diagnostics.length > 0);
    expect(codes(workflow)).toContain('package-manager/js-commands');
    const broken = await diagnosticsFor(uriOf('broken.yaml'), 'the syntax error', (p) => p.diagnostics.length > 0);
    expect(codes(broken)).toContain('yaml/syntax');
    await waitFor('the watcher registration', () => registrations.includes('workspace/didChangeWatchedFiles'));
  });

  test('didOpen reports `npm ci` at its exact UTF-16 range, with docs link and fix data', async () => {
    const doc = open('.github/workflows/ci.yml', WORKFLOW);
    const ds = await diagnosticsFor(doc.uri, 'diagnostics of version 1', (p) => p.version === 1);
    const bun = ds.filter((d) => d.code === 'package-manager/js-commands');
    expect(bun).toHaveLength(1);
    const offset = WORKFLOW.indexOf('npm ci');
    expect(bun[0].range).toEqual({ start: doc.positionAt(offset), end: doc.positionAt(offset + 'npm ci'.length) });
    expect(bun[0].range.start).toEqual({ line: 7, character: 29 });
    expect(bun[0].source).toBe('roo-devops');
    expect(bun[0].codeDescription?.href).toMatch(/package-manager\/js-commands\.md$/);
    expect(bun[0].data).toMatchObject({
      uri: doc.uri,
      version: 1,
      fixes: [{ title: 'Use `bun install --frozen-lockfile`', safe: true, edits: [{ range: bun[0].range, newText: 'bun install --frozen-lockfile' }] }],
    });
  });

  test('a buffer over 5 MB is not linted, and one engine/limits diagnostic says so', async () => {
    const text = `on: push\n${'# filler line of a huge generated file\n'.repeat(140_000)}`;
    const doc = open('.github/workflows/huge.yml', text);
    const ds = await diagnosticsFor(doc.uri, 'diagnostics of the huge buffer', (p) => p.version === 1);
    expect(ds.map((d) => [d.code, d.severity, d.range.start])).toEqual([['engine/limits', 3, { line: 0, character: 0 }]]);
    expect(ds[0].message).toContain('(`limits.maxFileBytes`), so it was not checked.');
    close(doc.uri);
  });

  test('a change that removes the offending command clears its diagnostic', async () => {
    const uri = uriOf('.github/workflows/ci.yml');
    const doc = replaceIn(uri, 'npm ci', 'make deps');
    const ds = await diagnosticsFor(uri, 'diagnostics of the edited buffer', (p) => p.version === doc.version);
    expect(codes(ds)).not.toContain('package-manager/js-commands');
    // Put it back for the next tests.
    const restored = replaceIn(uri, 'make deps', 'npm ci');
    const again = await diagnosticsFor(uri, 'diagnostics of the restored buffer', (p) => p.version === restored.version);
    expect(codes(again)).toContain('package-manager/js-commands');
  });

  test('the quick fix rewrites `npm ci` into `bun install --frozen-lockfile`, and the fixed text lints clean', async () => {
    const uri = uriOf('.github/workflows/ci.yml');
    const doc = buffers.get(uri) as TextDocument;
    const ds = (diagnostics.get(uri)?.diagnostics ?? []).filter((d) => d.code === 'package-manager/js-commands');
    const actions = await codeActions(doc, ds);
    const fix = actions.find((a) => a.kind === 'quickfix' && a.isPreferred);
    expect(fix?.title).toBe('Use `bun install --frozen-lockfile`');
    const fixed = applyAction(fix as CodeAction, doc);
    expect(fixed).toContain('- run: echo "🚀 go" && bun install --frozen-lockfile\n');
    const after = setText(uri, fixed);
    const clean = await diagnosticsFor(uri, 'diagnostics of the fixed buffer', (p) => p.version === after.version);
    expect(codes(clean)).not.toContain('package-manager/js-commands');
  });

  test('source.fixAll applies every safe fix at once', async () => {
    const uri = uriOf('.github/workflows/ci.yml');
    const text = `${WORKFLOW}      - run: npm run build\n      - run: npx prettier --check .\n`;
    const doc = setText(uri, text);
    const ds = await diagnosticsFor(uri, 'diagnostics of the buffer with three npm commands', (p) => p.version === doc.version);
    expect(codes(ds).filter((c) => c === 'package-manager/js-commands').length).toBeGreaterThanOrEqual(2);
    const actions = await codeActions(doc, [], ['source.fixAll']);
    expect(actions).toHaveLength(1);
    expect(actions[0].kind).toBe('source.fixAll.roo-devops');
    const fixed = applyAction(actions[0], doc);
    expect(fixed).toContain('bun install --frozen-lockfile');
    expect(fixed).toContain('bun run build');
    expect(fixed).not.toMatch(/\bnpm (ci|run)\b/);
    const after = setText(uri, fixed);
    const left = await diagnosticsFor(uri, 'diagnostics after fix-all', (p) => p.version === after.version);
    // Only findings without a safe fix may remain.
    for (const d of left.filter((x) => x.code === 'package-manager/js-commands')) {
      expect((d.data as { fixes: { safe: boolean }[] }).fixes.some((f) => f.safe)).toBe(false);
    }
  });

  test('"Disable … for this line" inserts the comment above, with the same indentation', async () => {
    const uri = uriOf('.github/workflows/ci.yml');
    const doc = setText(uri, WORKFLOW);
    const ds = await diagnosticsFor(uri, 'diagnostics of the original buffer', (p) => p.version === doc.version);
    const bun = ds.filter((d) => d.code === 'package-manager/js-commands');
    const actions = await codeActions(doc, bun);
    const disable = actions.find((a) => a.title === 'Disable package-manager/js-commands for this line');
    expect(disable).toBeDefined();
    const disabled = applyAction(disable as CodeAction, doc);
    expect(disabled).toContain('      # roo-devops-disable-next-line package-manager/js-commands\n      - run: echo "🚀 go" && npm ci\n');
    const after = setText(uri, disabled);
    const quiet = await diagnosticsFor(uri, 'diagnostics of the suppressed buffer', (p) => p.version === after.version);
    expect(codes(quiet)).not.toContain('package-manager/js-commands');
  });

  // Two fence readers used to disagree here: one missed a fence opened on a list item, the other counted the backtick line inside.
  const TILDE_BLOCKS = [
    ['a fence opened on a list item', ['# Operations Guide', '', '- Install:', '- ~~~bash', '  npm ci', '  ~~~', ''].join('\n')],
    ['a fence holding a backtick line', ['# Operations Guide', '', '~~~bash', "cat > notes.md <<'EOF'", '```', 'EOF', 'npm ci', '~~~', ''].join('\n')],
  ] as const;

  test.each(TILDE_BLOCKS)('"Disable … for this line" in a ~~~bash block (%s) inserts a shell comment inside the block, and it holds', async (_case, text) => {
    const doc = open('plan/operations.md', text, 'markdown');
    const ds = await diagnosticsFor(doc.uri, 'the js-commands finding in the ~~~bash block', (p) => p.version === 1 && codes(p.diagnostics).includes('package-manager/js-commands'));
    const bun = ds.filter((d) => d.code === 'package-manager/js-commands');
    expect(bun).toHaveLength(1);
    const actions = await codeActions(doc, bun);
    const disable = actions.find((a) => a.title === 'Disable package-manager/js-commands for this line');
    expect(disable).toBeDefined();
    const disabled = applyAction(disable as CodeAction, doc);
    const indent = /( *)npm ci/.exec(text)?.[1] ?? '';
    expect(disabled).toBe(text.replace(`${indent}npm ci\n`, `${indent}# roo-devops-disable-next-line package-manager/js-commands\n${indent}npm ci\n`));
    const after = setText(doc.uri, disabled);
    const quiet = await diagnosticsFor(doc.uri, 'diagnostics of the suppressed block', (p) => p.version === after.version);
    expect(codes(quiet)).not.toContain('package-manager/js-commands');
    close(doc.uri);
    await diagnosticsFor(doc.uri, 'cleared diagnostics of the closed plan', (p) => p.diagnostics.length === 0);
  });

  test('didClose gives the diagnostics back to the file on disk, or clears them', async () => {
    const uri = uriOf('.github/workflows/ci.yml');
    close(uri);
    // The buffer was suppressed; the file on disk still says `npm ci`.
    const fromDisk = await diagnosticsFor(uri, 'the on-disk diagnostics', (p) => p.version == null && codes(p.diagnostics).includes('package-manager/js-commands'));
    expect(fromDisk.length).toBeGreaterThan(0);

    const scratch = open('.github/workflows/never-saved.yml', WORKFLOW);
    await diagnosticsFor(scratch.uri, 'diagnostics of the unsaved buffer', (p) => p.version === 1 && p.diagnostics.length > 0);
    close(scratch.uri);
    await diagnosticsFor(scratch.uri, 'cleared diagnostics of the closed unsaved buffer', (p) => p.diagnostics.length === 0);
  });

  test('rooDevops.enable=false empties a resource, and a settings change re-validates', async () => {
    const workflow = uriOf('.github/workflows/ci.yml');
    settingsAnswer = (scopeUri) => ({ enable: scopeUri !== workflow, rules: {} });
    await connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await diagnosticsFor(workflow, 'empty diagnostics of the disabled file', (p) => p.diagnostics.length === 0);
    settingsAnswer = () => ({ enable: true, rules: { 'package-manager/lockfile': 'warning' } });
    await connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await diagnosticsFor(workflow, 'diagnostics back on', (p) => p.diagnostics.length > 0);
    const lock = await diagnosticsFor(uriOf('package-lock.json'), 'the lockfile finding as a warning', (p) => p.diagnostics[0]?.severity === 2);
    expect(codes(lock)).toEqual(['package-manager/lockfile']);
    settingsAnswer = () => ({ enable: true, rules: {} });
    await connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await diagnosticsFor(uriOf('package-lock.json'), 'the lockfile finding as an error again', (p) => p.diagnostics[0]?.severity === 1);
  });

  // Every command surface of the package-manager policy: the quick fix arrives over LSP and its result lints clean.
  const SURFACES: { path: string; languageId: string; text: string; rule: string; before: string; after: string }[] = [
    { path: '.gitlab-ci.yml', languageId: 'yaml', text: 'test:\n  script:\n    - yarn install --frozen-lockfile\n', rule: 'package-manager/js-commands', before: 'yarn install --frozen-lockfile', after: 'bun install --frozen-lockfile' },
    { path: '.circleci/config.yml', languageId: 'yaml', text: 'version: 2.1\njobs:\n  build:\n    docker: [{ image: "cimg/base:2024.01" }]\n    steps:\n      - run: npx eslint .\n', rule: 'package-manager/js-commands', before: 'npx eslint .', after: 'bunx eslint .' },
    { path: 'azure-pipelines.yml', languageId: 'yaml', text: 'steps:\n  - script: pnpm run build\n', rule: 'package-manager/js-commands', before: 'pnpm run build', after: 'bun run build' },
    { path: 'bitbucket-pipelines.yml', languageId: 'yaml', text: 'pipelines:\n  default:\n    - step:\n        script:\n          - npm test\n', rule: 'package-manager/js-commands', before: 'npm test', after: 'bun run test' },
    { path: 'Jenkinsfile', languageId: 'groovy', text: "pipeline {\n  agent any\n  stages {\n    stage('build') {\n      steps {\n        sh 'npm ci'\n      }\n    }\n  }\n}\n", rule: 'package-manager/js-commands', before: 'npm ci', after: 'bun install --frozen-lockfile' },
    { path: 'Dockerfile', languageId: 'dockerfile', text: 'FROM oven/bun:1.1\nWORKDIR /app\nCOPY package.json bun.lock ./\nRUN npm install --omit=dev\n', rule: 'package-manager/js-commands', before: 'npm install --omit=dev', after: 'bun install --production' },
    { path: 'web/package.json', languageId: 'json', text: '{\n  "scripts": {\n    "ci": "npm run lint && npm run build"\n  }\n}\n', rule: 'package-manager/js-commands', before: 'npm run lint', after: 'bun run lint' },
    { path: 'Makefile', languageId: 'makefile', text: 'install:\n\t@npm ci\n', rule: 'package-manager/js-commands', before: 'npm ci', after: 'bun install --frozen-lockfile' },
    { path: 'plan/deployment.md', languageId: 'markdown', text: '# Deployment\n\n```bash\nnpm ci\n```\n', rule: 'package-manager/js-commands', before: 'npm ci', after: 'bun install --frozen-lockfile' },
    { path: 'services/api/Dockerfile', languageId: 'dockerfile', text: 'FROM python:3.12-slim\nRUN pipenv run pytest\n', rule: 'package-manager/python-commands', before: 'pipenv run pytest', after: 'poetry run pytest' },
  ];

  test.each(SURFACES.map((s) => [s.path, s] as const))('the quick fix works in %s', async (_path, surface) => {
    const doc = open(surface.path, surface.text, surface.languageId);
    const ds = await diagnosticsFor(doc.uri, `a ${surface.rule} finding`, (p) => p.version === 1 && p.diagnostics.some((d) => d.code === surface.rule));
    const start = surface.text.indexOf(surface.before);
    const finding = ds.filter((d) => d.code === surface.rule && doc.offsetAt(d.range.start) === start);
    expect(finding).toHaveLength(1);
    // The range covers the offending command words, a prefix of the whole command.
    expect(surface.before.startsWith(doc.getText().slice(start, doc.offsetAt(finding[0].range.end)))).toBe(true);
    const actions = await codeActions(doc, finding);
    const fix = actions.find((a) => a.kind === 'quickfix' && a.title.startsWith('Use'));
    // A fix that "fix all" leaves alone says so in the menu.
    const safe = (finding[0].data as { fixes: { safe: boolean }[] }).fixes[0].safe;
    expect(fix?.title).toBe(`Use \`${surface.after}\`${safe ? '' : ' (unsafe)'}`);
    const fixed = applyAction(fix as CodeAction, doc);
    expect(fixed).toBe(surface.text.replace(surface.before, surface.after));
    setText(doc.uri, fixed);
    const after = await diagnosticsFor(doc.uri, 'the fixed text', (p) => p.version === 2);
    expect(after.filter((d) => d.code === surface.rule).filter((d) => doc.offsetAt(d.range.start) === start)).toEqual([]);
    close(doc.uri);
  });

  test('a change to a repository-wide fact re-lints the files that read it', async () => {
    const manifest = uriOf('package.json');
    const noBuild = (p: PublishDiagnosticsParams) => p.diagnostics.some((d) => d.code === 'package-manager/require-ci-steps' && typeof d.message === 'string' && d.message.includes('run build'));
    writeFile('package.json', '{ "name": "demo", "version": "1.0.0", "scripts": { "build": "bun build src/index.ts" } }\n');
    await connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: manifest, type: FileChangeType.Changed }] });
    // The missing build sits on the `build` script of package.json, the fact it is about.
    await diagnosticsFor(manifest, 'the missing build, once package.json has a build script', noBuild);
    writeFile('.github/workflows/release.yml', 'on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: oven-sh/setup-bun@v2\n      - run: bun run build\n');
    await connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('.github/workflows/release.yml'), type: FileChangeType.Created }] });
    await diagnosticsFor(manifest, 'no missing build once another pipeline builds', (p) => !noBuild(p));
  });

  test('an unsaved edit to package.json changes a pipeline\'s findings, and closing it gives the disk back', async () => {
    const ci = uriOf('.github/workflows/ci.yml');
    const noInstall = (p: PublishDiagnosticsParams) => p.diagnostics.some((d) => d.code === 'package-manager/require-ci-steps' && typeof d.message === 'string' && d.message.includes('never runs'));
    writeFile('.github/workflows/unit.yml', 'on: push\njobs:\n  unit:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: oven-sh/setup-bun@v2\n      - run: bun test\n');
    await connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('.github/workflows/unit.yml'), type: FileChangeType.Created }] });
    const unit = uriOf('.github/workflows/unit.yml');
    // package.json on disk declares no dependencies: nothing to install.
    await diagnosticsFor(unit, 'a pipeline without install, with nothing to install', (p) => !noInstall(p));
    const diskText = '{ "name": "demo", "version": "1.0.0", "scripts": { "build": "bun build src/index.ts" } }\n';
    const doc = open('package.json', diskText, 'json');
    replaceIn(doc.uri, '"version": "1.0.0",', '"version": "1.0.0", "dependencies": { "hono": "^4.0.0" },');
    await diagnosticsFor(unit, 'the missing install, seen through the unsaved buffer', noInstall);
    close(doc.uri);
    await diagnosticsFor(unit, 'no missing install once the buffer is closed unsaved', (p) => !noInstall(p));
    expect(codes(diagnostics.get(ci)?.diagnostics ?? [])).not.toContain(undefined);
    rmSync(join(root, '.github/workflows/unit.yml'));
    await connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: unit, type: FileChangeType.Deleted }] });
  });

  test('creating go.mod at the root clears the finding on a Go file deep below, with no restart', async () => {
    const main = uriOf('cmd/api/main.go');
    writeFile('cmd/api/main.go', 'package main\n\nfunc main() {}\n');
    await connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: main, type: FileChangeType.Created }] });
    await diagnosticsFor(main, 'the Go source outside a module', (p) => codes(p.diagnostics).includes('package-manager/go-modules'));
    writeFile('go.mod', 'module example.com/demo\n\ngo 1.22\n');
    await connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('go.mod'), type: FileChangeType.Created }] });
    await diagnosticsFor(main, 'no finding once go.mod exists', (p) => !codes(p.diagnostics).includes('package-manager/go-modules'));
  });

  test('a plan document is checked again when a repository file it read changes: .nvmrc moves to 20', async () => {
    const plan = uriOf('plan/infrastructure.md');
    const contradiction = (p: PublishDiagnosticsParams) => codes(p.diagnostics).includes('plan/no-contradiction');
    writeFile('.nvmrc', '18\n');
    writeFile('plan/infrastructure.md', '# Infrastructure plan\n\n## Infrastructure Architecture\n\nThe web front end runs on Node.js 18.\n');
    await connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: uriOf('.nvmrc'), type: FileChangeType.Created },
        { uri: plan, type: FileChangeType.Created },
      ],
    });
    await diagnosticsFor(plan, 'the plan document, in step with .nvmrc', (p) => !contradiction(p));
    // The plan document is neither open nor changed: only its dependency on the runtime versions re-checks it.
    writeFile('.nvmrc', '20\n');
    await connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('.nvmrc'), type: FileChangeType.Changed }] });
    const found = await diagnosticsFor(plan, 'the contradiction once .nvmrc says 20', contradiction);
    expect(found.find((d) => d.code === 'plan/no-contradiction')?.range.start).toEqual({ line: 4, character: 0 });
    rmSync(join(root, 'plan'), { recursive: true });
    rmSync(join(root, '.nvmrc'));
    await connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: plan, type: FileChangeType.Deleted },
        { uri: uriOf('.nvmrc'), type: FileChangeType.Deleted },
      ],
    });
  });

  test('turning pyproject.toml into a Poetry project clears the finding on requirements.txt', async () => {
    const requirements = uriOf('requirements.txt');
    writeFile('pyproject.toml', '[project]\nname = "demo"\nversion = "0.1.0"\n\n[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n');
    writeFile('requirements.txt', 'flask==3.0.0\n');
    await connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: uriOf('pyproject.toml'), type: FileChangeType.Created },
        { uri: requirements, type: FileChangeType.Created },
      ],
    });
    await diagnosticsFor(requirements, 'requirements.txt beside a setuptools project', (p) => codes(p.diagnostics).includes('package-manager/python-manifest'));
    writeFile('pyproject.toml', '[tool.poetry]\nname = "demo"\nversion = "0.1.0"\n\n[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n');
    await connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('pyproject.toml'), type: FileChangeType.Changed }] });
    await diagnosticsFor(requirements, 'requirements.txt as Poetry\'s export, once the project is Poetry\'s', (p) => !codes(p.diagnostics).includes('package-manager/python-manifest'));
  });

  test('a new .roo-devops.yaml turning the rule off removes the finding', async () => {
    const workflow = uriOf('.github/workflows/ci.yml');
    writeFile('.roo-devops.yaml', 'rules:\n  package-manager/js-commands: "off"\n');
    await connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('.roo-devops.yaml'), type: FileChangeType.Created }] });
    await diagnosticsFor(workflow, 'the workflow without the js-commands finding', (p) => !codes(p.diagnostics).includes('package-manager/js-commands'));
    expect(codes(diagnostics.get(uriOf('package-lock.json'))?.diagnostics ?? [])).toEqual(['package-manager/lockfile']);
  });

  test('deleting package.json re-lints its siblings: the lockfile finding goes', async () => {
    rmSync(join(root, 'package.json'));
    await connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('package.json'), type: FileChangeType.Deleted }] });
    await diagnosticsFor(uriOf('package-lock.json'), 'no lockfile finding without package.json', (p) => p.diagnostics.length === 0);
  });

  test('rooDevops/validateWorkspace re-runs the scan and answers with totals', async () => {
    const totals = (await connection.sendRequest('rooDevops/validateWorkspace')) as { files: number; findings: number };
    // ci.yml, package-lock.json, broken.yaml, .roo-devops.yaml at least; only the syntax error remains a finding.
    expect(totals.files).toBeGreaterThanOrEqual(4);
    expect(totals.findings).toBeGreaterThanOrEqual(1);
  });

  test('a workflow outside every folder is still recognised by its trailing path', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'roo-devops-outside-'));
    try {
      const uri = pathToFileURL(join(outside, '.github/workflows/release.yml')).href;
      const doc = TextDocument.create(uri, 'yaml', 1, WORKFLOW);
      buffers.set(uri, doc);
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: WORKFLOW } });
      const ds = await diagnosticsFor(uri, 'diagnostics of the outside workflow', (p) => p.version === 1);
      expect(codes(ds)).toContain('package-manager/js-commands');
      close(uri);
      await diagnosticsFor(uri, 'cleared diagnostics of the closed outside file', (p) => p.diagnostics.length === 0);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  test('malformed requests and events do not bring the server down', async () => {
    await connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: 'not a uri', type: 99 }, null] });
    const doc = open('notes/odd.yaml', 'a: 1\n');
    const bogus = [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'x', source: 'roo-devops', code: 'x/y', data: { fixes: 'no' } }];
    expect(await codeActions(doc, bogus as Diagnostic[])).toEqual([]);
    const totals = (await connection.sendRequest('rooDevops/validateWorkspace')) as { files: number };
    expect(totals.files).toBeGreaterThan(0);
    expect(server.exitCode).toBeNull();
    expect(errorLogs).toEqual([]);
  });
});
