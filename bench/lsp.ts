/**
 * Change-to-diagnostics latency over LSP stdio, this server against
 * yaml-language-server, both under Node, both driven the same way by the same
 * small client: the same YAML texts (seeded, `bench/inputs.ts`), and for GitLab CI
 * and Compose the same JSON Schema (ours, from `schemas/`, given to
 * yaml-language-server through its `yaml.schemas` setting; its schema store off,
 * so nothing is fetched). One keystroke at a time, at a fast typist's pace: a
 * `didChange` of one character TYPING_PAUSE_MS after the last diagnostics, then
 * wait for the `publishDiagnostics` that follows it.
 *
 * Both servers wait before validating: yaml-language-server a fixed 200 ms after
 * each edit; ours `editDelay` — an edit after a quiet period (no edit and no lint
 * for `debounceFor(lines)`, 30 ms under 2,000 lines) waits LEADING_EDGE_MS, one in
 * a burst the full quiet period. "Felt" is the measured time (what the user sees);
 * "work" is felt minus that delay (the server's own time: settings pull, parse,
 * rules or schema, serialisation).
 *
 * Cold start: from spawning the server to the first diagnostics of a document
 * opened right after the handshake, a fresh server each run.
 *
 *   bun bench/lsp.ts [--quick]   (needs `bun run build`); prints `BENCH_RESULT {json}`
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, type ProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { debounceFor, editDelay } from '../server/src/lsp/document-validator';
import { EDITOR_CAPABILITIES } from '../test/support/lsp-session';
import { gitlab, workflow } from './inputs';
import { emitResult, percentile } from './support';

const QUICK = process.argv.includes('--quick');
const REPO = join(import.meta.dir, '..');
const OURS = join(REPO, 'dist/server.js');
const YLS = join(REPO, 'node_modules/yaml-language-server/bin/yaml-language-server');
/** yaml-language-server's `validationDelayMs` (fixed in its settings, not configurable). */
const YLS_DELAY = 200;
/** Between one keystroke's diagnostics and the next keystroke: 150 ms, a fast typist (about 80 words a minute). */
const TYPING_PAUSE_MS = 150;

type Server = 'roo-devops' | 'yaml-language-server';

interface Published {
  uri: string;
  version?: number;
  diagnostics: unknown[];
}

/** A minimal editor: spawns a server, answers its requests, records what it publishes. */
class Client {
  readonly published: Published[] = [];
  private readonly waiters = new Set<() => void>();
  private connection!: ProtocolConnection;
  private child!: ChildProcess;
  private versions = new Map<string, { version: number; text: string }>();

  constructor(
    readonly server: Server,
    readonly root: string,
  ) {}

  async start(): Promise<void> {
    const args = this.server === 'roo-devops' ? [OURS, '--stdio'] : [YLS, '--stdio'];
    this.child = spawn('node', args, { cwd: this.root, stdio: ['pipe', 'pipe', 'ignore'] });
    if (!this.child.stdout || !this.child.stdin) throw new Error('no stdio');
    const c = createProtocolConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
    this.connection = c;
    const schema = (name: string) => pathToFileURL(join(REPO, 'schemas', `${name}.schema.json`)).href;
    const yamlSettings = {
      validate: true,
      schemaStore: { enable: false },
      schemas: { [schema('gitlab-ci')]: ['.gitlab-ci.yml', '**/.gitlab-ci.yml'], [schema('compose')]: ['compose.yaml', '**/compose.yaml'] },
    };
    c.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => (this.server === 'roo-devops' ? { enable: true, rules: {} } : item.section === 'yaml' ? yamlSettings : item.section === 'http' ? {} : null)),
    );
    c.onRequest('client/registerCapability', () => null);
    c.onRequest('client/unregisterCapability', () => null);
    c.onRequest('window/workDoneProgress/create', () => null);
    c.onNotification('textDocument/publishDiagnostics', (p: Published) => {
      this.published.push(p);
      for (const w of [...this.waiters]) w();
    });
    c.listen();
    const rootUri = pathToFileURL(this.root).href;
    await c.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'bench' }], capabilities: EDITOR_CAPABILITIES });
    await c.sendNotification('initialized', {});
    if (this.server === 'yaml-language-server') await c.sendNotification('workspace/didChangeConfiguration', { settings: { yaml: yamlSettings } });
  }

  uriOf(rel: string): string {
    return pathToFileURL(join(this.root, rel)).href;
  }

  /** Waits for the next publication for `uri` after `from` publications, of `version` when the server says versions. */
  next(uri: string, from: number, version: number): Promise<Published> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`${this.server}: no diagnostics for ${uri} v${version}`));
      }, 30_000);
      const check = () => {
        for (let i = from; i < this.published.length; i++) {
          const p = this.published[i];
          if (p.uri === uri && (p.version === undefined || p.version === version)) {
            clearTimeout(timer);
            this.waiters.delete(check);
            resolve(p);
            return;
          }
        }
      };
      this.waiters.add(check);
      check();
    });
  }

  async open(rel: string, text: string): Promise<Published> {
    const uri = this.uriOf(rel);
    this.versions.set(uri, { version: 1, text });
    const from = this.published.length;
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    return this.next(uri, from, 1);
  }

  /** Types one character at the end of the text's last line; resolves with the milliseconds to its diagnostics. */
  async keystroke(rel: string): Promise<number> {
    const uri = this.uriOf(rel);
    const doc = this.versions.get(uri);
    if (!doc) throw new Error('not open');
    const lines = doc.text.split('\n');
    const line = lines.length - 2;
    const character = lines[line].length;
    doc.version++;
    lines[line] += 'x';
    doc.text = lines.join('\n');
    await new Promise((r) => setTimeout(r, TYPING_PAUSE_MS));
    const from = this.published.length;
    const sent = performance.now();
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: doc.version },
      contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: 'x' }],
    });
    await this.next(uri, from, doc.version);
    return performance.now() - sent;
  }

  async close(rel: string): Promise<void> {
    const uri = this.uriOf(rel);
    this.versions.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
      await Promise.race([new Promise((r) => this.child.once('exit', r)), new Promise((r) => setTimeout(r, 2000))]);
    } finally {
      this.connection.dispose();
      if (this.child.exitCode === null) this.child.kill();
    }
  }
}

interface Case {
  name: string;
  path: string;
  text: string;
  /** The line (0-based) of a key the schema forbids, planted so that both servers must report it: proof that the schema is applied. */
  planted?: number;
  schema: string;
}

function compose(services: number): string {
  const out = ['services:'];
  for (let i = 0; i < services; i++) {
    out.push(`  svc-${i}:`, `    image: registry.example.com/svc-${i}:1.0.${i}`, '    restart: unless-stopped', '    environment:', `      PORT: "${8000 + i}"`, '      LOG_LEVEL: info', `    ports: ["${8000 + i}:8080"]`);
    if (i > 0) out.push(`    depends_on: [svc-${i - 1}]`);
  }
  return `${out.join('\n')}\n# end\n`;
}

// Every text ends with a comment line the keystrokes grow, so the edits keep the file valid for both.
/** `text` with `line` inserted after its first line that starts with `after` (a key the schema does not allow), and that line's index. */
function plant(text: string, after: RegExp, line: string): { text: string; planted: number } {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => after.test(l));
  if (at < 0) throw new Error(`bench: nowhere to plant ${line}`);
  lines.splice(at + 1, 0, line);
  return { text: lines.join('\n'), planted: at + 1 };
}

// Every text ends with a comment line the keystrokes grow, so the edits keep the file as it was for both. Each case has a path
// of its own: the publication that clears a closed document must not pass for the first diagnostics of the next one.
const CASES: Case[] = [
  { name: 'GitLab CI, 1,500 lines', path: '.gitlab-ci.yml', ...plant(`${gitlab(1500, 21)}# end\n`, /^default:$/, '  not_a_gitlab_key: 1'), schema: 'gitlab-ci.schema.json (both)' },
  { name: 'GitLab CI, 300 lines', path: 'small/.gitlab-ci.yml', ...plant(`${gitlab(300, 22)}# end\n`, /^default:$/, '  not_a_gitlab_key: 1'), schema: 'gitlab-ci.schema.json (both)' },
  { name: 'Compose, 1,500 lines', path: 'compose.yaml', ...plant(compose(188), /^ {2}svc-0:$/, '    not_a_compose_key: 1'), schema: 'compose.schema.json (both)' },
  {
    name: 'GitHub Actions workflow, 1,500 lines',
    path: '.github/workflows/ci.yml',
    text: `${workflow(1500, 23)}# end\n`,
    schema: 'ours: every github-actions rule; yaml-language-server: YAML only (there is no workflow JSON Schema in schemas/)',
  },
];

export interface LatencyRow {
  case: string;
  schema: string;
  lines: number;
  server: Server;
  delay: number;
  felt: { median: number; p95: number };
  work: { median: number; p95: number };
  diagnostics: number;
  /** Whether the server reported the planted schema error (undefined where none is planted). */
  planted?: boolean;
}

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'roo-devops-bench-lsp-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

const BASE = { 'package.json': '{ "name": "bench", "private": true }\n', 'bun.lock': '{ "lockfileVersion": 1, "workspaces": { "": { "name": "bench" } }, "packages": {} }\n' };
const runs = QUICK ? 5 : 40;
const BUDGET_MS = 20_000;
const rows: LatencyRow[] = [];
for (const server of ['roo-devops', 'yaml-language-server'] as const) {
  const root = workspace(BASE);
  const client = new Client(server, root);
  try {
    await client.start();
    for (const c of CASES) {
      const lines = c.text.split('\n').length - 1;
      const first = await client.open(c.path, c.text);
      const delay = server === 'roo-devops' ? editDelay(debounceFor(lines), TYPING_PAUSE_MS, false) : YLS_DELAY;
      const times: number[] = [];
      for (let i = 0; i < 3; i++) await client.keystroke(c.path); // warm-up
      // Up to `runs` keystrokes; a slow server stops after the time budget (at least 8 samples).
      const begun = performance.now();
      for (let i = 0; i < runs && (i < Math.min(runs, 8) || performance.now() - begun < BUDGET_MS); i++) times.push(await client.keystroke(c.path));
      times.sort((a, b) => a - b);
      const work = times.map((t) => Math.max(0, t - delay));
      const row: LatencyRow = {
        case: c.name,
        schema: c.schema,
        lines,
        server,
        delay,
        felt: { median: percentile(times, 50), p95: percentile(times, 95) },
        work: { median: percentile(work, 50), p95: percentile(work, 95) },
        diagnostics: first.diagnostics.length,
        planted: c.planted === undefined ? undefined : first.diagnostics.some((d) => (d as { range?: { start?: { line?: number } } }).range?.start?.line === c.planted),
      };
      rows.push(row);
      console.error(`${server.padEnd(21)} ${c.name.padEnd(38)} felt ${row.felt.median.toFixed(1)} / ${row.felt.p95.toFixed(1)} ms  work ${row.work.median.toFixed(1)} / ${row.work.p95.toFixed(1)} ms  (${row.diagnostics} diagnostics)`);
      await client.close(c.path);
    }
  } finally {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

// ---- cold start: spawn → first diagnostics of a small GitLab CI file opened after the handshake.
export interface ColdRow {
  server: Server;
  handshake: { median: number; p95: number };
  first: { median: number; p95: number };
}
const cold: ColdRow[] = [];
const small = `${gitlab(60, 24)}# end\n`;
for (const server of ['roo-devops', 'yaml-language-server'] as const) {
  const firsts: number[] = [];
  const handshakes: number[] = [];
  for (let i = 0; i < (QUICK ? 2 : 8) + 1; i++) {
    const root = workspace(BASE);
    const client = new Client(server, root);
    const t0 = performance.now();
    try {
      await client.start();
      const handshake = performance.now() - t0;
      await client.open('.gitlab-ci.yml', small);
      // The first run warms the file cache, as on a machine where the editor already ran.
      if (i > 0) {
        firsts.push(performance.now() - t0);
        handshakes.push(handshake);
      }
    } finally {
      await client.stop();
      rmSync(root, { recursive: true, force: true });
    }
  }
  firsts.sort((a, b) => a - b);
  handshakes.sort((a, b) => a - b);
  const row = { server, handshake: { median: percentile(handshakes, 50), p95: percentile(handshakes, 95) }, first: { median: percentile(firsts, 50), p95: percentile(firsts, 95) } };
  cold.push(row);
  console.error(`cold start ${server}: handshake ${row.handshake.median.toFixed(0)} ms, first diagnostics ${row.first.median.toFixed(0)} / ${row.first.p95.toFixed(0)} ms`);
}

emitResult({ rows, cold });
