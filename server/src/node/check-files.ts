/**
 * `roo-devops check` of one file of a workspace, as plain data, and the same
 * over worker threads for large workspaces: the engine is synchronous and a
 * monorepo of thousands of files would otherwise keep one core busy while the
 * other waits (issue 13: the 20,000-file monorepo on both cores).
 *
 * Each worker is the CLI's own bundle started with a marker in its `workerData`;
 * it builds its own repository over the same listing (other files are read from
 * disk as rules need them, as in the editor's lint worker) and lints the
 * batches of paths it is handed. Batches are contiguous runs of the sorted
 * paths, handed out as workers free up: files of one folder, which read each
 * other, mostly land in the same worker, and a slow batch does not hold the
 * others back. The main thread applies the outcomes in path order, so what is
 * printed is exactly what the sequential check prints.
 */
import { statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { DEFAULT_LIMITS } from '../core/config';
import { mayHaveContentKind } from '../core/detect';
import { describeFailure, lint, lintUnread, wasSkipped } from '../core/engine';
import type { FileKind, Finding } from '../core/types';
import type { Repository } from '../core/workspace/repository';
import { type LoadedConfig, readFileText, workspaceView } from './workspace';

/** What checking one file gave: findings with the text they point into, lines for stderr, counts for the exit code. */
export interface FileOutcome {
  rel: string;
  /** Findings, with the text their ranges point into ('' for a file not read at all). */
  report?: { text: string; findings: Finding[] };
  /** Lines for stderr, in order. */
  messages: string[];
  unchecked: number;
  skipped: number;
  crashes: number;
  /** Findings on the configuration file itself. */
  configFindings: number;
}

/** What a worker needs to check files of one workspace as the main thread would. */
export interface WorkspaceJob {
  root: string;
  cwd: string;
  /** The listing, with files named on the command line added. */
  paths: string[];
  loaded: LoadedConfig;
  configRel: string | undefined;
  named: string[];
}

export type DisplayPath = (cwd: string, absolute: string) => string;

/** Checks one selected file (without --fix): the loop body of `roo-devops check`. */
export function checkFile(job: Pick<WorkspaceJob, 'root' | 'cwd' | 'loaded' | 'configRel'>, named: ReadonlySet<string>, workspace: Repository, rel: string, display: DisplayPath): FileOutcome | undefined {
  const { root, cwd, loaded, configRel } = job;
  const candidate = workspace.mayHaveKind(rel) || rel === configRel;
  if (!candidate && !named.has(rel)) return undefined;
  if (rel === configRel && loaded.unreadable) return undefined;
  const outcome: FileOutcome = { rel, messages: [], unchecked: 0, skipped: 0, crashes: 0, configFindings: 0 };
  // The repository's parse of the file: the one other files' rules read too.
  const file = workspace.file(rel);
  if (!file) {
    const size = fileSize(join(root, rel));
    if (size !== undefined && size > (loaded.config.limits ?? DEFAULT_LIMITS).maxFileBytes) {
      // Not read at all: the finding says so, as the editor's does.
      const r = lintUnread(rel, size, loaded.config);
      if (r.findings.length) outcome.report = { text: '', findings: r.findings };
      outcome.skipped++;
      return outcome;
    }
    // Not of a checked kind after all, or not readable as text: the second must be said, and fails the gate —
    // except for a binary or huge file no rule would read anyway (`check $(git ls-files)` names the logo too).
    const read = readFileText(join(root, rel));
    if (read.skipped && (candidate || read.cause === 'access')) {
      outcome.unchecked++;
      outcome.messages.push(`not checked: ${display(cwd, join(root, rel))}: ${read.skipped}.`);
    }
    return outcome;
  }
  const r = lint(file, { config: loaded.config, workspace });
  for (const c of r.crashes) {
    outcome.crashes++;
    outcome.messages.push(`rule ${c.ruleId} failed on ${rel}: ${describeFailure(c.error)}`);
  }
  if (wasSkipped(r.findings)) outcome.skipped++;
  if (rel === configRel) outcome.configFindings += r.findings.length;
  if (r.findings.length) outcome.report = { text: file.text, findings: r.findings };
  return outcome;
}

/** The size of a regular file, or undefined (missing, a folder, unreadable). */
export function fileSize(path: string): number | undefined {
  try {
    const st = statSync(path);
    return st.isFile() ? st.size : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------- workers

const ROLE = 'roo-devops-check';
/** Below this many candidate files a check stays on the main thread: starting workers costs more. */
export const PARALLEL_MIN_FILES = 300;
/** Paths per batch handed to a worker. */
const BATCH = 48;

type ToWorker = { type: 'job'; job: WorkspaceJob } | { type: 'batch'; id: number; paths: string[] };
type FromWorker = { type: 'ready' } | { type: 'done'; id: number; outcomes: (FileOutcome | null)[] } | { type: 'failed'; error: string };

export function isCheckWorker(): boolean {
  return !isMainThread && (workerData as { role?: unknown } | null)?.role === ROLE;
}

/**
 * How many threads (the main one included) a check of `files` candidate files uses: 0 means the
 * main thread alone. Two when there are two cores or more and one of them is free (the load
 * average leaves a core): each thread parses what its own files' rules read (a folder's manifests,
 * the workspace's model), so two threads do 10–40% more CPU work than one on the 20,000-file
 * monorepo (the more, the more the two cores slow each other) and only win when a second core is
 * really there; they also hold two heaps (peak memory about 340 MB on one thread, 440 MB on two).
 * ROO_DEVOPS_CHECK_THREADS sets the number (0 or 1: the main thread alone). The output is the
 * same either way.
 */
export function checkThreads(files: number): number {
  const asked = process.env.ROO_DEVOPS_CHECK_THREADS;
  if (asked !== undefined && /^\d+$/.test(asked)) return Number(asked) <= 1 ? 0 : Math.min(Number(asked), 16);
  const cores = availableParallelism();
  return files >= PARALLEL_MIN_FILES && cores > 1 && loadavg()[0] <= cores - 1 ? 2 : 0;
}

/** The worker's side: one workspace job, then batches until the main thread ends it. */
export function runCheckWorker(ready: Promise<void>, display: DisplayPath): void {
  let state: { job: WorkspaceJob; named: Set<string>; workspace: Repository } | undefined;
  parentPort?.on('message', (message: ToWorker) => {
    void ready.then(() => {
      try {
        if (message.type === 'job') {
          const { job } = message;
          state = { job, named: new Set(job.named), workspace: workspaceView(job.paths, job.root, job.loaded.config.kinds) };
          parentPort?.postMessage({ type: 'ready' } satisfies FromWorker);
          return;
        }
        const s = state;
        if (!s) throw new Error('batch before job');
        const outcomes = message.paths.map((rel) => checkFile(s.job, s.named, s.workspace, rel, display) ?? null);
        parentPort?.postMessage({ type: 'done', id: message.id, outcomes } satisfies FromWorker);
      } catch (e) {
        parentPort?.postMessage({ type: 'failed', error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies FromWorker);
      }
    });
  });
}

/**
 * The thread group of a path for `planBatches`, from the kind its path gives (`byPath`, the
 * repository's: matched once per path): Terraform files (module calls are indexed across the
 * workspace) and files whose kind is read from their content (Kubernetes manifests,
 * CloudFormation and ARM templates, whose rules index every file of their kind). Undefined for
 * the rest, which any thread may check.
 */
export function indexedGroup(rel: string, byPath: FileKind | undefined): string | undefined {
  if (byPath === 'terraform') return 'terraform';
  return byPath === undefined && mayHaveContentKind(rel) ? 'by-content' : undefined;
}

/** One batch: positions in `rels` and their paths. */
interface Batch {
  at: number[];
  paths: string[];
}

/**
 * The batches of each thread (0 is the main thread) and those any thread may take. Files of a
 * group (`groupOf`) all go to one thread, groups spread by size: rules of some kinds index every
 * file of their kind in the workspace (Kubernetes resources, Terraform module calls), and a
 * thread that meets one file of such a kind parses them all — two threads sharing a kind parsed
 * it twice (about 40% more work on the 20,000-file monorepo). The other files, in contiguous
 * runs of the sorted paths (a folder's files, which read each other, stay together), are shared.
 */
export function planBatches(rels: readonly string[], threads: number, groupOf: (rel: string) => string | undefined = () => undefined): { own: Batch[][]; shared: Batch[] } {
  const own: Batch[][] = Array.from({ length: Math.max(1, threads) }, () => []);
  const shared: Batch[] = [];
  const groups = new Map<string, number[]>();
  let run: number[] = [];
  const flush = () => {
    if (run.length === 0) return;
    shared.push({ at: run, paths: run.map((i) => rels[i]) });
    run = [];
  };
  rels.forEach((rel, i) => {
    const group = groupOf(rel);
    if (group === undefined) {
      run.push(i);
      if (run.length === BATCH) flush();
      return;
    }
    let members = groups.get(group);
    if (!members) {
      members = [];
      groups.set(group, members);
    }
    members.push(i);
  });
  flush();
  const load = own.map(() => 0);
  for (const members of [...groups.values()].sort((a, b) => b.length - a.length)) {
    const thread = load.indexOf(Math.min(...load));
    load[thread] += members.length;
    for (let k = 0; k < members.length; k += BATCH) {
      const at = members.slice(k, k + BATCH);
      own[thread].push({ at, paths: at.map((i) => rels[i]) });
    }
  }
  return { own, shared };
}

/**
 * Checks `rels` (sorted) of one workspace on `threads` threads: the main thread (with `local`,
 * over its own repository) and `threads - 1` workers started from `script`, the batches planned
 * by `planBatches`. Resolves with the outcomes in the order of `rels` (undefined where a file is
 * not checked).
 */
export async function checkInWorkers(
  script: string,
  threads: number,
  job: WorkspaceJob,
  rels: readonly string[],
  local: (rel: string) => FileOutcome | undefined,
  groupOf?: (rel: string) => string | undefined,
): Promise<(FileOutcome | undefined)[]> {
  const { own, shared } = planBatches(rels, threads, groupOf);
  const take = (thread: number): Batch | undefined => own[thread].shift() ?? shared.shift();
  const results: (FileOutcome | undefined)[] = new Array(rels.length);
  const inFlight = new Map<number, Batch>();
  let nextId = 0;
  const workers: Worker[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const settle = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const feed = (worker: Worker, thread: number) => {
    if (failure) return;
    const batch = take(thread);
    if (!batch) return;
    const id = nextId++;
    inFlight.set(id, batch);
    worker.postMessage({ type: 'batch', id, paths: batch.paths } satisfies ToWorker);
  };
  for (let i = 0; i < Math.max(0, threads - 1); i++) {
    const thread = i + 1;
    const worker = new Worker(script, { workerData: { role: ROLE } });
    workers.push(worker);
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'ready') {
        // Two batches in flight, so the worker never waits for the main thread to hand out the next.
        feed(worker, thread);
        feed(worker, thread);
        return;
      }
      if (message.type === 'failed') failure ??= new Error(`a check worker failed: ${message.error}`);
      else {
        const b = inFlight.get(message.id);
        inFlight.delete(message.id);
        if (b) message.outcomes.forEach((o, k) => (results[b.at[k]] = o ?? undefined));
        feed(worker, thread);
      }
      settle();
    });
    worker.on('error', (error) => {
      failure ??= error instanceof Error ? error : new Error(String(error));
      settle();
    });
    worker.postMessage({ type: 'job', job } satisfies ToWorker);
  }
  try {
    // The main thread takes its own batches, then shared ones; between two, it lets the workers' messages in.
    for (let b = take(0); !failure && b; b = take(0)) {
      const batch = b;
      batch.paths.forEach((rel, k) => (results[batch.at[k]] = local(rel)));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    // What is left belongs to the workers (their groups, or shared batches they took): wait for it.
    while (!failure && (inFlight.size > 0 || own.some((q, t) => t > 0 && q.length > 0))) await new Promise<void>((resolve) => (wake = resolve));
    if (failure) throw failure;
    return results;
  } finally {
    for (const w of workers) void w.terminate();
  }
}
