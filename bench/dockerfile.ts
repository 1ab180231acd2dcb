/**
 * Dockerfile checking: this product's `dockerfile/*` rules (through the engine's
 * `lint`, parse included), every rule that runs on a Dockerfile (the
 * package-manager policy too), and our bare parse, against `dockerfile-utils`'
 * `validate()` (the validation of the Docker language server; a dev
 * dependency, never shipped), on the same seeded generated Dockerfiles, in one
 * run, after warm-up. Each measurement parses a fresh text: nothing is cached
 * between iterations (a new `SourceFile` each time).
 *
 * Usage: bun bench/dockerfile.ts [--runs N] [--seed S] [--no-write]
 * Replaces the "Dockerfile checking" section of bench/RESULTS.md.
 */
import { execSync } from 'node:child_process';
import { cpus } from 'node:os';
import { validate } from 'dockerfile-utils';
import { DEFAULT_CONFIG, type ResolvedConfig } from '../server/src/core/config';
import { lint } from '../server/src/core/engine';
import { parseDockerfile } from '../server/src/core/parse/dockerfile';
import { RULES } from '../server/src/core/rules';
import { SourceFile } from '../server/src/core/source';
import { percentile, rng, writeResultsSection } from './support';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const RUNS = flag('--runs', 200);
const SEED = flag('--seed', 11);
const WRITE = !args.includes('--no-write');
const START = '<!-- dockerfile -->';
const END = '<!-- /dockerfile -->';

const onlyRules = (keep: (id: string) => boolean): ResolvedConfig => ({
  ...DEFAULT_CONFIG,
  rules: Object.fromEntries(RULES.filter((r) => !keep(r.id)).map((r) => [r.id, { severity: 'off' as const }])),
});
const DOCKERFILE_RULES = onlyRules((id) => id.startsWith('dockerfile/'));
const ALL_RULES = DEFAULT_CONFIG;

// ------------------------------------------------------------------ generation

const BASES = ['oven/bun:1.1.38', 'golang:1.23-bookworm', 'python:3.12-slim', 'rust:1.82-slim', 'debian:bookworm-slim', 'alpine:3.20'];
const PACKAGES = ['ca-certificates', 'curl', 'git', 'openssh-client', 'tzdata', 'unzip', 'jq', 'make', 'libpq5', 'tini'];

/** A build stage: manifests first, an install, the source, a build, with continuations and a here-document now and then. */
function stage(random: () => number, index: number, instructions: number): string[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const out = [`FROM ${pick(BASES)} AS stage${index}`, 'WORKDIR /app'];
  while (out.length < instructions) {
    const r = random();
    if (r < 0.2) {
      const pkgs = Array.from({ length: 2 + Math.floor(random() * 5) }, () => pick(PACKAGES));
      out.push('RUN apt-get update \\', ` && apt-get install -y --no-install-recommends \\`, ...pkgs.map((p) => `      ${p} \\`), ' && rm -rf /var/lib/apt/lists/*');
    } else if (r < 0.35) {
      out.push('COPY package.json bun.lock ./', 'RUN --mount=type=cache,target=/root/.bun/install/cache bun install --frozen-lockfile');
    } else if (r < 0.45) {
      out.push('RUN <<EOF', 'set -eux', `echo building ${index}`, 'bun run build', 'EOF');
    } else if (r < 0.55) {
      out.push(`ENV APP_STAGE=${index} LOG_LEVEL=info`, `ARG VERSION=1.${index}.0`);
    } else if (r < 0.7) {
      out.push(`COPY --from=stage${Math.max(0, index - 1)} --chown=1000:1000 /app/dist ./dist${out.length}`);
    } else if (r < 0.8) {
      out.push(`LABEL org.opencontainers.image.version="1.${index}.${out.length}"`);
    } else {
      out.push(`RUN ["bun", "run", "task-${out.length}"]`);
    }
  }
  return out;
}

function dockerfile(random: () => number, stages: number, perStage: number): string {
  const lines = ['# syntax=docker/dockerfile:1', 'ARG BASE=debian:bookworm-slim'];
  for (let i = 0; i < stages; i++) lines.push(...stage(random, i, perStage), '');
  lines.push('FROM ${BASE}', 'COPY --from=stage0 /app/dist /app', 'USER 10001', 'EXPOSE 8080', 'HEALTHCHECK CMD ["/app/server", "--health"]', 'ENTRYPOINT ["/app/server"]', '');
  return lines.join('\n');
}

const random = rng(SEED);
const SIZES: { name: string; text: string }[] = [
  { name: 'small', text: dockerfile(random, 1, 8) },
  { name: 'typical', text: dockerfile(random, 3, 16) },
  { name: 'large', text: dockerfile(random, 12, 60) },
];

// ------------------------------------------------------------------ measuring

function time(runs: number, fn: () => unknown): { median: number; p95: number } {
  for (let i = 0; i < Math.max(10, runs / 10); i++) fn(); // warm-up: JIT, lazy modules, schema compilation
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { median: percentile(samples, 50), p95: percentile(samples, 95) };
}

const ms = (x: number) => (x < 1 ? x.toFixed(3) : x.toFixed(2));
const rows: string[] = [];
for (const { name, text } of SIZES) {
  const lines = text.split('\n').length;
  const runs = name === 'large' ? Math.max(20, Math.floor(RUNS / 4)) : RUNS;
  const parse = time(runs, () => parseDockerfile(text));
  const ours = time(runs, () => lint(new SourceFile('Dockerfile', 'dockerfile', text), { config: DOCKERFILE_RULES }));
  const all = time(runs, () => lint(new SourceFile('Dockerfile', 'dockerfile', text), { config: ALL_RULES }));
  const theirs = time(runs, () => validate(text));
  const findings = lint(new SourceFile('Dockerfile', 'dockerfile', text), { config: DOCKERFILE_RULES }).findings.length;
  const row = `| ${name} | ${lines} | ${ms(parse.median)} | ${ms(ours.median)} / ${ms(ours.p95)} | ${ms(all.median)} / ${ms(all.p95)} | ${ms(theirs.median)} / ${ms(theirs.p95)} | ${(ours.median / theirs.median).toFixed(2)}× | ${(all.median / theirs.median).toFixed(2)}× | ${findings} |`;
  console.log(row);
  rows.push(row);
}

const section = [
  START,
  '## Dockerfile checking (per file, vs dockerfile-utils)',
  '',
  'Generated by `bench/dockerfile.ts`: seeded generated Dockerfiles (multi-stage, continuations, here-documents, cache',
  'mounts, JSON forms). Per file, median / p95 in ms after warm-up, each run on a fresh text: our bare parse; the',
  '`dockerfile/*` rules through the engine (parse included); every rule that runs on a Dockerfile (the package-manager',
  'policy too); and `dockerfile-utils` `validate()` with default settings. Ratios are medians, ours ÷ theirs (below 1:',
  'ours is faster). The two do not check the same things: `validate()` checks instruction syntax and flags in depth;',
  'ours adds the practice rules and the policy.',
  '',
  `- Command: \`bun bench/dockerfile.ts ${args.join(' ')}\``.replace(/ `$/, '`'),
  `- Date: ${new Date().toISOString()} (HEAD ${execSync('git rev-parse --short HEAD').toString().trim()})`,
  `- Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, nproc ${cpus().length}; bun ${Bun.version}; runs ${RUNS} (large: ${Math.max(20, Math.floor(RUNS / 4))}), seed ${SEED}`,
  '',
  '| file | lines | parse | `dockerfile/*` | all rules on it | dockerfile-utils | `dockerfile/*` ÷ utils | all ÷ utils | our findings |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows,
  END,
].join('\n');

if (WRITE) {
  writeResultsSection('dockerfile', section);
}
