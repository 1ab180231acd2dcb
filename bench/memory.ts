/**
 * Peak memory of the CLI on one large file, per output format (issue 7, case 7:
 * the bar is 400 MB in every format). Generates the inputs in a temporary folder,
 * runs `/usr/bin/time -v node dist/cli.js check <dir> --format <f>` for each, reads
 * "Maximum resident set size", and writes the table between the `<!-- memory -->`
 * markers of bench/RESULTS.md.
 *
 * Usage: bun bench/memory.ts [--only a,b]   (run `bun run build` first)
 * Needs GNU time at /usr/bin/time (Debian/Ubuntu package `time`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const REPO = join(import.meta.dir, '..');
const RESULTS = join(import.meta.dir, 'RESULTS.md');
const CLI = join(REPO, 'dist', 'cli.js');
const LIMIT = 5 * 1024 * 1024;
const FORMATS = ['text', 'json', 'sarif'] as const;

/** Repeats `unit(i)` after `head` until the text is as close to `bytes` as a whole unit allows (ASCII only). */
function fill(head: string, unit: (i: number) => string, bytes: number): string {
  const parts = [head];
  let size = head.length;
  for (let i = 0; ; i++) {
    const u = unit(i);
    if (size + u.length > bytes) break;
    parts.push(u);
    size += u.length;
  }
  return parts.join('');
}

interface Input {
  name: string;
  what: string;
  path: string;
  text: () => string;
}

/** Tokens as the engine's `limits.maxNodes` counts them (see countTokens in server/src/core/engine.ts). */
function tokens(text: string): number {
  return text.split(/[\x00-\x20,:[\]{}=;|&]+/).filter(Boolean).length;
}

/** Repeats `unit(i)` after `head` while the text stays under `maxTokens` tokens (and 5 MB). */
function fillTokens(head: string, unit: (i: number) => string, maxTokens: number): string {
  const parts = [head];
  let count = tokens(head);
  let size = head.length;
  for (let i = 0; ; i++) {
    const u = unit(i);
    const n = tokens(u);
    if (count + n > maxTokens || size + u.length > LIMIT) break;
    parts.push(u);
    count += n;
    size += u.length;
  }
  return parts.join('');
}

const MAX_NODES = 300_000;

const INPUTS: Input[] = [
  {
    name: 'workflow-just-under-5mb',
    what: 'GitHub workflow just under 5 MB: one job per 4 lines, each step `npm ci && npm test && yarn && pnpm i` (about 230,000 findings before the cap; about 225,000 lines, over the line limit)',
    path: '.github/workflows/ci.yml',
    text: () => fill('on: push\njobs:\n', (i) => `  j${i}:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm ci && npm test && yarn && pnpm i\n`, LIMIT - 1),
  },
  {
    name: 'workflow-one-step-5mb',
    what: 'GitHub workflow just under 5 MB: one `run: |` block of `npm ci && yarn add left-pad` lines',
    path: '.github/workflows/block.yml',
    text: () => fill('on: push\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n', () => '          npm ci && yarn add left-pad\n', LIMIT - 1),
  },
  {
    name: 'dockerfile-just-under-5mb',
    what: 'Dockerfile just under 5 MB: `FROM node:20` then `RUN npm ci && npm run build` lines',
    path: 'Dockerfile',
    text: () => fill('FROM node:20\n', () => 'RUN npm ci && npm run build\n', LIMIT - 1),
  },
  {
    name: 'workflow-5mb-under-line-limit',
    what: 'GitHub workflow just under 5 MB and under the 100,000-line limit, so it is parsed and linted in full: one flow-style job a line (about 29,000 jobs, each step `npm ci && npm test`)',
    path: '.github/workflows/flow.yml',
    text: () =>
      fill(
        'on: push\njobs:\n',
        (i) => `  job${i}: { runs-on: ubuntu-latest, steps: [ { name: "install and test service ${i}", run: "npm ci && npm test && echo building the service number ${i} of the fleet" } ] }\n`,
        LIMIT - 1,
      ),
  },
  {
    name: 'dockerfile-5mb-under-line-limit',
    what: 'Dockerfile just under 5 MB and under the line limit: `FROM node:20` then long `RUN` lines of several commands (about 60,000 lines)',
    path: 'Dockerfile',
    text: () => fill('FROM node:20\n', (i) => `RUN npm ci && npm run build && echo "step ${i} of the very long generated build" && true\n`, LIMIT - 1),
  },
  {
    name: 'workflow-just-under-node-limit',
    what: 'the flow-style workflow cut just under the 300,000-token limit (`limits.maxNodes`): the largest of its shape that is parsed and linted',
    path: '.github/workflows/flow.yml',
    text: () =>
      fillTokens(
        'on: push\njobs:\n',
        (i) => `  job${i}: { runs-on: ubuntu-latest, steps: [ { name: "install and test service ${i}", run: "npm ci && npm test && echo building the service number ${i} of the fleet" } ] }\n`,
        MAX_NODES,
      ),
  },
  {
    name: 'dockerfile-just-under-node-limit',
    what: 'the long-RUN Dockerfile cut just under the token limit',
    path: 'Dockerfile',
    text: () => fillTokens('FROM node:20\n', (i) => `RUN npm ci && npm run build && echo "step ${i} of the very long generated build" && true\n`, MAX_NODES),
  },
  {
    name: 'yaml-flow-lists-under-node-limit',
    what: 'YAML of the most nodes per byte: lines of flow lists of one-letter items (`- [a, a, a, …]`), just under the token limit',
    path: '.github/workflows/lists.yml',
    text: () => fillTokens('on: push\nenv:\n  L:\n', () => `    - [${Array(1000).fill('a').join(',')}]\n`, MAX_NODES),
  },
  {
    name: 'workflow-over-5mb',
    what: 'the first workflow with one more job: over the 5 MB limit',
    path: '.github/workflows/ci.yml',
    text: () => fill('on: push\njobs:\n', (i) => `  j${i}:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm ci && npm test && yarn && pnpm i\n`, LIMIT + 200),
  },
];

function peakKb(stderr: string): number {
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  if (!m) throw new Error(`no peak memory in /usr/bin/time output:\n${stderr.slice(-2000)}`);
  return Number(m[1]);
}

function main(): void {
  if (!existsSync('/usr/bin/time')) throw new Error('GNU time is missing: apt-get install time');
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: bun run build');
  const only = process.argv.includes('--only') ? new Set(process.argv[process.argv.indexOf('--only') + 1].split(',')) : undefined;
  const root = mkdtempSync(join(tmpdir(), 'roo-devops-memory-'));
  const rows: string[] = [];
  try {
    for (const input of INPUTS) {
      if (only && !only.has(input.name)) continue;
      const dir = join(root, input.name);
      const file = join(dir, input.path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, input.text());
      const bytes = statSync(file).size;
      const cells: string[] = [];
      for (const format of FORMATS) {
        const started = performance.now();
        const run = spawnSync('/usr/bin/time', ['-v', 'node', CLI, 'check', dir, '--format', format], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
        const seconds = (performance.now() - started) / 1000;
        const kb = peakKb(run.stderr);
        const findings = format === 'json' ? (JSON.parse(run.stdout) as unknown[]).length : undefined;
        process.stderr.write(`${input.name} ${format}: ${Math.round(kb / 1024)} MB, ${seconds.toFixed(1)} s, exit ${run.status}${findings === undefined ? '' : `, ${findings} findings`}\n`);
        cells.push(`${Math.round(kb / 1024)} MB (${seconds.toFixed(1)} s)`);
        if (findings !== undefined) cells.push(String(findings));
      }
      // text, json, findings (from json), sarif
      rows.push(`| ${input.name} | ${bytes} | ${cells[0]} | ${cells[1]} | ${cells[3]} | ${cells[2]} |`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const table = [
    '<!-- memory -->',
    '## Peak memory of the CLI on one large file',
    '',
    'Generated by `bun bench/memory.ts` (after `bun run build`): each input alone in a folder, then',
    '`/usr/bin/time -v node dist/cli.js check <dir> --format <f>`, "Maximum resident set size" (and wall time).',
    `Date: ${new Date().toISOString()}; node ${spawnSync('node', ['--version'], { encoding: 'utf8' }).stdout.trim()}.`,
    '',
    '| input | bytes | text | json | sarif | findings reported |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    ...INPUTS.filter((i) => !only || only.has(i.name)).map((i) => `- \`${i.name}\`: ${i.what}.`),
    '<!-- /memory -->',
  ].join('\n');
  const results = readFileSync(RESULTS, 'utf8');
  const start = results.indexOf('<!-- memory -->');
  const end = results.indexOf('<!-- /memory -->');
  const updated = start >= 0 && end > start ? `${results.slice(0, start)}${table}${results.slice(end + '<!-- /memory -->'.length)}` : `${results.trimEnd()}\n\n${table}\n`;
  writeFileSync(RESULTS, updated);
  process.stdout.write(`${table}\n`);
}

main();
