import { DEFAULT_CONFIG, type ResolvedConfig } from './config';
import { detectKind, matchesAny } from './detect';
import { defaultOptions, formatMessage, type Rule } from './rule';
import { RULES } from './rules';
import { SourceFile } from './source';
import { fileSuppressions, isSuppressed as isSuppressedAt } from './suppress';
import { EMPTY_WORKSPACE, type FileKind, type Finding, type SourceInput, type WorkspaceView } from './types';

export interface LintOptions {
  config?: ResolvedConfig;
  workspace?: WorkspaceView;
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
}

export function isIgnored(path: string, config: ResolvedConfig): boolean {
  return config.ignore.length > 0 && matchesAny(path, config.ignore);
}

/** Rules that run on `kind` under `config`, with their effective severity and options. */
export function enabledRules(kind: FileKind, config: ResolvedConfig) {
  const out: { rule: Rule<unknown>; severity: Finding['severity']; options: Record<string, unknown> }[] = [];
  for (const rule of RULES) {
    if (rule.kinds !== 'all' && !rule.kinds.includes(kind)) continue;
    const setting = config.rules[rule.id];
    const severity = setting?.severity ?? rule.severity;
    if (severity === 'off') continue;
    out.push({ rule, severity, options: { ...defaultOptions(rule), ...setting?.options } });
  }
  return out;
}

/**
 * Lints one file: detect its kind, parse it once, run every enabled rule of that
 * kind over the same parsed file, drop suppressed findings.
 */
export function lint(input: SourceInput, options: LintOptions = {}): LintResult {
  const config = options.config ?? DEFAULT_CONFIG;
  if (isIgnored(input.path, config)) return { kind: undefined, findings: [], crashes: [] };
  const kind = detectKind(input.path, input.text, config.kinds);
  if (!kind) return { kind: undefined, findings: [], crashes: [] };
  const file = new SourceFile(input.path, kind, input.text);
  const findings: Finding[] = [];
  const crashes: RuleCrash[] = [];
  for (const { rule, severity, options: ruleOptions } of enabledRules(kind, config)) {
    try {
      rule.check({
        file,
        workspace: options.workspace ?? EMPTY_WORKSPACE,
        packageManagers: config.packageManagers,
        options: ruleOptions,
        report(r) {
          const template = rule.messages[r.messageId];
          if (template === undefined) throw new Error(`rule ${rule.id} has no message "${r.messageId}"`);
          const start = clamp(r.range.start, input.text.length);
          const end = clamp(Math.max(r.range.end, start), input.text.length);
          findings.push({
            ruleId: rule.id,
            severity,
            message: formatMessage(template, r.data),
            range: { start, end },
            fixes: r.fixes ?? [],
          });
        },
      });
    } catch (error) {
      crashes.push({ ruleId: rule.id, error });
    }
  }
  return { kind, findings: finish(file, findings), crashes, file };
}

function clamp(n: number, max: number): number {
  return Math.max(0, Math.min(Number.isFinite(n) ? n : 0, max));
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
    if (suppressions && isSuppressedAt(suppressions, f, lines.positionAt(f.range.start).line)) continue;
    kept.push(f);
  }
  return kept.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || a.ruleId.localeCompare(b.ruleId));
}
