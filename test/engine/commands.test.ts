import { expect, test } from 'bun:test';
import { lint } from '../../server/src/core/engine';
import { shellCommands, wordsRange } from '../../server/src/core/parse/commands';
import { SourceFile } from '../../server/src/core/source';
import type { FileKind } from '../../server/src/core/types';

/**
 * Each command of a file as `program args…` (the words the shell passes), with
 * the file text each word points at. A word's place must be exact whatever the
 * surface: that is what findings and fixes stand on.
 */
function commands(path: string, kind: FileKind, text: string): { command: string; words: string[]; span: string }[] {
  return shellCommands(new SourceFile(path, kind, text)).map((found) => {
    const words = found.command.words.slice(found.program);
    const range = wordsRange(found, found.program, found.command.words.length - 1);
    return {
      command: words.map((w) => w.value).join(' '),
      words: words.map((w) => text.slice(found.script.toSource(w.start), found.script.toSource(w.end))),
      span: text.slice(range.start, range.end),
    };
  });
}

function programs(path: string, kind: FileKind, text: string): string[] {
  return commands(path, kind, text).map((c) => c.command);
}

test('GitLab CI: an anchor reused by several jobs gives its commands once, where it is written', () => {
  const text = [
    '.install: &install',
    '  - npm ci',
    '.job: &job',
    '  before_script: [*install]',
    '  script: npm test',
    'a: { <<: *job }',
    'b:',
    '  <<: *job',
    'c:',
    '  script:',
    '    - !reference [.job, script]',
    '    - - yarn build',
    'default:',
    '  after_script: pnpm report',
    'variables:',
    '  script: npm run nothing',
    '',
  ].join('\n');
  const found = commands('.gitlab-ci.yml', 'gitlab-ci', text);
  expect(found.map((c) => c.command)).toEqual(['npm ci', 'npm test', 'yarn build', 'pnpm report']);
  expect(text.indexOf(found[0].span)).toBe(text.indexOf('npm ci'));
});

test('CRLF line endings keep every surface on the right characters', () => {
  const crlf = (lines: string[]) => lines.join('\r\n');
  const docker = crlf(['FROM node', 'RUN npm ci \\', '  # note', '  && npm test', 'RUN <<EOF', 'yarn build', 'EOF', '']);
  expect(commands('Dockerfile', 'dockerfile', docker).map((c) => c.span)).toEqual(['npm ci', 'npm test', 'yarn build']);
  const make = crlf(['all:', '\t@npm ci \\', '\t  --silent', '']);
  expect(commands('Makefile', 'makefile', make).map((c) => c.words)).toEqual([['npm', 'ci', '--silent']]);
  const md = crlf(['# Plan', '', '```bash', 'npm ci', '```', '']);
  expect(commands('plan/a.md', 'plan-doc', md).map((c) => c.span)).toEqual(['npm ci']);
  const groovy = crlf(["sh '''", '  npm ci', "  npx tsc", "'''", '']);
  expect(commands('Jenkinsfile', 'jenkins', groovy).map((c) => c.span)).toEqual(['npm ci', 'npx tsc']);
});

test('tabs: Makefile recipe prefixes and indented code blocks', () => {
  const make = 'build:\n\t-@yarn\tbuild\n\t+$(MAKE) -C docs\n\t\techo "$$(npx which tsc)"\n';
  const found = commands('Makefile', 'makefile', make);
  expect(found.map((c) => c.command)).toEqual(['yarn build', '${MAKE} -C docs', 'npx which tsc', 'echo $(npx which tsc)']);
  expect(found[0].span).toBe('yarn\tbuild');
  expect(found[1].words[0]).toBe('$(MAKE)');
  const md = '1. Install:\n\n   ```console\n   $ npm ci\n   output\n   ```\n';
  expect(commands('plan/a.md', 'plan-doc', md).map((c) => c.span)).toEqual(['npm ci']);
});

test('multi-line continuations map each word to its own line', () => {
  const docker = 'FROM node\nRUN npm install \\\n      -D \\\n      typescript\n';
  const [found] = commands('Dockerfile', 'dockerfile', docker);
  expect(found.words).toEqual(['npm', 'install', '-D', 'typescript']);
  expect(found.span).toBe('npm install \\\n      -D \\\n      typescript');
  const backtick = '# escape=`\nFROM node\nRUN npm install `\n    -D typescript\n';
  expect(commands('Dockerfile', 'dockerfile', backtick)[0].words).toEqual(['npm', 'install', '-D', 'typescript']);
  const groovy = 'sh """\n  npx eslint \\\\\n    src\n"""\n';
  expect(commands('Jenkinsfile', 'jenkins', groovy)[0].words).toEqual(['npx', 'eslint', 'src']);
});

test('package.json: escaped characters map back through the JSON spelling', () => {
  const json = '{\n  "scripts": {\n    "lint": "npx eslint \\"src/**\\" && npm run \\u0062uild",\n    "x": 1\n  }\n}\n';
  const found = commands('package.json', 'package-manifest', json);
  expect(found.map((c) => c.command)).toEqual(['npx eslint src/**', 'npm run build']);
  expect(found[0].words).toEqual(['npx', 'eslint', '\\"src/**\\"']);
  expect(found[1].words).toEqual(['npm', 'run', '\\u0062uild']);
  // Raw words are the file's spelling, so a fix that copies them keeps the JSON valid.
  const raw = shellCommands(new SourceFile('package.json', 'package-manifest', json))[0];
  expect(raw.script.text.slice(raw.command.words[2].start, raw.command.words[2].end)).toBe('\\"src/**\\"');
  expect(commands('other/package-lock.json', 'package-manifest', json)).toEqual([]);
});

test('Dockerfile exec form: each word sits in its string; sh -c reads the script', () => {
  const docker = 'FROM node\nRUN ["npm", "run", "my build"]\nRUN ["/bin/sh", "-c", "npm ci && npx tsc"]\n';
  const found = commands('Dockerfile', 'dockerfile', docker);
  expect(found.map((c) => c.command)).toEqual(['npm run my build', 'npm ci', 'npx tsc']);
  expect(found[0].words).toEqual(['npm', 'run', '"my build"']);
});

test('Dockerfile here-documents: a script when run by the shell, data otherwise', () => {
  const docker = [
    'FROM node',
    'RUN <<EOF',
    'npm ci',
    'EOF',
    'RUN <<-EOF bash -e',
    '\tnpm test',
    '\tEOF',
    'RUN cat <<EOF > notes.md',
    'npm install',
    'EOF',
    'COPY <<EOF /etc/x',
    'RUN npm start',
    'EOF',
    'RUN --network=none yarn build',
    'SHELL ["cmd", "/S", "/C"]',
    'RUN npm ci',
    '',
  ].join('\n');
  expect(programs('Dockerfile', 'dockerfile', docker)).toEqual(['npm ci', 'npm test', 'cat', 'yarn build']);
});

test('Dockerfile RUN flags may span continuation lines', () => {
  const docker = [
    'FROM python:3.12',
    'RUN --mount=type=cache,target=/root/.cache \\',
    '    --mount=type=bind,source=uv.lock,target=uv.lock \\',
    '    uv sync --frozen',
    'RUN --mount=a \\',
    ' --mount=b npm ci',
    'RUN --mount=a \\',
    ' npm test',
    'RUN \\',
    '    # cache the store',
    '    --mount=type=cache,target=/root/.yarn \\',
    '',
    '    yarn install \\',
    '    # then build',
    '    && yarn build',
    'RUN --network=none \\',
    '    ["npx", "tsc"]',
    'RUN --mount=type=secret,id=npmrc \\',
    '    <<EOF',
    'pnpm install',
    'EOF',
    'RUN --mount=type=cache,target=/x',
    '',
  ].join('\n');
  const found = commands('Dockerfile', 'dockerfile', docker);
  expect(found.map((c) => c.command)).toEqual(['uv sync --frozen', 'npm ci', 'npm test', 'yarn install', 'yarn build', 'npx tsc', 'pnpm install']);
  expect(found.map((c) => c.span)).toEqual(['uv sync --frozen', 'npm ci', 'npm test', 'yarn install', 'yarn build', 'npx", "tsc', 'pnpm install']);
  const starts = shellCommands(new SourceFile('Dockerfile', 'dockerfile', docker)).map((f) => f.script.toSource(f.command.words[f.program].start));
  const at = ['uv sync', 'npm ci', 'npm test', 'yarn install', 'yarn build', 'npx', 'pnpm install'].map((s) => docker.indexOf(s));
  expect(starts).toEqual(at);
  const backtick = ['# escape=`', 'FROM node', 'RUN --mount=a `', '    # note', '    --mount=b `', '    npm ci `', '    --ignore-scripts', ''].join('\n');
  const [ci] = commands('Dockerfile', 'dockerfile', backtick);
  expect(ci.words).toEqual(['npm', 'ci', '--ignore-scripts']);
  expect(ci.span).toBe('npm ci `\n    --ignore-scripts');
});

test('Jenkinsfile: sh in every spelling, comments and other steps skipped', () => {
  const groovy = [
    "// sh 'npm ci'",
    '/* sh "npm ci" */',
    "sh 'npm ci'",
    'sh "yarn build ${env.X ?: "a"}"',
    "def v = sh(returnStdout: true, script: 'pnpm -v').trim()",
    "sh label: 'x', script: 'npx tsc'",
    "echo 'sh \"npm test\"'",
    "bat 'npm test'",
    "sh 'echo \\'npm ci\\''",
    '',
  ].join('\n');
  const found = commands('Jenkinsfile', 'jenkins', groovy);
  expect(found.map((c) => c.command)).toEqual(['npm ci', 'yarn build ${env.X ?: "a"}', 'pnpm -v', 'npx tsc', 'echo npm ci']);
  expect(found[0].span).toBe('npm ci');
});

test('plan documents: yaml blocks read as workflow excerpts in the document offsets; a GitLab CI file is left to the engine', () => {
  const md = [
    'Intro with npm ci in prose.',
    '',
    '- Workflow:',
    '  ```yaml',
    '  jobs:',
    '    b:',
    '      steps:',
    '        - run: npm ci',
    '  ```',
    '',
    '~~~~yml',
    'test:',
    '  script: ["yarn test"]',
    '~~~~',
    '',
    '```python',
    'os.system("npm ci")',
    '```',
    '',
  ].join('\n');
  const found = commands('plan/a.md', 'plan-doc', md);
  expect(found.map((c) => c.span)).toEqual(['npm ci']);
  expect(md.slice(md.indexOf('run: ') + 5).startsWith(found[0].span)).toBe(true);
  // The second block is a GitLab CI file (a job with `script:`): checked as one, its command reported once, in the document.
  const policy = lint({ path: 'plan/a.md', text: md }).findings.filter((f) => f.ruleId === 'package-manager/js-commands');
  expect(policy.map((f) => md.slice(f.range.start, f.range.end))).toEqual(['npm ci', 'yarn test']);
});

test('plan documents: yaml blocks of bare workflow steps or one job read as workflow steps', () => {
  const md = [
    '# Deployment',
    '',
    '1. Add these steps:',
    '   ```yaml',
    '   - uses: actions/checkout@v4',
    '   - name: Install',
    '     run: npm ci',
    '   - run: |',
    '       npm run build',
    '       npx tsc',
    '   - shell: python',
    '     run: print("npm test")',
    '   ```',
    '',
    '```yml',
    'runs-on: ubuntu-latest',
    'defaults:',
    '  run:',
    '    shell: bash',
    'steps:',
    '  - run: yarn test',
    '  - shell: cmd',
    '    run: npm test',
    '```',
    '',
    '```yaml',
    '- script: pnpm deploy',
    '```',
    '',
  ].join('\n');
  const found = commands('plan/deployment.md', 'plan-doc', md);
  expect(found.map((c) => c.command)).toEqual(['npm ci', 'npm run build', 'npx tsc', 'yarn test']);
  expect(found.map((c) => c.span)).toEqual(['npm ci', 'npm run build', 'npx tsc', 'yarn test']);
  const starts = shellCommands(new SourceFile('plan/deployment.md', 'plan-doc', md)).map((f) => f.script.toSource(f.command.words[f.program].start));
  expect(starts).toEqual([md.indexOf('npm ci'), md.indexOf('npm run build'), md.indexOf('npx tsc'), md.indexOf('yarn test')]);
});

test('CircleCI, Azure Pipelines and Bitbucket steps', () => {
  const circle = 'jobs:\n  b:\n    steps:\n      - run: npm ci\n      - run:\n          command: yarn build\n      - run:\n          shell: python3\n          command: print(1)\n';
  expect(programs('.circleci/config.yml', 'circleci', circle)).toEqual(['npm ci', 'yarn build']);
  const azure = 'steps:\n  - script: npm ci\n  - bash: yarn build\n  - pwsh: npx tsc\n  - task: PythonScript@0\n    inputs:\n      script: print(1)\n';
  expect(programs('azure-pipelines.yml', 'azure-pipelines', azure)).toEqual(['npm ci', 'yarn build', 'npx tsc']);
  const bitbucket = 'definitions:\n  steps:\n    - step: &s\n        script: [npm ci]\npipelines:\n  default:\n    - step: *s\n    - parallel:\n        - step:\n            script:\n              - yarn build\n              - pipe: x/y:1\n';
  expect(programs('bitbucket-pipelines.yml', 'bitbucket-pipelines', bitbucket)).toEqual(['npm ci', 'yarn build']);
});

test('alias and merge bombs cost no more than their text', () => {
  let lists = 'a0: &a0 [npm ci]\n';
  let merges = 'm0: &m0 {script: [yarn build]}\n';
  for (let i = 1; i < 12; i++) {
    lists += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
    merges += `m${i}: &m${i}\n  <<: [${Array(9).fill(`*m${i - 1}`).join(', ')}]\n`;
  }
  const started = performance.now();
  expect(programs('.gitlab-ci.yml', 'gitlab-ci', `${lists}job:\n  script: *a11\n`)).toEqual(['npm ci']);
  expect(programs('.gitlab-ci.yml', 'gitlab-ci', `${merges}job:\n  <<: *m11\n`)).toEqual(['yarn build']);
  expect(performance.now() - started).toBeLessThan(2000);
});

test('pathological input terminates on every surface', () => {
  const nasty = `RUN ${'"'.repeat(3000)}\nsh '''${'\\'.repeat(2000)}${'<<EOF\n'.repeat(500)}\`\`\`bash\n${'$('.repeat(1000)}`;
  const surfaces: [string, FileKind][] = [
    ['Dockerfile', 'dockerfile'],
    ['Makefile', 'makefile'],
    ['Jenkinsfile', 'jenkins'],
    ['package.json', 'package-manifest'],
    ['plan/a.md', 'plan-doc'],
    ['.gitlab-ci.yml', 'gitlab-ci'],
  ];
  for (const [path, kind] of surfaces) expect(Array.isArray(commands(path, kind, nasty))).toBe(true);
});

test('plan documents: fences in block quotes and on list items, tilde fences holding backticks, an unclosed fence', () => {
  const md = [
    '> Run:',
    '> ```sh',
    '> npm ci',
    '> ```',
    '',
    '- ~~~bash',
    "  cat > x.md <<'EOF'",
    '  ```',
    '  EOF',
    '  yarn build',
    '  ~~~',
    '',
    'Prose mentioning pnpm install is not read.',
    '',
    '```bash',
    'npx eslint .',
  ].join('\n');
  const found = commands('plan/a.md', 'plan-doc', md);
  expect(found.map((c) => c.command)).toEqual(['npm ci', 'cat', 'yarn build', 'npx eslint .']);
  for (const c of found) expect(md.includes(c.span)).toBe(true);
  expect(found.map((c) => md.indexOf(c.span))).toEqual([md.indexOf('npm ci'), md.indexOf('cat >'), md.indexOf('yarn build'), md.indexOf('npx eslint')]);
});
