/**
 * The configuration schema (schemas/config.schema.json) walked along a YAML path:
 * what a node there may hold, and what its keys and values mean. Inside a rule
 * entry the rule's own options schema takes over. No editor types here; the
 * completion and hover of `config-assist.ts` dress these answers for LSP.
 */
import configSchema from '../../../schemas/config.schema.json';
import type { Rule } from '../core/rule';
import { ruleDocsUrl } from '../node/report';
import type { Segment } from './yaml-cursor';

/** The subset of JSON Schema the configuration schema uses. */
interface Schema {
  $ref?: string;
  type?: string;
  description?: string;
  enum?: string[];
  default?: unknown;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  propertyNames?: Schema;
  items?: Schema;
  oneOf?: Schema[];
}

const ROOT = configSchema as unknown as Schema & { definitions: Record<string, Schema> };
const RULES_MAP = ROOT.definitions.rules;

const LEVEL_MEANING: Record<string, string> = {
  error: 'Findings are errors: the file is broken or insecure. `roo-devops check` exits with 1 when one remains.',
  warning: 'Findings are warnings: a likely mistake. They do not fail `roo-devops check`.',
  info: 'Findings are information: advice. They do not fail `roo-devops check`.',
  off: 'The rule does not run. Written `"off"`, quoted, so that YAML 1.1 tools do not read it as `false`.',
};

function deref(schema: Schema | undefined): Schema | undefined {
  if (!schema?.$ref) return schema;
  const name = schema.$ref.replace('#/definitions/', '');
  return ROOT.definitions[name];
}

/** The branches a value may take: the schema itself, or each of its `oneOf`. */
function branches(schema: Schema | undefined): Schema[] {
  const s = deref(schema);
  if (!s) return [];
  return s.oneOf ? s.oneOf.flatMap(branches) : [s];
}

/** Where a path leads: the schema there, and the rule it configures when it is inside a rule entry. */
export interface Located {
  schema: Schema;
  rule?: Rule<unknown>;
}

export function locate(path: readonly Segment[], rules: readonly Rule<unknown>[]): Located | undefined {
  let here: Located = { schema: ROOT };
  for (const segment of path) {
    const next = child(here, segment, rules);
    if (!next) return undefined;
    here = next;
  }
  return here;
}

function child(here: Located, segment: Segment, rules: readonly Rule<unknown>[]): Located | undefined {
  for (const s of branches(here.schema)) {
    if (typeof segment === 'number') {
      if (s.items) return { schema: s.items, rule: here.rule };
      continue;
    }
    if (s === RULES_MAP) {
      const rule = rules.find((r) => r.id === segment);
      if (s.additionalProperties && typeof s.additionalProperties === 'object') return { schema: s.additionalProperties, rule };
      continue;
    }
    // A rule's options are described by the rule, not by the configuration schema.
    if (segment === 'options' && here.rule && s.properties?.options) {
      return { schema: (here.rule.options as Schema | undefined) ?? s.properties.options, rule: here.rule };
    }
    const property = s.properties?.[segment];
    if (property) return { schema: property, rule: here.rule };
    if (s.additionalProperties && typeof s.additionalProperties === 'object') return { schema: s.additionalProperties, rule: here.rule };
  }
  return undefined;
}

/** A value as YAML writes it: quoted where YAML 1.1 would read a boolean or null (the docs write `"off"`). */
export function yamlScalar(value: string): string {
  return /^(?:y|yes|n|no|true|false|on|off|null|~)$/i.test(value) || value === '' ? `"${value}"` : value;
}

export type Shape = 'mapping' | 'sequence' | 'scalar';

/** How a key's value is written below it, judged from its schema. */
export function shapeOf(schema: Schema | undefined): Shape {
  const all = branches(schema);
  if (all.some((s) => s.enum || (s.type !== 'object' && s.type !== 'array' && s !== RULES_MAP))) return 'scalar';
  if (all.some((s) => s.type === 'array')) return 'sequence';
  return 'mapping';
}

/** Whether there is anything to complete right after inserting a key with this schema. */
export function hasValueCompletions(schema: Schema | undefined): boolean {
  return branches(schema).some((s) => s.enum || s === RULES_MAP || s.properties || s.propertyNames?.enum || (s.items && hasValueCompletions(s.items)));
}

export interface KeyOffer {
  name: string;
  schema: Schema | undefined;
  /** A rule id (under `rules:`) or a property of the schema. */
  kind: 'rule' | 'property';
  detail?: string;
  documentation?: string;
}

/** The keys a mapping at `here` may take. */
export function keyOffers(here: Located, rules: readonly Rule<unknown>[]): KeyOffer[] {
  const offers: KeyOffer[] = [];
  for (const s of branches(here.schema)) {
    if (s === RULES_MAP) {
      const value = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
      for (const r of rules) offers.push({ name: r.id, schema: value, kind: 'rule', detail: r.docs.summary, documentation: ruleMarkdown(r) });
      continue;
    }
    for (const [name, property] of Object.entries(s.properties ?? {})) {
      if (name === '$schema') continue;
      offers.push({ name, schema: property, kind: 'property', documentation: describeProperty(property) });
    }
    for (const name of s.propertyNames?.enum ?? []) {
      offers.push({ name, schema: typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined, kind: 'property' });
    }
  }
  return offers;
}

function describeProperty(schema: Schema): string | undefined {
  const description = schema.description ?? deref(schema)?.description;
  const parts = [description];
  // The configuration schema names its defaults in the description; rule options do not.
  if (schema.default !== undefined && !/\bdefault\b/i.test(description ?? '')) parts.push(`Default: \`${JSON.stringify(schema.default)}\`.`);
  const text = parts.filter((p) => p !== undefined).join('\n\n');
  return text || undefined;
}

export interface ValueOffer {
  label: string;
  insert: string;
  documentation?: string;
  /** The value is written on the lines below (the object form of a rule entry). */
  block?: boolean;
}

/** The values a node at `here` may take. */
export function valueOffers(here: Located): ValueOffer[] {
  const offers: ValueOffer[] = [];
  for (const s of branches(here.schema)) {
    for (const value of s.enum ?? []) {
      offers.push({ label: value, insert: yamlScalar(value), documentation: LEVEL_MEANING[value] && s === ROOT.definitions.level ? LEVEL_MEANING[value] : describeProperty(here.schema) });
    }
    if (here.rule && s.type === 'object' && s.properties?.severity) {
      offers.push({ label: '{ severity, options }', insert: '', block: true, documentation: 'The object form of a rule entry: a severity and, for rules that take them, options.' });
    }
  }
  return offers;
}

/** The object form of a rule entry, as lines indented under its key. */
export function ruleEntryBlock(rule: Rule<unknown>, indent: string): string {
  const lines = [`${indent}severity: ${rule.severity}`];
  const options = Object.entries(rule.options?.properties ?? {});
  if (options.length > 0) {
    lines.push(`${indent}options:`);
    for (const [name, option] of options) lines.push(`${indent}  ${name}: ${JSON.stringify(option.default)}`);
  }
  return `\n${lines.join('\n')}`;
}

export function ruleMarkdown(rule: Rule<unknown>): string {
  return [`**${rule.id}** — ${rule.docs.summary}`, `Default severity: \`${rule.severity}\`${rule.fix ? ` · fix: ${rule.fix}` : ''}`, `[Documentation](${ruleDocsUrl(rule.id)})`].join('\n\n');
}

export function shapeOfNode(here: Located): Shape {
  const all = branches(here.schema);
  return all.some((s) => s.type === 'object' || s.properties || s === RULES_MAP) ? 'mapping' : all.some((s) => s.enum) ? 'scalar' : 'mapping';
}

export function keyDescription(path: readonly Segment[], rules: readonly Rule<unknown>[]): string | undefined {
  const here = locate(path, rules);
  if (!here) return undefined;
  const name = path[path.length - 1];
  const body = describeProperty(here.schema);
  return body ? `**${String(name)}**\n\n${body}` : undefined;
}

export function valueDescription(path: readonly Segment[], value: string, rules: readonly Rule<unknown>[]): string | undefined {
  const here = locate(path, rules);
  if (!here) return undefined;
  const all = branches(here.schema);
  if (all.includes(ROOT.definitions.level) && LEVEL_MEANING[value]) return `**${value}** — ${LEVEL_MEANING[value]}`;
  if (all.some((s) => s.enum?.includes(value))) {
    const about = describeProperty(here.schema);
    return about ? `**${value}**\n\n${about}` : undefined;
  }
  return undefined;
}
