/**
 * Terraform: per-file time of the bare tree-sitter parse (web-tree-sitter with
 * the Terraform grammar, the tree freed at once) against the engine's whole
 * work on the same text — parse, copy of the tree into plain objects, and every
 * rule enabled for Terraform files (terraform/*, the package-manager policy on
 * provisioners) — on generated modules of three sizes, seeded so every run sees
 * the same files. Median and p95 after warm-up; writes a section of bench/RESULTS.md.
 *   bun bench/terraform.ts [--runs N]   (default 200 measured runs per size)
 */
import { execSync } from 'node:child_process';
import { cpus } from 'node:os';
import { Language, Parser } from 'web-tree-sitter';
import { lint } from '../server/src/core/engine';
import { loadHclParser } from '../server/src/core/parse/hcl';
import { SourceFile } from '../server/src/core/source';
import { percentile, rng, writeResultsSection } from './support';

const START = '<!-- terraform -->';
const END = '<!-- /terraform -->';
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 200;
const WARMUP = 30;

const TYPES = ['aws_s3_bucket', 'aws_instance', 'aws_security_group', 'aws_iam_role', 'aws_sqs_queue', 'aws_lambda_function'];

/** A module with `blocks` resources, variables, outputs and modules, in the shapes the valid suite has. */
function generate(blocks: number, seed: number): string {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;
  const out: string[] = [
    'terraform {\n  required_version = ">= 1.6.0"\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "~> 5.40"\n    }\n  }\n  backend "s3" {\n    bucket = "state"\n    key    = "gen.tfstate"\n    region = "eu-west-1"\n  }\n}\n',
    'provider "aws" {\n  region = "eu-west-1"\n  default_tags {\n    tags = { Environment = "prod", Owner = "team", CostCenter = "cc-1" }\n  }\n}\n',
  ];
  for (let i = 0; i < blocks; i++) {
    const kind = r();
    if (kind < 0.6) {
      const type = pick(TYPES);
      const lines = [`resource "${type}" "r_${i}" {`, `  name = "res-${i}-\${var.env}"`, `  count = var.enabled ? ${1 + Math.floor(r() * 3)} : 0`];
      if (r() < 0.5) lines.push(`  tags = merge(var.tags, { Name = "r-${i}", Index = "${i}" })`);
      if (r() < 0.3) lines.push('  dynamic "ingress" {', '    for_each = var.ports', '    content {', '      from_port = ingress.value', '      to_port   = ingress.value', '    }', '  }');
      if (r() < 0.2) lines.push('  provisioner "local-exec" {', `    command = "bun install --frozen-lockfile && bun run build -- --id ${i}"`, '  }');
      if (r() < 0.2) lines.push('  policy = <<-EOT', '    {', `      "Version": "2012-10-17", "Id": "p${i}"`, '    }', '  EOT');
      lines.push('}');
      out.push(lines.join('\n'));
    } else if (kind < 0.8) {
      out.push(`variable "v_${i}" {\n  type        = ${pick(['string', 'number', 'list(string)', 'map(string)'])}\n  description = "Variable ${i}."\n  default     = null\n}`);
    } else if (kind < 0.9) {
      out.push(`output "o_${i}" {\n  description = "Output ${i}."\n  value       = [for x in var.list_${i % 7} : upper(x) if length(x) > ${i % 5}]\n}`);
    } else {
      out.push(`module "m_${i}" {\n  source  = "terraform-aws-modules/vpc/aws"\n  version = "5.8.${i % 10}"\n  name    = "m-${i}"\n  azs     = ["a", "b", "c"]\n}`);
    }
  }
  return `${out.join('\n\n')}\n`;
}

function measure(fn: () => void): { median: number; p95: number } {
  for (let i = 0; i < WARMUP; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 50), p95: percentile(times, 95) };
}

await loadHclParser();
await Parser.init({ locateFile: () => require.resolve('web-tree-sitter/web-tree-sitter.wasm') });
const bare = new Parser();
bare.setLanguage(await Language.load(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm')));

const SIZES = [
  ['small', 20, 1],
  ['typical', 120, 2],
  ['large', 1000, 3],
] as const;
const rows: string[] = [];
for (const [name, blocks, seed] of SIZES) {
  const text = generate(blocks, seed);
  const lines = text.split('\n').length;
  const parse = measure(() => bare.parse(text)?.delete());
  let findings = 0;
  const full = measure(() => {
    // A new SourceFile each time: nothing is memoised from the run before, as for a new version of a buffer.
    findings = lint(new SourceFile('main.tf', 'terraform', text)).findings.length;
  });
  const row = `| ${name} | ${lines} | ${(text.length / 1024).toFixed(1)} KiB | ${parse.median.toFixed(2)} / ${parse.p95.toFixed(2)} ms | ${full.median.toFixed(2)} / ${full.p95.toFixed(2)} ms | ${(full.median / parse.median).toFixed(2)}× | ${findings} |`;
  console.log(row);
  rows.push(row);
}

const section = [
  START,
  '## Terraform: tree-sitter parse vs parse + all Terraform rules (per file)',
  '',
  'Generated by `bench/terraform.ts`: seeded generated modules (resources with tags, `dynamic` blocks, provisioners and',
  'heredocs; typed variables; outputs with `for` expressions; registry modules). "Bare parse" is web-tree-sitter with the',
  'Terraform grammar, tree freed at once; "engine" is `lint()` on a fresh `SourceFile`: the same parse, the copy of the',
  'tree into plain objects and every rule enabled for Terraform. Median / p95 of the measured runs after warm-up, in Bun.',
  '',
  `- Command: \`bun bench/terraform.ts${args.length ? ` ${args.join(' ')}` : ''}\` (${RUNS} runs after ${WARMUP} warm-up runs per size)`,
  `- Date: ${new Date().toISOString()} (HEAD ${execSync('git rev-parse --short HEAD').toString().trim()})`,
  `- Machine: nproc ${cpus().length} (shared with other work while measured); bun ${Bun.version}`,
  '',
  '| module | lines | size | bare parse median / p95 | engine median / p95 | ratio (medians) | findings |',
  '|---|---:|---:|---:|---:|---:|---:|',
  ...rows,
  END,
].join('\n');
writeResultsSection('terraform', section);
