import { DEFAULT_CONFIG, DEFAULT_LIMITS, type Limits, type ResolvedConfig, rulesForPath } from './config';
import { detectKind, matchesAny } from './detect';
import { embeddedBlocks, toDocumentFix, toDocumentOffset } from './parse/markdown-blocks';
import { defaultOptions, formatMessage, type Rule } from './rule';
import { redactSecrets } from './redact';
import { RULES } from './rules';
import engineLimits from './rules/engine/limits';
import engineRuleCrashed from './rules/engine/rule-crashed';
import { SourceFile } from './source';
import { fileSuppressions, isSuppressed as isSuppressedAt, type Suppressions } from './suppress';
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
  /** Findings each rule reported past `limits.maxFindingsPerFile` (not suppressed, not kept), by rule id; absent when none. */
  overflowByRule?: ReadonlyMap<string, number>;
  /**
   * A plan document's code blocks checked as files (`lintBlocks`), their findings
   * mapped into the document, before suppression: what `reuse` keeps, since a
   * block reads nothing but its own text.
   */
  blocks?: BlocksResult;
}

export interface BlocksResult {
  findings: readonly Finding[];
  crashes: readonly RuleCrash[];
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
  // A code block is configured as the document that holds it: `overrides` name files, and the block is in that one.
  const configPath = input instanceof SourceFile && input.embeddedIn !== undefined ? input.embeddedIn.path : input.path;
  if (isIgnored(configPath, config)) return { kind: undefined, findings: [], crashes: [] };
  const kind = input instanceof SourceFile ? input.kind : detectKind(input.path, input.text, config.kinds);
  if (!kind) return { kind: undefined, findings: [], crashes: [] };
  const file = input instanceof SourceFile ? input : new SourceFile(input.path, kind, input.text);
  const limits = config.limits ?? DEFAULT_LIMITS;
  const settings = config.overrides?.length ? rulesForPath(config, configPath) : config.rules;
  // Before any parser or rule runs: what is over a limit is not read at all.
  const skipped = overLimit(file.text, limits);
  if (skipped) {
    const findings = engineFinding(engineLimits, settings, skipped.messageId, skipped.data, skipped.range);
    return { kind, findings: finish(file, findings), crashes: [], file, byRule: new Map() };
  }
  const cap = limits.maxFindingsPerFile;
  const findings: Finding[] = [];
  const crashes: RuleCrash[] = [];
  const byRule = new Map<string, Finding[]>();
  const overflowByRule = new Map<string, number>();
  let suppressions: { of: Suppressions | undefined } | undefined;
  const workspaceFor = typeof options.workspace === 'function' ? options.workspace : () => (options.workspace as WorkspaceView | undefined) ?? EMPTY_WORKSPACE;
  const reuse = options.reuse;
  const fragment = file.embeddedIn !== undefined;
  for (const { rule, severity, options: ruleOptions } of enabledRules(kind, config, configPath)) {
    if (fragment && (rule.scope ?? 'fragment') !== 'fragment') continue;
    const kept = reuse && !reuse.rerun.has(rule.id) ? reuse.previous.byRule?.get(rule.id) : undefined;
    if (kept) {
      byRule.set(rule.id, kept as Finding[]);
      for (const f of kept) findings.push(f);
      const overflow = reuse?.previous.overflowByRule?.get(rule.id);
      if (overflow) overflowByRule.set(rule.id, overflow);
      continue;
    }
    const own: Finding[] = [];
    let overflow = 0;
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
          if (own.length >= cap) {
            // Past the cap a finding is only counted, so that a file with 250,000 findings costs the memory of 1,000.
            suppressions ??= { of: fileSuppressions(file) };
            const s = suppressions.of;
            if (!s || !isSuppressedAt(s, { ruleId: rule.id } as Finding, file.lines.positionAt(start).line, FORMER_IDS.get(rule.id))) overflow++;
            return;
          }
          const end = pairEnd(text, clamp(Math.max(r.range.end, start), text.length));
          own.push({
            ruleId: rule.id,
            messageId: r.messageId,
            severity,
            message: formatMessage(template, r.data),
            range: { start, end },
            // Titles are shown and may quote a command; the edits rewrite the file and keep its real text.
            fixes: r.fixes ? r.fixes.map((x) => ({ ...x, title: redactSecrets(x.title) })) : [],
          });
        },
      });
      byRule.set(rule.id, own);
      if (overflow) overflowByRule.set(rule.id, overflow);
    } catch (error) {
      crashes.push({ ruleId: rule.id, error });
    }
    // A rule that crashed midway keeps what it reported before it threw, as before.
    for (const f of own) findings.push(f);
  }
  // The document's code blocks, checked as the files they are; their text is the document's, so a reuse keeps them.
  const blocks = kind === 'plan-doc' && !fragment ? (reuse?.previous.blocks ?? lintBlocks(file, config)) : undefined;
  if (blocks) {
    for (const f of blocks.findings) findings.push(f);
    for (const c of blocks.crashes) crashes.push(c);
  }
  const result = capped(finish(file, findings), cap, overflowByRule);
  // Said in the file itself, so that the editor shows what the terminal logs: a check with a rule missing is incomplete.
  const notes: Finding[] = [];
  for (const crash of crashes) notes.push(...engineFinding(engineRuleCrashed, settings, 'crashed', { rule: crash.ruleId }, { start: 0, end: 0 }));
  if (result.dropped > 0) notes.push(...engineFinding(engineLimits, settings, 'tooManyFindings', { dropped: result.dropped, max: cap }, { start: 0, end: 0 }));
  const all = notes.length ? finish(file, [...notes, ...result.kept]) : result.kept;
  return { kind, findings: all, crashes, file, byRule, ...(overflowByRule.size ? { overflowByRule } : {}), ...(blocks ? { blocks } : {}) };
}

/**
 * Every code block of a document that is a file of a kind (`embeddedBlocks`),
 * linted as that file under the same configuration, by the rules that can judge
 * a fragment, with no repository around it; each finding, and each fix that can
 * be written there, moved into the document. Findings keep their rule's id, so
 * configuration and suppression comments name them as for real files.
 */
function lintBlocks(doc: SourceFile, config: ResolvedConfig): BlocksResult {
  const findings: Finding[] = [];
  const crashes: RuleCrash[] = [];
  const lineStartOf = (offset: number) => doc.lines.starts[doc.lines.positionAt(offset).line];
  for (const block of embeddedBlocks(doc)) {
    const firstLine = doc.lines.positionAt(block.fence.lines[0].start).line;
    const result = lint(new SourceFile(block.path, block.kind, block.text, { path: doc.path, firstLine }), { config });
    for (const c of result.crashes) crashes.push(c);
    for (const f of result.findings) {
      // The block's own engine notes (a rule crashed) are the document's: said once, below, from `crashes`.
      if (f.ruleId === engineRuleCrashed.id) continue;
      const fixes: Finding['fixes'] = [];
      for (const fix of f.fixes) {
        const mapped = toDocumentFix(doc.text, lineStartOf, block, fix);
        if (mapped) fixes.push(mapped);
      }
      findings.push({ ...f, range: { start: toDocumentOffset(block, f.range.start), end: toDocumentOffset(block, f.range.end) }, fixes });
    }
  }
  return { findings, crashes };
}

interface LimitHit {
  messageId: 'fileTooLarge' | 'lineTooLong' | 'tooManyLines' | 'tooManyNodes';
  data: Record<string, string | number>;
  range: { start: number; end: number };
}

/** The first limit the text is over, or undefined. Linear in the text; no parse. */
function overLimit(text: string, limits: Limits): LimitHit | undefined {
  const bytes = utf8Length(text, limits.maxFileBytes);
  if (bytes > limits.maxFileBytes) {
    return { messageId: 'fileTooLarge', data: { size: bytes, max: limits.maxFileBytes }, range: { start: 0, end: 0 } };
  }
  // A file this short has neither a line too long, nor too many lines or tokens: no scan needed.
  if (text.length <= limits.maxLineLength && text.length <= limits.maxLines && text.length <= limits.maxNodes) return undefined;
  let line = 1;
  for (let start = 0; start <= text.length; line++) {
    const end = lineEnd(text, start);
    if (end - start > limits.maxLineLength) {
      return { messageId: 'lineTooLong', data: { line, length: end - start, max: limits.maxLineLength }, range: { start, end: start } };
    }
    start = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
  }
  // A final line break ends the last line; it does not start another.
  const last = text.charCodeAt(text.length - 1);
  const lines = line - 1 - (last === 10 || last === 13 ? 1 : 0);
  if (lines > limits.maxLines) return { messageId: 'tooManyLines', data: { lines, max: limits.maxLines }, range: { start: 0, end: 0 } };
  const tokens = countTokens(text, limits.maxNodes);
  if (tokens > limits.maxNodes) return { messageId: 'tooManyNodes', data: { max: limits.maxNodes }, range: { start: 0, end: 0 } };
  return undefined;
}

/**
 * Tokens of a text — runs of characters between blanks, line breaks and the
 * punctuation that separates items in YAML, JSON, TOML and shell (`, : [ ] { } = ; | &`)
 * — counted no further than just past `max`. Every node of any parse of the
 * text (a YAML scalar, a JSON value, a shell word) holds at least one token, so
 * this bounds the size of a parse, and its memory, before it is made.
 */
function countTokens(text: string, max: number): number {
  let count = 0;
  let inToken = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const separator = c <= 32 || c === 44 || c === 58 || c === 91 || c === 93 || c === 123 || c === 125 || c === 61 || c === 59 || c === 124 || c === 38;
    if (separator) {
      inToken = false;
    } else if (!inToken) {
      inToken = true;
      if (++count > max) return count;
    }
  }
  return count;
}

/** Where the line starting at `from` ends (LF, CR or the end of the text). One pass over the line only: searching the
 * rest of the text for a CR that a file without any would never find made the line scan quadratic. */
function lineEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) break;
    i++;
  }
  return i;
}

/** UTF-8 length of `text`, counted no further than just past `max` (all that a limit needs). */
function utf8Length(text: string, max: number): number {
  if (text.length > max) return text.length; // at least one byte a code unit
  if (text.length * 3 <= max) return text.length; // at most three bytes a code unit
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= max; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** A finding the engine itself reports under one of its rules, with that rule's configured severity (none when it is off). */
function engineFinding(rule: Rule<unknown>, settings: ResolvedConfig['rules'], messageId: string, data: Record<string, string | number>, range: { start: number; end: number }): Finding[] {
  const severity = settings[rule.id]?.severity ?? rule.severity;
  if (severity === 'off') return [];
  return [{ ruleId: rule.id, messageId, severity, message: formatMessage(rule.messages[messageId], data), range, fixes: [] }];
}

/** The first `cap` findings by position; the rest, with those never kept, counted. */
function capped(findings: Finding[], cap: number, overflowByRule: ReadonlyMap<string, number>): { kept: Finding[]; dropped: number } {
  let dropped = 0;
  for (const n of overflowByRule.values()) dropped += n;
  if (findings.length <= cap) return { kept: findings, dropped };
  return { kept: findings.slice(0, cap), dropped: dropped + findings.length - cap };
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

/** Errors whose messages the JavaScript engine writes about the code, not about the data. */
const CODE_ERRORS = new Set(['TypeError', 'RangeError', 'ReferenceError']);

/**
 * A failure as the shells log it: the error's type, its message only where the
 * engine wrote it about code (a parser's or `JSON.parse`'s message may quote the
 * file, which may hold secrets), and the stack frames. Never the file's text.
 */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return `a thrown ${error === null ? 'null' : typeof error} (value withheld: it may quote the file)`;
  const frames = (error.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 12);
  const message = CODE_ERRORS.has(error.name) ? `: ${redactSecrets(error.message.length > 200 ? `${error.message.slice(0, 200)}…` : error.message)}` : ' (message withheld: it may quote the file)';
  return [`${error.name}${message}`, ...frames].join('\n');
}

/**
 * The result for a file the shells did not read because it is larger than
 * `limits.maxFileBytes`: the same single `engine/limits` finding the engine
 * gives such a text, without holding the text.
 */
export function lintUnread(path: string, bytes: number, config: ResolvedConfig = DEFAULT_CONFIG): LintResult {
  if (isIgnored(path, config)) return { kind: undefined, findings: [], crashes: [] };
  const limits = config.limits ?? DEFAULT_LIMITS;
  if (bytes <= limits.maxFileBytes) return { kind: undefined, findings: [], crashes: [] };
  const settings = config.overrides?.length ? rulesForPath(config, path) : config.rules;
  const findings = engineFinding(engineLimits, settings, 'fileTooLarge', { size: bytes, max: limits.maxFileBytes }, { start: 0, end: 0 });
  return { kind: detectKind(path, '', config.kinds), findings, crashes: [] };
}

/** Whether the engine declined to check the file at all (over its size or line limit). */
export function wasSkipped(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.ruleId === engineLimits.id && (f.messageId === 'fileTooLarge' || f.messageId === 'lineTooLong' || f.messageId === 'tooManyLines' || f.messageId === 'tooManyNodes'));
}
