/**
 * Plan documents: per-run time, on one seeded generated `plan/infrastructure.md`
 * of 3,000 lines, of
 *   - the bare Markdown parse (mdast-util-from-markdown with GFM tables, as `SourceFile.markdown` runs it),
 *   - the `plan/*` rules alone (parse included, every other rule off),
 *   - every rule enabled for a plan document (adds the package-manager policy on its code blocks),
 *   - markdownlint 0.42 through its sync API with its default rules, on the same string,
 * each on a fresh `SourceFile` (nothing memoised from the run before, as for a new
 * version of a buffer), in a small repository (a `package.json`, a Poetry project,
 * Terraform, a workflow) so the repository-aware rules have something to read.
 * Median and p95 after warm-up; writes a section of bench/RESULTS.md.
 *   bun bench/plan-doc.ts [--runs N]   (default 100 measured runs)
 */
import { execSync } from 'node:child_process';
import { cpus } from 'node:os';
import { lint as markdownlint } from 'markdownlint/sync';
import type { ResolvedConfig } from '../server/src/core/config';
import { DEFAULT_CONFIG } from '../server/src/core/config';
import { lint } from '../server/src/core/engine';
import { parseMarkdown } from '../server/src/core/parse/markdown-doc';
import { PLAN_SECTIONS } from '../server/src/core/plan/sections';
import { RULES } from '../server/src/core/rules';
import { SourceFile } from '../server/src/core/source';
import { Repository } from '../server/src/core/workspace/repository';
import { percentile, rng, writeResultsSection } from './support';

const START = '<!-- plan-doc -->';
const END = '<!-- /plan-doc -->';
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 100;
const WARMUP = 20;
const TARGET_LINES = 3000;

const FILES: Record<string, string> = {
  'package.json': '{ "name": "shop", "private": true, "dependencies": { "hono": "^4.6.0" } }\n',
  'api/pyproject.toml': '[tool.poetry]\nname = "api"\nversion = "0.1.0"\n',
  'infra/main.tf': 'terraform {\n  required_version = ">= 1.6"\n}\n',
  '.github/workflows/deploy.yml': 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: bun test\n',
};

const WORDS = ['the', 'service', 'cluster', 'load', 'balancer', 'database', 'replica', 'queue', 'region', 'backup', 'alert', 'deploy', 'pipeline', 'secret', 'tenant', 'cache', 'traffic', 'latency', 'capacity', 'rollout'];

/** A plan document with the eight sections, each grown with subsections of prose, lists, tables and code until the target length. */
function generate(seed: number): string {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;
  const sentence = () => {
    const n = 6 + Math.floor(r() * 14);
    const words = Array.from({ length: n }, () => pick(WORDS));
    if (r() < 0.2) words.splice(2, 0, pick(['`infra/main.tf`', '`.github/workflows/deploy.yml`', '`bun install`', '`poetry install`']));
    if (r() < 0.1) words.push('([runbook](#operations-guide))');
    return `${words.join(' ').replace(/^./, (c) => c.toUpperCase())}.`;
  };
  const blocks: (() => string[])[] = [
    () => [Array.from({ length: 2 + Math.floor(r() * 4) }, sentence).join(' ')],
    () => Array.from({ length: 3 + Math.floor(r() * 5) }, () => `- ${sentence()}`),
    () => ['| Environment | Replicas | p95 target |', '|---|---:|---:|', ...Array.from({ length: 3 + Math.floor(r() * 4) }, (_, i) => `| env-${i} | ${1 + i} | ${200 + 50 * i} ms |`)],
    () => ['```bash', 'bun install --frozen-lockfile', `terraform -chdir=infra/${pick(['network', 'data', 'app'])} init`, 'terraform -chdir=infra apply -auto-approve', '```'],
    () => ['```yaml', 'jobs:', '  deploy:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4', '      - run: bun install --frozen-lockfile', '      - run: bun run build', '```'],
    () => ['```hcl', 'resource "aws_s3_bucket" "logs" {', `  bucket = "shop-logs-${Math.floor(r() * 1000)}"`, '  tags   = var.tags', '}', '```'],
    () => ['```mermaid', 'flowchart LR', '  a[ALB] --> b[ECS]', '  b --> c[(RDS)]', '```'],
  ];
  const perSection = TARGET_LINES / PLAN_SECTIONS.length;
  const out = ['# Shop infrastructure', '', sentence(), ''];
  for (const section of PLAN_SECTIONS) {
    out.push(`## ${section.title}`, '');
    if (section.id === 'monitoring-setup') out.push('Alerts fire when p95 latency > 500 ms for 5 minutes or the error rate is above 1%.', '');
    if (section.id === 'disaster-recovery') out.push('- RTO: 4 hours', '- RPO: 15 minutes', '');
    const end = out.length + perSection;
    let sub = 0;
    while (out.length < end) {
      if (r() < 0.15) out.push(`### ${section.title} part ${++sub}`, '');
      out.push(...pick(blocks)(), '');
    }
  }
  return `${out.slice(0, TARGET_LINES).join('\n')}\n`;
}

interface Workload {
  name: string;
  /** Untimed preparation of one run's input. */
  setup?: () => unknown;
  run: (input: unknown) => void;
}

/**
 * Median and p95 of each workload, measured in rounds that run every workload
 * once, so that a change in the machine's load during the run touches all rows
 * alike instead of the one measured at that moment.
 */
function measureInterleaved(workloads: readonly Workload[]): { median: number; p95: number }[] {
  const times = workloads.map(() => [] as number[]);
  for (let round = 0; round < WARMUP + RUNS; round++) {
    workloads.forEach((w, k) => {
      const input = w.setup?.();
      const t = performance.now();
      w.run(input);
      if (round >= WARMUP) times[k].push(performance.now() - t);
    });
  }
  return times.map((ts) => {
    ts.sort((a, b) => a - b);
    return { median: percentile(ts, 50), p95: percentile(ts, 95) };
  });
}

const text = generate(10);
const lines = text.split('\n').length - 1;
const repository = new Repository({ read: (p) => FILES[p] ?? (p === 'plan/infrastructure.md' ? text : undefined) }).addPaths([...Object.keys(FILES), 'plan/infrastructure.md']);
const planOnly: ResolvedConfig = {
  ...DEFAULT_CONFIG,
  rules: Object.fromEntries(RULES.filter((r) => !r.id.startsWith('plan/')).map((r) => [r.id, { severity: 'off' as const }])),
};
const counts: Record<string, number> = {};
const workloads: Workload[] = [
  { name: 'bare Markdown parse (mdast + GFM tables)', run: () => void parseMarkdown(text) },
  {
    name: '`plan/*` rules (parse included)',
    run: () => {
      counts.plan = lint(new SourceFile('plan/infrastructure.md', 'plan-doc', text), { workspace: repository, config: planOnly }).findings.length;
    },
  },
  {
    name: '`plan/*` rules on an already parsed document (the rules’ own work)',
    setup: () => {
      const file = new SourceFile('plan/infrastructure.md', 'plan-doc', text);
      void file.markdown;
      return file;
    },
    run: (file) => void lint(file as SourceFile, { workspace: repository, config: planOnly }),
  },
  {
    name: 'every rule on a plan document (parse included)',
    run: () => {
      counts.all = lint(new SourceFile('plan/infrastructure.md', 'plan-doc', text), { workspace: repository }).findings.length;
    },
  },
  {
    name: 'markdownlint 0.42.1, sync API, default rules',
    run: () => {
      counts.markdownlint = markdownlint({ strings: { 'plan/infrastructure.md': text } })['plan/infrastructure.md'].length;
    },
  },
];
const results = measureInterleaved(workloads).map((m, k) => [workloads[k].name, m] as const);
const rows = results.map(([name, m]) => `| ${name} | ${m.median.toFixed(2)} ms | ${m.p95.toFixed(2)} ms |`);
for (const row of rows) console.log(row);
console.log(`findings: plan rules ${counts.plan}, all rules ${counts.all}, markdownlint ${counts.markdownlint}`);

const section = [
  START,
  '## Plan documents: `plan/*` rules vs markdownlint on a 3,000-line plan (per run)',
  '',
  'Generated by `bench/plan-doc.ts`: one seeded generated `plan/infrastructure.md` with the eight sections, subsections,',
  'prose with code spans and anchor links, lists, tables, and `bash`, `yaml`, `hcl` and `mermaid` blocks, in a small',
  'repository (Bun, Poetry, Terraform, a workflow). Each run lints a fresh `SourceFile`, so the Markdown parse is counted',
  'every time; markdownlint gets the same string. Median / p95 of the measured runs after warm-up, in Bun, one run of',
  'the script for all five rows, measured in rounds that run each workload once (load drift touches every row alike).',
  '',
  `- Command: \`bun bench/plan-doc.ts${args.length ? ` ${args.join(' ')}` : ''}\` (${RUNS} rounds after ${WARMUP} warm-up rounds)`,
  `- Document: ${lines} lines, ${(text.length / 1024).toFixed(1)} KiB; findings: \`plan/*\` ${counts.plan}, all rules ${counts.all}, markdownlint ${counts.markdownlint}`,
  `- Date: ${new Date().toISOString()} (HEAD ${execSync('git rev-parse --short HEAD').toString().trim()})`,
  `- Machine: nproc ${cpus().length} (shared with other work while measured); bun ${Bun.version}`,
  '',
  '| work | median | p95 |',
  '|---|---:|---:|',
  ...rows,
  END,
].join('\n');
writeResultsSection('plan-doc', section);
