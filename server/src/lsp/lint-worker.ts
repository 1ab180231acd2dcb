/**
 * Large buffers are linted on a worker thread, so that the seconds a
 * multi-megabyte workflow takes to parse never block the server's answers to
 * everything else (code actions, hovers, other documents). The worker runs
 * the same engine over its own repository of the folder: the file listing is
 * sent along, other files are read from disk (editor buffers of other files
 * are not seen there — a large file is linted against the saved state of the
 * rest), and what each rule read comes back, so the folder's repository
 * still knows what to re-lint when one of those files changes.
 *
 * The worker is the server's own bundle, started with a marker in its
 * `workerData`; `server.ts` runs `runLintWorker` instead of the server then.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { ResolvedConfig } from '../core/config';
import { lint } from '../core/engine';
import type { FileKind, Finding } from '../core/types';
import { Repository } from '../core/workspace/repository';
import { loadHclForShell } from '../node/bundled-hcl';
import { diskHost } from '../node/workspace';

/** Buffers at least this long (UTF-16 code units) are linted on the worker. */
export const WORKER_THRESHOLD = 256 * 1024;

const ROLE = 'roo-devops-lint';

export interface WorkerRequest {
  id: number;
  /** Folder root on disk, when the document is inside a folder. */
  root: string | undefined;
  /** The folder's listing (workspace-relative paths). */
  paths: readonly string[];
  path: string;
  text: string;
  config: ResolvedConfig;
}

export interface WorkerReply {
  id: number;
  kind: FileKind | undefined;
  findings: Finding[];
  crashes: { ruleId: string; error: string }[];
  /** Per rule, the repository keys it read. */
  reads: [string, string[]][];
}

export function isLintWorker(): boolean {
  return !isMainThread && (workerData as { role?: unknown } | null)?.role === ROLE;
}

/** The worker's side: lint each request and answer with plain data. */
export function runLintWorker(): void {
  // This thread has its own WebAssembly instances: the HCL parser is loaded here too, before the first lint.
  const ready = loadHclForShell((message) => process.stderr.write(`${message}\n`));
  parentPort?.on('message', (request: WorkerRequest) => void ready.then(() => lintRequest(request)));
}

function lintRequest(request: WorkerRequest): void {
  const repository = new Repository(diskHost(request.root), request.config.kinds).addPaths(request.paths);
  repository.setBuffer(request.path, request.text);
  const file = repository.file(request.path);
  const reads = new Map<string, Set<string>>();
  const result = file
    ? lint(file, {
        config: request.config,
        workspace: (ruleId) => {
          const own = new Set<string>();
          reads.set(ruleId, own);
          return repository.recordingView(own);
        },
      })
    : { kind: undefined, findings: [], crashes: [] };
  const reply: WorkerReply = {
    id: request.id,
    kind: result.kind,
    findings: result.findings,
    crashes: result.crashes.map((c) => ({ ruleId: c.ruleId, error: c.error instanceof Error ? (c.error.stack ?? c.error.message) : String(c.error) })),
    reads: [...reads].map(([rule, keys]) => [rule, [...keys]]),
  };
  parentPort?.postMessage(reply);
}

/**
 * One worker thread, started on first use. A request for a document that is
 * still being linted replaces it: the worker is stopped and started afresh,
 * since its answer would be for text the user has already changed.
 */
export class LintWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { key: string; resolve: (reply: WorkerReply | undefined) => void; reject: (error: unknown) => void }>();

  constructor(
    private readonly script: string,
    private readonly log: (message: string) => void,
  ) {}

  /** Lints on the worker; undefined when the request was superseded; rejects when the worker failed. */
  lint(key: string, request: Omit<WorkerRequest, 'id'>): Promise<WorkerReply | undefined> {
    if ([...this.pending.values()].some((p) => p.key === key)) this.restart();
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { key, resolve, reject });
      worker.postMessage({ ...request, id });
    });
  }

  dispose(): void {
    this.restart();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script, { workerData: { role: ROLE } });
    worker.unref();
    worker.on('message', (reply: WorkerReply) => {
      const p = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      p?.resolve(reply);
    });
    worker.on('error', (error) => {
      this.log(`roo-devops: the lint worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (this.worker !== worker) return;
      // The requests in flight fail with it: their callers lint in the server thread instead.
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
      this.restart();
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.restart();
    });
    this.worker = worker;
    return worker;
  }

  /** Stops the worker; every request in flight is answered with undefined. */
  private restart(): void {
    const worker = this.worker;
    this.worker = undefined;
    for (const p of this.pending.values()) p.resolve(undefined);
    this.pending.clear();
    if (worker) void worker.terminate();
  }
}
