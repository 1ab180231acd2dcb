/**
 * Turns the figures of the bench parts into the main section of bench/RESULTS.md:
 * the targets of issue 13 first (ratios are the headline), then one table per part.
 * Pure: figures in, Markdown out (test/bench.test.ts renders a sample).
 */
import type { ActivateResult } from './activate';
import type { EngineRow } from './engine';
import type { ColdRow, LatencyRow } from './lsp';
import type { CliRow, RelintRow } from './monorepo';

export interface Figures {
  engine?: { rows: EngineRow[] };
  lsp?: { rows: LatencyRow[]; cold: ColdRow[] };
  activate?: ActivateResult;
  monorepo?: { cli: CliRow[]; index: { files: number; ms: number }; relint: RelintRow[] };
}

export interface Machine {
  date: string;
  commit: string;
  command: string;
  cores: number;
  cpu: string;
  node: string;
  bun: string;
  load: string;
}

const ms = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '—' : n >= 1000 ? `${(n / 1000).toFixed(2)} s` : n >= 10 ? `${n.toFixed(0)} ms` : `${n.toFixed(2)} ms`);
const times = (n: number) => `${n.toFixed(2)}×`;
const verdict = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? '**met**' : '**missed**');

/** One line per target: what it asks, what was measured, met or missed (and by how much). */
export function targets(f: Figures): string[][] {
  const rows: string[][] = [];
  const engine = f.engine?.rows ?? [];
  if (engine.length) {
    const ratios = engine.map((r) => ({ r, x: r.engine.median / r.parse.median }));
    const over = ratios.filter((x) => x.x > 2);
    const worst = ratios.reduce((a, b) => (b.x > a.x ? b : a));
    rows.push([
      'all rules on a file within 2× its bare parse (medians)',
      `${ratios.length - over.length} of ${ratios.length} files within 2×; worst ${times(worst.x)} (${worst.r.kind}, ${worst.r.size})`,
      over.length ? `**missed** on ${over.length}: ${over.map((x) => `${x.r.kind}/${x.r.size} ${times(x.x)}`).join(', ')}` : '**met**',
    ]);
  }
  const lsp = f.lsp?.rows ?? [];
  const schemaCases = [...new Set(lsp.filter((r) => r.schema.includes('(both)')).map((r) => r.case))];
  for (const c of schemaCases) {
    const ours = lsp.find((r) => r.case === c && r.server === 'roo-devops');
    const theirs = lsp.find((r) => r.case === c && r.server === 'yaml-language-server');
    if (!ours || !theirs) continue;
    const x = theirs.felt.p95 / ours.felt.p95;
    const w = theirs.work.p95 / Math.max(ours.work.p95, 0.01);
    rows.push([`LSP p95 ≥ 3× faster than yaml-language-server: ${c}, same schema`, `felt p95 ${ms(ours.felt.p95)} vs ${ms(theirs.felt.p95)} (${times(x)}); work p95 ${ms(ours.work.p95)} vs ${ms(theirs.work.p95)} (${times(w)})`, x >= 3 ? '**met**' : `**missed** (${times(x)} of 3×)`]);
  }
  const wf = lsp.find((r) => r.server === 'roo-devops' && r.case.startsWith('GitHub Actions') && r.lines >= 1400);
  rows.push(['under 20 ms of work for a 1,500-line workflow (p95)', wf ? ms(wf.work.p95) : '—', wf ? (wf.work.p95 < 20 ? '**met**' : `**missed** by ${ms(wf.work.p95 - 20)}`) : verdict(undefined)]);
  rows.push(['felt latency (wait included) under 100 ms, 1,500-line workflow (p95)', wf ? `${ms(wf.felt.p95)} (wait before linting ${wf.delay} ms)` : '—', wf ? (wf.felt.p95 < 100 ? '**met**' : `**missed** by ${ms(wf.felt.p95 - 100)}`) : verdict(undefined)]);
  const cli = (f.monorepo?.cli ?? []).filter((r) => r.threads !== '1');
  const big = cli.find((r) => r.files === 20_000);
  const small = cli.find((r) => r.files === 2_000);
  if (big) {
    rows.push(['20,000-file monorepo under 10 s wall (CLI)', `${ms(big.wall)} wall, ${ms(big.cpu)} CPU (${(big.cpu / big.wall).toFixed(2)} cores busy)`, big.wall < 10_000 ? '**met**' : `**missed** by ${ms(big.wall - 10_000)}`]);
    rows.push(['peak memory under 400 MB', `${big.maxRssMb.toFixed(0)} MB`, big.maxRssMb < 400 ? '**met**' : `**missed** by ${(big.maxRssMb - 400).toFixed(0)} MB`]);
  }
  if (big && small) {
    const files = big.checked / small.checked;
    const wall = big.wall / small.wall;
    const cpu = big.cpu / small.cpu;
    rows.push(['time growing linearly with the files checked (2,000 → 20,000 files)', `checked ${times(files)}, wall ${times(wall)}, CPU ${times(cpu)}`, wall <= files * 1.25 ? '**met**' : `**missed** (wall grew ${times(wall / files)} faster than the files)`]);
  }
  const relint = f.monorepo?.relint ?? [];
  if (relint.length) {
    const worst = relint.reduce((a, b) => (b.p95 > a.p95 ? b : a));
    rows.push(['one change re-validates only its readers, under 50 ms', `worst p95 ${ms(worst.p95)} (${worst.change}, ${worst.relinted} file(s) re-linted)`, worst.p95 < 50 ? '**met**' : `**missed** by ${ms(worst.p95 - 50)}`]);
  }
  const cold = f.lsp?.cold.find((r) => r.server === 'roo-devops');
  rows.push(['cold start to first diagnostics under 300 ms (median)', cold ? ms(cold.first.median) : '—', cold ? (cold.first.median < 300 ? '**met**' : `**missed** by ${ms(cold.first.median - 300)}`) : verdict(undefined)]);
  const act = f.activate;
  if (act && !act.error) {
    rows.push([
      '`activate()` under 50 ms (median)',
      `${ms(act.call.median)} for the call (its own \`activateMs\` ${ms(act.own.median)}); the server starts after it returns; bundle \`require\` ${ms(act.require.median)}, apart`,
      act.call.median < 50 ? '**met**' : `**missed** by ${ms(act.call.median - 50)}`,
    ]);
  } else rows.push(['`activate()` under 50 ms', act?.error ? `failed: ${act.error.split('\n')[0]}` : '—', verdict(undefined)]);
  return rows;
}

export function render(f: Figures, m: Machine): string {
  const out: string[] = [
    '<!-- bench -->',
    '# Benchmark: this product side by side with its peers',
    '',
    'Written by `bun run bench` (`bench/run.ts`), which runs each part in its own process on inputs generated from a',
    'seed by `bench/inputs.ts` (nothing downloaded): `bench/engine.ts` (per file), `bench/lsp.ts` (language servers),',
    '`bench/activate.ts` (the client), `bench/monorepo.ts` (CLI and re-validation). Medians and p95 after warm-up.',
    '',
    `- Command: \`${m.command}\``,
    `- Date: ${m.date} (HEAD ${m.commit})`,
    `- Machine: ${m.cores} cores, ${m.cpu}; node ${m.node}, bun ${m.bun}; load average at start ${m.load}`,
    '',
    '## Targets (issue 13)',
    '',
    '| target | measured | |',
    '|---|---|---|',
    ...targets(f).map((r) => `| ${r.join(' | ')} |`),
  ];
  if (f.engine) {
    out.push(
      '',
      '## Per file: all rules vs the bare parse vs the peers',
      '',
      'Engine: `lint()` on a fresh `SourceFile` with every default rule, in a small repository (`package.json`, `bun.lock`).',
      'Bare parse: `yaml` `parseAllDocuments` (YAML kinds), the HCL parser (`parseHcl` over web-tree-sitter), our Dockerfile',
      'parser, the Markdown parser (mdast + GFM tables). Peers on the same text: `@actions/languageservice` `validate()`,',
      '`dockerfile-utils` `validate()`, `markdownlint` (default rules). In Bun, workloads interleaved round by round.',
      '',
      '| file | size | lines | bare parse | engine (median / p95) | engine ÷ parse | peer (median / p95) | peer ÷ engine | findings |',
      '|---|---|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const r of f.engine.rows) {
      const peer = r.peer ? `${r.peer.name}: ${ms(r.peer.median)} / ${ms(r.peer.p95)}` : '—';
      out.push(`| ${r.name} | ${r.size} | ${r.lines} | ${ms(r.parse.median)} | ${ms(r.engine.median)} / ${ms(r.engine.p95)} | ${times(r.engine.median / r.parse.median)} | ${peer} | ${r.peer ? times(r.peer.median / r.engine.median) : '—'} | ${r.findings} |`);
    }
  }
  if (f.lsp) {
    out.push(
      '',
      '## Over LSP: one keystroke to its diagnostics',
      '',
      'Both servers under Node over stdio, driven by the same client, one keystroke 150 ms after the last diagnostics (a fast',
      'typist). Felt: `didChange` → `publishDiagnostics`. Work: felt minus the server\'s wait before validating (ours',
      '`editDelay`: 4 ms for an edit after a quiet period, `debounceFor(lines)` within a burst; yaml-language-server a fixed',
      '200 ms). yaml-language-server gets our schema from `schemas/` through `yaml.schemas` (schema store off). Each GitLab',
      'and Compose text carries one key the schema forbids, planted so that both servers must report it: the last column',
      'shows the schema was applied by each.',
      '',
      '| document | validated with | server | felt median / p95 | work median / p95 | diagnostics | planted schema error reported |',
      '|---|---|---|---:|---:|---:|---|',
    );
    for (const r of f.lsp.rows) out.push(`| ${r.case} | ${r.schema} | ${r.server} | ${ms(r.felt.median)} / ${ms(r.felt.p95)} | ${ms(r.work.median)} / ${ms(r.work.p95)} | ${r.diagnostics} | ${r.planted === undefined ? '—' : r.planted ? 'yes' : '**no**'} |`);
    out.push('', '### Cold start: spawn to the first diagnostics of a small `.gitlab-ci.yml`', '', '| server | handshake median | first diagnostics median / p95 |', '|---|---:|---:|');
    for (const r of f.lsp.cold) out.push(`| ${r.server} | ${ms(r.handshake.median)} | ${ms(r.first.median)} / ${ms(r.first.p95)} |`);
  }
  if (f.activate) {
    const a = f.activate;
    out.push(
      '',
      '## Client `activate()`',
      '',
      'Node, `dist/extension.js` with a stub `vscode` module; a fresh process per run. `activate()` returns without',
      'waiting for the server (it starts in the background; its cold start is measured by `bench/lsp.ts`). The bench times the call;',
      '`activateMs` is what `activate()` measured itself and returned. The bundle\'s `require` comes before it and is apart.',
      '',
    );
    if (a.error) out.push(`Failed: \`${a.error.split('\n')[0]}\``);
    else
      out.push(
        '| `activate()` call median / p95 | its own `activateMs` median / p95 | `require` of the bundle (apart) median / p95 |',
        '|---:|---:|---:|',
        `| ${ms(a.call.median)} / ${ms(a.call.p95)} | ${ms(a.own.median)} / ${ms(a.own.p95)} | ${ms(a.require.median)} / ${ms(a.require.p95)} |`,
      );
  }
  if (f.monorepo) {
    const mono = f.monorepo;
    out.push(
      '',
      '## Monorepo: `node dist/cli.js check <root> --format json`',
      '',
      'Threads forced with `ROO_DEVOPS_CHECK_THREADS`: "2" (the main thread and a worker; what the CLI chooses itself from 300',
      'candidate files when the load average leaves a core free), "1" (`=0`, the main thread alone).',
      '',
      '| files | checked | threads | wall | CPU (user + system) | peak RSS | findings | runs |',
      '|---:|---:|---|---:|---:|---:|---:|---:|',
    );
    for (const r of mono.cli) out.push(`| ${r.files} | ${r.checked} | ${r.threads ?? '2'} | ${ms(r.wall)} | ${ms(r.cpu)} | ${r.maxRssMb.toFixed(0)} MB | ${r.findings} | ${r.runs} |`);
    out.push(
      '',
      `### Re-validation after one change (20,000 files; initial index: ${mono.index.files} files linted in ${ms(mono.index.ms)}, in Bun)`,
      '',
      '| change | files re-linted | median / p95 |',
      '|---|---:|---:|',
    );
    for (const r of mono.relint) out.push(`| ${r.change} | ${r.relinted} | ${ms(r.median)} / ${ms(r.p95)} |`);
  }
  out.push('<!-- /bench -->');
  return out.join('\n');
}
