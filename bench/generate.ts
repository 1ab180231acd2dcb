/**
 * The plan generators on a large repository: a seeded synthetic repository of
 * 5,000 files (40 services in JavaScript/Bun, Python/Poetry, Go and Rust, each
 * with its manifest, lockfile, Dockerfile, Kubernetes manifests and sources; 30
 * GitHub Actions workflows with job graphs, environments and secrets; 20
 * Terraform modules; one Compose file; the rest source files of no checked kind),
 * held in memory so the disk is not measured. One run = a fresh Repository over
 * the paths (every file detected, parsed and read into the model on demand) and
 * `proposePlan` for plan/infrastructure.md and plan/deployment.md, merged into an
 * existing document — what the CLI and the editor do after listing the folder.
 * Median and p95 of the runs after warm-up; writes a section of bench/RESULTS.md.
 *   bun bench/generate.ts [--runs N]   (default 9 measured runs)
 */
import { execSync } from 'node:child_process';
import { cpus } from 'node:os';
import { loadHclParser } from '../server/src/core/parse/hcl';
import { proposePlan } from '../server/src/core/plan/propose';
import { DEFAULT_PACKAGE_MANAGERS } from '../server/src/core/types';
import { Repository } from '../server/src/core/workspace/repository';
import { rng, writeResultsSection } from './support';

const START = '<!-- generate -->';
const END = '<!-- /generate -->';
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 9;
const WARMUP = 2;
const FILES = 5_000;

function repository(): Map<string, string> {
  const r = rng(10);
  const files = new Map<string, string>();
  const langs = ['javascript', 'python', 'go', 'rust'] as const;
  for (let i = 0; i < 40; i++) {
    const dir = `services/svc-${i}`;
    const lang = langs[i % 4];
    if (lang === 'javascript') {
      files.set(`${dir}/package.json`, JSON.stringify({ name: `svc-${i}`, dependencies: { hono: '^4.6.9' }, scripts: { build: 'bun build src/index.ts --outdir dist' } }, null, 2));
      files.set(`${dir}/bun.lock`, '{ "lockfileVersion": 1, "workspaces": { "": { "name": "svc" } }, "packages": {} }\n');
    } else if (lang === 'python') {
      files.set(`${dir}/pyproject.toml`, `[tool.poetry]\nname = "svc-${i}"\nversion = "1.0.${i}"\n\n[tool.poetry.dependencies]\npython = "^3.12"\n`);
      files.set(`${dir}/poetry.lock`, '[metadata]\nlock-version = "2.0"\n');
    } else if (lang === 'go') {
      files.set(`${dir}/go.mod`, `module example.com/svc${i}\n\ngo 1.23\n`);
      files.set(`${dir}/go.sum`, '');
    } else {
      files.set(`${dir}/Cargo.toml`, `[package]\nname = "svc-${i}"\nversion = "0.1.0"\nedition = "2021"\n`);
      files.set(`${dir}/Cargo.lock`, 'version = 3\n');
    }
    const base = { javascript: 'oven/bun:1.1.34', python: 'python:3.12.7-slim', go: 'golang:1.23.3', rust: 'rust:1.82.0' }[lang];
    files.set(`${dir}/Dockerfile`, `FROM ${base} AS build\nWORKDIR /app\nCOPY . .\nRUN echo build\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\nUSER nonroot\nEXPOSE ${8000 + i}\n`);
    files.set(
      `${dir}/k8s/deployment.yaml`,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc-${i}\n  namespace: shop\nspec:\n  replicas: ${1 + Math.floor(r() * 4)}\n  selector:\n    matchLabels: { app: svc-${i} }\n  template:\n    metadata:\n      labels: { app: svc-${i} }\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/svc-${i}:1.0.${i}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\n  namespace: shop\nspec:\n  selector: { app: svc-${i} }\n  ports:\n    - port: 80\n      targetPort: ${8000 + i}\n`,
    );
  }
  for (let w = 0; w < 30; w++) {
    const jobs = [`  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: bun test\n`];
    for (let j = 1; j < 6; j++) {
      const env = j === 5 ? `    environment: production\n` : '';
      jobs.push(`  step${j}:\n    needs: [${j === 1 ? 'test' : `step${j - 1}`}]\n    runs-on: ubuntu-24.04\n${env}    steps:\n      - run: echo \${{ secrets.TOKEN_${w}_${j} }}\n      - run: kubectl apply -f services/svc-${w}/k8s\n`);
    }
    files.set(`.github/workflows/wf-${w}.yml`, `name: wf-${w}\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n${jobs.join('')}`);
  }
  for (let m = 0; m < 20; m++) {
    const resources = [`provider "aws" {\n  region = "eu-west-1"\n}\n`];
    for (let k = 0; k < 10; k++) resources.push(`resource "aws_s3_bucket" "b${k}" {\n  bucket = "bucket-${m}-${k}"\n}\n\nresource "aws_s3_bucket_versioning" "v${k}" {\n  bucket = aws_s3_bucket.b${k}.id\n  versioning_configuration {\n    status = "Enabled"\n  }\n}\n`);
    files.set(`infra/module-${m}/main.tf`, resources.join('\n'));
  }
  files.set('compose.yaml', `services:\n${Array.from({ length: 40 }, (_, i) => `  svc-${i}:\n    image: registry.example.com/svc-${i}:1.0.${i}\n${i ? `    depends_on: [svc-${i - 1}]\n` : ''}`).join('')}`);
  for (let n = 0; files.size < FILES; n++) files.set(`services/svc-${n % 40}/src/module-${n}.${['ts', 'py', 'go', 'rs'][n % 4]}`, `// source ${n}\n`);
  return files;
}

const files = repository();
const bytes = [...files.values()].reduce((n, t) => n + Buffer.byteLength(t), 0);
await loadHclParser();
const existing = '# Infrastructure\n\n## Disaster Recovery\n\nRTO: 4 hours. RPO: 15 minutes.\n';

function once(): { ms: number; lines: number } {
  const t0 = performance.now();
  const repo = new Repository({ read: (p) => files.get(p) }).addPaths(files.keys());
  const infra = proposePlan('infrastructure', repo, DEFAULT_PACKAGE_MANAGERS, existing);
  const deploy = proposePlan('deployment', repo, DEFAULT_PACKAGE_MANAGERS, undefined);
  const ms = performance.now() - t0;
  return { ms, lines: infra.text.split('\n').length + deploy.text.split('\n').length };
}

for (let i = 0; i < WARMUP; i++) once();
const times: number[] = [];
let lines = 0;
for (let i = 0; i < RUNS; i++) {
  const r = once();
  times.push(r.ms);
  lines = r.lines;
}
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)];
const median = q(0.5);
const p95 = q(0.95);

const section = [
  START,
  '## Plan generators: a 5,000-file repository',
  '',
  'Generated by `bench/generate.ts`: a seeded synthetic repository of 5,000 files (40 services in four ecosystems with',
  'manifests, lockfiles, Dockerfiles and Kubernetes manifests; 30 GitHub Actions workflows of six jobs with `needs`,',
  'environments and secrets; 20 Terraform modules of 20 resources; a Compose file of 40 services; source files of no',
  'checked kind), held in memory. One run: a fresh repository over the paths, the model built from its files, and',
  '`proposePlan` for both documents (the infrastructure one merged into an existing document). Median / p95 after warm-up.',
  '',
  `- Command: \`bun bench/generate.ts${args.length ? ` ${args.join(' ')}` : ''}\` (${RUNS} runs after ${WARMUP} warm-up runs)`,
  `- Date: ${new Date().toISOString()} (HEAD ${execSync('git rev-parse --short HEAD').toString().trim()})`,
  `- Machine: nproc ${cpus().length} (shared with other work while measured); bun ${Bun.version}`,
  '',
  '| files | size | documents written (lines) | median | p95 |',
  '|---:|---:|---:|---:|---:|',
  `| ${files.size} | ${(bytes / 1024).toFixed(1)} KiB | ${lines} | ${median.toFixed(1)} ms | ${p95.toFixed(1)} ms |`,
  END,
].join('\n');

console.log(section);
writeResultsSection('generate', section);
