/**
 * Per-file engine time against the bare parse of the same text and against the
 * peers a user would otherwise run, on the seeded inputs of `bench/inputs.ts`
 * (every checked format, small / typical / large), in one process, interleaved:
 * each round runs every workload once, so a change in the machine's load touches
 * all rows alike. Each engine run lints a fresh `SourceFile` (nothing memoised
 * from the run before, as for a new version of a buffer) with every rule that is
 * on by default, in a small repository the repository-aware rules can read.
 *
 * Floors: `yaml`'s `parseAllDocuments` (what `SourceFile.yaml` calls), the HCL
 * parser (`parseHcl`, web-tree-sitter, loaded with `loadHclParser`), our
 * Dockerfile parser, the Markdown parser (mdast with GFM tables). Peers:
 * `@actions/languageservice` `validate()` (workflows), `dockerfile-utils`
 * `validate()` (Dockerfiles), `markdownlint` with its default rules (plan documents).
 *
 *   bun bench/engine.ts [--quick]   prints `BENCH_RESULT {json}` (read by bench/run.ts)
 */
import { validate as actionsValidate } from '@actions/languageservice';
import { validate as dockerfileValidate } from 'dockerfile-utils';
import { lint as markdownlint } from 'markdownlint/sync';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseAllDocuments } from 'yaml';
import { lint } from '../server/src/core/engine';
import { parseDockerfile } from '../server/src/core/parse/dockerfile';
import { loadHclParser, parseHcl } from '../server/src/core/parse/hcl';
import { parseMarkdown } from '../server/src/core/parse/markdown-doc';
import { SourceFile } from '../server/src/core/source';
import { Repository } from '../server/src/core/workspace/repository';
import { KINDS, SIZES, type Size, seedOf } from './inputs';
import { emitResult, percentile } from './support';

const QUICK = process.argv.includes('--quick');

export interface EngineRow {
  kind: string;
  name: string;
  size: Size;
  lines: number;
  findings: number;
  parse: { median: number; p95: number };
  engine: { median: number; p95: number };
  peer?: { name: string; median: number; p95: number };
}

await loadHclParser();

const REPO_FILES: Record<string, string> = {
  'package.json': '{ "name": "shop", "private": true, "devDependencies": { "typescript": "^5.6.0" } }\n',
  'bun.lock': '{ "lockfileVersion": 1, "workspaces": { "": { "name": "shop" } }, "packages": {} }\n',
};

function floorOf(kind: string, path: string): (text: string) => unknown {
  if (kind === 'terraform') return (text) => parseHcl(text, 'terraform');
  if (kind === 'dockerfile') return (text) => parseDockerfile(text);
  if (kind === 'plan-doc') return (text) => parseMarkdown(text);
  void path;
  return (text) => parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false });
}

let uri = 0;
function peerOf(kind: string): { name: string; run: (text: string) => unknown } | undefined {
  if (kind === 'github-actions')
    return {
      name: '@actions/languageservice validate()',
      // A fresh URI each time so its per-document cache never answers.
      run: (text) => actionsValidate(TextDocument.create(`file:///bench/w${uri++}/.github/workflows/ci.yml`, 'yaml', 1, text)),
    };
  if (kind === 'dockerfile') return { name: 'dockerfile-utils validate()', run: (text) => dockerfileValidate(text) };
  if (kind === 'plan-doc') return { name: 'markdownlint (default rules)', run: (text) => markdownlint({ strings: { doc: text } }) };
  return undefined;
}

/**
 * Median and p95 of each workload over `runs` rounds after `warmup` rounds — fewer when the rounds
 * are slow: at least 10, no more than `BUDGET_MS` of measured rounds (a slow peer bounds the run time).
 */
const BUDGET_MS = QUICK ? 1500 : 8000;
async function measure(workloads: ((text: string) => unknown)[], text: string, warmup: number, maxRuns: number): Promise<{ median: number; p95: number }[]> {
  const times = workloads.map(() => [] as number[]);
  let runs = maxRuns;
  for (let round = 0; round < warmup + runs; round++) {
    if (round === warmup) {
      const perRound = times.reduce((n, ts) => n + (ts.at(-1) ?? 0), 0);
      runs = Math.max(Math.min(maxRuns, QUICK ? 5 : 10), Math.min(maxRuns, Math.floor(BUDGET_MS / Math.max(perRound, 0.001))));
    }
    for (let k = 0; k < workloads.length; k++) {
      const t = performance.now();
      const out = workloads[k](text);
      if (out instanceof Promise) await out;
      times[k].push(performance.now() - t);
    }
  }
  return times.map((all) => {
    const ts = all.slice(warmup);
    ts.sort((a, b) => a - b);
    return { median: percentile(ts, 50), p95: percentile(ts, 95) };
  });
}

const rows: EngineRow[] = [];
for (const [index, spec] of KINDS.entries()) {
  for (const size of SIZES) {
    const text = spec.generate(spec.lines[size], seedOf(index, size));
    const repository = new Repository({ read: (p) => REPO_FILES[p] ?? (p === spec.path ? text : undefined) }).addPaths([...Object.keys(REPO_FILES), spec.path]);
    let findings = 0;
    const engine = (t: string) => {
      findings = lint(new SourceFile(spec.path, spec.kind, t), { workspace: repository }).findings.length;
    };
    const peer = peerOf(spec.kind);
    const workloads = [floorOf(spec.kind, spec.path), engine, ...(peer ? [peer.run] : [])];
    const runs = QUICK ? 5 : size === 'large' ? 60 : size === 'typical' ? 150 : 300;
    const warmup = QUICK ? 2 : size === 'large' ? 5 : 10;
    const [parse, mine, theirs] = await measure(workloads, text, warmup, runs);
    const row: EngineRow = { kind: spec.kind, name: spec.name, size, lines: text.split('\n').length - 1, findings, parse, engine: mine, peer: peer && theirs ? { name: peer.name, ...theirs } : undefined };
    rows.push(row);
    console.error(
      `${spec.kind.padEnd(15)} ${size.padEnd(8)} ${String(row.lines).padStart(5)} lines  parse ${parse.median.toFixed(2)}  engine ${mine.median.toFixed(2)} ms (${(mine.median / parse.median).toFixed(2)}×)${theirs ? `  peer ${theirs.median.toFixed(2)} ms` : ''}`,
    );
  }
}
emitResult({ rows });
