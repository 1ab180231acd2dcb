import { expect, test } from 'bun:test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { lint } from '../../server/src/core/engine';
import { LineIndex } from '../../server/src/core/lines';
import { SourceFile } from '../../server/src/core/source';
import { canInsertCommentAbove } from '../../server/src/core/suppress';
import type { FileKind } from '../../server/src/core/types';
import { workspaceView } from '../../server/src/node/workspace';

const CORE = join(import.meta.dir, '..', '..', 'server', 'src', 'core');

function workflow(steps: string): string {
  return `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`;
}

function found(text: string, path = '.github/workflows/ci.yml') {
  return lint({ path, text }).findings.map((f) => ({ rule: f.ruleId, text: text.slice(f.range.start, f.range.end).replace(/\s+/g, ' ') }));
}

test('the core imports no vscode, LSP or file-system module', () => {
  const forbidden = /from ['"](vscode[^'"]*|node:fs|fs|fs\/promises|node:fs\/promises|node:child_process|child_process)['"]/;
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
  const offenders = walk(CORE)
    .filter((f) => f.endsWith('.ts'))
    .filter((f) => forbidden.test(readFileSync(f, 'utf8')))
    .map((f) => relative(CORE, f));
  expect(offenders).toEqual([]);
});

test('findings in block scalars point at the exact words', () => {
  const text = workflow('      - run: |\n          echo start\n          CI=1 npm ci\n      - run: >-\n          yarn\n          build\n      - run: "pnpm test"\n');
  expect(found(text)).toEqual([
    { rule: 'package-manager/js-commands', text: 'npm ci' },
    { rule: 'package-manager/js-commands', text: 'yarn build' },
    { rule: 'package-manager/js-commands', text: 'pnpm test' },
  ]);
});

test('fix edits replace the whole command and nothing around it', () => {
  const text = workflow('      - run: sudo npm install -D vitest > log.txt\n      - run: npm ci --silent # quiet\n');
  const findings = lint({ path: '.github/workflows/ci.yml', text }).findings;
  expect(findings.map((f) => f.fixes.map((x) => x.edits.map((e) => `${text.slice(e.start, e.end)} => ${e.newText}`)))).toEqual([
    [['npm install -D vitest => bun add -d vitest']],
    [['npm ci --silent => bun install --frozen-lockfile --silent']],
  ]);
});

test('suppression comments silence the named rule only', () => {
  const steps =
    '      # roo-devops-disable-next-line package-manager/js-commands\n      - run: npm ci\n' +
    '      - run: npm test # roo-devops-disable-line package-manager/js-commands\n' +
    '      # roo-devops-disable-next-line yaml/syntax\n      - run: yarn build\n';
  expect(found(workflow(steps)).map((f) => f.text)).toEqual(['yarn build']);
  expect(found(`# roo-devops-disable package-manager/js-commands\n${workflow('      - run: npm ci\n')}`)).toEqual([]);
  expect(found(`# roo-devops-disable\n${workflow('      - run: npm ci\n  bad: [\n')}`)).toEqual([]);
  // Mentioning the directive in a value is not a comment.
  expect(found(workflow('      - run: echo roo-devops-disable-next-line\n      - run: npm ci\n')).length).toBe(1);
});

test('suppression in Markdown and slash-comment kinds', () => {
  const lockText = '// roo-devops-disable package-manager/lockfile\n';
  const ws = workspaceView(['package.json', 'yarn.lock']);
  expect(lint({ path: 'yarn.lock', text: '# roo-devops-disable package-manager/lockfile\n' }, { workspace: ws }).findings).toEqual([]);
  expect(lint({ path: 'yarn.lock', text: lockText }, { workspace: ws }).findings.length).toBe(1);
});

test('one finding per problem, sorted by position', () => {
  const text = workflow('      - run: npm ci && npm ci\n');
  const offsets = lint({ path: '.github/workflows/ci.yml', text }).findings.map((f) => f.range.start);
  expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
  expect(offsets.length).toBe(2);
});

test('malformed, binary-looking and huge inputs never throw', () => {
  const inputs = [
    '\u0000\u0001\u0002 binary',
    ':\n- [\n{',
    `jobs:\n${'  x:\n'.repeat(2000)}`,
    `a: &a [${'x,'.repeat(50)}x]\n${Array.from({ length: 30 }, (_, i) => `b${i}: &b${i} [*a, *a, *a]`).join('\n')}\n`,
    workflow(`      - run: ${'npm ci && '.repeat(5000)}true\n`),
    '\uD800\uDFFF\uFFFE',
  ];
  for (const text of inputs) {
    for (const path of ['.github/workflows/x.yml', 'x.json', 'package.json', 'k.yaml']) {
      const r = lint({ path, text });
      expect(r.crashes).toEqual([]);
      for (const f of r.findings) expect(f.range.end).toBeLessThanOrEqual(text.length);
    }
  }
});

test('line index counts UTF-16 code units and all line breaks', () => {
  const text = 'a😀b\r\nsecond\rthird\nlast';
  const idx = new LineIndex(text);
  expect(idx.lineCount).toBe(4);
  expect(idx.positionAt(text.indexOf('b'))).toEqual({ line: 0, character: 3 });
  expect(idx.positionAt(text.indexOf('third'))).toEqual({ line: 2, character: 0 });
  expect(idx.offsetAt({ line: 3, character: 2 })).toBe(text.indexOf('last') + 2);
  expect(idx.offsetAt({ line: 0, character: 99 })).toBe(text.indexOf('\r'));
  expect(idx.lineText(1)).toBe('second');
});

test('a JavaScript rewrite is safe only where Bun is visibly there', () => {
  const safety = (path: string, text: string) =>
    lint({ path, text })
      .findings.filter((f) => f.ruleId === 'package-manager/js-commands')
      .map((f) => f.fixes[0]?.safe);
  // Under a Node.js image the fix also switches the base image and the lockfile copy: offered, never safe.
  expect(safety('Dockerfile', 'FROM node:20-slim\nCOPY package*.json ./\nRUN npm ci\n')).toEqual([false]);
  expect(safety('Dockerfile', 'FROM oven/bun:1.1 AS build\nRUN npm ci\nFROM node:20\nCOPY . .\nRUN npm ci\n')).toEqual([true, false]);
  expect(safety('Dockerfile', 'FROM node:20\nRUN npm install -g bun@1.1.38\nRUN npm ci\n')).toEqual([true]);
  expect(safety('.github/workflows/ci.yml', workflow('      - uses: oven-sh/setup-bun@v2\n      - run: npm ci\n      - run: sudo npm install -g serve\n'))).toEqual([true, false]);
  expect(safety('.github/workflows/ci.yml', workflow('      - run: npm ci\n'))).toEqual([false]);
  expect(safety('.gitlab-ci.yml', 'test:\n  image: oven/bun:1.1\n  script:\n    - npm ci\n')).toEqual([true]);
  expect(safety('Makefile', 'install:\n\tnpm ci\n')).toEqual([true]);
});

test('npm reads flags before `--` as its own', () => {
  const rewrite = (run: string) => lint({ path: '.github/workflows/ci.yml', text: workflow(`      - run: ${run}\n`) }).findings[0]?.message;
  expect(rewrite('npm run build --if-present')).toBe('`npm run build` uses npm; use `bun run --if-present build` instead.');
  expect(rewrite('npm run test -- --watch=false')).toBe('`npm run test` uses npm; use `bun run test --watch=false` instead.');
  expect(rewrite('npm run lint --workspace web')).toContain('no rewrite is offered because its option `--workspace`');
  expect(rewrite('pnpm deploy --filter=web /prod')).toContain('no rewrite is offered');
});

test('a suppression comment goes above a line only where it cannot change the file', () => {
  const at = (path: string, kind: FileKind, text: string, needle: string) => canInsertCommentAbove(new SourceFile(path, kind, text), text.indexOf(needle));
  const gha = '.github/workflows/ci.yml';
  expect(at(gha, 'github-actions', workflow('      - run: npm ci\n'), 'npm ci')).toBe(true);
  expect(at(gha, 'github-actions', workflow('      - run: |\n          echo a\n          npm ci\n'), 'npm ci')).toBe(true);
  expect(at(gha, 'github-actions', workflow('      - run: echo start &&\n          npx eslint .\n'), 'npx')).toBe(false);
  expect(at(gha, 'github-actions', workflow('      - run: "echo start &&\n          npx eslint ."\n'), 'npx')).toBe(false);
  expect(at(gha, 'github-actions', workflow('      - run: >-\n          echo start &&\n          npx eslint .\n'), 'npx')).toBe(false);
  expect(at('Makefile', 'makefile', 'all:\n\techo a && \\\n\tnpm ci\n', 'npm ci')).toBe(false);
  expect(at('Makefile', 'makefile', 'all:\n\techo a\n\tnpm ci\n', 'npm ci')).toBe(true);
  expect(at('Dockerfile', 'dockerfile', 'FROM x\nRUN apt-get update && \\\n    npm ci\n', 'npm ci')).toBe(false);
  expect(at('Jenkinsfile', 'jenkins', "node {\n  sh '''\n    npm ci\n  '''\n}\n", 'npm ci')).toBe(false);
  expect(at('Jenkinsfile', 'jenkins', "node {\n  sh 'npm ci'\n}\n", 'npm ci')).toBe(true);
  // Inside a Markdown fence the comment is the block's own (test/engine/suppress.test.ts has the cases).
  expect(at('plan/deployment.md', 'plan-doc', '# Deploy\n\n```bash\nnpm ci\n```\n', 'npm ci')).toBe(true);
  expect(at('plan/deployment.md', 'plan-doc', '# Deploy\n\n```console\n$ npm ci\n```\n', 'npm ci')).toBe(false);
});

test('a next-line directive above a whole-file finding silences it, though the finding moves onto the directive', () => {
  const rule = 'package-manager/python-manifest';
  expect(lint({ path: 'requirements.txt', text: 'flask==3.0\n' }).findings.map((f) => f.ruleId)).toEqual([rule]);
  expect(lint({ path: 'requirements.txt', text: `# roo-devops-disable-next-line ${rule}\nflask==3.0\n` }).findings).toEqual([]);
  // Another rule's directive leaves it alone.
  expect(lint({ path: 'requirements.txt', text: '# roo-devops-disable-next-line package-manager/js-commands\nflask==3.0\n' }).findings.map((f) => f.ruleId)).toEqual([rule]);
  const ws = workspaceView(['package.json', 'yarn.lock']);
  expect(lint({ path: 'yarn.lock', text: '# roo-devops-disable-next-line package-manager/lockfile\n# yarn lockfile v1\n' }, { workspace: ws }).findings).toEqual([]);
  // After code on the same line, the directive still means the next line only.
  const steps = '      - run: npm ci # roo-devops-disable-next-line package-manager/js-commands\n      - run: npm test\n';
  expect(found(workflow(steps)).map((f) => f.text)).toEqual(['npm ci']);
});

test('a finding never splits a surrogate pair (the fuzzer found toml/syntax and yaml/syntax ranges one unit into an emoji)', () => {
  for (const [path, text] of [
    ['pyproject.toml', '😀'],
    ['pyproject.toml', 'a = 1\n😀'],
  ]) {
    const r = lint({ path, text });
    expect(r.findings.length).toBeGreaterThan(0);
    for (const f of r.findings) {
      for (const at of [f.range.start, f.range.end]) {
        const splits = at > 0 && at < text.length && /[\ud800-\udbff]/.test(text[at - 1]) && /[\udc00-\udfff]/.test(text[at]);
        expect(splits, `${f.ruleId} ${f.range.start}-${f.range.end}`).toBe(false);
      }
    }
  }
});
