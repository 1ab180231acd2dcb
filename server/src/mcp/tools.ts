/**
 * What the MCP tools do, on the same engine, configuration and bounds as
 * `roo-devops check`: plain functions over a workspace root that return plain
 * data. The protocol (schemas, annotations, stdio) lives in `protocol.ts`,
 * bundled apart with the SDK; nothing here knows about MCP.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { diff as planDiff } from '../cli-generate';
import { DEFAULT_LIMITS } from '../core/config';
import { describeFailure, lint, lintUnread, type LintResult } from '../core/engine';
import { fixUntilStable } from '../core/fixes';
import { LineIndex } from '../core/lines';
import { proposePlan } from '../core/plan/propose';
import type { PlanDocumentKind } from '../core/plan/sections';
import type { Rule } from '../core/rule';
import { RULES } from '../core/rules';
import { closest } from '../core/suggest';
import type { Finding } from '../core/types';
import { Repository } from '../core/workspace/repository';
import { writeFileAtomic } from '../node/atomic-write';
import { readPlanSnapshot } from '../node/plan-file';
import { type ListingProblem, listFiles, loadConfig, readFileText, relativeTo } from '../node/workspace';
import { resolveInRoot, ToolError } from './root';

/** Findings returned by one call at most: an agent's context is not a CI log. The counts still cover all of them. */
export const MAX_FINDINGS_RETURNED = 200;
/** Passes of `fix` over one file, as `check --fix`. */
const MAX_FIX_PASSES = 10;

export type FixAvailability = 'safe' | 'unsafe' | 'none';

/** A finding as the CLI prints it: workspace-relative file, 1-based line and column (UTF-16 units). */
export interface ToolFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  /** `safe`: the `fix` tool applies it; `unsafe`: a fix exists but changes behaviour, so only a person applies it. */
  fix: FixAvailability;
}

export interface NotChecked {
  path: string;
  reason: string;
}

export interface CheckResult {
  /** Files linted. */
  filesChecked: number;
  counts: { error: number; warning: number; info: number; safeFixes: number };
  findings: ToolFinding[];
  /** Findings left out of `findings` past MAX_FINDINGS_RETURNED. */
  omitted: number;
  /** What could not be checked, and why: the check is incomplete while this is not empty. */
  notChecked: NotChecked[];
}

export interface FixResult {
  changed: { file: string; fixesApplied: number }[];
  /** What is left after the safe fixes, as `check` reports it. */
  remaining: CheckResult;
  /** Files whose fixed text could not be written. */
  writeFailures: NotChecked[];
}

export interface PlanResult {
  document: string;
  exists: boolean;
  /** The sections, diagrams and rows the generator would add; empty when the document has them all. */
  additions: string[];
  /** The whole proposed document when it does not exist, else the additions as a unified diff (the CLI's dry run). */
  text: string;
  written: false;
  notRead: NotChecked[];
}

export interface RuleSummary {
  id: string;
  severity: 'error' | 'warning' | 'info';
  fix: 'safe' | 'unsafe' | 'mixed' | 'none';
  kinds: string[];
  summary: string;
}

export interface RuleExplanation extends RuleSummary {
  /** The rule's documentation page (Markdown), or its summary and rationale when the page is not shipped. */
  documentation: string;
}

/** The tools, as the protocol module calls them. */
export interface McpTools {
  root: string;
  check(paths?: string[]): CheckResult;
  fix(paths?: string[], rules?: string[]): FixResult;
  generatePlan(document: PlanDocumentKind): PlanResult;
  listRules(family?: string): { rules: RuleSummary[] };
  explainRule(ruleId: string): RuleExplanation;
}

interface Selection {
  loaded: ReturnType<typeof loadConfig>;
  repository: Repository;
  /** Workspace-relative paths to lint, sorted. */
  files: string[];
  /** Paths named one by one: checked even where a walk would not list them. */
  named: Set<string>;
  notChecked: NotChecked[];
}

export function workspaceTools(root: string, docsDir: string | undefined = shippedDocsDir()): McpTools {
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
    if (!statSync(realRoot).isDirectory()) throw new Error('not a folder');
  } catch (e) {
    throw new Error(`the workspace root ${root} cannot be used: ${(e as Error).message}`);
  }

  /** The workspace listed now (the agent changes files between calls), and the files `paths` names. */
  function select(paths: string[] | undefined): Selection {
    const targets = (paths ?? []).map((p) => resolveInRoot(realRoot, p));
    const loaded = loadConfig(realRoot);
    const problems: ListingProblem[] = [];
    const all = listFiles(realRoot, loaded.config.ignore, (p) => problems.push(p));
    const repository = new Repository({ read: (p) => readFileText(join(realRoot, p)).text }, loaded.config.kinds).addPaths(all);
    const selected = new Set<string>();
    const named = new Set<string>();
    const folders: string[] = [];
    if (!targets.length) targets.push({ rel: '', real: realRoot, folder: true });
    for (const t of targets) {
      if (t.folder) {
        folders.push(t.rel);
        for (const p of all) if (t.rel === '' || p.startsWith(`${t.rel}/`)) selected.add(p);
      } else {
        selected.add(t.rel);
        named.add(t.rel);
        repository.paths.add(t.rel);
      }
    }
    const notChecked: NotChecked[] = [];
    if (loaded.unreadable) notChecked.push({ path: relativeTo(realRoot, loaded.path ?? '') ?? '.roo-devops.yaml', reason: `configuration unreadable (${loaded.unreadable}); the defaults were applied` });
    for (const p of problems) {
      const under = folders.some((f) => f === '' || p.path === f || p.path.startsWith(`${f}/`));
      if (under && (p.folder || repository.mayHaveKind(p.path))) notChecked.push({ path: p.path, reason: p.reason });
    }
    return { loaded, repository, files: [...selected].sort(), named, notChecked };
  }

  /** Lints each selected file through `each`, which may replace the text (the fix tool); gathers the findings. */
  function run(selection: Selection, each: (rel: string, text: string, lintText: (text: string) => LintResult) => { text: string; result: LintResult }): CheckResult {
    const { loaded, repository, named, notChecked } = selection;
    const configRel = loaded.path ? relativeTo(realRoot, loaded.path) : undefined;
    const all: ToolFinding[] = [];
    let filesChecked = 0;
    for (const rel of selection.files) {
      const candidate = repository.mayHaveKind(rel) || rel === configRel;
      if (!candidate && !named.has(rel)) continue;
      if (rel === configRel && loaded.unreadable) continue;
      const file = repository.file(rel);
      if (!file) {
        const size = fileSize(join(realRoot, rel));
        if (size !== undefined && size > (loaded.config.limits ?? DEFAULT_LIMITS).maxFileBytes) {
          const r = lintUnread(rel, size, loaded.config);
          all.push(...toolFindings(rel, new LineIndex(''), r.findings));
          notChecked.push({ path: rel, reason: `larger than the limit of ${(loaded.config.limits ?? DEFAULT_LIMITS).maxFileBytes} bytes` });
          continue;
        }
        const read = readFileText(join(realRoot, rel));
        if (read.skipped && (candidate || read.cause === 'access')) notChecked.push({ path: rel, reason: read.skipped });
        continue;
      }
      const lintText = (t: string) => (t === file.text ? lint(file, { config: loaded.config, workspace: repository }) : lint({ path: rel, text: t }, { config: loaded.config, workspace: repository }));
      const { text, result } = each(rel, file.text, lintText);
      if (text !== file.text) repository.apply([{ path: rel, type: 'changed' }]);
      filesChecked++;
      for (const c of result.crashes) notChecked.push({ path: rel, reason: `rule ${c.ruleId} failed: ${describeFailure(c.error)}` });
      all.push(...toolFindings(rel, result.file?.lines ?? new LineIndex(text), result.findings));
    }
    const count = (s: ToolFinding['severity']) => all.filter((f) => f.severity === s).length;
    return {
      filesChecked,
      counts: { error: count('error'), warning: count('warning'), info: count('info'), safeFixes: all.filter((f) => f.fix === 'safe').length },
      findings: all.slice(0, MAX_FINDINGS_RETURNED),
      omitted: Math.max(0, all.length - MAX_FINDINGS_RETURNED),
      notChecked,
    };
  }

  return {
    root: realRoot,

    check(paths) {
      return run(select(paths), (_rel, text, lintText) => ({ text, result: lintText(text) }));
    },

    fix(paths, rules) {
      const only = rules?.length ? new Set(rules) : undefined;
      for (const id of only ?? []) if (!RULES.some((r) => r.id === id)) throw unknownRule(id);
      const changed: FixResult['changed'] = [];
      const writeFailures: NotChecked[] = [];
      const remaining = run(select(paths), (rel, text, lintText) => {
        // Only the named rules' findings offer their fixes; every rule still reports on the result.
        const chosen = only ? (t: string) => ({ findings: lintText(t).findings.filter((f) => only.has(f.ruleId)) }) : lintText;
        const fixed = fixUntilStable(text, chosen, { safeOnly: true, maxPasses: MAX_FIX_PASSES });
        if (fixed.text === text) return { text, result: lintText(text) };
        try {
          const target = realpathSync(join(realRoot, rel));
          // The walk follows only links that stay inside; a link swapped since then must not be written through.
          if (relativeTo(realRoot, target) === undefined) throw new ToolError(`${rel} now leads outside the workspace root`);
          writeFileAtomic(target, fixed.text);
        } catch (e) {
          writeFailures.push({ path: rel, reason: (e as Error).message });
          return { text, result: lintText(text) };
        }
        changed.push({ file: rel, fixesApplied: fixed.applied });
        return { text: fixed.text, result: lintText(fixed.text) };
      });
      return { changed, remaining, writeFailures };
    },

    generatePlan(kind) {
      const docRel = `plan/${kind}.md`;
      const docPath = join(realRoot, docRel);
      if (existsSync(docPath)) resolveInRoot(realRoot, docRel);
      const loaded = loadConfig(realRoot);
      const problems: ListingProblem[] = [];
      const paths = listFiles(realRoot, loaded.config.ignore, (p) => problems.push(p));
      const unread = new Map<string, string>();
      const repository = new Repository(
        {
          read: (p) => {
            const r = readFileText(join(realRoot, p));
            if (r.skipped) unread.set(p, r.skipped);
            return r.text;
          },
        },
        loaded.config.kinds,
      ).addPaths(paths);
      let before: string | undefined;
      try {
        before = readPlanSnapshot(docPath).text;
      } catch (e) {
        throw new ToolError(`Cannot read ${docRel} (${(e as Error).message}); nothing generated.`);
      }
      const proposal = proposePlan(kind, repository, loaded.config.packageManagers, before);
      const notRead: NotChecked[] = [];
      for (const p of problems) if (p.folder || repository.mayHaveKind(p.path)) notRead.push({ path: p.path, reason: p.reason });
      for (const [p, reason] of [...unread].sort()) if (repository.mayHaveKind(p)) notRead.push({ path: p, reason });
      return {
        document: docRel,
        exists: proposal.existed,
        additions: proposal.additions,
        text: proposal.existed ? planDiff(proposal, before ?? '') : proposal.text,
        written: false,
        notRead,
      };
    },

    listRules(family) {
      const families = [...new Set(RULES.map((r) => r.id.split('/')[0]))];
      if (family !== undefined && !families.includes(family)) {
        const near = closest(family, families);
        throw new ToolError(`No rule family "${family}"${near ? `; did you mean "${near}"?` : ''} Families: ${families.join(', ')}.`);
      }
      return { rules: RULES.filter((r) => family === undefined || r.id.startsWith(`${family}/`)).map(summaryOf) };
    },

    explainRule(ruleId) {
      const rule = RULES.find((r) => r.id === ruleId);
      if (!rule) throw unknownRule(ruleId);
      let documentation: string | undefined;
      if (docsDir) {
        try {
          documentation = readFileSync(join(docsDir, `${rule.id}.md`), 'utf8');
        } catch {
          // A development build without generated pages: the metadata below.
        }
      }
      documentation ??= `# ${rule.id}\n\n${rule.docs.summary}\n\n${rule.docs.rationale ?? ''}`.trimEnd();
      return { ...summaryOf(rule), documentation };
    },
  };
}

function summaryOf(r: Rule<unknown>): RuleSummary {
  return { id: r.id, severity: r.severity, fix: r.fix ?? 'none', kinds: [...r.kinds], summary: r.docs.summary };
}

function unknownRule(id: string): ToolError {
  const near = closest(id, RULES.map((r) => r.id));
  return new ToolError(`No rule "${id}"${near ? `; did you mean "${near}"?` : ''} (list_rules lists them).`);
}

function toolFindings(file: string, lines: LineIndex, findings: readonly Finding[]): ToolFinding[] {
  return findings.map((f) => {
    const start = lines.positionAt(f.range.start);
    const end = lines.positionAt(f.range.end);
    const fix: FixAvailability = f.fixes.some((x) => x.safe && x.edits.length > 0) ? 'safe' : f.fixes.some((x) => x.edits.length > 0) ? 'unsafe' : 'none';
    return { ruleId: f.ruleId, severity: f.severity, file, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1, message: f.message, fix };
  });
}

function fileSize(path: string): number | undefined {
  try {
    const st = statSync(path);
    return st.isFile() ? st.size : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The rule pages: `docs/rules/` of the extension or package, beside `dist/` where
 * the bundle runs (as the language server finds them), or of the repository when
 * run from the sources.
 */
function shippedDocsDir(): string | undefined {
  const main = require.main?.filename ?? process.argv[1];
  if (!main) return undefined;
  for (const up of ['..', join('..', '..')]) {
    const dir = join(dirname(main), up, 'docs', 'rules');
    if (existsSync(join(dir, 'README.md'))) return dir;
  }
  return undefined;
}

/** One line a finding, as `roo-devops check` prints them. */
export function findingLines(findings: readonly ToolFinding[]): string[] {
  return findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.severity} ${f.message} [${f.ruleId}]${f.fix === 'safe' ? ' (safe fix)' : f.fix === 'unsafe' ? ' (fix needs review)' : ''}`);
}

/** The text answer of `check` and `fix`: counts, then the findings. */
export function describeCheck(r: CheckResult): string {
  const total = r.counts.error + r.counts.warning + r.counts.info;
  const head =
    total === 0
      ? `No findings in ${r.filesChecked} checked file(s).`
      : `${total} finding(s) in ${r.filesChecked} checked file(s): ${r.counts.error} error(s), ${r.counts.warning} warning(s), ${r.counts.info} info; ${r.counts.safeFixes} can be fixed safely with the fix tool.`;
  const lines = [head, ...findingLines(r.findings)];
  if (r.omitted) lines.push(`… and ${r.omitted} more finding(s) not listed; check fewer paths to see them.`);
  if (r.notChecked.length) lines.push(`Not checked (the check is incomplete): ${r.notChecked.map((n) => `${n.path}: ${n.reason}`).join('; ')}.`);
  return lines.join('\n');
}
