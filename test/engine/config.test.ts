import { expect, test } from 'bun:test';
import { DEFAULT_CONFIG, resolveConfig, validateConfig } from '../../server/src/core/config';
import { lint } from '../../server/src/core/engine';
import { RULES } from '../../server/src/core/rules';

const WORKFLOW = 'on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - run: npm ci\n';

test('severity overrides and off apply', () => {
  const warn = resolveConfig('rules:\n  package-manager/js-bun: warning\n', RULES);
  expect(lint({ path: '.github/workflows/ci.yml', text: WORKFLOW }, { config: warn }).findings.map((f) => f.severity)).toEqual(['warning']);
  const off = resolveConfig('{"rules": {"package-manager/js-bun": {"severity": "off"}}}', RULES);
  expect(lint({ path: '.github/workflows/ci.yml', text: WORKFLOW }, { config: off }).findings).toEqual([]);
});

test('invalid entries fall back to defaults while valid ones apply', () => {
  const text = 'rules:\n  package-manager/js-bun: warnin\n  yaml/syntax: off\nkinds:\n  github-actions: ci/*.yml\n  gitlab-ci: [pipelines/*.yml]\nignore: [vendor/**]\nbogus: true\n';
  const config = resolveConfig(text, RULES);
  expect(config.rules['package-manager/js-bun']).toBeUndefined();
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
