/**
 * Every input of `bun run bench`, generated from a seed (nothing is downloaded):
 * one file of each checked format at three sizes, and a synthetic monorepo.
 * The same seed gives the same bytes (test/bench.test.ts checks it), so two runs
 * — or two machines — measure the same work.
 *
 * The texts are valid and in the shapes real projects use (matrices, `needs`,
 * stages, resources with references, Deployments, CloudFormation references,
 * the eight plan sections), with a few package-manager mistakes sprinkled in so
 * the rules have something to report.
 */
import { PLAN_SECTIONS } from '../server/src/core/plan/sections';
import type { FileKind } from '../server/src/core/types';
import { rng } from './support';

export type Size = 'small' | 'typical' | 'large';
export const SIZES: readonly Size[] = ['small', 'typical', 'large'];

/** The kinds measured per file, with the path a file of that kind gets and its target lines per size. */
export interface InputKind {
  name: string;
  kind: FileKind;
  path: string;
  lines: Record<Size, number>;
  generate: (lines: number, seed: number) => string;
}

const YAML_LINES: Record<Size, number> = { small: 60, typical: 300, large: 1500 };

type Pick = <T>(xs: readonly T[]) => T;
const picker = (r: () => number): Pick => (xs) => xs[Math.floor(r() * xs.length)] as (typeof xs)[number];

// ------------------------------------------------------------------ GitHub Actions

const OS = ['ubuntu-latest', 'ubuntu-24.04', 'macos-latest', 'windows-latest'];
const TOOLS = ['bun test', 'bun run build', 'make lint', 'go test ./...', 'cargo test --locked', 'poetry run pytest', 'npm ci'];

/** A workflow of about `lines` lines; each job reads what an earlier one produces. */
export function workflow(lines: number, seed: number): string {
  const r = rng(seed);
  const pick = picker(r);
  const out = [
    `name: generated-${seed}`,
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
  for (let j = 0; out.length < lines - 8; j++) {
    const id = `job${j}`;
    const need = names.length > 0 ? pick(names) : undefined;
    out.push(`  ${id}:`);
    if (need) out.push(`    needs: [${need}]`);
    out.push(
      `    if: \${{ !cancelled() && github.event_name != 'schedule' }}`,
      '    runs-on: ${{ matrix.os }}',
      '    timeout-minutes: 30',
      '    strategy:',
      '      fail-fast: false',
      '      matrix:',
      `        os: [${OS.slice(0, 1 + Math.floor(r() * 3)).join(', ')}]`,
      '    outputs:',
      '      version: ${{ steps.meta.outputs.version }}',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - uses: oven-sh/setup-bun@v2',
      '      - id: meta',
      '        run: |',
      '          echo "version=1.${{ github.run_number }}" >> "$GITHUB_OUTPUT"',
      '          echo "BUILD_ID=${{ github.run_id }}-${{ matrix.os }}" >> "$GITHUB_ENV"',
    );
    const steps = 2 + Math.floor(r() * 5);
    for (let s = 0; s < steps; s++) {
      out.push(`      - name: step ${s}`, `        run: ${pick(TOOLS)}`);
      if (need && r() < 0.5) out.push('        env:', `          UPSTREAM: \${{ needs.${need}.outputs.version }}`);
    }
    names.push(id);
  }
  return `${out.join('\n')}\n`;
}

// ------------------------------------------------------------------ GitLab CI

export function gitlab(lines: number, seed: number): string {
  const r = rng(seed);
  const pick = picker(r);
  const out = ['stages: [build, test, deploy]', '', 'default:', '  image: oven/bun:1.1', '', '.cache: &cache', '  cache:', '    key:', '      files: [bun.lock]', '    paths: [.bun/]', ''];
  for (let j = 0; out.length < lines - 6; j++) {
    const stage = pick(['build', 'test', 'deploy']);
    out.push(`job-${j}:`, '  <<: *cache', `  stage: ${stage}`, '  script:', '    - bun install --frozen-lockfile', `    - ${pick(TOOLS)}`);
    if (r() < 0.4) out.push('  rules:', '    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH', '      when: on_success');
    if (r() < 0.3) out.push('  artifacts:', '    paths: [dist/]', '    expire_in: 1 week');
    if (j > 0 && r() < 0.3) out.push(`  needs: [job-${Math.floor(r() * j)}]`);
    out.push('');
  }
  return `${out.join('\n')}`;
}

// ------------------------------------------------------------------ Dockerfile

const BASES = ['oven/bun:1.1.38', 'golang:1.23-bookworm', 'python:3.12-slim', 'rust:1.82-slim', 'debian:bookworm-slim', 'alpine:3.20'];
const PACKAGES = ['ca-certificates', 'curl', 'git', 'openssh-client', 'tzdata', 'unzip', 'jq', 'make', 'libpq5', 'tini'];

export function dockerfile(lines: number, seed: number): string {
  const r = rng(seed);
  const pick = picker(r);
  const out = ['# syntax=docker/dockerfile:1', 'ARG BASE=debian:bookworm-slim'];
  for (let index = 0; out.length < lines - 8; index++) {
    out.push(`FROM ${pick(BASES)} AS stage${index}`, 'WORKDIR /app');
    const end = Math.min(lines - 8, out.length + 10 + Math.floor(r() * 30));
    while (out.length < end) {
      const x = r();
      if (x < 0.2) {
        const pkgs = Array.from({ length: 2 + Math.floor(r() * 5) }, () => pick(PACKAGES));
        out.push('RUN apt-get update \\', ' && apt-get install -y --no-install-recommends \\', ...pkgs.map((p) => `      ${p} \\`), ' && rm -rf /var/lib/apt/lists/*');
      } else if (x < 0.35) out.push('COPY package.json bun.lock ./', 'RUN --mount=type=cache,target=/root/.bun/install/cache bun install --frozen-lockfile');
      else if (x < 0.4) out.push('RUN npm ci');
      else if (x < 0.5) out.push('RUN <<EOF', 'set -eux', `echo building ${index}`, 'bun run build', 'EOF');
      else if (x < 0.6) out.push(`ENV APP_STAGE=${index} LOG_LEVEL=info`, `ARG VERSION=1.${index}.0`);
      else if (x < 0.7) out.push(`COPY --from=stage${Math.max(0, index - 1)} --chown=1000:1000 /app/dist ./dist${out.length}`);
      else if (x < 0.8) out.push(`LABEL org.opencontainers.image.version="1.${index}.${out.length}"`);
      else out.push(`RUN ["bun", "run", "task-${out.length}"]`);
    }
    out.push('');
  }
  out.push('FROM ${BASE}', 'COPY --from=stage0 /app/dist /app', 'USER 10001', 'EXPOSE 8080', 'HEALTHCHECK CMD ["/app/server", "--health"]', 'ENTRYPOINT ["/app/server"]', '');
  return out.join('\n');
}

// ------------------------------------------------------------------ Terraform

const TF_TYPES = ['aws_s3_bucket', 'aws_instance', 'aws_security_group', 'aws_iam_role', 'aws_sqs_queue', 'aws_lambda_function'];

export function terraform(lines: number, seed: number): string {
  const r = rng(seed);
  const pick = picker(r);
  const out: string[] = [
    'terraform {',
    '  required_version = ">= 1.6.0"',
    '  required_providers {',
    '    aws = {',
    '      source  = "hashicorp/aws"',
    '      version = "~> 5.40"',
    '    }',
    '  }',
    '}',
    '',
    'provider "aws" {',
    '  region = "eu-west-1"',
    '}',
    '',
    'variable "env" {',
    '  type    = string',
    '  default = "prod"',
    '}',
    '',
    'variable "tags" {',
    '  type    = map(string)',
    '  default = {}',
    '}',
    '',
  ];
  for (let i = 0; out.length < lines - 6; i++) {
    const x = r();
    if (x < 0.6) {
      out.push(`resource "${pick(TF_TYPES)}" "r_${i}" {`, `  name  = "res-${i}-\${var.env}"`, `  count = ${1 + Math.floor(r() * 3)}`);
      if (r() < 0.5) out.push(`  tags = merge(var.tags, { Name = "r-${i}", Index = "${i}" })`);
      if (r() < 0.3) out.push('  dynamic "ingress" {', '    for_each = [80, 443]', '    content {', '      from_port = ingress.value', '      to_port   = ingress.value', '    }', '  }');
      if (r() < 0.2) out.push('  provisioner "local-exec" {', `    command = "bun install --frozen-lockfile && bun run build -- --id ${i}"`, '  }');
      out.push('}', '');
    } else if (x < 0.8) out.push(`variable "v_${i}" {`, `  type        = ${pick(['string', 'number', 'list(string)'])}`, `  description = "Variable ${i}."`, '  default     = null', '}', '');
    else if (x < 0.9) out.push(`output "o_${i}" {`, `  description = "Output ${i}."`, `  value       = [for x in ["a", "b"] : upper(x) if length(x) > ${i % 5}]`, '}', '');
    else out.push(`module "m_${i}" {`, '  source  = "terraform-aws-modules/vpc/aws"', `  version = "5.8.${i % 10}"`, `  name    = "m-${i}"`, '}', '');
  }
  return out.join('\n');
}

// ------------------------------------------------------------------ Kubernetes

export function kubernetes(lines: number, seed: number): string {
  const r = rng(seed);
  const docs: string[] = [];
  let count = 0;
  for (let i = 0; count < lines; i++) {
    const replicas = 1 + Math.floor(r() * 4);
    const deployment = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: svc-${i}`,
      '  namespace: shop',
      '  labels:',
      `    app.kubernetes.io/name: svc-${i}`,
      'spec:',
      `  replicas: ${replicas}`,
      '  selector:',
      '    matchLabels:',
      `      app.kubernetes.io/name: svc-${i}`,
      '  template:',
      '    metadata:',
      '      labels:',
      `        app.kubernetes.io/name: svc-${i}`,
      '    spec:',
      '      securityContext:',
      '        runAsNonRoot: true',
      '      containers:',
      '        - name: app',
      `          image: registry.example.com/svc-${i}:1.${i}.0`,
      '          ports:',
      `            - containerPort: ${8000 + i}`,
      '          resources:',
      '            requests: { cpu: 100m, memory: 128Mi }',
      '            limits: { memory: 256Mi }',
      '          readinessProbe:',
      `            httpGet: { path: /health, port: ${8000 + i} }`,
    ];
    const service = ['apiVersion: v1', 'kind: Service', 'metadata:', `  name: svc-${i}`, '  namespace: shop', 'spec:', '  selector:', `    app.kubernetes.io/name: svc-${i}`, '  ports:', `    - port: 80`, `      targetPort: ${8000 + i}`];
    docs.push(deployment.join('\n'), service.join('\n'));
    count += deployment.length + service.length + 2;
  }
  return `${docs.join('\n---\n')}\n`;
}

// ------------------------------------------------------------------ CloudFormation

export function cloudformation(lines: number, seed: number): string {
  const r = rng(seed);
  const out = ['AWSTemplateFormatVersion: "2010-09-09"', 'Description: generated', 'Parameters:', '  Env:', '    Type: String', '    Default: prod', 'Resources:'];
  for (let i = 0; out.length < lines - 6; i++) {
    const x = r();
    if (x < 0.4) {
      out.push(`  Bucket${i}:`, '    Type: AWS::S3::Bucket', '    Properties:', `      BucketName: !Sub "shop-\${Env}-${i}"`, '      VersioningConfiguration:', '        Status: Enabled', '      Tags:', '        - Key: Index', `          Value: "${i}"`);
    } else if (x < 0.7) {
      out.push(`  Queue${i}:`, '    Type: AWS::SQS::Queue', '    Properties:', `      QueueName: !Sub "q-\${Env}-${i}"`, '      VisibilityTimeout: 60');
    } else {
      out.push(`  Role${i}:`, '    Type: AWS::IAM::Role', '    Properties:', '      AssumeRolePolicyDocument:', '        Version: "2012-10-17"', '        Statement:', '          - Effect: Allow', '            Principal: { Service: lambda.amazonaws.com }', '            Action: sts:AssumeRole');
    }
  }
  out.push('Outputs:', '  Environment:', '    Value: !Ref Env');
  return `${out.join('\n')}\n`;
}

// ------------------------------------------------------------------ plan documents

const WORDS = ['the', 'service', 'cluster', 'load', 'balancer', 'database', 'replica', 'queue', 'region', 'backup', 'alert', 'deploy', 'pipeline', 'secret', 'tenant', 'cache', 'traffic', 'latency', 'capacity', 'rollout'];

/** A plan document with the eight sections, grown with prose, lists, tables and code to about `lines` lines. */
export function planDoc(lines: number, seed: number): string {
  const r = rng(seed);
  const pick = picker(r);
  const sentence = () => {
    const words = Array.from({ length: 6 + Math.floor(r() * 14) }, () => pick(WORDS));
    if (r() < 0.2) words.splice(2, 0, pick(['`infra/main.tf`', '`.github/workflows/deploy.yml`', '`bun install`', '`poetry install`']));
    return `${words.join(' ').replace(/^./, (c) => c.toUpperCase())}.`;
  };
  const blocks: (() => string[])[] = [
    () => [Array.from({ length: 2 + Math.floor(r() * 4) }, sentence).join(' ')],
    () => Array.from({ length: 3 + Math.floor(r() * 5) }, () => `- ${sentence()}`),
    () => ['| Environment | Replicas | p95 target |', '|---|---:|---:|', ...Array.from({ length: 3 + Math.floor(r() * 4) }, (_, i) => `| env-${i} | ${1 + i} | ${200 + 50 * i} ms |`)],
    () => ['```bash', 'bun install --frozen-lockfile', `terraform -chdir=infra/${pick(['network', 'data', 'app'])} init`, '```'],
    () => ['```yaml', 'jobs:', '  deploy:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4', '      - run: bun install --frozen-lockfile', '```'],
    () => ['```mermaid', 'flowchart LR', '  a[ALB] --> b[ECS]', '  b --> c[(RDS)]', '```'],
  ];
  const perSection = Math.max(4, Math.floor(lines / PLAN_SECTIONS.length));
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
  return `${out.join('\n')}\n`;
}

export const KINDS: readonly InputKind[] = [
  { name: 'GitHub Actions workflow', kind: 'github-actions', path: '.github/workflows/ci.yml', lines: YAML_LINES, generate: workflow },
  { name: 'GitLab CI', kind: 'gitlab-ci', path: '.gitlab-ci.yml', lines: YAML_LINES, generate: gitlab },
  { name: 'Dockerfile', kind: 'dockerfile', path: 'Dockerfile', lines: { small: 30, typical: 120, large: 800 }, generate: dockerfile },
  { name: 'Terraform module', kind: 'terraform', path: 'infra/main.tf', lines: YAML_LINES, generate: terraform },
  { name: 'Kubernetes manifests', kind: 'kubernetes', path: 'k8s/app.yaml', lines: YAML_LINES, generate: kubernetes },
  { name: 'CloudFormation template', kind: 'cloudformation', path: 'cfn/stack.yaml', lines: YAML_LINES, generate: cloudformation },
  { name: 'plan document', kind: 'plan-doc', path: 'plan/infrastructure.md', lines: { small: 150, typical: 600, large: 3000 }, generate: planDoc },
];

/** The seed of an input: one per kind and size, so adding a kind changes no other input. */
export function seedOf(kindIndex: number, size: Size): number {
  return 1000 + kindIndex * 10 + SIZES.indexOf(size);
}

// ------------------------------------------------------------------ monorepo

/**
 * A monorepo of `total` files, `checked` of which are of a kind this product checks
 * (workflows, GitLab CI, Dockerfiles, Compose, Kubernetes, Terraform, manifests,
 * Makefiles, Go sources), the rest TypeScript, CSS and SVG it never reads. Services
 * of 20 files (8 checked, 12 not) — so `checked / total` is 2/5 — plus root files.
 * Returns path → text.
 */
export function monorepo(total: number, seed: number): Map<string, string> {
  const r = rng(seed);
  const pick = picker(r);
  const files = new Map<string, string>();
  files.set('package.json', '{\n  "name": "mono",\n  "private": true,\n  "workspaces": ["services/*"],\n  "devDependencies": { "typescript": "^5.6.0" }\n}\n');
  files.set('bun.lock', '{ "lockfileVersion": 1, "workspaces": { "": { "name": "mono" } }, "packages": {} }\n');
  files.set('.gitlab-ci.yml', gitlab(80, seed + 1));
  files.set('README.txt', 'A generated monorepo.\n');
  const services = Math.floor((total - files.size) / 20);
  for (let i = 0; i < services; i++) {
    const dir = `services/svc-${String(i).padStart(4, '0')}`;
    const npm = r() < 0.1;
    // Checked (8).
    files.set(`${dir}/package.json`, `{\n  "name": "svc-${i}",\n  "version": "1.0.${i}",\n  "scripts": { "build": "${npm ? 'npm run tsc' : 'bun build src/index.ts --outdir dist'}", "test": "bun test" }\n}\n`);
    files.set(`${dir}/Dockerfile`, dockerfile(12 + Math.floor(r() * 20), seed + 10 * i + 2));
    files.set(`${dir}/.github/workflows/ci.yml`, workflow(30 + Math.floor(r() * 40), seed + 10 * i + 3));
    files.set(`${dir}/k8s/deployment.yaml`, kubernetes(40, seed + 10 * i + 4));
    files.set(`${dir}/infra/main.tf`, terraform(30 + Math.floor(r() * 30), seed + 10 * i + 5));
    files.set(`${dir}/Makefile`, `build:\n\t${npm ? 'npm ci' : 'bun install --frozen-lockfile'}\n\tbun run build\n`);
    files.set(`${dir}/compose.yaml`, `services:\n  app:\n    build: .\n    image: registry.example.com/svc-${i}:1.0.${i}\n    ports: ["${8000 + (i % 1000)}:8080"]\n`);
    files.set(`${dir}/cmd/main.go`, `package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("svc-${i}")\n}\n`);
    // Not checked (12).
    for (let k = 0; k < 9; k++) files.set(`${dir}/src/module-${k}.ts`, `export const value${k} = ${Math.floor(r() * 1000)};\nexport function f${k}(x: number): number {\n  return x * ${k + 1};\n}\n`);
    files.set(`${dir}/src/styles.css`, `.app { color: ${pick(['red', 'blue', 'green'])}; }\n`);
    files.set(`${dir}/assets/logo.svg`, '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>\n');
    files.set(`${dir}/src/index.test.ts`, `import { f0 } from "./module-0";\nif (f0(1) !== 1) throw new Error("f0");\n`);
  }
  for (let n = 0; files.size < total; n++) files.set(`tools/scripts/tool-${n}.ts`, `export const tool${n} = ${n};\n`);
  return files;
}
