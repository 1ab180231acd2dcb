/**
 * GitHub Actions validation: this product (every `github-actions/*` rule on the
 * file, through the engine's `lint`) against `@actions/languageservice`'s
 * `validate()` (GitHub's own editor validation, offline: no action metadata,
 * no repository contexts) on the same texts, in one run, after warm-up.
 *
 * The workflows are generated here from a seed (nothing is downloaded), in three
 * sizes, in the shapes real projects use: matrices, job outputs read through
 * `needs`, variables written to `$GITHUB_ENV` and read as `env.X`, outputs of
 * jobs that call reusable workflows, `if:` expressions. Every generated workflow
 * is valid, so every finding either tool raises on them is a false one. The
 * valid-pipelines suite (real-shaped repositories, also all valid) is counted too.
 *
 * Usage: bun bench/github-actions.ts [--runs N] [--seed S] [--no-write]
 * Appends or replaces the "GitHub Actions validation" section of bench/RESULTS.md.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join, relative } from 'node:path';
import { validate } from '@actions/languageservice';
import { clearCache } from '@actions/languageservice/utils/workflow-cache';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_CONFIG, type ResolvedConfig } from '../server/src/core/config';
import { lint } from '../server/src/core/engine';
import { RULES } from '../server/src/core/rules';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const RUNS = flag('--runs', 30);
const SEED = flag('--seed', 7);
const WRITE = !args.includes('--no-write');
const REPO = join(import.meta.dir, '..');

/** Only the GitHub Actions rules: what both tools check. */
const CONFIG: ResolvedConfig = {
  ...DEFAULT_CONFIG,
  rules: Object.fromEntries(RULES.filter((r) => !r.id.startsWith('github-actions/')).map((r) => [r.id, { severity: 'off' as const }])),
};

// ------------------------------------------------------------------ generation

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OS = ['ubuntu-latest', 'macos-latest', 'windows-latest'];
const TOOLS = ['bun test', 'bun run build', 'make lint', 'go test ./...', 'cargo test --locked', 'poetry run pytest'];

/** A valid workflow of about `jobs` jobs; each job reads what earlier ones produce. */
function workflow(random: () => number, jobs: number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const out = [
    `name: generated-${jobs}`,
    'on:',
    '  push:',
    '    branches: [main]',
    "    paths-ignore: ['docs/**']",
    '  pull_request:',
    '  workflow_dispatch:',
    '    inputs:',
    '      level:',
    '        type: choice',
    '        options: [info, debug]',
    'permissions:',
    '  contents: read',
    'concurrency:',
    '  group: ci-${{ github.ref }}',
    '  cancel-in-progress: true',
    'jobs:',
  ];
  const names: string[] = [];
  for (let j = 0; j < jobs; j++) {
    const id = `job${j}`;
    const kind = j > 0 && random() < 0.15 ? 'reusable' : 'steps';
    const needs = names.length > 0 ? [pick(names)] : [];
    out.push(`  ${id}:`);
    if (needs.length) out.push(`    needs: [${needs.join(', ')}]`);
    if (kind === 'reusable') {
      // Outputs of a workflow in another repository: neither tool can see them.
      out.push('    uses: octo-org/shared/.github/workflows/build.yml@v1', '    with:', `      target: ${id}`, '    secrets: inherit');
      names.push(id);
      continue;
    }
    const need = needs[0];
    out.push(
      `    if: \${{ !cancelled() && github.event_name != 'schedule' }}`,
      '    runs-on: ${{ matrix.os }}',
      '    timeout-minutes: 30',
      '    strategy:',
      '      fail-fast: false',
      '      matrix:',
      `        os: [${OS.slice(0, 1 + Math.floor(random() * 3)).join(', ')}]`,
      "        version: ['1.0', '2.0']",
      '        include:',
      `          - os: ${pick(OS)}`,
      '            experimental: true',
      '    env:',
      `      LEVEL: \${{ inputs.level || 'info' }}`,
      '    outputs:',
      '      version: ${{ steps.meta.outputs.version }}',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - id: meta',
      '        run: |',
      '          echo "version=1.${{ github.run_number }}" >> "$GITHUB_OUTPUT"',
      '          echo "BUILD_ID=${{ github.run_id }}-${{ matrix.os }}" >> "$GITHUB_ENV"',
      '      - uses: actions/cache@v4',
      '        with:',
      '          path: ~/.cache',
      "          key: ${{ runner.os }}-${{ hashFiles('**/bun.lock') }}",
    );
    const steps = 2 + Math.floor(random() * 6);
    for (let s = 0; s < steps; s++) {
      out.push(`      - name: step ${s}`, `        run: ${pick(TOOLS)} --build "\${{ env.BUILD_ID }}"`);
      if (random() < 0.4) out.push("        if: steps.meta.outputs.version != '' && env.BUILD_ID != ''");
      if (need && random() < 0.5) out.push('        env:', `          UPSTREAM: \${{ needs.${need}.outputs.version }}`);
    }
    out.push('      - if: ${{ failure() }}', '        run: echo "${{ toJSON(matrix) }}"');
    names.push(id);
  }
  return `${out.join('\n')}\n`;
}

// ------------------------------------------------------------------ measuring

interface Measured {
  median: number;
  p95: number;
  findings: number;
}

function stats(times: number[]): { median: number; p95: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], p95: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] };
}

let uri = 0;
async function languageService(text: string): Promise<number> {
  // A fresh URI each time, so that its per-document cache never answers for the parse.
  const diagnostics = await validate(TextDocument.create(`file:///bench/w${uri++}/.github/workflows/ci.yml`, 'yaml', 1, text));
  clearCache();
  return diagnostics.length;
}

function product(text: string, path = '.github/workflows/ci.yml'): number {
  return lint({ path, text }, { config: CONFIG }).findings.length;
}

/**
 * Both tools timed in alternation, each call after a full garbage collection
 * that is not timed: on a shared machine whose load varies, both see the same
 * conditions, and neither pays for the other's garbage.
 */
async function measurePair(a: () => unknown, b: () => unknown): Promise<[{ median: number; p95: number }, { median: number; p95: number }]> {
  for (let i = 0; i < 10; i++) {
    await a();
    await b();
  }
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    for (const [f, times] of [[a, ta], [b, tb]] as const) {
      Bun.gc(true);
      const t = performance.now();
      await f();
      times.push(performance.now() - t);
    }
  }
  return [stats(ta), stats(tb)];
}

const random = rng(SEED);
const cases = [
  { name: 'small', jobs: 2 },
  { name: 'typical', jobs: 6 },
  { name: 'large', jobs: 36 },
].map((c) => ({ ...c, text: workflow(random, c.jobs) }));

const rows: string[] = [];
for (const c of cases) {
  const lines = c.text.split('\n').length - 1;
  const [ourTimes, theirTimes] = await measurePair(() => product(c.text), () => languageService(c.text));
  const ours: Measured = { ...ourTimes, findings: product(c.text) };
  const theirs: Measured = { ...theirTimes, findings: await languageService(c.text) };
  const ratio = theirs.median / ours.median;
  rows.push(
    `| ${c.name} | ${lines} | ${ours.median.toFixed(2)} ms | ${ours.p95.toFixed(2)} ms | ${theirs.median.toFixed(2)} ms | ${theirs.p95.toFixed(2)} ms | ${ratio.toFixed(1)}× | ${ours.findings} | ${theirs.findings} |`,
  );
  console.log(rows[rows.length - 1]);
}

// The valid-pipelines suite: real-shaped repositories, every file valid.
const suite = join(REPO, 'test', 'valid-pipelines', 'github-actions');
const files: string[] = [];
const walk = (dir: string) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.ya?ml$/.test(name) && (/\/\.github\/workflows\//.test(p) || /^action\.ya?ml$/.test(name))) files.push(p);
  }
};
walk(suite);
let suiteOurs = 0;
let suiteTheirs = 0;
let suiteTheirsFiles = 0;
for (const p of files) {
  const text = readFileSync(p, 'utf8');
  const rel = relative(join(suite, relative(suite, p).split('/')[0]), p);
  suiteOurs += product(text, rel);
  const n = (await validate(TextDocument.create(`file:///suite/${relative(suite, p)}`, 'yaml', 1, text))).length;
  suiteTheirs += n;
  if (n > 0) suiteTheirsFiles++;
}
clearCache();
const suiteLine = `valid-pipelines/github-actions: ${files.length} valid workflow and action files; findings: this product ${suiteOurs}, @actions/languageservice ${suiteTheirs} (in ${suiteTheirsFiles} files).`;
console.log(suiteLine);

if (WRITE) {
  const head = (() => {
    try {
      return Bun.spawnSync(['git', 'rev-parse', '--short', 'HEAD'], { cwd: REPO }).stdout.toString().trim();
    } catch {
      return 'unknown';
    }
  })();
  const section = [
    '<!-- github-actions -->',
    '## GitHub Actions validation against @actions/languageservice',
    '',
    'Generated by `bench/github-actions.ts`: seeded, generated workflows (all valid, so every finding is a false one), each',
    "validated by this product (every `github-actions/*` rule through the engine's `lint`, a fresh parse each time) and by",
    "`@actions/languageservice` 0.3.61 `validate()` (offline, its cache cleared each time), in one Bun process after warm-up, the two timed in alternation, each call after an untimed full garbage collection.",
    '',
    `- Command: \`bun bench/github-actions.ts --runs ${RUNS} --seed ${SEED}\``,
    `- Date: ${new Date().toISOString()} (HEAD ${head}, working tree as it was)`,
    `- Machine: nproc ${availableParallelism()}, ${cpus()[0]?.model ?? 'unknown CPU'}; bun ${Bun.version}`,
    '',
    '| workflow | lines | ours median | ours p95 | languageservice median | languageservice p95 | ratio | our findings | its findings |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    `- ${suiteLine}`,
    '<!-- /github-actions -->',
  ].join('\n');
  const path = join(import.meta.dir, 'RESULTS.md');
  const current = readFileSync(path, 'utf8');
  const re = /<!-- github-actions -->[\s\S]*?<!-- \/github-actions -->/;
  writeFileSync(path, re.test(current) ? current.replace(re, section) : `${current.trimEnd()}\n\n${section}\n`);
  console.log('bench/RESULTS.md updated');
}
