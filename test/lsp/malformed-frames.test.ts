/**
 * Issue 7, case 8: a malformed frame on stdin once left the server alive but deaf forever.
 * Each input below goes to the bundle `node dist/server.js --stdio`, after a valid session
 * that must get its answers; the process must then exit non-zero, soon, saying why on stderr.
 * Run `bun run build` first.
 */
import { describe, expect, test } from 'bun:test';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const SERVER = join(import.meta.dir, '../../dist/server.js');
/** A stall shortened for the test, so that a frame that stops half-way ends the process in a second. */
const STALL_MS = 600;
/** The bound on the exit: generous for a loaded CI machine, far below "forever". */
const EXIT_WITHIN_MS = 8_000;

function frame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
}

/** Seeded bytes (xorshift), so that a failure names an input that can be replayed. */
function randomBytes(seed: number, n: number): Buffer {
  let x = seed >>> 0 || 1;
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const WORKFLOW = 'name: ci\non: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm ci\n';

const MALFORMED: Record<string, Buffer> = {
  'random bytes': randomBytes(7, 64),
  'random bytes after a newline': Buffer.concat([Buffer.from('\r\n'), randomBytes(11, 32)]),
  'a header without Content-Length': Buffer.from('Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}'),
  'Content-Length: abc': Buffer.from('Content-Length: abc\r\n\r\n{}'),
  'Content-Length: -5': Buffer.from('Content-Length: -5\r\n\r\n{}'),
  'Content-Length: 1099511627776': Buffer.from('Content-Length: 1099511627776\r\n\r\n{}'),
  'Content-Length above 64 MiB': Buffer.from(`Content-Length: ${64 * 1024 * 1024 + 1}\r\n\r\n{}`),
  'a length shorter than the body': Buffer.from('Content-Length: 5\r\n\r\n{"jsonrpc":"2.0","method":"initialized","params":{}}'),
  'a length shorter than a body whose prefix is JSON': Buffer.from('Content-Length: 2\r\n\r\n{}abc'),
  'a length longer than the body': Buffer.from('Content-Length: 500\r\n\r\n{"jsonrpc":"2.0","method":"initialized"}'),
  'a header that never ends': Buffer.from('Content-Length: 10\r\n'),
  'a header line without a colon': Buffer.from('Content-Length 10\r\n\r\n0123456789'),
  'a body that is not JSON': Buffer.concat([Buffer.from('Content-Length: 9\r\n\r\n'), Buffer.from('not json!')]),
  'a header longer than 8 KiB': Buffer.from(`X-${'a'.repeat(9000)}`),
};

interface Outcome {
  code: number | null;
  stderr: string;
  answers: unknown[];
  elapsed: number;
}

/** Starts the server, runs a valid session, then sends `garbage` and waits for the process to end. */
async function session(garbage: Buffer): Promise<Outcome> {
  const root = mkdtempSync(join(tmpdir(), 'roo-devops-frames-'));
  const server = spawn('node', [SERVER, '--stdio'], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ROO_DEVOPS_FRAME_STALL_MS: String(STALL_MS) },
  });
  let stderr = '';
  server.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const answers: unknown[] = [];
  let pending = Buffer.alloc(0);
  const waiting = new Map<number, () => void>();
  server.stdout.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      const end = pending.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(pending.subarray(0, end).toString('ascii'))?.[1]);
      if (pending.length < end + 4 + length) return;
      const message = JSON.parse(pending.subarray(end + 4, end + 4 + length).toString('utf8'));
      pending = pending.subarray(end + 4 + length);
      if (typeof message.id === 'number' && !('method' in message)) {
        answers.push(message);
        waiting.get(message.id)?.();
      } else if (message.method === 'workspace/configuration') {
        server.stdin.write(frame({ jsonrpc: '2.0', id: message.id, result: message.params.items.map(() => ({ enable: true, rules: {} })) }));
      } else if (typeof message.id === 'number' || typeof message.id === 'string') {
        server.stdin.write(frame({ jsonrpc: '2.0', id: message.id, result: null }));
      }
    }
  });
  const request = (id: number, method: string, params: unknown) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${method}; stderr: ${stderr}`)), 10_000);
      waiting.set(id, () => {
        clearTimeout(timer);
        resolve();
      });
      server.stdin.write(frame({ jsonrpc: '2.0', id, method, params }));
    });
  const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
  try {
    const rootUri = pathToFileURL(root).href;
    await request(1, 'initialize', { processId: null, rootUri, workspaceFolders: [{ uri: rootUri, name: 'w' }], capabilities: {} });
    server.stdin.write(frame({ jsonrpc: '2.0', method: 'initialized', params: {} }));
    const uri = `${rootUri}/.github/workflows/ci.yml`;
    server.stdin.write(frame({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'yaml', version: 1, text: WORKFLOW } } }));
    const range = { start: { line: 6, character: 13 }, end: { line: 6, character: 19 } };
    await request(2, 'textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } });
    const sent = performance.now();
    server.stdin.write(garbage);
    const code = await Promise.race([exited, new Promise<'alive'>((r) => setTimeout(() => r('alive'), EXIT_WITHIN_MS))]);
    if (code === 'alive') throw new Error(`the server is still running ${EXIT_WITHIN_MS} ms after the malformed input; stderr: ${stderr}`);
    return { code, stderr, answers, elapsed: performance.now() - sent };
  } finally {
    if (server.exitCode === null) server.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  }
}

describe('a malformed frame ends the server, which says why', () => {
  for (const [name, bytes] of Object.entries(MALFORMED)) {
    test(name, async () => {
      const outcome = await session(bytes);
      // The valid session before the garbage got its answers.
      expect(outcome.answers.map((a) => (a as { id: number }).id)).toEqual([1, 2]);
      expect(outcome.answers.every((a) => 'result' in (a as object))).toBe(true);
      expect(outcome.code).not.toBe(0);
      expect(outcome.code).not.toBeNull();
      expect(outcome.stderr).toContain('roo-devops: malformed message from the client');
    }, 30_000);
  }
});

describe('well-formed traffic is left alone', () => {
  test('a message split across many writes, and headers in any case, are read', async () => {
    const root = mkdtempSync(join(tmpdir(), 'roo-devops-frames-'));
    const server = spawn('node', [SERVER, '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    server.stdout.on('data', (c: Buffer) => (out += c.toString()));
    try {
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
      const bytes = Buffer.concat([Buffer.from(`content-length: ${body.length}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n`), body]);
      for (let i = 0; i < bytes.length; i += 7) {
        server.stdin.write(bytes.subarray(i, i + 7));
        await new Promise((r) => setImmediate(r));
      }
      const deadline = performance.now() + 10_000;
      while (!out.includes('"serverInfo"') && performance.now() < deadline && server.exitCode === null) await new Promise((r) => setTimeout(r, 20));
      expect(out).toContain('"serverInfo"');
      expect(server.exitCode).toBeNull();
      // A clean shutdown and exit end with 0.
      const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
      server.stdin.write(frame({ jsonrpc: '2.0', id: 2, method: 'shutdown' }));
      server.stdin.write(frame({ jsonrpc: '2.0', method: 'exit' }));
      expect(await exited).toBe(0);
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL');
      rmSync(root, { recursive: true, force: true });
    }
  }, 30_000);
});
