/**
 * The `.roo-devops.yaml` that "Roo DevOps: Open Configuration" creates: it parses, changes nothing
 * as written, names every option of the schema and every rule, and uncommented it is a valid
 * configuration (no `config/*` finding) that still equals the defaults.
 */
import { describe, expect, test } from 'bun:test';
import { parse } from 'yaml';
import configSchema from '../../schemas/config.schema.json';
import { DEFAULT_CONFIG, resolveConfig, validateConfig } from '../../server/src/core/config';
import { configTemplate, uncommentTemplate } from '../../server/src/core/config-template';
import { lint } from '../../server/src/core/engine';
import { RULES } from '../../server/src/core/rules';

const template = configTemplate(RULES);
const uncommented = uncommentTemplate(template);

describe('configuration template', () => {
  test('parses, and as written is empty: the defaults', () => {
    expect(parse(template)).toBeNull();
    expect(resolveConfig(template, RULES)).toEqual(DEFAULT_CONFIG);
    expect(lint({ path: '.roo-devops.yaml', text: template }).findings).toEqual([]);
  });

  test('names every option of the schema and every rule at its default severity', () => {
    for (const option of Object.keys(configSchema.properties).filter((k) => k !== '$schema')) {
      expect(template).toContain(`\n# ${option}:`);
    }
    for (const key of Object.keys(configSchema.properties.packageManagers.properties)) expect(template).toContain(`\n#   ${key}: `);
    for (const key of Object.keys(configSchema.properties.limits.properties)) expect(template).toContain(`\n#   ${key}: `);
    for (const rule of RULES) expect(template).toMatch(new RegExp(`\\n#   ${rule.id}: (\\{ severity: )?${rule.severity}\\b`));
  });

  test('uncommented, it is a valid configuration with no config/* finding, equal to the defaults', () => {
    expect(validateConfig(uncommented, RULES)).toEqual([]);
    const findings = lint({ path: '.roo-devops.yaml', text: uncommented }).findings;
    expect(findings.filter((f) => f.ruleId.startsWith('config/'))).toEqual([]);
    const resolved = resolveConfig(uncommented, RULES);
    expect(resolved.packageManagers).toEqual(DEFAULT_CONFIG.packageManagers);
    expect(resolved.kinds).toEqual([]);
    expect(resolved.ignore).toEqual([]);
    // Every rule is set, each to what it does anyway.
    for (const rule of RULES) expect(resolved.rules[rule.id]?.severity).toBe(rule.severity);
  });

  test('no line is longer than an editor shows without scrolling, except rule entries', () => {
    for (const line of template.split('\n')) if (line.startsWith('##')) expect(line.length).toBeLessThanOrEqual(100);
  });
});
