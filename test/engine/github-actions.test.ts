/**
 * GitHub's workflow parser inside the engine: loaded only when a GitHub Actions
 * file is linted, run once per file version, bounded on alias bombs, and its
 * ranges mapped back to the file's own offsets.
 */
import { expect, test } from 'bun:test';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { lint } from '../../server/src/core/engine';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { schemaProblems } from '../../server/src/core/parse/github-actions-schema';
import { RULES } from '../../server/src/core/rules';
import { SourceFile } from '../../server/src/core/source';

const ROOT = join(import.meta.dir, '..', '..');

test('the parser is evaluated on the first GitHub Actions file, not before', () => {
  const script = [
    "const { lint } = require('./server/src/core/engine');",
    "const loaded = () => Object.keys(require.cache).some((k) => k.includes('@actions/workflow-parser'));",
    "lint({ path: 'Dockerfile', text: 'FROM alpine:3.20\\n' });",
    "lint({ path: '.gitlab-ci.yml', text: 'test:\\n  script: [make]\\n' });",
    'const before = loaded();',
    "lint({ path: '.github/workflows/ci.yml', text: 'on: push\\njobs:\\n  a:\\n    runs-on: x\\n    steps: [{ run: make }]\\n' });",
    'console.log(JSON.stringify([before, loaded()]));',
  ].join('\n');
  const r = spawnSync('bun', ['-e', script], { cwd: ROOT, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual([false, true]);
});

test('one parse per file version, shared by the rules; a new version is parsed again', () => {
  const text = 'on: push\njobs:\n  a:\n    runs-on: x\n    timeout-minutes: soon\n    steps: [{ run: make }]\n';
  const file = new SourceFile('.github/workflows/ci.yml', 'github-actions', text);
  const first = lint(file).findings.filter((f) => f.ruleId === 'github-actions/schema');
  expect(first.map((f) => f.message)).toEqual(['`soon` is not a valid value for `timeout-minutes` in job `a`.']);
  // The memoised answer is the very array the rule read.
  expect(schemaProblems(file)).toBe(schemaProblems(file));
  const fixed = new SourceFile(file.path, file.kind, text.replace('soon', '10'));
  expect(schemaProblems(fixed)).toEqual([]);
});

test('ranges are the file offsets of the node, with CRLF line ends and wide characters before it', () => {
  const text = 'name: "déploiement 🚀"\r\non: push\r\njobs:\r\n  a:\r\n    runs-on: x\r\n    stepz: []\r\n';
  const f = lint({ path: '.github/workflows/ci.yml', text }).findings.find((x) => x.ruleId === 'github-actions/schema' && x.message.includes('stepz'));
  expect(f && text.slice(f.range.start, f.range.end)).toBe('stepz');
});

test('an alias bomb is not expanded: no schema finding, no crash, quickly', () => {
  const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  const text = `on: push\nenv:\n${levels.map((l) => `  ${l}`).join('\n')}\njobs:\n  a:\n    runs-on: x\n    steps: [{ run: make }]\n`;
  const started = performance.now();
  const r = lint({ path: '.github/workflows/ci.yml', text });
  expect(performance.now() - started).toBeLessThan(5000);
  expect(r.crashes).toEqual([]);
  expect(r.findings.filter((f) => f.ruleId === 'github-actions/schema')).toEqual([]);
});

test('an action is told from a workflow by its place: action.yml under .github/workflows/ is a workflow', () => {
  const action = 'name: x\nruns:\n  using: composite\n  steps:\n    - run: echo\n      shell: bash\n';
  expect(lint({ path: 'tools/release/action.yml', text: action }).findings.filter((f) => f.ruleId.startsWith('github-actions/'))).toEqual([]);
  const asWorkflow = lint({ path: '.github/workflows/action.yml', text: action }).findings.filter((f) => f.ruleId === 'github-actions/schema');
  expect(asWorkflow.map((f) => f.message)).toContain('Unknown key `runs` in the workflow.');
  expect(asWorkflow.map((f) => f.message)).toContain('The workflow is missing the required key `on`.');
});

test('a workflow reads its local action through the repository: editing the action re-lints exactly that workflow', async () => {
  const { Repository } = await import('../../server/src/core/workspace/repository');
  const disk = new Map(
    Object.entries({
      '.github/actions/setup/action.yml': 'name: s\ninputs:\n  version:\n    required: true\nruns:\n  using: composite\n  steps:\n    - run: echo\n      shell: bash\n',
      '.github/workflows/ci.yml': 'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: ./.github/actions/setup\n        with:\n          verison: 1\n',
      '.github/workflows/other.yml': 'on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{ run: make }]\n',
    }),
  );
  const repo = new Repository({ read: (p) => disk.get(p) }).addPaths(disk.keys());
  const lintOf = (path: string) => repo.track(path, (workspace) => lint(repo.file(path) as SourceFile, { workspace }));
  const inputs = (path: string) => lintOf(path).findings.filter((f) => f.ruleId === 'github-actions/local-inputs').map((f) => f.message);
  expect(inputs('.github/workflows/ci.yml')).toEqual([
    '`./.github/actions/setup` requires the input `version`, which is not given here.',
    '`verison` is not an input of `./.github/actions/setup`; did you mean `version`?',
  ]);
  lintOf('.github/workflows/other.yml');
  const readers = repo.setBuffer('.github/actions/setup/action.yml', 'name: s\ninputs:\n  verison: {}\nruns:\n  using: composite\n  steps:\n    - run: echo\n      shell: bash\n');
  expect(readers.has('.github/workflows/ci.yml')).toBe(true);
  expect(readers.has('.github/workflows/other.yml')).toBe(false);
  expect(inputs('.github/workflows/ci.yml')).toEqual([]);
});

test('the references kept per job answer the step and needs rules alike, together or alone', () => {
  const text = [
    'on: push',
    'jobs:',
    '  build:',
    '    runs-on: ubuntu-latest',
    '    outputs:',
    '      v: ${{ steps.ver.outputs.v }}',
    '      w: ${{ steps.nope.outputs.w }}',
    '    steps:',
    '      - run: echo ${{ steps.ver.outputs.v }}',
    '      - id: ver',
    '        run: echo v=1 >> "$GITHUB_OUTPUT"',
    '      - if: steps.ver.outcome == \'success\' && steps.missing.outputs.x',
    '        run: echo ok',
    '  deploy:',
    '    needs: build',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: echo ${{ needs.build.outputs.v }} ${{ needs.build.outputs.zz }} ${{ needs.test.result }}',
    '',
  ].join('\n');
  const ids = ['github-actions/step-reference', 'github-actions/needs-reference'];
  const seen = (findings: { ruleId: string; range: { start: number } }[]) =>
    findings.filter((f) => ids.includes(f.ruleId)).map((f) => `${f.ruleId}@${f.range.start}`).sort();
  const together = seen(lint({ path: '.github/workflows/ci.yml', text }).findings);
  const alone = ids.flatMap((id) =>
    seen(lint({ path: '.github/workflows/ci.yml', text }, { config: { ...DEFAULT_CONFIG, rules: Object.fromEntries(RULES.map((r) => [r.id, { severity: r.id === id ? 'error' : 'off' }])) } }).findings),
  ).sort();
  expect(together).toEqual(alone);
  // Step 1 reads a step that runs later, the outputs name a step that is not there, the condition one too; deploy reads an undeclared output and a job it does not need.
  expect(together.filter((f) => f.startsWith('github-actions/step-reference')).length).toBe(3);
  expect(together.filter((f) => f.startsWith('github-actions/needs-reference')).length).toBe(2);
});
