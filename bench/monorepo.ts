/**
 * The CLI on the seeded monorepo of `bench/inputs.ts` (2/5 of its files of a
 * checked kind), at 2,000 and 20,000 files: wall time, CPU time (user + system:
 * above the wall time means more than one core worked) and peak memory (the
 * child's maxRSS) of `node dist/cli.js check <root> --format json`, output to
 * /dev/null. Then re-validation in an indexed workspace: the repository linter
 * (what the language server keeps) lints every file once, then one file changes
 * and only the files whose rules read it are linted again — how many, how long.
 *
 *   bun bench/monorepo.ts [--quick]   (needs `bun run build`); prints `BENCH_RESULT {json}`
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DEFAULT_CONFIG } from '../server/src/core/config';
import { detectKind } from '../server/src/core/detect';
import { RepositoryLinter } from '../server/src/core/linter';
import { loadHclParser } from '../server/src/core/parse/hcl';
import { listFiles, workspaceView } from '../server/src/node/workspace';
import { monorepo } from './inputs';
import { emitResult, percentile } from './support';

const QUICK = process.argv.includes('--quick');
const REPO = join(import.meta.dir, '..');
const SEED = 5;

export interface CliRow {
  files: number;
  checked: number;
  wall: number;
  cpu: number;
  maxRssMb: number;
  findings: number;
  runs: number;
  /**
   * Threads the CLI used, forced with ROO_DEVOPS_CHECK_THREADS so that the figure does not hang on
   * the load average when the run starts (the CLI's own choice): "2" (the main thread and a worker),
   * "1" (the main thread alone).
   */
  threads: '2' | '1';
}

export interface RelintRow {
  change: string;
  relinted: number;
  median: number;
  p95: number;
}

function writeTree(root: string, files: Map<string, string>): number {
  let checked = 0;
  for (const [rel, text] of files) {
    const path = join(root, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    if (detectKind(rel, text)) checked++;
  }
  return checked;
}

function cli(root: string, threads: '2' | '1'): { wall: number; cpu: number; maxRss: number; findings: number } {
  const t0 = performance.now();
  const env = { ...process.env, ROO_DEVOPS_CHECK_THREADS: threads === '1' ? '0' : '2' };
  const res = Bun.spawnSync(['node', join(REPO, 'dist/cli.js'), 'check', root, '--format', 'json'], { cwd: root, stdout: 'pipe', stderr: 'pipe', env });
  const wall = performance.now() - t0;
  if (res.exitCode !== 0 && res.exitCode !== 1) throw new Error(`cli exited ${res.exitCode}: ${res.stderr.toString().slice(0, 2000)}`);
  // `--format json` is one array of findings.
  const findings = (JSON.parse(res.stdout.toString()) as unknown[]).length;
  const usage = res.resourceUsage;
  return { wall, cpu: Number(usage?.cpuTime.total ?? 0n) / 1000, maxRss: usage?.maxRSS ?? 0, findings };
}

const cliRows: CliRow[] = [];
let relintRows: RelintRow[] = [];
let indexMs = 0;
let indexed = 0;
const base = mkdtempSync(join(tmpdir(), 'roo-devops-bench-mono-'));
try {
  for (const total of [2_000, 20_000]) {
    const root = join(base, `mono-${total}`);
    const files = monorepo(total, SEED);
    const checked = writeTree(root, files);
    // The files were just written: the page cache is warm. The main thread alone too, to show what the threads bring.
    for (const threads of ['2', '1'] as const) {
      const runs = QUICK || threads === '1' ? 1 : 3;
      const results = [];
      for (let i = 0; i < runs; i++) results.push(cli(root, threads));
      results.sort((a, b) => a.wall - b.wall);
      const mid = results[Math.floor(results.length / 2)];
      const row: CliRow = { files: total, checked, wall: mid.wall, cpu: mid.cpu, maxRssMb: Math.max(...results.map((r) => r.maxRss)) / 1024 / 1024, findings: mid.findings, runs, threads };
      cliRows.push(row);
      console.error(`cli ${total} files (${checked} checked), threads ${threads}: wall ${(row.wall / 1000).toFixed(2)} s, cpu ${(row.cpu / 1000).toFixed(2)} s, maxRSS ${row.maxRssMb.toFixed(0)} MB, ${row.findings} findings`);
    }
  }

  // ---- re-validation after one change, in the indexed 20,000-file workspace.
  await loadHclParser();
  const root = join(base, 'mono-20000');
  const paths = listFiles(root);
  const repo = workspaceView(paths, root);
  const linter = new RepositoryLinter(repo);
  const t0 = performance.now();
  for (const p of paths) if (linter.lint(p, DEFAULT_CONFIG)) indexed++;
  indexMs = performance.now() - t0;
  console.error(`index: ${indexed} files linted in ${(indexMs / 1000).toFixed(2)} s`);
  const changes: { change: string; path: string; edit: (t: string) => string }[] = [
    { change: 'a service Dockerfile: one instruction added', path: 'services/svc-0007/Dockerfile', edit: (t) => `${t}LABEL bench="changed"\n` },
    { change: 'a service package.json: a description added', path: 'services/svc-0007/package.json', edit: (t) => t.replace('"name"', '"description": "changed",\n  "name"') },
    { change: 'a service workflow: a step added', path: 'services/svc-0007/.github/workflows/ci.yml', edit: (t) => `${t}      - run: bun test --changed\n` },
    { change: 'the root package.json: devDependencies removed', path: 'package.json', edit: (t) => t.replace(/,\n {2}"devDependencies": \{[^}]*\}/, '') },
  ];
  relintRows = changes.map(({ change, path, edit }) => {
    const original = readFileSync(join(root, path), 'utf8');
    const times: number[] = [];
    let relinted = 0;
    const runs = QUICK ? 4 : 20;
    for (let r = 0; r < runs; r++) {
      writeFileSync(join(root, path), r % 2 === 0 ? edit(original) : original);
      const t = performance.now();
      const readers = repo.apply([{ path, type: 'changed' }]);
      readers.add(path);
      for (const p of readers) linter.lint(p, DEFAULT_CONFIG);
      times.push(performance.now() - t);
      relinted = readers.size;
    }
    writeFileSync(join(root, path), original);
    times.sort((a, b) => a - b);
    const row = { change, relinted, median: percentile(times, 50), p95: percentile(times, 95) };
    console.error(`relint after ${change}: ${relinted} file(s), ${row.median.toFixed(1)} / ${row.p95.toFixed(1)} ms`);
    return row;
  });
} finally {
  rmSync(base, { recursive: true, force: true });
}
emitResult({ cli: cliRows, index: { files: indexed, ms: indexMs }, relint: relintRows });
