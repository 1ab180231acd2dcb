/**
 * Rule fixtures: `test/fixtures/<family>/<rule>/{valid,invalid}/<case>/` are tiny
 * workspaces. Every file of a case is linted with the case as the workspace.
 * An invalid case also holds `expected.txt` (one finding a line,
 * `path:line:col rule-id message`) and, when the rule fixes, `fixed/` with the
 * text of each changed file after its fixes.
 * Shared by the fixture test and the docs generator, so docs show tested examples.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { lint } from '../../server/src/core/engine';
import { applyFixes } from '../../server/src/core/fixes';
import { LineIndex } from '../../server/src/core/lines';
import { SourceFile } from '../../server/src/core/source';
import type { Finding } from '../../server/src/core/types';
import { listFiles, loadConfig, workspaceView } from '../../server/src/node/workspace';

/**
 * Rules no input can trigger: the engine reports them when another rule fails,
 * and a rule failing is a bug, which no fixture keeps. Their invalid cases are
 * the tests that make a rule throw (test/engine/isolation.test.ts).
 */
export const RULES_WITHOUT_INVALID_INPUT: ReadonlySet<string> = new Set(['engine/rule-crashed']);

export const FIXTURES_ROOT = join(import.meta.dir, '..', 'fixtures');

/** Files of a case that are workspace content, not expectations. */
const META = new Set(['expected.txt', 'README.md']);

export interface FixtureCase {
  ruleId: string;
  valid: boolean;
  name: string;
  dir: string;
  /** Workspace-relative paths of the case's files, expectations excluded. */
  files: string[];
}

export function fixtureCases(ruleId: string): FixtureCase[] {
  const out: FixtureCase[] = [];
  for (const valid of [true, false]) {
    const base = join(FIXTURES_ROOT, ruleId, valid ? 'valid' : 'invalid');
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base).sort()) {
      const dir = join(base, name);
      if (!statSync(dir).isDirectory()) continue;
      const files = listFiles(dir).filter((f) => !META.has(f) && !f.startsWith('fixed/'));
      out.push({ ruleId, valid, name, dir, files });
    }
  }
  return out;
}

export function readCaseFile(c: FixtureCase, path: string): string {
  return readFileSync(join(c.dir, path), 'utf8');
}

export interface CaseResult {
  /** Findings of the rule under test, per file. */
  findings: Map<string, Finding[]>;
  texts: Map<string, string>;
}

/** A case's own `.roo-devops.yaml`/`.json`, when it has one, configures its run. */
export function runCase(c: FixtureCase, overrideText?: Map<string, string>): CaseResult {
  const { config } = loadConfig(c.dir);
  const workspace = workspaceView(c.files, c.dir, config.kinds);
  const findings = new Map<string, Finding[]>();
  const texts = new Map<string, string>();
  for (const path of c.files) {
    const text = overrideText?.get(path) ?? readCaseFile(c, path);
    texts.set(path, text);
    // Of the kind the repository gives it, as the CLI lints it (a YAML file a GitLab CI file includes is GitLab CI).
    const kind = workspace.kindOf(path);
    const r = lint(kind ? new SourceFile(path, kind, text) : { path, text }, { workspace, config });
    if (r.crashes.length) throw new Error(`rule crashed on ${path}: ${r.crashes.map((x) => String(x.error)).join('; ')}`);
    const mine = r.findings.filter((f) => f.ruleId === c.ruleId);
    if (mine.length) findings.set(path, mine);
  }
  return { findings, texts };
}

export function formatFindings(result: CaseResult): string {
  const lines: string[] = [];
  for (const [path, list] of [...result.findings].sort(([a], [b]) => a.localeCompare(b))) {
    const index = new LineIndex(result.texts.get(path) ?? '');
    for (const f of list) {
      const p = index.positionAt(f.range.start);
      lines.push(`${path}:${p.line + 1}:${p.character + 1} ${f.ruleId} ${f.message}`);
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/**
 * Texts after one fix-all pass, for the files whose text the fixes change: the
 * editor's selection (a finding's first safe fix) through the same functions,
 * except that a finding with only unsafe fixes takes its first one, so that
 * unsafe fixes are tested too.
 */
export function fixedTexts(result: CaseResult): Map<string, string> {
  const out = new Map<string, string>();
  for (const [path, list] of result.findings) {
    const before = result.texts.get(path) ?? '';
    const after = applyFixes(before, list, { safeOnly: false }).text;
    if (after !== before) out.set(path, after);
  }
  return out;
}

/** Every rule id that has a fixture folder. */
export function fixtureRuleIds(): string[] {
  const out: string[] = [];
  if (!existsSync(FIXTURES_ROOT)) return out;
  for (const family of readdirSync(FIXTURES_ROOT).sort()) {
    for (const name of readdirSync(join(FIXTURES_ROOT, family)).sort()) out.push(`${family}/${name}`);
  }
  return out;
}
