/**
 * Issue 7, cases 1, 2, 3 and 5: hostile inputs that used to crash or stall the
 * YAML and script readers, each with its generator. The CLI cases run the built
 * bundle on plain Node, whose stack is smaller than Bun's (needs `bun run build`).
 */
import { expect, test } from 'bun:test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { resolveConfig } from '../../server/src/core/config';
import { RULES } from '../../server/src/core/rules';
import { lint } from '../../server/src/core/engine';
import { shellCommands } from '../../server/src/core/parse/commands';
import { gitlabJobs } from '../../server/src/core/parse/gitlab-jobs';
import { MAX_YAML_KEYS_PER_LINE, MAX_YAML_LINE_LENGTH, parseYaml } from '../../server/src/core/parse/yaml';
import { anchorLookupStats, getMerged, resolve } from '../../server/src/core/parse/yaml-scripts';
import { SourceFile } from '../../server/src/core/source';

const CLI = join(import.meta.dir, '..', '..', 'dist', 'cli.js');

function cli(dir: string) {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `bun run build` first');
  const r = spawnSync('node', [CLI, 'check', dir], { encoding: 'utf8' });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

function workspace(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'roo-hostile-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

// Case 2: one line of compact mappings nests one level per `: `.
const compactMappings = (n: number) => `a:\n${'  a: b'.repeat(n)}\nx: 1\n`;

test('case 2: a line of 2,000 compact mappings is one yaml/syntax finding, not a crash of every rule', () => {
  const text = compactMappings(2000);
  const result = lint({ path: '.github/workflows/a.yml', text });
  expect(result.crashes).toEqual([]);
  expect(result.findings.map((f) => [f.ruleId, text.slice(f.range.start, f.range.end).slice(0, 6)])).toEqual([['yaml/syntax', '  a: b']]);
  expect(result.findings[0].message).toContain('too deep for the parser');
  expect(result.findings[0].range.start).toBe(3);
});

test('case 2 on plain Node: the CLI reports the syntax error and exits 1, every rule ran', () => {
  const r = cli(workspace({ '.github/workflows/a.yml': compactMappings(2000) }));
  expect(r.signal).toBeNull();
  expect(r.stderr).not.toContain('failed');
  expect(r.stdout).toContain('[yaml/syntax]');
  expect(r.status).toBe(1);
}, 30_000);

test('the nesting limit sits where the library still copes: a line just under it parses as before', () => {
  const text = compactMappings(MAX_YAML_KEYS_PER_LINE - 1);
  const refused = compactMappings(MAX_YAML_KEYS_PER_LINE + 1);
  expect(parseYaml(text).documents.length).toBe(1);
  expect(parseYaml(text).errors.length).toBe(parseAllDocuments(text, { uniqueKeys: false })[0].errors.length);
  expect(parseYaml(refused).documents).toEqual([]);
  expect(parseYaml(refused).errors.map((e) => e.code)).toEqual(['TOO_DEEP']);
});

test('colons inside quotes, comments, URLs and flow collections are not nesting', () => {
  const keys = Array.from({ length: 1000 }, (_, i) => `k${i}: ${i}`).join(', ');
  const text = [
    `flow: {${keys}}`,
    `quoted: "${'a: b '.repeat(500)}"`,
    `single: '${'a: b '.repeat(500)}'`,
    `url: ${'http://x.example/a:b'.repeat(300)}`,
    `commented: 1 # ${'a: b '.repeat(500)}`,
    '',
  ].join('\n');
  const parsed = parseYaml(text);
  expect(parsed.errors).toEqual([]);
  expect(parsed.documents[0].toJS().flow.k999).toBe(999);
}, 30_000);

test('a parse that fails is one finding, and a failed computation is cached like a value', () => {
  const file = new SourceFile('x.yml', 'yaml', 'a: 1\n');
  let runs = 0;
  const failing = () => {
    runs++;
    throw new RangeError('Maximum call stack size exceeded');
  };
  expect(() => file.memo('boom', failing)).toThrow(RangeError);
  expect(() => file.memo('boom', failing)).toThrow(RangeError);
  expect(runs).toBe(1);
  // Undefined is a value too: computed once.
  let undefinedRuns = 0;
  file.memo('nothing', () => void undefinedRuns++);
  file.memo('nothing', () => void undefinedRuns++);
  expect(undefinedRuns).toBe(1);
});

// Case 1: a 260 KB line, no newline between 20,000 `  stage: test`, then a multi-byte character.
function case1(): Record<string, string | Uint8Array> {
  const line = Buffer.from('  stage: test'.repeat(20000));
  return {
    '.roo-devops.yaml': 'rules:\nrules:\n  x\n',
    '.gitlab-ci.yml': Buffer.concat([line, Buffer.from('\n    - \u20ac\n')]),
  };
}

test('case 1: a 260 KB line is refused with one finding that says why, and the file is not parsed', () => {
  const text = Buffer.concat(Object.values(case1()).slice(1) as Uint8Array[]).toString('utf8');
  const parsed = parseYaml(text);
  expect(parsed.documents).toEqual([]);
  expect(parsed.errors).toHaveLength(1);
  expect(parsed.errors[0]).toMatchObject({ start: 0, code: 'LINE_TOO_LONG' });
  expect(parsed.errors[0].message).toContain(`over the limit of ${MAX_YAML_LINE_LENGTH}`);
  expect(parsed.errors[0].end).toBeLessThanOrEqual(200);
  // JSON lines are never folded: a minified JSON file as long still parses.
  const json = `{${Array.from({ length: 12000 }, (_, i) => `"k${i}": ${i}`).join(', ')}}`;
  expect(json.length).toBeGreaterThan(MAX_YAML_LINE_LENGTH);
  const file = new SourceFile('big.json', 'json', json);
  expect(file.yaml.documents[0].toJS().k11999).toBe(11999);
}, 30_000);

test('case 1: the CLI on that workspace exits with a defined code, ten runs in a row, never an abort', () => {
  const dir = workspace(case1());
  for (let run = 0; run < 10; run++) {
    const r = cli(dir);
    expect(r.signal).toBeNull();
    expect(r.stderr).not.toContain('FATAL');
    // 2: the configuration has a problem, which the CLI reports as such.
    expect(r.status).toBe(2);
    // The per-file line limit stops the file before any parser sees it (engine/limits).
    expect(r.stdout).toContain('.gitlab-ci.yml:1:1: info Line 1 is 260000 characters long, over the limit of 100000');
  }
}, 60_000);

// Case 3: arrays far past the argument-count limit of `push(...spread)`.
test('case 3: a RUN of 130,000 commands is read whole, without a RangeError', () => {
  const text = `FROM alpine\nRUN ${'a;'.repeat(130000)}`;
  const file = new SourceFile('Dockerfile', 'dockerfile', text);
  expect(shellCommands(file)).toHaveLength(130000);
  expect(lint(file).crashes).toEqual([]);
}, 30_000);

test('case 3: a workflow with 130,000 duplicate keys reports each, without a RangeError', () => {
  const text = `on: push\nenv:\n${'  a:\n'.repeat(130000)}`;
  // The findings cap and the line limit are raised so that every finding is built and returned.
  const config = resolveConfig('limits:\n  maxFindingsPerFile: 200000\n  maxLines: 200000\n', RULES);
  const result = lint({ path: '.github/workflows/a.yml', text }, { config });
  expect(result.crashes).toEqual([]);
  expect(result.findings.filter((f) => f.message === 'Map keys must be unique')).toHaveLength(129999);
}, 30_000);

// Case 5: every alias resolves to the nearest preceding anchor of its name.
const aliases = (n: number) => `job:\n  script:\n${'    - &a echo\n'.repeat(n)}${'    - *a\n'.repeat(n)}`;

test('case 5: alias lookup is a binary search, its work logarithmic in the anchors of the name', () => {
  const n = 4000;
  const file = new SourceFile('.gitlab-ci.yml', 'gitlab-ci', aliases(n));
  anchorLookupStats.probes = 0;
  const jobs = gitlabJobs(file);
  // Each scalar is kept once, however many aliases point at it: the last anchor, then nothing new.
  expect(jobs.map((j) => j.commands.length)).toEqual([n]);
  // A scan of every anchor per alias would take n * n = 16,000,000 steps.
  expect(anchorLookupStats.probes).toBeGreaterThan(0);
  expect(anchorLookupStats.probes).toBeLessThanOrEqual(n * (Math.ceil(Math.log2(n)) + 1));
}, 30_000);

test('an alias names the closest definition before it, when an anchor is redefined', () => {
  const text = 'a: &x one\nb: *x\nc: &x two\nd: *x\ne: &x three\n';
  const doc = parseYaml(text).documents[0];
  const map = doc.contents as unknown as { items: { value: unknown }[] };
  const values = map.items.map((pair) => (resolve(doc, pair.value) as { value?: unknown } | undefined)?.value);
  expect(values).toEqual(['one', 'one', 'two', 'two', 'three']);
});

test('a chain of 5,000 merges is followed to a bound, never past the stack', () => {
  const chain = Array.from({ length: 5000 }, (_, i) => (i === 0 ? 'm0: &m0 { key: found }' : `m${i}: &m${i} { <<: *m${i - 1} }`)).join('\n');
  const doc = parseYaml(`${chain}\n`).documents[0];
  const root = doc.contents as unknown as { items: { value: unknown }[] };
  expect(getMerged(doc, root.items[3].value, 'key')).toMatchObject({ value: 'found' });
  expect(() => getMerged(doc, root.items[4999].value, 'key')).not.toThrow();
  expect(getMerged(doc, root.items[4999].value, 'key')).toBeUndefined();
}, 30_000);

// The product's own regular expressions over a line: trailing blanks and comments
// used to be found by patterns that retry from every blank of a long run.
test.each([
  ['Dockerfile', 'dockerfile', `FROM alpine\nRUN echo${' '.repeat(200000)}x \\\n  done\n`],
  ['pyproject.toml', 'package-manifest', `[tool.poetry${' '.repeat(200000)}x]!\nname = "a"\n`],
  ['Cargo.toml', 'package-manifest', `[ package ]${' '.repeat(200000)}x\nname = "a"\n`],
  ['.github/workflows/a.yml', 'github-actions', `on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo${' '.repeat(200000)}x\n`],
] as const)('a 200,000-blank run inside a line of %s is read in linear time', (path, kind, text) => {
  const file = new SourceFile(path, kind, text);
  const started = performance.now();
  const result = lint(file);
  // Quadratic, this took tens of seconds; linear, a few milliseconds per 100 KB. The bound is generous.
  expect(performance.now() - started).toBeLessThan(3000);
  expect(result.crashes).toEqual([]);
}, 30_000);

test('thousands of unclosed flow brackets or block-sequence dashes are refused before the parser, which slows with their square', () => {
  const refused = (text: string) => lint({ path: 'bitbucket-pipelines.yml', text }).findings.filter((f) => f.ruleId === 'yaml/syntax').map((f) => f.message);
  // A fuzzed file that took the parser 15 s: an unclosed run of braces in the middle of a pipeline.
  expect(refused(`image: node:20\npipelines:\n  default:\n    - step:\n        script:\n          - npm ci\n${'{'.repeat(7000)}\n`)).toEqual([
    'The file was not parsed: line 7 nests collections more than 64 deep, too deep for the parser.',
  ]);
  expect(refused(`a:\n${'- '.repeat(3000)}x\n`)).toEqual(['The file was not parsed: line 2 nests collections more than 64 deep, too deep for the parser.']);
  // Nesting a real file could have, and GitHub expressions, are parsed as usual.
  expect(refused(`a: ${'['.repeat(60)}1${']'.repeat(60)}\nb: \${{ github.sha }}\nc:\n  ${'- '.repeat(10)}x\n`)).toEqual([]);
  // Braces left open in a plain scalar do not add up across top-level keys.
  expect(refused(Array.from({ length: 200 }, (_, i) => `k${i}: echo {`).join('\n'))).toEqual([]);
});

test('deep list nesting in a Markdown file with CR-only line endings is flattened per line, as with LF', async () => {
  const { SourceFile } = await import('../../server/src/core/source');
  // Found by the fuzzer: the nesting cap split lines at LF only, so a CR-only document was one line and went uncapped.
  const text = `# Plan\r\r\`\`\`bash\rnpm ci\r\`\`\`\r\r${'- '.repeat(4000)}x\r`;
  const file = new SourceFile('plan/ci.md', 'plan-doc', text);
  const started = performance.now();
  expect(file.markdown.fences.map((f) => f.language)).toEqual(['bash']);
  // Generous: the uncapped parse took seconds on this input; the capped one takes milliseconds.
  expect(performance.now() - started).toBeLessThan(1500);
});

test('a file over the line limit is turned away in one pass over its text', () => {
  // 4.9 MB of short lines: the line scan once looked for a CR from every line to the end of the text (6 s here).
  const text = `on: push\njobs:\n${'  j:\n    runs-on: x\n'.repeat(250_000)}`;
  const started = performance.now();
  const result = lint({ path: '.github/workflows/ci.yml', text });
  expect(result.findings.map((f) => f.ruleId)).toEqual(['engine/limits']);
  // Generous: the linear scan takes milliseconds, the quadratic one seconds.
  expect(performance.now() - started).toBeLessThan(2000);
});

test('case 4: a long line of look-alike commands beside a build script costs linear time; past the line limit, none', async () => {
  const { Repository } = await import('../../server/src/core/workspace/repository');
  const run = (n: number) => {
    const files: Record<string, string> = {
      'package.json': '{ "scripts": { "build": "tsc" }, "devDependencies": { "typescript": "5" } }',
      '.github/workflows/ci.yml': `on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - run: bun install\n      - run: echo ${'npm '.repeat(n)}\n`,
    };
    const repo = new Repository({ read: (p) => files[p] }).addPaths(Object.keys(files));
    const started = performance.now();
    const ids = ['package.json', '.github/workflows/ci.yml'].flatMap((p) => lint(repo.file(p) as SourceFile, { workspace: repo }).findings.map((f) => f.ruleId));
    return { ids, ms: performance.now() - started };
  };
  // 96 KB on one line, under the line limit: the build-command search once took seconds here (a regular expression
  // over every pipeline's text); now the commands are read once, and the missing build is found.
  const under = run(24_000);
  expect(under.ids).toContain('package-manager/require-ci-steps');
  expect(under.ms).toBeLessThan(3000);
  // 480 KB on one line (14.6 s before): turned away by the line limit, with its finding.
  const over = run(120_000);
  expect(over.ids).toContain('engine/limits');
  expect(over.ms).toBeLessThan(1000);
});

test('case 6: 2,000 workflows are read about once each, however many lints read the others', async () => {
  const { Repository } = await import('../../server/src/core/workspace/repository');
  const files: Record<string, string> = { 'package.json': '{ "scripts": { "build": "tsc" }, "devDependencies": { "typescript": "5" } }' };
  for (let i = 0; i < 2000; i++) files[`.github/workflows/w${i}.yml`] = 'on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - run: bun install\n';
  const reads = new Map<string, number>();
  const repo = new Repository({
    read: (p) => {
      reads.set(p, (reads.get(p) ?? 0) + 1);
      return files[p];
    },
  }).addPaths(Object.keys(files));
  for (const path of Object.keys(files)) lint(repo.file(path) as SourceFile, { workspace: repo });
  // Before the repository, each pipeline's lint read every other pipeline from disk: 2,000 × 2,000 reads. Now a
  // file is read once, or again only when the bounded cache of parsed files let it go.
  const total = [...reads.values()].reduce((a, b) => a + b, 0);
  expect(reads.size).toBe(2001);
  expect(total).toBeLessThan(2 * 2001);
});
