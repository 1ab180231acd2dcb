import { describe, expect, test } from 'bun:test';
import { DEFAULT_CONFIG, resolveConfig, validateConfig } from '../../server/src/core/config';
import { addFileOverrideEdit, newConfigWithFileOverride } from '../../server/src/core/config-edits';
import { lint } from '../../server/src/core/engine';
import { RULES } from '../../server/src/core/rules';

const WORKFLOW = 'on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - run: npm ci\n';

test('severity overrides and off apply', () => {
  const warn = resolveConfig('rules:\n  package-manager/js-commands: warning\n', RULES);
  expect(lint({ path: '.github/workflows/ci.yml', text: WORKFLOW }, { config: warn }).findings.map((f) => f.severity)).toEqual(['warning']);
  const off = resolveConfig('{"rules": {"package-manager/js-commands": {"severity": "off"}}}', RULES);
  expect(lint({ path: '.github/workflows/ci.yml', text: WORKFLOW }, { config: off }).findings).toEqual([]);
});

test('invalid entries fall back to defaults while valid ones apply', () => {
  const text = 'rules:\n  package-manager/js-commands: warnin\n  yaml/syntax: off\nkinds:\n  github-actions: ci/*.yml\n  gitlab-ci: [pipelines/*.yml]\nignore: [vendor/**]\nbogus: true\n';
  const config = resolveConfig(text, RULES);
  expect(config.rules['package-manager/js-commands']).toBeUndefined();
  expect(config.rules['yaml/syntax']).toEqual({ severity: 'off' });
  expect(config.kinds).toEqual([['gitlab-ci', ['pipelines/*.yml']]]);
  expect(config.ignore).toEqual(['vendor/**']);
  expect(lint({ path: '.github/workflows/ci.yml', text: WORKFLOW }, { config }).findings.map((f) => f.severity)).toEqual(['error']);
  expect(validateConfig(text, RULES).map((p) => p.kind).sort()).toEqual(['schema', 'schema', 'schema']);
});

test('ignored paths are not linted', () => {
  const config = resolveConfig('ignore: ["legacy/**"]\n', RULES);
  expect(lint({ path: 'legacy/.github/workflows/ci.yml', text: WORKFLOW }, { config }).kind).toBeUndefined();
});

test('unreadable configuration text means defaults', () => {
  for (const text of ['rules: [', '', '- a\n- b\n', 'null', '\u0000\u0001']) {
    expect(resolveConfig(text, RULES)).toEqual(DEFAULT_CONFIG);
  }
});

test('an alias bomb in the configuration does not expand', () => {
  const bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n';
  expect(resolveConfig(bomb, RULES)).toEqual(DEFAULT_CONFIG);
  const r = lint({ path: '.roo-devops.yaml', text: bomb });
  expect(r.crashes).toEqual([]);
  expect(r.findings.map((f) => f.message)).toEqual(['The configuration cannot be read: Excessive alias count indicates a resource exhaustion attack']);
});

test('packageManagers: valid choices apply, invalid ones keep the default', () => {
  const config = resolveConfig('packageManagers:\n  javascript: pnpm\n  python: conda\n', RULES);
  expect(config.packageManagers).toEqual({ javascript: 'pnpm', python: 'poetry', go: 'modules', rust: 'cargo' });
  expect(validateConfig('packageManagers:\n  javascript: pnpm\n  python: conda\n', RULES).map((p) => p.message)).toEqual([
    '"packageManagers.python" must be one of "poetry", "pipenv", "uv", "pip".',
  ]);
});

test('overrides set rules for the files they match, later entries winning', () => {
  const text = [
    'rules:',
    '  package-manager/js-commands: warning',
    'overrides:',
    '  - files: [legacy/**]',
    '    rules:',
    '      package-manager/js-commands: "off"',
    '  - files: ["**/release.yml"]',
    '    rules:',
    '      package-manager/js-commands: info',
    '  - files: ["legacy/.github/workflows/release.yml"]',
    '    rules:',
    '      package-manager/js-commands: { severity: error }',
    '',
  ].join('\n');
  expect(validateConfig(text, RULES)).toEqual([]);
  const config = resolveConfig(text, RULES);
  const severities = (path: string) => lint({ path, text: WORKFLOW }, { config }).findings.map((f) => f.severity);
  expect(severities('.github/workflows/ci.yml')).toEqual(['warning']);
  expect(severities('legacy/.github/workflows/ci.yml')).toEqual([]);
  expect(severities('.github/workflows/release.yml')).toEqual(['info']);
  expect(severities('legacy/.github/workflows/release.yml')).toEqual(['error']);
});

test('overrides are validated like rules, and a broken entry is dropped', () => {
  const text = 'overrides:\n  - files: [a.json]\n    rules:\n      nope/nothing: "off"\n  - rules: { package-manager/js-commands: "off" }\n  - files: ["**"]\n    rules: { package-manager/js-commands: sometimes }\n';
  expect(validateConfig(text, RULES).map((p) => [p.message, text.slice(p.start, p.end)])).toEqual([
    ['"overrides.1" must have required property \'files\'.', 'rules: { package-manager/js-commands: "off" }\n'],
    ['"overrides.2.rules.package-manager/js-commands" must be one of "error", "warning", "info", "off".', 'sometimes'],
    ['No rule has the id "nope/nothing".', 'nope/nothing'],
  ]);
  const config = resolveConfig(text, RULES);
  // The entry without files is dropped; the bad severity leaves the rule at its default.
  expect(config.overrides).toEqual([{ files: ['a.json'], rules: {} }, { files: ['**'], rules: {} }]);
  expect(lint({ path: '.github/workflows/ci.yml', text: WORKFLOW }, { config }).findings.map((f) => f.severity)).toEqual(['error']);
});

test('an override turning a rule off for one file is added in the layout of the configuration', () => {
  const rule = 'package-manager/js-commands';
  const apply = (text: string, format: 'yaml' | 'json', path = 'web/package.json') => {
    const e = addFileOverrideEdit(text, format, path, rule);
    return e && text.slice(0, e.start) + e.newText + text.slice(e.end);
  };
  const offFor = (text: string, path: string) => lint({ path, text: '{ "scripts": { "ci": "npm ci" } }\n' }, { config: resolveConfig(text, RULES) }).findings.map((f) => f.ruleId);
  expect(newConfigWithFileOverride('package.json', rule)).toBe(`overrides:\n  - files: ["package.json"]\n    rules:\n      ${rule}: "off"\n`);
  // Appended where there is no list yet, the rest untouched.
  const yaml = '# shared\nrules:\n  yaml/syntax: warning # keep\n';
  expect(apply(yaml, 'yaml')).toBe(`${yaml}overrides:\n  - files: ["web/package.json"]\n    rules:\n      ${rule}: "off"\n`);
  // A new item after the existing ones, at their indentation.
  const listed = 'overrides:\n    - files: [a.json]\n      rules: { yaml/syntax: "off" }\nignore: [x/**]';
  expect(apply(listed, 'yaml')).toBe(`overrides:\n    - files: [a.json]\n      rules: { yaml/syntax: "off" }\n    - files: ["web/package.json"]\n      rules:\n        ${rule}: "off"\nignore: [x/**]`);
  for (const text of [yaml, listed, '', '# nothing yet']) {
    const edited = apply(text, 'yaml') as string;
    expect(validateConfig(edited, RULES)).toEqual([]);
    expect(offFor(edited, 'web/package.json')).toEqual([]);
    expect(offFor(edited, 'package.json')).toEqual([rule]);
  }
  // Glob characters in the path are taken literally.
  const odd = apply('', 'yaml', 'apps/[id]/package.json') as string;
  expect(offFor(odd, 'apps/[id]/package.json')).toEqual([]);
  expect(offFor(odd, 'apps/i/package.json')).toEqual([rule]);
  // JSON configurations get JSON.
  const json = apply('{\n  "rules": {}\n}\n', 'json') as string;
  expect(JSON.parse(json)).toEqual({ rules: {}, overrides: [{ files: ['web/package.json'], rules: { [rule]: 'off' } }] });
  const json2 = apply(json, 'json', 'package.json') as string;
  expect(JSON.parse(json2).overrides).toHaveLength(2);
  // No edit where one could break or not apply.
  expect(apply('overrides: []\n', 'yaml')).toBeUndefined();
  expect(apply('rules: [\n', 'yaml')).toBeUndefined();
  expect(apply('a: 1\n---\nb: 2\n', 'yaml')).toBeUndefined();
  expect(apply('overrides: 3\n', 'yaml')).toBeUndefined();
  expect(apply('{"overrides": 3}', 'json')).toBeUndefined();
});

describe('renamed rules', () => {
  test('a former id in rules and overrides configures the rule under its current id; the current id wins', async () => {
    const { resolveConfig, validateConfig } = await import('../../server/src/core/config');
    const { RULES } = await import('../../server/src/core/rules');
    const text = 'rules:\n  package-manager/js-bun: "off"\n  package-manager/python-poetry: warning\n  package-manager/python-commands: info\noverrides:\n  - files: ["Dockerfile"]\n    rules:\n      package-manager/require-bun-setup: error\n';
    const config = resolveConfig(text, RULES);
    expect(config.rules['package-manager/js-commands']).toEqual({ severity: 'off' });
    expect(config.rules['package-manager/python-commands']).toEqual({ severity: 'info' });
    expect(config.rules['package-manager/js-bun']).toBeUndefined();
    expect(config.overrides?.[0].rules).toEqual({ 'package-manager/require-js-setup': { severity: 'error' } });
    expect(validateConfig(text, RULES)).toEqual([]);
  });

  test('a suppression comment naming the former id silences the rule', async () => {
    const { lint } = await import('../../server/src/core/engine');
    const workflow = (comment: string) => `on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      ${comment}\n      - run: npm ci\n`;
    const ids = (text: string) => lint({ path: '.github/workflows/ci.yml', text }).findings.map((f) => f.ruleId);
    expect(ids(workflow('- uses: oven-sh/setup-bun@v2'))).toContain('package-manager/js-commands');
    expect(ids(workflow('# roo-devops-disable-next-line package-manager/js-bun\n      - uses: oven-sh/setup-bun@v2')).join()).toBe(ids(workflow('# roo-devops-disable-next-line package-manager/js-commands\n      - uses: oven-sh/setup-bun@v2')).join());
    expect(ids('on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - uses: oven-sh/setup-bun@v2\n      # roo-devops-disable-next-line package-manager/js-bun\n      - run: npm ci\n')).not.toContain('package-manager/js-commands');
  });

  test('editor settings naming a former id apply to the rule', async () => {
    const { withSettings } = await import('../../server/src/lsp/settings');
    const { DEFAULT_CONFIG } = await import('../../server/src/core/config');
    const config = withSettings(DEFAULT_CONFIG, { enable: true, rules: { 'package-manager/js-bun': 'off' } });
    expect(config.rules['package-manager/js-commands']?.severity).toBe('off');
  });
});
