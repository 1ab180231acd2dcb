/**
 * `bun run bench`: the one benchmark. Builds when `dist/` is missing, runs each
 * part in its own process (a time limit each), reads the figures each prints
 * (`BENCH_RESULT {json}`), and writes bench/RESULTS.md: machine, command, date,
 * the targets of issue 13 met or missed, then the tables. Sections other parts
 * keep in RESULTS.md (plan generators, per-format memory) are kept and, outside
 * `--quick`, measured again.
 *
 *   bun run bench                  everything (about 10 minutes on 2 cores)
 *   bun run bench --quick          a smoke run: few samples, no kept sections
 *   bun run bench --only a,b       only these parts (engine, lsp, activate, monorepo, generate; memory only when named)
 *   bun run bench --no-write       print, do not touch RESULTS.md
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { type Figures, render } from './report';
import { parseResult, RESULTS } from './support';

const REPO = join(import.meta.dir, '..');
const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const WRITE = !args.includes('--no-write');
const onlyAt = args.indexOf('--only');
const ONLY = onlyAt >= 0 ? args[onlyAt + 1]?.split(',') : undefined;

/** The parts whose figures go into the main section, and the time each may take. */
const PARTS = [
  { name: 'engine', file: 'engine.ts', limitS: 300 },
  { name: 'lsp', file: 'lsp.ts', limitS: 300 },
  { name: 'activate', file: 'activate.ts', limitS: 120 },
  { name: 'monorepo', file: 'monorepo.ts', limitS: 900 },
] as const;
/**
 * Parts that write a section of their own (outside --quick). The per-format memory of 5 MB files
 * (issue 7) takes minutes of its own: only when named (`--only memory`).
 */
const KEPT = [
  { name: 'generate', file: 'generate.ts', limitS: 120, optIn: false },
  { name: 'memory', file: 'memory.ts', limitS: 600, optIn: true },
] as const;

const wanted = (name: string) => !ONLY || ONLY.includes(name);
const sh = (cmd: string, argv: string[]) => spawnSync(cmd, argv, { cwd: REPO, encoding: 'utf8' }).stdout?.trim() ?? '';

if (!existsSync(join(REPO, 'dist/server.js')) || !existsSync(join(REPO, 'dist/cli.js'))) {
  const build = spawnSync('bun', ['run', 'build'], { cwd: REPO, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const machine = {
  date: new Date().toISOString(),
  commit: sh('git', ['rev-parse', '--short', 'HEAD']) || 'unknown',
  command: `bun run bench${args.length ? ` ${args.join(' ')}` : ''}`,
  cores: cpus().length,
  cpu: cpus()[0]?.model?.trim() ?? 'unknown CPU',
  node: sh('node', ['--version']),
  bun: Bun.version,
  load: loadavg()
    .map((l) => l.toFixed(2))
    .join(' / '),
};

const started = performance.now();
const figures: Figures = {};
for (const part of PARTS) {
  if (!wanted(part.name)) continue;
  console.error(`— ${part.name}`);
  const t = performance.now();
  const res = spawnSync('bun', [join(import.meta.dir, part.file), ...(QUICK ? ['--quick'] : [])], {
    cwd: REPO,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: part.limitS * 1000,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  const value = parseResult(res.stdout ?? '');
  if (value === undefined) console.error(`${part.name}: no figures (exit ${res.status}${res.signal ? `, ${res.signal} after ${part.limitS} s` : ''})`);
  else (figures as Record<string, unknown>)[part.name] = value;
  console.error(`  ${((performance.now() - t) / 1000).toFixed(0)} s`);
}
if (!QUICK) {
  for (const part of KEPT) {
    if (!wanted(part.name) || !WRITE || (part.optIn && !ONLY?.includes(part.name))) continue;
    console.error(`— ${part.name} (its own section)`);
    spawnSync('bun', [join(import.meta.dir, part.file)], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'], timeout: part.limitS * 1000, killSignal: 'SIGKILL' });
  }
}

const section = render(figures, machine);
console.log(section);
if (WRITE) {
  const current = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '';
  const s = current.indexOf('<!-- bench -->');
  const e = current.indexOf('<!-- /bench -->');
  // The main section first; the kept sections of other parts after it, as they are.
  const rest = s >= 0 && e > s ? current.slice(0, s) + current.slice(e + '<!-- /bench -->'.length) : current;
  const kept = [...rest.matchAll(/<!-- ([a-z-]+) -->[\s\S]*?<!-- \/\1 -->/g)].filter((m) => KEPT.some((k) => k.name === m[1])).map((m) => m[0]);
  writeFileSync(RESULTS, `${[section, ...kept].join('\n\n')}\n`);
  console.error(`wrote ${RESULTS}`);
}
console.error(`bench: ${((performance.now() - started) / 1000).toFixed(0)} s`);
