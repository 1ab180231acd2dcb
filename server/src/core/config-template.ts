/**
 * The text of a new `.roo-devops.yaml` ("Roo DevOps: Open Configuration"): every option of the
 * configuration schema and every rule of the registry, each at its default and commented out, so
 * the file changes nothing until a line is uncommented. Written from the schema and the rules at
 * run time, never kept by hand: a new option or rule appears in it by itself.
 *
 * Two kinds of comment lines: `## ` explains, `# ` holds YAML. Removing the leading `# ` from
 * every YAML line (`uncommentTemplate`) gives a valid configuration equal to the defaults.
 */
import configSchema from '../../../schemas/config.schema.json';
import type { Rule } from './rule';

const WIDTH = 100;

interface SchemaNode {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  properties?: Record<string, SchemaNode>;
  propertyNames?: { enum?: string[] };
  $ref?: string;
}

/** `text` cut into `## ` lines of at most WIDTH characters, indented by `indent`. */
function explain(text: string, indent: string): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + 3 + line.length + 1 + word.length > WIDTH) {
      out.push(`## ${indent}${line}`);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(`## ${indent}${line}`);
  return out;
}

/** A scalar or small value as YAML flow (JSON is YAML; plain words stay plain). */
function flow(value: unknown): string {
  if (typeof value === 'string' && /^[a-z][a-z0-9-]*$/i.test(value) && !['true', 'false', 'null', 'yes', 'no', 'on', 'off'].includes(value.toLowerCase())) return value;
  return JSON.stringify(value);
}

function optionLines(name: string, node: SchemaNode, indent: string): string[] {
  const lines = node.description ? explain(node.description, indent) : [];
  if (node.properties && Object.values(node.properties).every((p) => p.default !== undefined)) {
    lines.push(`# ${indent}${name}:`);
    for (const [child, childNode] of Object.entries(node.properties)) {
      const choices = childNode.enum && childNode.enum.length > 1 ? ` One of: ${childNode.enum.join(', ')}.` : '';
      lines.push(...explain(`${childNode.description ?? ''}${choices}`, `${indent}  `));
      lines.push(`# ${indent}  ${child}: ${flow(childNode.default)}`);
    }
    return lines;
  }
  if (node.type === 'array') {
    lines.push(`# ${indent}${name}: []`);
    return lines;
  }
  if (node.propertyNames?.enum) lines.push(...explain(`Kinds: ${node.propertyNames.enum.join(', ')}.`, indent));
  lines.push(`# ${indent}${name}: {}`);
  return lines;
}

function ruleLines(rules: readonly Rule<unknown>[]): string[] {
  const description = (configSchema.properties.rules as SchemaNode).description ?? '';
  const lines = explain(
    `${description} A value is a severity (error, warning, info, off) or { severity, options }. Each rule is listed at its default severity, with its options at their defaults.`,
    '',
  );
  lines.push('# rules:');
  const byFamily = new Map<string, Rule<unknown>[]>();
  for (const rule of [...rules].sort((a, b) => a.id.localeCompare(b.id))) {
    const family = rule.id.split('/')[0];
    byFamily.set(family, [...(byFamily.get(family) ?? []), rule]);
  }
  for (const [family, members] of byFamily) {
    lines.push(`##   ${family}`);
    for (const rule of members) {
      const properties = rule.options?.properties;
      if (properties && Object.keys(properties).length > 0) {
        const defaults = Object.fromEntries(Object.entries(properties).map(([k, p]) => [k, p.default]));
        lines.push(`#   ${rule.id}: { severity: ${rule.severity}, options: ${JSON.stringify(defaults)} }`);
      } else {
        lines.push(`#   ${rule.id}: ${rule.severity}`);
      }
    }
  }
  return lines;
}

/** The commented template; `rules` is the registry (passed in, so the core stays free of it). */
export function configTemplate(rules: readonly Rule<unknown>[]): string {
  const lines: string[] = [
    '## Roo DevOps configuration. Read by the editor extension, the CLI (`roo-devops check`) and CI.',
    '## Every setting below is commented out and shows its default: as written, this file changes',
    '## nothing. To change a setting, remove the leading "# " of its line and of its section\'s line.',
    '## The editor settings rooDevops.packageManagers and rooDevops.kinds fill in what this file',
    '## leaves unset (where both are set, this file wins); rooDevops.rules is laid over `rules`.',
    '',
  ];
  for (const [name, node] of Object.entries(configSchema.properties as Record<string, SchemaNode>)) {
    if (name === '$schema') continue;
    if (name === 'rules') lines.push(...ruleLines(rules));
    else lines.push(...optionLines(name, node, ''));
    lines.push('');
  }
  return lines.join('\n');
}

/** What a person gets by uncommenting every setting of the template: each `# ` YAML line without its mark. */
export function uncommentTemplate(text: string): string {
  return text
    .split('\n')
    .map((line) => (line.startsWith('# ') ? line.slice(2) : line))
    .join('\n');
}
