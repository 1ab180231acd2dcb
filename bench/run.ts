/**
 * Engine benchmark (SPEC §4: numbers kept in bench/). Generates large inputs in
 * a temporary folder, times `lint()` over each (median of a few runs, each case
 * in its own process with a time limit) and the CLI over a mixed workspace, and
 * writes bench/RESULTS.md. Timing lives here, never in pass/fail tests.
 *
 * Usage:
 *   bun bench/run.ts                 all cases; writes bench/RESULTS.md (with the
 *                                    "before" column from bench/baseline.json)
 *   bun bench/run.ts --baseline      records the numbers as bench/baseline.json
 *   --runs N        timed runs per case (median reported; default 3)
 *   --timeout S     limit per case, in seconds (default 120)
 *   --only a,b      only these cases
 *
 * The CLI case runs `node dist/cli.js`; it is built first when missing
 * (`bun run build` otherwise keeps it current).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const REPO = join(import.meta.dir, '..');
const BASELINE = join(import.meta.dir, 'baseline.json');
const RESULTS = join(import.meta.dir, 'RESULTS.md');

interface CaseSpec {
  name: string;
  what: string;
  /** Folder (under the generated root) whose files are linted, or the CLI runs over. */
  dir: string;
  cli?: boolean;
  /** Index the workspace, then time the re-lint after this file changes. */
  relint?: string;
  /** The change made to that file (undone on every other run). */
  edit?: (text: string) => string;
}

const CASES: CaseSpec[] = [
  { name: 'gha-workflow-2mb', what: 'GitHub workflow, 2 MB: 10,000+ jobs, each with `npm ci` / `npm test` steps (a third set up Bun)', dir: 'gha' },
  { name: 'gha-one-line-1mb', what: 'GitHub workflow, one 1 MB `run: npm ci && npm ci && …` line (since the per-file limits, turned away by `limits.maxLineLength` with one `engine/limits` finding)', dir: 'gha-one-line' },
  { name: 'gitlab-5000-jobs', what: 'GitLab CI, 5,000 jobs with a `<<: *anchor` merge and 8-way `extends:` lists over 40 templates (one cycle)', dir: 'gitlab' },
  { name: 'dockerfile-50k', what: 'Dockerfile, 50,000 lines: 50 stages of `RUN npm ci`', dir: 'docker' },
  { name: 'go-folder-8000', what: 'one folder of 8,000 `.go` files, each linted with the workspace listing', dir: 'go' },
  { name: 'workspace-5000', what: 'mixed workspace, 5,000 files (workflows, Dockerfiles, package.json, Makefiles, Go, Python, docs), every file linted', dir: 'workspace' },
  { name: 'cli-workspace-5000', what: '`node dist/cli.js check <workspace-5000> --format json`, wall time', dir: 'workspace', cli: true },
  {
    name: 'relint-root-manifest',
    what: 'workspace-5000 with a root `package.json`, indexed through the repository; then the root `package.json` gains or loses its dependencies (which every pipeline\'s install check reads): the time to re-lint what read it (files = how many were re-linted: itself and the 500 workflows)',
    dir: 'workspace',
    relint: 'package.json',
    edit: (text) => text.replace(/,\n  "devDependencies": \{[^}]*\}/, ''),
  },
  {
    name: 'relint-service-manifest',
    what: 'the same indexed workspace; one service\'s `package.json` gets a description, which changes no fact another file reads: re-lint time and files re-linted (the file itself)',
    dir: 'workspace',
    relint: 'svc000/package.json',
    edit: (text) => text.replace('"name"', '"description": "changed",\n  "name"'),
  },
];

// ---------------------------------------------------------------- inputs

function write(root: string, rel: string, text: string): void {
  const path = join(root, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

function generate(root: string): void {
  // 2 MB workflow of many jobs.
  {
    const parts = ['name: big\non: push\njobs:\n'];
    let size = parts[0].length;
    for (let i = 0; size < 2 * 1024 * 1024; i++) {
      const job =
        `  job${i}:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n` +
        (i % 3 === 0 ? '      - uses: oven-sh/setup-bun@v2\n' : '') +
        '      - run: npm ci\n      - run: npm test && npm run build\n';
      parts.push(job);
      size += job.length;
    }
    write(root, 'gha/.github/workflows/big.yml', parts.join(''));
  }
  // One 1 MB line of commands.
  {
    const n = Math.ceil((1024 * 1024) / 'npm ci && '.length);
    write(root, 'gha-one-line/.github/workflows/one.yml', `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${Array(n).fill('npm ci').join(' && ')}\n`);
  }
  // GitLab CI: anchors, templates with 8-way extends, 5,000 jobs.
  {
    const out = ['stages: [build, test]\n\n.base: &base\n  image: node:20\n  before_script:\n    - npm ci\n\n'];
    const T = 40;
    for (let t = 0; t < T; t++) {
      const parents = Array.from({ length: 8 }, (_, k) => t + 1 + k).filter((p) => p < T);
      // One cycle: the last template extends the first.
      if (t === T - 1) parents.push(0);
      out.push(`.t${t}:\n`);
      if (parents.length) out.push(`  extends: [${parents.map((p) => `.t${p}`).join(', ')}]\n`);
      if (t === T - 2) out.push('  cache:\n    key: { files: [package-lock.json] }\n    paths: [node_modules/]\n');
      out.push('  variables:\n    T: "x"\n\n');
    }
    for (let i = 0; i < 5000; i++) {
      out.push(`job${i}:\n  <<: *base\n  stage: test\n  extends: [.t${i % T}, .t${(i * 7) % T}]\n  script:\n    - npm test\n    - npx eslint .\n\n`);
    }
    write(root, 'gitlab/.gitlab-ci.yml', out.join(''));
  }
  // 50,000-line Dockerfile.
  {
    const out: string[] = [];
    for (let s = 0; s < 50; s++) {
      out.push(s % 2 === 0 ? `FROM node:20 AS s${s}` : `FROM oven/bun:1 AS s${s}`);
      for (let i = 1; i < 1000; i++) out.push('RUN npm ci');
    }
    write(root, 'docker/Dockerfile', `${out.join('\n')}\n`);
  }
  // One folder of 8,000 Go files.
  for (let i = 0; i < 8000; i++) write(root, `go/pkg/f${String(i).padStart(5, '0')}.go`, 'package pkg\n\nfunc F() {}\n');
  // Mixed workspace: 500 folders of 10 files.
  for (let d = 0; d < 500; d++) {
    const base = `workspace/svc${String(d).padStart(3, '0')}`;
    write(root, `${base}/Dockerfile`, `FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", "index.js"]\n`);
    write(root, `${base}/package.json`, `{\n  "name": "svc${d}",\n  "scripts": { "build": "tsc", "test": "npx jest" }\n}\n`);
    write(root, `${base}/Makefile`, 'build:\n\tnpm ci\n\tnpm run build\n');
    write(root, `${base}/main.go`, 'package main\n\nfunc main() {}\n');
    write(root, `${base}/util.go`, 'package main\n');
    write(root, `${base}/requirements.txt`, 'requests==2.32.0\n');
    write(root, `${base}/setup.sh`, '#!/bin/sh\npip install -r requirements.txt\nnpm install\n');
    write(root, `${base}/README.md`, `# svc${d}\n\n\`\`\`sh\nnpm ci\n\`\`\`\n`);
    write(root, `${base}/index.ts`, 'export {};\n');
    write(root, `workspace/.github/workflows/w${String(d).padStart(3, '0')}.yml`, `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci\n      - run: npm test\n`);
  }
}

// ---------------------------------------------------------------- one case, in a child process

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function runCase(spec: CaseSpec, root: string, runs: number): Promise<{ times: number[]; files: number; findings: number }> {
  const dir = join(root, spec.dir);
  if (spec.cli) {
    const times: number[] = [];
    const devNull = openSync('/dev/null', 'w');
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      const res = spawnSync('node', [join(REPO, 'dist/cli.js'), 'check', dir, '--format', 'json'], { stdio: ['ignore', devNull, 'pipe'] });
      times.push(performance.now() - t0);
      if (res.status !== 0 && res.status !== 1) throw new Error(`cli exited ${res.status}: ${res.stderr}`);
    }
    return { times, files: 0, findings: -1 };
  }
  const { lint } = await import('../server/src/core/engine');
  const { listFiles, readText, workspaceView } = await import('../server/src/node/workspace');
  if (spec.relint) {
    const changed = spec.relint;
    // A root package.json that declares dependencies and a build script: every pipeline reads it.
    write(dir, 'package.json', '{\n  "name": "mono",\n  "scripts": { "build": "tsc -b" },\n  "devDependencies": { "typescript": "^5.6.0" }\n}\n');
    const paths = listFiles(dir);
    const repo = workspaceView(paths, dir);
    const { RepositoryLinter } = await import('../server/src/core/linter');
    const { DEFAULT_CONFIG } = await import('../server/src/core/config');
    const linter = new RepositoryLinter(repo);
    // As the language server does: each file's last result kept, only the rules whose reads changed run again.
    const lintPath = (p: string) => linter.lint(p, DEFAULT_CONFIG)?.findings.length ?? 0;
    // The initial index, as the language server's first scan does it.
    for (const p of paths) lintPath(p);
    const original = readFileSync(join(dir, changed), 'utf8');
    const times: number[] = [];
    let files = 0;
    let findings = 0;
    for (let r = 0; r < runs; r++) {
      write(dir, changed, r % 2 === 0 ? (spec.edit ?? ((t) => t))(original) : original);
      const t0 = performance.now();
      const readers = repo.apply([{ path: changed, type: 'changed' }]);
      readers.add(changed);
      findings = 0;
      for (const p of readers) findings += lintPath(p);
      times.push(performance.now() - t0);
      files = readers.size;
    }
    return { times, files, findings };
  }
  const paths = listFiles(dir);
  const texts = paths.map((p) => readText(join(dir, p)) ?? '');
  const times: number[] = [];
  let findings = 0;
  for (let r = 0; r < runs; r++) {
    // A fresh view each run, as a fresh CLI run would have.
    const workspace = workspaceView(paths, dir);
    findings = 0;
    const t0 = performance.now();
    for (let i = 0; i < paths.length; i++) findings += lint({ path: paths[i], text: texts[i] }, { workspace }).findings.length;
    times.push(performance.now() - t0);
  }
  return { times, files: paths.length, findings };
}

// ---------------------------------------------------------------- driver

interface CaseResult {
  name: string;
  /** Median milliseconds, or undefined when the case hit the time limit. */
  ms: number | undefined;
  runs: number;
  timeoutS: number;
  files: number;
  findings: number;
}

interface Report {
  date: string;
  commit: string;
  command: string;
  nproc: number;
  cpu: string;
  node: string;
  bun: string;
  results: CaseResult[];
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
}

function sh(cmd: string, args: string[]): string {
  return spawnSync(cmd, args, { cwd: REPO, encoding: 'utf8' }).stdout?.trim() ?? '';
}

function fmt(ms: number | undefined, timeoutS: number): string {
  if (ms === undefined) return `> ${timeoutS} s (stopped)`;
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

function render(after: Report, before: Report | undefined): string {
  const lines = [
    '# Engine benchmark',
    '',
    'Generated by `bench/run.ts`; inputs are generated in a temporary folder on each run. Each `lint()` case',
    'runs in its own process (Bun, engine sources); the figure is the median over the timed runs. The CLI case',
    'is the wall time of `node dist/cli.js check <dir> --format json` (startup, file walk, reading, linting, output).',
    '',
    `- Command: \`${after.command}\``,
    `- Date: ${after.date} (HEAD ${after.commit}, working tree as it was)`,
    `- Machine: nproc ${after.nproc}, ${after.cpu}; node ${after.node}, bun ${after.bun}`,
  ];
  if (before) lines.push(`- Before: ${before.date} (HEAD ${before.commit}, before the fixes), \`${before.command}\` (same machine)`);
  lines.push('', before ? '| case | files | before | after | findings |' : '| case | files | time | findings |', before ? '|---|---:|---:|---:|---:|' : '|---|---:|---:|---:|');
  for (const r of after.results) {
    const b = before?.results.find((x) => x.name === r.name);
    const findings = r.findings < 0 ? '' : String(r.findings);
    const cells = before ? [r.name, r.files || '', b ? fmt(b.ms, b.timeoutS) : '', fmt(r.ms, r.timeoutS), findings] : [r.name, r.files || '', fmt(r.ms, r.timeoutS), findings];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  lines.push('', '## Cases', '');
  for (const c of CASES) lines.push(`- \`${c.name}\`: ${c.what}.`);
  if (before) {
    lines.push('', 'The "before" runs used one timed run per case and a time limit; "stopped" means the case was killed at that limit.');
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const child = arg('--case');
  if (child) {
    const spec = CASES.find((c) => c.name === child);
    if (!spec) throw new Error(`unknown case ${child}`);
    const out = await runCase(spec, arg('--root') ?? '', Number(arg('--runs') ?? 3));
    console.log(JSON.stringify(out));
    return;
  }
  const runs = Number(arg('--runs') ?? 3);
  const timeoutS = Number(arg('--timeout') ?? 120);
  const only = arg('--only')?.split(',');
  const baseline = process.argv.includes('--baseline');
  const command = `bun bench/run.ts${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}`;

  if (!existsSync(join(REPO, 'dist/cli.js'))) spawnSync('bun', ['run', 'build'], { cwd: REPO, stdio: 'inherit' });
  const root = mkdtempSync(join(tmpdir(), 'roo-devops-bench-'));
  try {
    process.stderr.write(`generating inputs in ${root}\n`);
    generate(root);
    const results: CaseResult[] = [];
    for (const spec of CASES) {
      if (only && !only.includes(spec.name)) continue;
      process.stderr.write(`${spec.name} … `);
      const res = spawnSync('bun', [import.meta.path, '--case', spec.name, '--root', root, '--runs', String(runs)], {
        cwd: REPO,
        encoding: 'utf8',
        timeout: timeoutS * 1000,
        killSignal: 'SIGKILL',
        maxBuffer: 16 * 1024 * 1024,
      });
      let result: CaseResult;
      if (res.status === 0) {
        const out = JSON.parse(res.stdout.trim().split('\n').at(-1) ?? '{}') as { times: number[]; files: number; findings: number };
        result = { name: spec.name, ms: median(out.times), runs, timeoutS, files: out.files, findings: out.findings };
      } else if (res.error || res.signal) {
        result = { name: spec.name, ms: undefined, runs, timeoutS, files: 0, findings: -1 };
      } else {
        throw new Error(`${spec.name} failed:\n${res.stderr}`);
      }
      process.stderr.write(`${fmt(result.ms, timeoutS)}\n`);
      results.push(result);
    }
    const report: Report = {
      date: new Date().toISOString(),
      commit: sh('git', ['rev-parse', '--short', 'HEAD']),
      command,
      nproc: availableParallelism(),
      cpu: cpus()[0]?.model ?? 'unknown CPU',
      node: sh('node', ['--version']),
      bun: Bun.version,
      results,
    };
    if (baseline) {
      writeFileSync(BASELINE, `${JSON.stringify(report, null, 2)}\n`);
      process.stderr.write(`wrote ${BASELINE}\n`);
    } else {
      const before = existsSync(BASELINE) ? (JSON.parse(readFileSync(BASELINE, 'utf8')) as Report) : undefined;
      // The language-server section is written by bench/lsp-latency.ts; keep it.
      const previous = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '';
      const lsp = /<!-- lsp-latency -->[\s\S]*<!-- \/lsp-latency -->/.exec(previous)?.[0];
      writeFileSync(RESULTS, lsp ? `${render(report, before).trimEnd()}\n\n${lsp}\n` : render(report, before));
      process.stderr.write(`wrote ${RESULTS}\n`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
