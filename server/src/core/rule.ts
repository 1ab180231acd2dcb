import type { SourceFile } from './source';
import type { FileKind, Fix, OffsetRange, PackageManagers, Severity } from './types';
import type { WorkspaceView } from './workspace/view';

export interface RuleDocs {
  /** One line: what the rule asks for. */
  summary: string;
  /** Why it matters; Markdown. */
  rationale: string;
}

/** A JSON Schema for a rule's options: an object whose properties carry defaults. */
export interface OptionsSchema {
  type: 'object';
  properties: Record<string, { default: unknown; description: string; [k: string]: unknown }>;
  additionalProperties?: boolean;
}

export interface Report {
  messageId: string;
  data?: Record<string, string | number>;
  range: OffsetRange;
  fixes?: Fix[];
}

export interface RuleContext<O = Record<string, unknown>> {
  file: SourceFile;
  workspace: WorkspaceView;
  /** The package manager each ecosystem must use, from the configuration. */
  packageManagers: PackageManagers;
  options: O;
  report(r: Report): void;
}

export interface Rule<O = Record<string, unknown>> {
  /** `<family>/<rule-name>`, equal to the file's path under `rules/`. */
  id: string;
  kinds: readonly FileKind[] | 'all';
  severity: Severity;
  docs: RuleDocs;
  messages: Record<string, string>;
  /** Whether the rule offers fixes, and of which safety. */
  fix?: 'safe' | 'unsafe' | 'mixed';
  options?: OptionsSchema;
  check(ctx: RuleContext<O>): void;
}

export function defineRule<O = Record<string, unknown>>(rule: Rule<O>): Rule<O> {
  return rule;
}

export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in data ? String(data[k]) : m));
}

export function defaultOptions(rule: Rule<unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rule.options?.properties ?? {})) out[k] = structuredClone(v.default);
  return out;
}
