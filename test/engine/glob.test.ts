/**
 * Globs from the workspace are matched without regular expressions: same answers
 * as picomatch on the patterns people write, and no pattern can backtrack.
 */
import { expect, test } from 'bun:test';
import picomatch from 'picomatch';
import { matchesAny, matchesGlob } from '../../server/src/core/detect';
import { compileGlob } from '../../server/src/core/glob';

const GLOBS = [
  '**/*.yml',
  '*.yml',
  'vendor/**',
  'ci/workflows/*.yml',
  '**/.github/workflows/*.{yml,yaml}',
  '**/Dockerfile.*',
  '**/.roo/rules-*/**',
  'legacy/**',
  'web/package.json',
  '**/requirements*.txt',
  'docs/?ead*.md',
  'src/[abc]*.ts',
  '{a,b}/{c,d{e,f}}/*.json',
  '**/test/**/fixtures/**',
  'plan/*.md',
];

const PATHS = [
  'a.yml',
  'x/a.yml',
  '.github/workflows/ci.yml',
  'svc/.github/workflows/ci.yaml',
  'vendor/x/y.yml',
  'vendor/',
  'ci/workflows/a.yml',
  'ci/workflows/deep/a.yml',
  'Dockerfile.dev',
  'docker/Dockerfile.prod',
  '.roo/rules-devops/01.md',
  'legacy/old/Makefile',
  'web/package.json',
  'requirements-dev.txt',
  'api/requirements.txt',
  'docs/read-me.md',
  'docs/Readme.md',
  'src/alpha.ts',
  'src/delta.ts',
  'a/c/x.json',
  'b/de/x.json',
  'b/dg/x.json',
  'pkg/test/unit/fixtures/a.yml',
  'plan/infrastructure.md',
  'plan/sub/x.md',
  '.hidden.yml',
];

test('the same answers as picomatch (dot files included) on the patterns people write', () => {
  for (const glob of GLOBS) {
    const reference = picomatch(glob, { dot: true });
    const ours = compileGlob(glob);
    for (const path of PATHS) expect([glob, path, ours(path)]).toEqual([glob, path, reference(path)]);
  }
});

test('a leading ! negates; braces nest; escapes are literal', () => {
  expect(compileGlob('!**/*.md')('a/b.md')).toBe(false);
  expect(compileGlob('!**/*.md')('a/b.yml')).toBe(true);
  expect(compileGlob('a/\\*.yml')('a/*.yml')).toBe(true);
  expect(compileGlob('a/\\*.yml')('a/b.yml')).toBe(false);
  expect(compileGlob('x{1,2{a,b}}')('x2b')).toBe(true);
  // A negated class, as the shell reads it (picomatch reads `[!` otherwise).
  expect(compileGlob('src/[!abc]*.ts')('src/alpha.ts')).toBe(false);
  expect(compileGlob('src/[!abc]*.ts')('src/delta.ts')).toBe(true);
});

test('a pattern built to backtrack against a long path answers at once', () => {
  // As a regular expression, this pattern took 1.3 s on 40 characters and doubled with each one more.
  const evil = ['**/a*a*a*a*a*a*a*a*a*a*a*a*b/**', '**/**/**/**/**/**/**/**/**/**/**/**/x'];
  const started = performance.now();
  for (const glob of evil) {
    expect(matchesAny('a'.repeat(5000), [glob])).toBe(false);
    expect(matchesGlob(Array(400).fill('aaaaaaaaaa').join('/'), glob)).toBe(false);
  }
  // Generous: the walk is a few milliseconds; the backtracking one would not end in this test's lifetime.
  expect(performance.now() - started).toBeLessThan(2000);
});
