/**
 * Inputs shaped like the ones that used to blow up (wide or cyclic `extends:`,
 * many commands per job or stage, big folders), kept small: these check the
 * answers of the memoised paths. Timing lives in bench/, never here.
 */
import { expect, test } from 'bun:test';
import { lint } from '../../server/src/core/engine';
import { gitlabJobs } from '../../server/src/core/parse/gitlab-jobs';
import { isFirstOfItsKindInFolder, PathIndex } from '../../server/src/core/path-index';
import { SourceFile } from '../../server/src/core/source';
import { workspaceView } from '../../server/src/node/workspace';

function jobs(text: string) {
  return gitlabJobs(new SourceFile('.gitlab-ci.yml', 'gitlab-ci', text)).map((j) => ({
    id: j.id,
    commands: j.commands.map((c) => c.command.words.map((w) => w.value).join(' ')),
    cache: j.cacheText,
  }));
}

/** js-commands findings as `text → safe?` of their fix. */
function safety(path: string, text: string): [string, boolean | undefined][] {
  return lint({ path, text })
    .findings.filter((f) => f.ruleId === 'package-manager/js-commands')
    .map((f) => [text.slice(f.range.start, f.range.end), f.fixes[0]?.safe]);
}

test('a cyclic extends terminates and still finds what the cycle inherits', () => {
  const text = [
    '.a:',
    '  extends: .b',
    '  before_script: [npm ci]',
    '.b:',
    '  extends: [.a, .c]',
    '.c:',
    '  extends: .b',
    '  after_script: [echo done]',
    '  cache: { paths: [node_modules/] }',
    'self:',
    '  extends: self',
    '  script: [make]',
    'job:',
    '  extends: .b',
    '  script: [npm test]',
    '',
  ].join('\n');
  expect(jobs(text)).toEqual([
    { id: 'self', commands: ['make'], cache: undefined },
    { id: 'job', commands: ['npm ci', 'npm test', 'echo done'], cache: '{ paths: [node_modules/] }' },
  ]);
  const findings = lint({ path: '.gitlab-ci.yml', text }).findings.map((f) => `${f.ruleId} ${text.slice(f.range.start, f.range.end)}`);
  expect(findings).toContain('package-manager/js-commands npm ci');
  expect(findings).toContain('package-manager/js-commands npm test');
});

test('extends is followed six levels above a job, as before, through anchors and merges', () => {
  const chain = Array.from({ length: 9 }, (_, i) => `.t${i}:\n  extends: .t${i + 1}\n`).join('');
  const text = `${chain}.t9:\n  after_script: [deep]\n.t6b: &six\n  before_script: [six]\nx:\n  extends: [.t0]\n  <<: *six\n  script: [npm test]\ny:\n  extends: [.t4]\n  script: [npm test]\nz:\n  extends: [.t3]\n  script: [npm test]\n`;
  expect(jobs(text)).toEqual([
    { id: 'x', commands: ['six', 'npm test'], cache: undefined },
    // .t4 → … → .t9 is six levels up: found; from .t3 it is seven: not followed.
    { id: 'y', commands: ['npm test', 'deep'], cache: undefined },
    { id: 'z', commands: ['npm test'], cache: undefined },
  ]);
});

test('a wide extends graph (8 parents per template, 40 templates) resolves every job', () => {
  const T = 40;
  const lines: string[] = [];
  for (let t = 0; t < T; t++) {
    const parents = Array.from({ length: 8 }, (_, k) => t + 1 + k).filter((p) => p < T);
    if (t === T - 1) parents.push(0);
    lines.push(`.t${t}:`, `  extends: [${parents.map((p) => `.t${p}`).join(', ')}]`);
    if (t === 5) lines.push('  after_script: [echo five]');
  }
  for (let i = 0; i < 200; i++) lines.push(`job${i}:`, `  extends: [.t${i % T}]`, '  script: [npm test]');
  const found = jobs(`${lines.join('\n')}\n`);
  expect(found).toHaveLength(200);
  // Within six levels of .t0…t5 lies .t5; from .t6 on it is out of reach except through the cycle .t39 → .t0.
  expect(found[0].commands).toEqual(['npm test', 'echo five']);
  expect(found[5].commands).toEqual(['npm test', 'echo five']);
  expect(found[6].commands).toEqual(['npm test']);
  expect(found[39].commands).toEqual(['npm test', 'echo five']);
});

test('a workflow with many jobs marks each npm fix safe only in the jobs that set up Bun', () => {
  let text = 'on: push\njobs:\n';
  for (let i = 0; i < 30; i++) {
    text += `  j${i}:\n    runs-on: ubuntu-latest\n    steps:\n${i % 3 === 0 ? '      - uses: oven-sh/setup-bun@v2\n' : ''}      - run: npm ci && npm test\n`;
  }
  const got = safety('.github/workflows/ci.yml', text);
  expect(got).toHaveLength(60);
  got.forEach(([, safe], k) => expect(safe).toBe(Math.floor(k / 2) % 3 === 0));
});

test('Dockerfile fixes are safe from where the stage shows Bun on, stage by stage', () => {
  const text = [
    'RUN npm ci',
    'FROM oven/bun:1 AS a',
    'RUN npm ci',
    'RUN npm ci',
    ' from node:20 AS b',
    'RUN npm ci',
    'RUN npm install -g bun && npm ci',
    'RUN npm ci',
    'FROM node:20',
    'RUN npm ci',
    '',
  ].join('\n');
  // Before any FROM: no image, no fix. Stage a has Bun. Stage b installs it part-way: the command before gets no fix.
  // The last stage would need its base image switched, and copies no lockfile for `npm ci`: no fix either.
  expect(safety('Dockerfile', text).map(([, safe]) => safe)).toEqual([undefined, true, true, undefined, true, true, undefined]);
});

test('pipeline files other than workflows: one answer for the whole file', () => {
  const text = `image: oven/bun:1\nbuild:\n  script:\n${'    - npm ci\n'.repeat(20)}`;
  const got = safety('.gitlab-ci.yml', text);
  expect(got).toHaveLength(20);
  expect(got.every(([, safe]) => safe === true)).toBe(true);
  expect(safety('.gitlab-ci.yml', text.replace('oven/bun:1', 'node:20')).every(([, safe]) => safe === false)).toBe(true);
});

test('PathIndex.list is sorted, stable until the folder changes, and the first of a kind follows changes', () => {
  const index = new PathIndex();
  for (const p of ['pkg/b.go', 'pkg/c.go', 'pkg/x.rs', 'other/a.go']) index.add(p);
  const first = index.list('pkg');
  expect(first).toEqual(['pkg/b.go', 'pkg/c.go', 'pkg/x.rs']);
  expect(index.list('pkg')).toBe(first);
  expect(isFirstOfItsKindInFolder((d) => index.list(d), 'pkg/b.go')).toBe(true);
  expect(isFirstOfItsKindInFolder((d) => index.list(d), 'pkg/c.go')).toBe(false);
  expect(isFirstOfItsKindInFolder((d) => index.list(d), 'pkg/x.rs')).toBe(true);
  index.add('pkg/a.go');
  expect(index.list('pkg')).toEqual(['pkg/a.go', 'pkg/b.go', 'pkg/c.go', 'pkg/x.rs']);
  expect(isFirstOfItsKindInFolder((d) => index.list(d), 'pkg/b.go')).toBe(false);
  expect(isFirstOfItsKindInFolder((d) => index.list(d), 'pkg/a.go')).toBe(true);
  index.add('other/z.go');
  expect(index.list('other')).toEqual(['other/a.go', 'other/z.go']);
  index.delete('pkg/a.go');
  expect(isFirstOfItsKindInFolder((d) => index.list(d), 'pkg/b.go')).toBe(true);
  index.clear();
  expect(index.list('pkg')).toEqual([]);
});

test('in a folder of many Go files without go.mod only the first is reported', () => {
  const paths = Array.from({ length: 500 }, (_, i) => `svc/f${String(i).padStart(3, '0')}.go`);
  const workspace = workspaceView(paths);
  const reported = paths.filter((path) => lint({ path, text: 'package svc\n' }, { workspace }).findings.some((f) => f.ruleId === 'package-manager/go-modules'));
  expect(reported).toEqual(['svc/f000.go']);
});
