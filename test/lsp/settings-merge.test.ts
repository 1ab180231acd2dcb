/**
 * The order between `.roo-devops.yaml` and the editor's `rooDevops.packageManagers` /
 * `rooDevops.kinds`: the file wins where it sets a value, the settings fill what it leaves unset,
 * the defaults come last. Pure functions; the server test below shows it end to end.
 */
import { describe, expect, test } from 'bun:test';
import { DEFAULT_CONFIG, resolveConfig } from '../../server/src/core/config';
import { lint } from '../../server/src/core/engine';
import { RULES } from '../../server/src/core/rules';
import { mergeKinds, mergeSettings, readSettings, withSettings } from '../../server/src/lsp/settings';

const config = (yaml: string) => resolveConfig(yaml, RULES);

describe('settings under the configuration file', () => {
  test('settings fill what the file leaves unset', () => {
    const merged = mergeSettings(DEFAULT_CONFIG, { packageManagers: { javascript: 'npm', python: 'uv' } });
    expect(merged.packageManagers).toEqual({ javascript: 'npm', python: 'uv', go: 'modules', rust: 'cargo' });
  });

  test('the file wins where both are set, per ecosystem', () => {
    const file = config('packageManagers:\n  javascript: pnpm\n');
    const merged = mergeSettings(file, { packageManagers: { javascript: 'npm', python: 'pip' } });
    expect(merged.packageManagers).toEqual({ javascript: 'pnpm', python: 'pip', go: 'modules', rust: 'cargo' });
  });

  test('a file that names the default still wins over a setting (naming it is setting it)', () => {
    const file = config('packageManagers:\n  javascript: bun\n');
    expect(mergeSettings(file, { packageManagers: { javascript: 'npm' } }).packageManagers.javascript).toBe('bun');
  });

  test('kinds: the file wins per kind, the settings add kinds the file does not list', () => {
    const file = config('kinds:\n  compose:\n    - deploy/stack.yml\n');
    const merged = mergeKinds(file.kinds, [
      ['compose', ['other/*.yml']],
      ['github-actions', ['ci/workflows/*.yml']],
    ]);
    expect(merged).toEqual([
      ['compose', ['deploy/stack.yml']],
      ['github-actions', ['ci/workflows/*.yml']],
    ]);
    // Nothing to add: the same array, so caches keyed on it hold.
    expect(mergeKinds(file.kinds, undefined)).toBe(file.kinds);
    expect(mergeKinds(file.kinds, [['compose', ['x.yml']]])).toBe(file.kinds);
  });

  test('readSettings keeps only valid managers and kinds; nothing set changes nothing', () => {
    const settings = readSettings({ packageManagers: { javascript: 'npx', python: 'poetry', cobol: 'x' }, kinds: { compose: ['a.yml'], nope: ['b'], dockerfile: [] } });
    expect(settings.packageManagers).toEqual({ python: 'poetry' });
    expect(settings.kinds).toEqual([['compose', ['a.yml']]]);
    const none = readSettings({ enable: true, rules: {}, packageManagers: {}, kinds: {} });
    expect(withSettings(DEFAULT_CONFIG, none)).toBe(DEFAULT_CONFIG);
  });

  test('the policy rules follow the merged manager', () => {
    const workflow = 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm ci\n';
    const ids = (c: typeof DEFAULT_CONFIG) => lint({ path: '.github/workflows/ci.yml', text: workflow }, { config: c }).findings.map((f) => f.ruleId);
    const npmBySettings = withSettings(DEFAULT_CONFIG, readSettings({ packageManagers: { javascript: 'npm' } }));
    expect(ids(DEFAULT_CONFIG)).toContain('package-manager/js-commands');
    expect(ids(npmBySettings)).not.toContain('package-manager/js-commands');
    // The file says bun: it wins, and npm ci is reported again.
    const bunByFile = withSettings(config('packageManagers:\n  javascript: bun\n'), readSettings({ packageManagers: { javascript: 'npm' } }));
    expect(ids(bunByFile)).toContain('package-manager/js-commands');
  });
});

describe('the server reads rooDevops.kinds and rooDevops.packageManagers', () => {
  test('a kind pattern from the settings makes a file checked; a manager from the settings is the policy', async () => {
    const { LspSession } = await import('../support/lsp-session');
    const workflow = 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm ci\n      - run: yarn install\n';
    const session = await LspSession.start({ 'ci/flows/build.yml': workflow });
    try {
      // An open buffer of the same folder: of no kind until the setting says so.
      session.open('ci/flows/open.yml', workflow);
      session.settingsAnswer = () => ({ enable: true, rules: {}, kinds: { 'github-actions': ['ci/flows/*.yml'] }, packageManagers: { javascript: 'npm' } });
      await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const ds = await session.diagnosticsFor(session.uriOf('ci/flows/build.yml'), 'the flow checked as a workflow', (p) => p.diagnostics.length > 0);
      // npm is the policy now: yarn is reported, npm ci is not.
      const messages = ds.filter((d) => d.code === 'package-manager/js-commands').map((d) => d.message);
      expect(messages.length).toBe(1);
      expect(messages[0]).toContain('yarn');
      const open = await session.diagnosticsFor(session.uriOf('ci/flows/open.yml'), 'the open buffer checked as a workflow', (p) => p.diagnostics.length > 0);
      expect(open.filter((d) => d.code === 'package-manager/js-commands').length).toBe(1);
    } finally {
      await session.stop();
    }
  }, 20_000);
});
