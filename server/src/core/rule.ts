import { redactSecrets } from './redact';
import type { SourceFile } from './source';
import type { FileKind, Fix, OffsetRange, PackageManagers, Severity } from './types';
import type { WorkspaceView } from './workspace/view';

export interface RuleDocs {
  /** One line: what the rule asks for. */
  summary: string;
  /** Why it matters; Markdown. */
  rationale: string;
}

export interface OptionProperty<T = unknown> {
  default: T;
  description: string;
  [k: string]: unknown;
}

/** A JSON Schema for a rule's options: an object whose properties carry defaults. */
export interface OptionsSchema {
  type: 'object';
  properties: Record<string, OptionProperty>;
  additionalProperties?: boolean;
}

/**
 * The same schema as a rule declares it: each default has the type of its option,
 * which is how `defineRule` infers the options' type without a type argument.
 */
export interface TypedOptionsSchema<O> extends OptionsSchema {
  properties: { [K in keyof O & string]: OptionProperty<O[K]> };
}

/** `M` is the union of the rule's message ids, so a misspelt id fails type-checking. */
export interface Report<M extends string = string> {
  messageId: M;
  data?: Record<string, string | number>;
  range: OffsetRange;
  fixes?: Fix[];
}

export interface RuleContext<O = Record<string, unknown>, M extends string = string> {
  file: SourceFile;
  workspace: WorkspaceView;
  /** The package manager each ecosystem must use, from the configuration. */
  packageManagers: PackageManagers;
  options: O;
  /**
   * Every rule of this run, enabled or not: for the rules about the configuration,
   * which name other rules. Passed in, so that no rule imports the registry that imports it.
   */
  rules: readonly Rule<unknown>[];
  report(r: Report<M>): void;
}

export type RuleScope = 'fragment' | 'file' | 'repository';

export interface Rule<O = Record<string, unknown>, M extends string = string> {
  /** `<family>/<rule-name>`, equal to the file's path under `rules/`. */
  id: string;
  /**
   * Ids the rule had before a rename. They keep working wherever a user writes
   * a rule id (configuration, `overrides`, editor settings, suppression comments).
   */
  formerIds?: readonly string[];
  kinds: readonly FileKind[] | 'all';
  /**
   * The least a rule needs to see to judge a file. `fragment` (the default): any
   * piece of a file, as a code block of a plan document shows it. `file`: the
   * whole file, because it resolves references between its parts (`needs:`,
   * `!Ref`, `depends_on`), which an excerpt may leave out. `repository`: the
   * file in its place, because another file or the file's location can change
   * the verdict (a `.dockerignore` beside it, `default_tags` in another `.tf`,
   * the checks of other workflows). Code blocks are checked by `fragment` rules only.
   */
  scope?: RuleScope;
  severity: Severity;
  docs: RuleDocs;
  messages: Record<M, string>;
  /** Whether the rule offers fixes, and of which safety. */
  fix?: 'safe' | 'unsafe' | 'mixed';
  options?: OptionsSchema;
  check(ctx: RuleContext<O, M>): void;
}

/** What a rule file passes to `defineRule`. */
export interface RuleDefinition<O, M extends string> extends Omit<Rule<O, M>, 'options'> {
  options?: TypedOptionsSchema<O>;
}

/**
 * Declares a rule. Its message ids are inferred from `messages` and its options'
 * type from the defaults in `options`, so both are checked in `check` without
 * type arguments; `ctx.report({ messageId: 'typo' })` does not compile.
 */
export function defineRule<O = Record<string, unknown>, M extends string = string>(rule: RuleDefinition<O, M>): Rule<O, M> {
  return rule;
}

/**
 * The message of a finding: the template with its placeholders filled. The values
 * quote the file, so every secret-looking part of them is redacted here, the one
 * place every message is made.
 */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in data ? redactSecrets(String(data[k])) : m));
}

export function defaultOptions(rule: Rule<unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rule.options?.properties ?? {})) out[k] = structuredClone(v.default);
  return out;
}
