import type { ErrorObject, ValidateFunction } from 'ajv';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import configSchema from '../../../schemas/config.schema.json';
import { type KindPatterns, matchesAny } from './detect';
import { parseYaml, type YamlFile } from './parse/yaml';
import type { Rule } from './rule';
import { compiledFunction } from './schema/compiled';
import { DEFAULT_PACKAGE_MANAGERS, FILE_KINDS, type FileKind, type OffsetRange, type PackageManagers, type Severity } from './types';

export type Level = Severity | 'off';

export interface RuleSetting {
  severity?: Level;
  options?: Record<string, unknown>;
}

/** Rule settings for the files some globs match (`overrides:` of the configuration). */
export interface ConfigOverride {
  files: string[];
  rules: Record<string, RuleSetting>;
}

/** Configuration after validation: only the parts that were valid survive. */
export interface ResolvedConfig {
  rules: Record<string, RuleSetting>;
  /** Applied in order over `rules` for the paths they match; absent means none. */
  overrides?: readonly ConfigOverride[];
  kinds: KindPatterns;
  ignore: string[];
  packageManagers: PackageManagers;
  /** The ecosystems whose manager the file itself names (the rest are defaults, which editor settings may fill). */
  packageManagersSet?: readonly (keyof PackageManagers)[];
  /** Per-file limits; absent means the defaults. */
  limits?: Limits;
}

/** What one file may cost: past a limit the engine says so in one `engine/limits` finding. */
export interface Limits {
  /** UTF-8 bytes; a larger file is not checked. */
  maxFileBytes: number;
  /** UTF-16 code units on one line; a file with a longer line is not checked (parsers and rules may be superlinear in a line's length). */
  maxLineLength: number;
  /** Lines of a file (each at least one node of its parse); a file with more is not checked. */
  maxLines: number;
  /** Tokens of a file (each node of any parse holds one at least); a file with more is not checked. */
  maxNodes: number;
  /** Findings kept per file; the rest are dropped and counted. */
  maxFindingsPerFile: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxFileBytes: configSchema.properties.limits.properties.maxFileBytes.default,
  maxLineLength: configSchema.properties.limits.properties.maxLineLength.default,
  maxLines: configSchema.properties.limits.properties.maxLines.default,
  maxNodes: configSchema.properties.limits.properties.maxNodes.default,
  maxFindingsPerFile: configSchema.properties.limits.properties.maxFindingsPerFile.default,
});

export const DEFAULT_CONFIG: ResolvedConfig = Object.freeze({ rules: {}, kinds: [], ignore: [], packageManagers: DEFAULT_PACKAGE_MANAGERS });

/** The rule settings that hold for one workspace-relative path: `rules`, then every matching override in order. */
export function rulesForPath(config: ResolvedConfig, path: string): Record<string, RuleSetting> {
  const matching = (config.overrides ?? []).filter((o) => matchesAny(path, o.files));
  if (matching.length === 0) return config.rules;
  const rules = { ...config.rules };
  for (const o of matching) {
    for (const [id, setting] of Object.entries(o.rules)) rules[id] = { ...rules[id], ...setting };
  }
  return rules;
}

export const CONFIG_FILE_NAMES = ['.roo-devops.yaml', '.roo-devops.yml', '.roo-devops.json'] as const;

export interface ConfigProblem extends OffsetRange {
  kind: 'schema' | 'unknown-rule' | 'options';
  message: string;
}

// Compiled at build time (scripts/compile-schemas.ts): the configuration's schema and each rule's options.
let validateSchema: ValidateFunction | undefined;
const optionValidators = new Map<string, ValidateFunction>();

function schemaValidator(): ValidateFunction {
  validateSchema ??= compiledFunction<ValidateFunction>('config');
  return validateSchema;
}

function optionsValidator(rule: Rule<unknown>): ValidateFunction {
  let v = optionValidators.get(rule.id);
  if (!v) {
    v = compiledFunction<ValidateFunction>(`rule-options:${rule.id}`);
    optionValidators.set(rule.id, v);
  }
  return v;
}

interface Parsed {
  value: unknown;
  root: Node | undefined;
  /** Set when the text could not be read at all. */
  syntaxError: boolean;
  /** Set when the document parsed but could not become a value (too many aliases). */
  conversionError?: string;
}

function parseConfigText(text: string, parsed: YamlFile = parseYaml(text)): Parsed {
  const file = parsed;
  const doc = file.documents[0];
  // A repeated key is a syntax error in a configuration: which of the two was meant is not ours to guess.
  const broken = file.errors.length > 0 || file.duplicates.length > 0;
  if (broken || !doc) return { value: undefined, root: undefined, syntaxError: broken };
  const root = (doc.contents ?? undefined) as Node | undefined;
  try {
    // maxAliasCount keeps an alias bomb in a config from expanding.
    return { value: doc.toJS({ maxAliasCount: 100 }), root, syntaxError: false };
  } catch (e) {
    return { value: undefined, root, syntaxError: false, conversionError: (e as Error).message };
  }
}

/**
 * Every problem of a configuration text, each at the range of the offending
 * node: schema violations, rule ids no rule has, options a rule rejects.
 */
export function validateConfig(text: string, rules: readonly Rule<unknown>[], yaml?: YamlFile): ConfigProblem[] {
  const parsed = parseConfigText(text, yaml);
  if (parsed.syntaxError) return []; // the syntax rule reports those
  const problems: ConfigProblem[] = [];
  const whole: OffsetRange = { start: 0, end: Math.min(text.length, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n')) };
  if (parsed.conversionError) return [{ kind: 'schema', message: `The configuration cannot be read: ${parsed.conversionError}`, ...whole }];
  const validate = schemaValidator();
  if (parsed.value === undefined || parsed.value === null) return [];
  if (!validate(parsed.value)) {
    for (const e of dedupeErrors(validate.errors ?? [])) {
      problems.push({ kind: 'schema', message: describe(e), ...(rangeForError(parsed.root, e) ?? whole) });
    }
  }
  const byId = rulesById(rules);
  checkRuleEntries(childAt(parsed.root, 'rules'), (parsed.value as { rules?: unknown }).rules, byId, whole, problems);
  const overrides = (parsed.value as { overrides?: unknown }).overrides;
  if (Array.isArray(overrides)) {
    overrides.forEach((o, i) => {
      const rulesNode = childAt(childAt(childAt(parsed.root, 'overrides'), String(i)), 'rules');
      checkRuleEntries(rulesNode, (o as { rules?: unknown } | null)?.rules, byId, whole, problems);
    });
  }
  return problems;
}

/** Rule ids no rule has, and options a rule rejects, in one `rules` map. */
function checkRuleEntries(rulesNode: Node | undefined, ruleValues: unknown, byId: Map<string, Rule<unknown>>, whole: OffsetRange, problems: ConfigProblem[]): void {
  if (ruleValues && typeof ruleValues === 'object' && !Array.isArray(ruleValues)) {
    for (const [id, setting] of Object.entries(ruleValues as Record<string, unknown>)) {
      const rule = byId.get(id);
      if (!rule) {
        problems.push({ kind: 'unknown-rule', message: `No rule has the id "${id}".`, ...(keyRange(rulesNode, id) ?? whole) });
        continue;
      }
      const options = (setting as { options?: unknown } | null)?.options;
      if (options === undefined || typeof options !== 'object' || options === null) continue;
      if (!rule.options) {
        problems.push({ kind: 'options', message: `Rule "${id}" takes no options.`, ...(rangeOfNode(childAt(childAt(rulesNode, id), 'options')) ?? whole) });
        continue;
      }
      const v = optionsValidator(rule);
      if (!v(options)) {
        const optionsNode = childAt(childAt(rulesNode, id), 'options');
        for (const e of dedupeErrors(v.errors ?? [])) {
          problems.push({ kind: 'options', message: `Option of "${id}": ${describe(e)}`, ...(rangeForError(optionsNode, e) ?? whole) });
        }
      }
    }
  }
}

/**
 * Reads a configuration text and keeps what is valid: a rule entry, a kind's
 * pattern list or the ignore list that fails validation falls back to the
 * default, so one typo never switches the product off.
 */
export function resolveConfig(text: string | undefined, rules: readonly Rule<unknown>[]): ResolvedConfig {
  if (text === undefined) return DEFAULT_CONFIG;
  const parsed = parseConfigText(text);
  const value = parsed.value;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return DEFAULT_CONFIG;
  const raw = value as Record<string, unknown>;
  const byId = rulesById(rules);
  const result: { rules: Record<string, RuleSetting>; overrides?: ConfigOverride[]; kinds: [FileKind, string[]][]; ignore: string[]; packageManagers: PackageManagers; packageManagersSet?: (keyof PackageManagers)[]; limits?: Limits } = {
    rules: {},
    kinds: [],
    ignore: [],
    packageManagers: { ...DEFAULT_PACKAGE_MANAGERS },
  };
  result.rules = readRuleSettings(raw.rules, byId);
  if (Array.isArray(raw.overrides)) {
    const overrides: ConfigOverride[] = [];
    for (const o of raw.overrides as unknown[]) {
      const files = (o as { files?: unknown } | null)?.files;
      if (!Array.isArray(files) || files.length === 0 || !files.every((g) => typeof g === 'string' && g.length > 0)) continue;
      overrides.push({ files: files as string[], rules: readRuleSettings((o as { rules?: unknown }).rules, byId) });
    }
    if (overrides.length > 0) result.overrides = overrides;
  }
  if (raw.kinds && typeof raw.kinds === 'object' && !Array.isArray(raw.kinds)) {
    for (const [kind, globs] of Object.entries(raw.kinds as Record<string, unknown>)) {
      if (!(FILE_KINDS as readonly string[]).includes(kind)) continue;
      if (Array.isArray(globs) && globs.every((g) => typeof g === 'string' && g.length > 0)) {
        result.kinds.push([kind as FileKind, globs as string[]]);
      }
    }
  }
  if (Array.isArray(raw.ignore) && raw.ignore.every((g) => typeof g === 'string' && g.length > 0)) {
    result.ignore = raw.ignore as string[];
  }
  const managers = raw.packageManagers;
  if (managers && typeof managers === 'object' && !Array.isArray(managers)) {
    const allowed = (configSchema.properties.packageManagers.properties as Record<string, { enum: string[] }>);
    for (const [ecosystem, manager] of Object.entries(managers as Record<string, unknown>)) {
      if (allowed[ecosystem]?.enum.includes(manager as string)) {
        (result.packageManagers as unknown as Record<string, unknown>)[ecosystem] = manager;
        (result.packageManagersSet ??= []).push(ecosystem as keyof PackageManagers);
      }
    }
  }
  const limits = readLimits(raw.limits);
  if (limits) result.limits = limits;
  return result;
}

/** Each valid limit over its default; an invalid one keeps the default. */
function readLimits(raw: unknown): Limits | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof Limits)[]) {
    const v = (raw as Record<string, unknown>)[key];
    if (typeof v === 'number' && Number.isInteger(v) && v >= 1) limits[key] = v;
  }
  return limits;
}

const LEVELS = new Set(['error', 'warning', 'info', 'off']);

/** Rules by id, former ids of renamed rules included (they keep working). */
function rulesById(rules: readonly Rule<unknown>[]): Map<string, Rule<unknown>> {
  const byId = new Map<string, Rule<unknown>>();
  for (const r of rules) for (const former of r.formerIds ?? []) byId.set(former, r);
  for (const r of rules) byId.set(r.id, r);
  return byId;
}

function readRuleSettings(raw: unknown, byId: Map<string, Rule<unknown>>): Record<string, RuleSetting> {
  const out: Record<string, RuleSetting> = {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return out;
  // Former ids first, so that the current id wins when a file names both.
  const entries = Object.entries(raw as Record<string, unknown>).sort(([a], [b]) => Number(byId.get(a)?.id === a) - Number(byId.get(b)?.id === b));
  for (const [id, setting] of entries) {
    const rule = byId.get(id);
    if (!rule) continue;
    const s = readRuleSetting(setting, rule);
    if (s) out[rule.id] = s;
  }
  return out;
}

function readRuleSetting(setting: unknown, rule: Rule<unknown>): RuleSetting | undefined {
  if (typeof setting === 'string') return LEVELS.has(setting) ? { severity: setting as Level } : undefined;
  if (!setting || typeof setting !== 'object' || Array.isArray(setting)) return undefined;
  const s = setting as { severity?: unknown; options?: unknown };
  const out: RuleSetting = {};
  if (s.severity !== undefined) {
    if (typeof s.severity !== 'string' || !LEVELS.has(s.severity)) return undefined;
    out.severity = s.severity as Level;
  }
  if (s.options !== undefined) {
    if (!rule.options || !optionsValidator(rule)(s.options)) return out;
    out.options = s.options as Record<string, unknown>;
  }
  return out;
}

/**
 * Ajv reports every failed branch of a `oneOf` and, for `propertyNames`, both the
 * name and the enum it broke. Keep the errors a person would write: for a rule
 * entry that is an object, what is wrong inside it; for a scalar, the levels.
 */
function dedupeErrors(errors: ErrorObject[]): ErrorObject[] {
  const kept = errors.filter((e) => !(e as ErrorObject & { propertyName?: string }).propertyName);
  const oneOfPaths = new Set(kept.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const out: ErrorObject[] = [];
  for (const e of kept) {
    if (e.keyword === 'oneOf') continue;
    if (oneOfPaths.has(e.instancePath) && (e.keyword === 'enum' || e.keyword === 'type')) {
      const siblings = kept.filter((x) => x.instancePath.startsWith(e.instancePath) && !['oneOf', 'enum', 'type'].includes(x.keyword));
      // Inner errors explain an object entry; otherwise the enum explains a scalar one.
      if (siblings.length > 0 || e.keyword === 'type') continue;
    }
    out.push(e);
  }
  return out;
}

function describe(e: ErrorObject): string {
  const where = e.instancePath ? `"${decodePointer(e.instancePath).join('.')}"` : 'The configuration';
  switch (e.keyword) {
    case 'additionalProperties':
      return `${where} has an unknown property "${(e.params as { additionalProperty: string }).additionalProperty}".`;
    case 'enum':
      return `${where} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}.`;
    case 'propertyNames':
      return `${where} has an unknown key "${(e.params as { propertyName: string }).propertyName}".`;
    case 'type': {
      const type = String((e.params as { type: string }).type);
      return `${where} must be ${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}.`;
    }
    default:
      return `${where} ${e.message ?? 'is invalid'}.`;
  }
}

function decodePointer(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function rangeForError(root: Node | undefined, e: ErrorObject): OffsetRange | undefined {
  let node: Node | undefined = root;
  for (const segment of decodePointer(e.instancePath)) node = childAt(node, segment);
  if (e.keyword === 'additionalProperties') {
    return keyRange(node, (e.params as { additionalProperty: string }).additionalProperty) ?? rangeOfNode(node);
  }
  if (e.keyword === 'propertyNames') {
    return keyRange(node, (e.params as { propertyName: string }).propertyName) ?? rangeOfNode(node);
  }
  return rangeOfNode(node);
}

function childAt(node: Node | undefined, segment: string): Node | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (isScalar(pair.key) && String(pair.key.value) === segment) return (pair.value ?? undefined) as Node | undefined;
    }
    return undefined;
  }
  if (isSeq(node)) return (node.items[Number(segment)] ?? undefined) as Node | undefined;
  return undefined;
}

function keyRange(node: Node | undefined, key: string): OffsetRange | undefined {
  if (!isMap(node)) return undefined;
  for (const pair of node.items) {
    if (isScalar(pair.key) && String(pair.key.value) === key) return rangeOfNode(pair.key);
  }
  return undefined;
}

function rangeOfNode(node: Node | undefined | null): OffsetRange | undefined {
  if (!node?.range) return undefined;
  return { start: node.range[0], end: node.range[1] };
}
