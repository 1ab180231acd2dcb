/**
 * Lints the corpus of imaginary real-world repositories under `test/corpus/`
 * exactly as the CLI lints a folder: every project folder is a workspace with its
 * own configuration, file listing and candidates. Prints findings per surface
 * (file kind) and rule; `--write` stores the finding lines in
 * `test/corpus/expected.txt`, the regression net `test/corpus.test.ts` compares.
 *
 * Usage: bun scripts/corpus-report.ts [folder of projects] [--write]
 * (another folder, e.g. test/valid-pipelines/gitlab-ci, is reported the same way; --write is for the corpus only)
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lint } from '../server/src/core/engine';
import { loadHclParser } from '../server/src/core/parse/hcl';
import { LineIndex } from '../server/src/core/lines';
import type { FileKind, Finding } from '../server/src/core/types';
import { isCandidate, listFiles, loadConfig, readText, workspaceView } from '../server/src/node/workspace';

export const CORPUS_ROOT = join(import.meta.dir, '..', 'test', 'corpus');
export const EXPECTED_PATH = join(CORPUS_ROOT, 'expected.txt');

export interface CorpusFinding {
  project: string;
  path: string;
  kind: FileKind;
  line: number;
  column: number;
  finding: Finding;
}

export interface CorpusRun {
  projects: string[];
  /** Files linted (the CLI's candidates that some kind claims), per surface. */
  filesPerKind: Map<FileKind, number>;
  findings: CorpusFinding[];
  /** Rule crashes, as `project/path: rule error`. */
  crashes: string[];
}

/** Project folders of the corpus, sorted. */
export function corpusProjects(root = CORPUS_ROOT): string[] {
  return readdirSync(root)
    .filter((name) => statSync(join(root, name)).isDirectory())
    .sort();
}

/** Lints every project of the corpus as the CLI's `check <folder>` does. */
export function runCorpus(root = CORPUS_ROOT): CorpusRun {
  const projects = corpusProjects(root);
  const filesPerKind = new Map<FileKind, number>();
  const findings: CorpusFinding[] = [];
  const crashes: string[] = [];
  for (const project of projects) {
    const dir = join(root, project);
    const loaded = loadConfig(dir);
    const all = listFiles(dir, loaded.config.ignore);
    const workspace = workspaceView(all, dir);
    for (const rel of all) {
      if (!isCandidate(rel, loaded.config)) continue;
      const text = readText(join(dir, rel));
      if (text === undefined) continue;
      const r = lint({ path: rel, text }, { config: loaded.config, workspace });
      for (const c of r.crashes) crashes.push(`${project}/${rel}: ${c.ruleId} ${String(c.error)}`);
      if (!r.kind) continue;
      filesPerKind.set(r.kind, (filesPerKind.get(r.kind) ?? 0) + 1);
      const index = new LineIndex(text);
      for (const f of r.findings) {
        const p = index.positionAt(f.range.start);
        findings.push({ project, path: rel, kind: r.kind, line: p.line + 1, column: p.character + 1, finding: f });
      }
    }
  }
  return { projects, filesPerKind, findings, crashes };
}

/** One line per finding, `project/path:line:col rule-id message`, sorted. */
export function findingLines(run: CorpusRun): string[] {
  const lines = run.findings.map(
    (f) => `${f.project}/${f.path}:${f.line}:${f.column} ${f.finding.ruleId} ${f.finding.message.replace(/\r?\n/g, ' ')}`,
  );
  return lines.sort(compareLines);
}

/** Sorts by path, then numerically by line and column, then by the rest. */
function compareLines(a: string, b: string): number {
  const pa = splitLine(a);
  const pb = splitLine(b);
  return pa.path.localeCompare(pb.path) || pa.line - pb.line || pa.col - pb.col || a.localeCompare(b);
}

function splitLine(s: string): { path: string; line: number; col: number } {
  const m = /^(\S+?):(\d+):(\d+) /.exec(s);
  return m ? { path: m[1], line: Number(m[2]), col: Number(m[3]) } : { path: s, line: 0, col: 0 };
}

/** The text of `expected.txt` for a run. */
export function expectedText(run: CorpusRun): string {
  const lines = findingLines(run);
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** The corpus findings as `expected.txt` holds them. */
export function corpusLines(root = CORPUS_ROOT): string[] {
  return findingLines(runCorpus(root));
}

function pad(s: string | number, n: number, right = false): string {
  const t = String(s);
  return right ? t.padStart(n) : t.padEnd(n);
}

/** A plain-text table of findings per surface × rule, with totals. */
export function formatReport(run: CorpusRun): string {
  const out: string[] = [];
  const fileTotal = [...run.filesPerKind.values()].reduce((a, b) => a + b, 0);
  out.push(`Corpus: ${run.projects.length} projects, ${fileTotal} files read by the checker`);
  for (const [kind, n] of [...run.filesPerKind].sort(([a], [b]) => a.localeCompare(b))) out.push(`  ${pad(kind, 22)}${pad(n, 4, true)} files`);
  out.push('');

  const kinds = [...new Set(run.findings.map((f) => f.kind))].sort();
  const rules = [...new Set(run.findings.map((f) => f.finding.ruleId))].sort();
  const count = (kind: string | undefined, rule: string | undefined) =>
    run.findings.filter((f) => (kind === undefined || f.kind === kind) && (rule === undefined || f.finding.ruleId === rule)).length;
  const short = (r: string) => r.replace(/^package-manager\//, '');
  const ruleWidth = Math.max(10, ...rules.map((r) => short(r).length)) + 2;
  const colWidth = Math.max(8, ...kinds.map((k) => k.length)) + 1;
  out.push(`Findings per rule (rows, package-manager/ omitted) and surface (columns): ${run.findings.length} in total`);
  out.push(pad('rule', ruleWidth) + kinds.map((k) => pad(k, colWidth, true)).join('') + pad('total', 8, true));
  for (const rule of rules) {
    out.push(
      pad(short(rule), ruleWidth) +
        kinds.map((k) => pad(count(k, rule) || '.', colWidth, true)).join('') +
        pad(count(undefined, rule), 8, true),
    );
  }
  out.push(pad('total', ruleWidth) + kinds.map((k) => pad(count(k, undefined), colWidth, true)).join('') + pad(run.findings.length, 8, true));
  out.push('');
  out.push('Findings per project:');
  for (const p of run.projects) out.push(`  ${pad(p, 24)}${pad(run.findings.filter((f) => f.project === p).length, 4, true)}`);
  if (run.crashes.length) {
    out.push('');
    out.push(`Rule crashes (${run.crashes.length}):`);
    for (const c of run.crashes) out.push(`  ${c}`);
  }
  return `${out.join('\n')}\n`;
}

if (import.meta.main) {
  await loadHclParser();
  const folder = process.argv.slice(2).find((a) => !a.startsWith('--'));
  const run = runCorpus(folder ? join(process.cwd(), folder) : CORPUS_ROOT);
  process.stdout.write(formatReport(run));
  process.stdout.write('\n');
  const lines = findingLines(run);
  for (const l of lines) process.stdout.write(`${l}\n`);
  if (process.argv.includes('--write') && !folder) {
    writeFileSync(EXPECTED_PATH, expectedText(run));
    process.stdout.write(`\nWrote ${lines.length} findings to test/corpus/expected.txt\n`);
  }
}
