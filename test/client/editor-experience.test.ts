/**
 * The client's manifest and texts, without VS Code: lazy activation, the settings mirror the
 * configuration schema, every palette command is registered, and the status bar and the
 * Validate Workspace summary say what they mean in words.
 */
import { describe, expect, test } from 'bun:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import manifest from '../../package.json';
import configSchema from '../../schemas/config.schema.json';
import { statusView, validationSummary } from '../../client/src/status-text';

const CLIENT = join(import.meta.dir, '../../client/src');
const clientSource = readdirSync(CLIENT)
  .map((f) => readFileSync(join(CLIENT, f), 'utf8'))
  .join('\n');

describe('manifest', () => {
  test('activation is lazy: DevOps files and two languages, never every YAML, JSON or Markdown file', () => {
    const events = manifest.activationEvents;
    for (const id of ['yaml', 'json', 'jsonc', 'markdown']) expect(events).not.toContain(`onLanguage:${id}`);
    expect(events).toContain('onLanguage:dockerfile');
    expect(events).toContain('onLanguage:terraform');
    expect(events).not.toContain('*');
    for (const e of events) expect(e).toMatch(/^(onLanguage:(dockerfile|terraform)|workspaceContains:.+)$/);
  });

  test('every contributed command is registered by the client, under the Roo DevOps category', () => {
    for (const c of manifest.contributes.commands) {
      expect(c.category).toBe('Roo DevOps');
      expect(clientSource).toContain(`'${c.command}'`);
    }
    expect(manifest.contributes.commands.map((c) => c.command)).toContain('rooDevops.openConfiguration');
  });

  test('rooDevops.packageManagers and rooDevops.kinds mirror the configuration schema', () => {
    const props = manifest.contributes.configuration.properties;
    const pm = props['rooDevops.packageManagers'].properties as Record<string, { enum: string[] }>;
    const schemaPm = configSchema.properties.packageManagers.properties as Record<string, { enum: string[] }>;
    expect(Object.keys(pm)).toEqual(Object.keys(schemaPm));
    for (const k of Object.keys(pm)) expect(pm[k].enum).toEqual(schemaPm[k].enum);
    expect(props['rooDevops.kinds'].propertyNames.enum).toEqual(configSchema.properties.kinds.propertyNames.enum);
    // The order between file and settings is documented where the user sees the setting.
    for (const key of ['rooDevops.packageManagers', 'rooDevops.kinds'] as const) expect(props[key].markdownDescription).toContain('file wins');
  });
});

describe('status bar texts', () => {
  test('each state has a codicon and words, and a label without the icon', () => {
    const views = [
      statusView({ state: 'starting' }),
      statusView({ state: 'checking', done: 3, total: 40 }),
      statusView({ state: 'ready', files: 40, findings: 2 }),
      statusView({ state: 'stopped', reason: 'it did not start (spawn node ENOENT).' }),
    ];
    expect(views.map((v) => v.text)).toEqual(['$(sync~spin) Roo DevOps: starting', '$(sync~spin) Roo DevOps: checking 40 files', '$(check) Roo DevOps: ready', '$(error) Roo DevOps: stopped']);
    for (const v of views) {
      expect(v.label).not.toContain('$(');
      expect(v.tooltip).toContain('output');
    }
    expect(views[3].tooltip).toContain('spawn node ENOENT');
    expect(views[3].error).toBe(true);
    expect(views[2].tooltip).toContain('40 files');
  });

  test('the summary gives files and findings by severity, and says when it was cancelled', () => {
    expect(validationSummary({ files: 12, findings: 4, bySeverity: { error: 1, warning: 2, info: 1 }, cancelled: false })).toBe('Roo DevOps: 12 files checked — 1 error, 2 warnings, 1 info.');
    expect(validationSummary({ files: 1, findings: 0, bySeverity: { error: 0, warning: 0, info: 0 } })).toBe('Roo DevOps: 1 file checked — no problems.');
    expect(validationSummary({ files: 30, findings: 2, bySeverity: { error: 2, warning: 0, info: 0 }, cancelled: true })).toBe('Roo DevOps: validation cancelled after 30 files — 2 errors, 0 warnings, 0 info.');
  });
});
