import { DEFAULT_CONFIG, type ResolvedConfig, rulesForPath } from './config';
import { detectKind, matchesAny } from './detect';
import { defaultOptions, formatMessage, type Rule } from './rule';
import { RULES } from './rules';
import { SourceFile } from './source';
import { fileSuppressions, isSuppressed as isSuppressedAt } from './suppress';
import type { FileKind, Finding, SourceInput } from './types';
import { EMPTY_WORKSPACE, type WorkspaceView } from './workspace/view';

export interface LintOptions {
  config?: ResolvedConfig;
  /** The rest of the repository; a function gives each rule its own view (so that its reads are recorded apart). */
  workspace?: WorkspaceView | ((ruleId: string) => WorkspaceView);
  /**
   * An earlier lint of the same text under the same configuration: every rule
   * not in `rerun` keeps its findings from it (only what a rule read from other
   * files changed, and `rerun` names those rules). The caller vouches for the sameness.
   */
  reuse?: { previous: LintResult; rerun: ReadonlySet<string> };
}

export interface RuleCrash {
  ruleId: string;
  error: unknown;
}

export interface LintResult {
  /** Undefined when the file is of no kind the product reads, or is ignored. */
  kind: FileKind | undefined;
  findings: Finding[];
  /** Rules that threw; their findings are lost but the others stand. Shells log these. */
  crashes: RuleCrash[];
  /** The parsed file, for shells that want its line index. */
  file?: SourceFile;
  /** Each rule's findings before suppression, by rule id (rules that crashed are absent): what `reuse` reads. */
  byRule?: ReadonlyMap<string, readonly Finding[]>;
}

/** Former ids of each renamed rule, by its current id. */
const FORMER_IDS = new Map(RULES.filter((r) => r.formerIds?.length).map((r) => [r.id, r.formerIds as readonly string[]]));

export function isIgnored(path: string, config: ResolvedConfig): boolean {
  return config.ignore.length > 0 && matchesAny(path, config.ignore);
}

type EnabledRule = { rule: Rule<unknown>; severity: Finding['severity']; options: Record<string, unknown> };

/** The enabled rules of each kind under a configuration without overrides, computed once (options are read-only to rules). */
const enabledByKind = new WeakMap<ResolvedConfig, Map<FileKind, readonly EnabledRule[]>>();

/** Rules that run on `kind` under `config` (for `path`, with its overrides), with their effective severity and options. */
export function enabledRules(kind: FileKind, config: ResolvedConfig, path?: string): readonly EnabledRule[] {
  if (path !== undefined && config.overrides?.length) return computeEnabledRules(kind, rulesForPath(config, path));
  let byKind = enabledByKind.get(config);
  if (!byKind) {
    byKind = new Map();
    enabledByKind.set(config, byKind);
  }
  let list = byKind.get(kind);
  if (!list) {
    list = computeEnabledRules(kind, config.rules);
    byKind.set(kind, list);
  }
  return list;
}

function computeEnabledRules(kind: FileKind, settings: ResolvedConfig['rules']): EnabledRule[] {
  const out: EnabledRule[] = [];
  for (const rule of RULES) {
    if (rule.kinds !== 'all' && !rule.kinds.includes(kind)) continue;
    const setting = settings[rule.id];
    const severity = setting?.severity ?? rule.severity;
    if (severity === 'off') continue;
    out.push({ rule, severity, options: Object.freeze({ ...defaultOptions(rule), ...setting?.options }) });
  }
  return out;
}

/**
 * Lints one file: detect its kind, parse it once, run every enabled rule of that
 * kind over the same parsed file, drop suppressed findings. Given a `SourceFile`
 * (the repository's, already detected and perhaps parsed), lints that one.
 */
export function lint(input: SourceInput | SourceFile, options: LintOptions = {}): LintResult {
  const config = options.config ?? DEFAULT_CONFIG;
  if (isIgnored(input.path, config)) return { kind: undefined, findings: [], crashes: [] };
  const kind = input instanceof SourceFile ? input.kind : detectKind(input.path, input.text, config.kinds);
  if (!kind) return { kind: undefined, findings: [], crashes: [] };
  const file = input instanceof SourceFile ? input : new SourceFile(input.path, kind, input.text);
  const findings: Finding[] = [];
  const crashes: RuleCrash[] = [];
  const byRule = new Map<string, Finding[]>();
  const workspaceFor = typeof options.workspace === 'function' ? options.workspace : () => (options.workspace as WorkspaceView | undefined) ?? EMPTY_WORKSPACE;
  const reuse = options.reuse;
  for (const { rule, severity, options: ruleOptions } of enabledRules(kind, config, input.path)) {
    const kept = reuse && !reuse.rerun.has(rule.id) ? reuse.previous.byRule?.get(rule.id) : undefined;
    if (kept) {
      byRule.set(rule.id, kept as Finding[]);
      for (const f of kept) findings.push(f);
      continue;
    }
    const own: Finding[] = [];
    try {
      rule.check({
        file,
        workspace: workspaceFor(rule.id),
        packageManagers: config.packageManagers,
        options: ruleOptions,
        rules: RULES,
        report(r) {
          const template = rule.messages[r.messageId];
          if (template === undefined) throw new Error(`rule ${rule.id} has no message "${r.messageId}"`);
          const text = input.text;
          const start = pairStart(text, clamp(r.range.start, text.length));
          const end = pairEnd(text, clamp(Math.max(r.range.end, start), text.length));
          own.push({
            ruleId: rule.id,
            messageId: r.messageId,
            severity,
            message: formatMessage(template, r.data),
            range: { start, end },
            fixes: r.fixes ?? [],
          });
        },
      });
      byRule.set(rule.id, own);
    } catch (error) {
      crashes.push({ ruleId: rule.id, error });
    }
    // A rule that crashed midway keeps what it reported before it threw, as before.
    for (const f of own) findings.push(f);
  }
  return { kind, findings: finish(file, findings), crashes, file, byRule };
}

function clamp(n: number, max: number): number {
  return Math.max(0, Math.min(Number.isFinite(n) ? n : 0, max));
}

/**
 * Offsets never fall between the halves of a surrogate pair (parsers count
 * some positions in code points or bytes, and a one-unit range on an emoji
 * would split it): a start moves back to the pair, an end forward past it.
 */
function splitsPair(text: string, at: number): boolean {
  if (at <= 0 || at >= text.length) return false;
  const hi = text.charCodeAt(at - 1);
  const lo = text.charCodeAt(at);
  return hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff;
}

function pairStart(text: string, at: number): number {
  return splitsPair(text, at) ? at - 1 : at;
}

function pairEnd(text: string, at: number): number {
  return splitsPair(text, at) ? at + 1 : at;
}

function finish(file: SourceFile, findings: Finding[]): Finding[] {
  if (findings.length === 0) return findings;
  const lines = file.lines;
  const suppressions = fileSuppressions(file);
  const seen = new Set<string>();
  const kept: Finding[] = [];
  for (const f of findings) {
    const key = `${f.ruleId}\0${f.range.start}\0${f.range.end}\0${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (suppressions && isSuppressedAt(suppressions, f, lines.positionAt(f.range.start).line, FORMER_IDS.get(f.ruleId))) continue;
    kept.push(f);
  }
  return kept.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || a.ruleId.localeCompare(b.ruleId));
}
