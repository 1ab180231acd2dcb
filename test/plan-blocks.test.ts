/**
 * Code blocks of plan documents checked as the files they are
 * (`parse/markdown-blocks.ts`, `lintBlocks` in the engine).
 *
 * `test/plan-blocks/<case>/` holds a small repository linted as the CLI lints a
 * folder. In its plan documents every mistake inside a code block is marked —
 * a trailing `# …` comment, or a `# ↓ …` line above it — and every marked line
 * gets a finding while no other line of a block does; the findings inside
 * blocks equal the case's `expected.txt` (`UPDATE_FIXTURES=1` rewrites it for
 * review). Findings outside code blocks (the plan document rules) are not this
 * harness's subject. A case with no mark is a clean document: no finding in
 * any of its blocks.
 */
import { describe, expect, test } from 'bun:test';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { markedLinesOf } from './broken-examples.test';
import { corpusProjects, findingLines, runCorpus } from '../scripts/corpus-report';
import { lint } from '../server/src/core/engine';
import { applyFixes } from '../server/src/core/fixes';
import { embeddedBlocks } from '../server/src/core/parse/markdown-blocks';
import { parseMarkdown } from '../server/src/core/parse/markdown-doc';
import { SourceFile } from '../server/src/core/source';
import { DEFAULT_CONFIG, resolveConfig } from '../server/src/core/config';
import { detectBlockKind, detectKind } from '../server/src/core/detect';
import { listFiles } from '../server/src/node/workspace';
import { RULES } from '../server/src/core/rules';

const ROOT = join(import.meta.dir, 'plan-blocks');
const UPDATE = process.env.UPDATE_FIXTURES === '1';

/** 1-based lines of the content of a document's code blocks. */
function blockLines(text: string): Set<number> {
  const out = new Set<number>();
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const lineOf = (offset: number) => {
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
    return line + 1;
  };
  for (const fence of parseMarkdown(text).fences) for (const l of fence.lines) out.add(lineOf(l.start));
  return out;
}

describe('plan document code blocks', () => {
  const run = runCorpus(ROOT);
  const cases = corpusProjects(ROOT);

  test('there is a broken and a clean case', () => {
    expect(cases).toEqual(expect.arrayContaining(['broken', 'clean']));
    expect(run.crashes).toEqual([]);
  });

  test('the clean document has a block of every kind, each read as that kind (no block silently skipped)', () => {
    const text = readFileSync(join(ROOT, 'clean', 'plan', 'infrastructure.md'), 'utf8');
    const doc = new SourceFile('plan/infrastructure.md', 'plan-doc', text);
    expect(embeddedBlocks(doc).map((b) => `${b.kind} ${b.path}`)).toEqual([
      'terraform main.tf',
      'cloudformation block.yaml',
      'cloudformation block.json',
      'github-actions .github/workflows/ci.yml',
      'gitlab-ci .gitlab-ci.yml',
      'compose compose.yaml',
      'dockerfile Dockerfile',
      'kubernetes block.yaml',
      'yaml block.yaml',
    ]);
  });

  for (const name of cases) {
    describe(name, () => {
      const docs = run.findings.filter((f) => f.project === name && f.kind === 'plan-doc');
      const inBlocks = docs.filter((f) => blockLines(readFileSync(join(ROOT, name, f.path), 'utf8')).has(f.line));

      test('every marked line of a block has a finding, and no other line of a block does', () => {
        const marked = new Set<string>();
        for (const path of new Set(docs.map((f) => f.path).concat(planDocs(name)))) {
          const text = readFileSync(join(ROOT, name, path), 'utf8');
          const lines = blockLines(text);
          for (const n of markedLinesOf(text)) if (lines.has(n)) marked.add(`${path}:${n}`);
        }
        const found = new Set(inBlocks.map((f) => `${f.path}:${f.line}`));
        expect([...found].filter((l) => !marked.has(l))).toEqual([]);
        expect([...marked].filter((l) => !found.has(l))).toEqual([]);
      });

      test('the findings in blocks are those of expected.txt', () => {
        const expectedPath = join(ROOT, name, 'expected.txt');
        const lines = findingLines({ ...run, findings: inBlocks }).map((l) => l.slice(name.length + 1));
        const actual = lines.length ? `${lines.join('\n')}\n` : '';
        if (UPDATE) writeFileSync(expectedPath, actual);
        expect(actual).toBe(readFileSync(expectedPath, 'utf8'));
      });
    });
  }
});

function planDocs(name: string): string[] {
  const dir = join(ROOT, name, 'plan');
  if (!existsSync(dir)) return [];
  return ['infrastructure.md', 'deployment.md'].filter((f) => existsSync(join(dir, f))).map((f) => `plan/${f}`);
}

/** Only the findings inside code blocks, as `line:col rule-id`. */
function blockFindings(path: string, text: string, config = DEFAULT_CONFIG): string[] {
  const lines = blockLines(text);
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const out: string[] = [];
  for (const f of lint({ path, text }, { config }).findings) {
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1] <= f.range.start) line++;
    if (lines.has(line + 1)) out.push(`${line + 1}:${f.range.start - starts[line] + 1} ${f.ruleId}`);
  }
  return out;
}

describe('blocks: kinds, ranges, fixes, suppression', () => {
  test('a file name above the block or in its info string decides the kind; the language and the content otherwise', () => {
    const doc = [
      '`.gitlab-ci.yml`:',
      '',
      '```yaml',
      'test:',
      '  scirpt: [bun test]',
      '```',
      '',
      '```yml file=compose.yaml',
      'services:',
      '  web:',
      '    image: nginx:latest',
      '```',
      '',
      '```yaml',
      'version: 2.1',
      'jobs:',
      '  test:',
      '    docker: [{image: "cimg/base:2024.01"}]',
      '    stepz: []',
      '```',
      '',
      '```terraform',
      'variable "region" {}',
      '```',
      '',
    ].join('\n');
    expect(blockFindings('plan/infrastructure.md', doc)).toEqual([
      '5:3 gitlab-ci/schema',
      '11:12 compose/pin-images',
      '19:5 circleci/schema',
      '23:10 terraform/require-variable-type-and-description',
      '23:10 terraform/require-variable-type-and-description',
    ]);
  });

  test('shell, text and excerpt blocks are no files: a Dockerfile excerpt without FROM, a YAML list of steps, JSON of no kind', () => {
    const doc = ['```dockerfile', 'RUN apt-get install curl', '```', '', '```yaml', '- run: echo hi', '```', '', '```json', '{"a": 1,}', '```', '', '```text', 'FROM node:latest', '```', ''].join('\n');
    expect(blockFindings('plan/infrastructure.md', doc)).toEqual([]);
  });

  test('a block in a list item or a block quote, with CRLF line endings: ranges and fixes land in the document', () => {
    const doc = ['- Image:', '', '  ```dockerfile', '  FROM node:22-slim', '  RUN npm install && npm run build', '  USER node', '  ```', '', '> ```yaml', '> on: push', '> jobs:', '>   b:', '>     runs-on: ubuntu-latest', '>     steps:', '>       - run: yarn install', '> ```', ''].join('\r\n');
    const findings = lint({ path: 'plan/deployment.md', text: doc }).findings.filter((f) => f.ruleId === 'package-manager/js-commands');
    expect(findings.map((f) => doc.slice(f.range.start, f.range.end))).toEqual(['npm install', 'npm run build', 'yarn install']);
    const fixed = applyFixes(doc, findings, { safeOnly: false }).text;
    expect(fixed).toContain('\r\n  RUN bun install && bun run build\r\n');
    expect(fixed).toContain('\r\n>       - run: bun install\r\n');
    expect(lint({ path: 'plan/deployment.md', text: fixed }).findings.filter((f) => f.ruleId === 'package-manager/js-commands')).toEqual([]);
  });

  test('a fix that writes new lines keeps the container prefix of the block on each of them', () => {
    // kubernetes and compose fixes insert keys on lines of their own; a Dockerfile block in a list item is the simplest carrier.
    const doc = ['> ```yaml', '> AWSTemplateFormatVersion: "2010-09-09"', '> Resources:', '>   Data:', '>     Type: AWS::DynamoDB::Table', '>     Properties:', '>       BillingMode: PAY_PER_REQUEST', '> ```', ''].join('\n');
    const findings = lint({ path: 'plan/infrastructure.md', text: doc }).findings.filter((f) => f.ruleId === 'cloudformation/require-deletion-policy');
    expect(findings).toHaveLength(1);
    expect(findings[0].fixes.length).toBeGreaterThan(0);
    const fixed = applyFixes(doc, findings, { safeOnly: false }).text;
    for (const line of fixed.split('\n').slice(1, -2)) expect(line.startsWith('>')).toBe(true);
    expect(parseMarkdown(fixed).fences).toHaveLength(1);
    expect(lint({ path: 'plan/infrastructure.md', text: fixed }).findings.filter((f) => f.ruleId === 'cloudformation/require-deletion-policy')).toEqual([]);
  });

  test('configuration applies to blocks as to files: a rule turned off, or off for the document by an override', () => {
    const doc = ['```dockerfile', 'FROM node:latest', 'USER node', '```', ''].join('\n');
    expect(blockFindings('plan/infrastructure.md', doc)).toEqual(['2:6 dockerfile/pin-base-image']);
    expect(blockFindings('plan/infrastructure.md', doc, resolveConfig('rules:\n  dockerfile/pin-base-image: off\n', RULES))).toEqual([]);
    const overridden = resolveConfig('overrides:\n  - files: [plan/infrastructure.md]\n    rules:\n      dockerfile/pin-base-image: off\n', RULES);
    expect(blockFindings('plan/infrastructure.md', doc, overridden)).toEqual([]);
    expect(blockFindings('plan/deployment.md', doc, overridden)).toEqual(['2:6 dockerfile/pin-base-image']);
  });

  test('suppression comments inside a block: next line, and the whole block', () => {
    const doc = [
      '```dockerfile',
      '# roo-devops-disable-next-line dockerfile/pin-base-image',
      'FROM node:latest',
      'USER node',
      '```',
      '',
      '```yaml',
      '# roo-devops-disable',
      'services:',
      '  web:',
      '    image: nginx:latest',
      '```',
      '',
      '```yaml',
      'services:',
      '  web:',
      '    image: nginx:latest',
      '```',
      '',
    ].join('\n');
    expect(blockFindings('plan/infrastructure.md', doc)).toEqual(['17:12 compose/pin-images']);
  });

  test('rules that need the whole file or the repository do not judge a block', () => {
    const doc = [
      '```hcl',
      'resource "aws_s3_bucket" "logs" {',
      '  bucket = "acme-logs"',
      '}',
      '```',
      '',
      '```yaml',
      'on: push',
      'jobs:',
      '  deploy:',
      '    needs: [test]',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: bun run deploy',
      '```',
      '',
      '```dockerfile',
      'FROM node:22-slim',
      'COPY . .',
      'USER node',
      '```',
      '',
    ].join('\n');
    // No require-tags (provider default_tags may be elsewhere), no remote backend, no `needs: [test]`
    // (the job may be left out of the excerpt), no .dockerignore (a block sits nowhere).
    expect(blockFindings('plan/infrastructure.md', doc)).toEqual([]);
  });

  test('a line named in a message is the line of the document', () => {
    const doc = ['# Plan', '', '```dockerfile', 'FROM node:22-slim', 'RUN npm install', 'USER node', '```', ''].join('\n');
    const multi = lint({ path: 'plan/infrastructure.md', text: doc }).findings.find((f) => f.ruleId === 'dockerfile/require-multi-stage');
    expect(multi?.message).toContain('(line 5)');
  });

  test('a document linted again with reuse keeps the findings of its blocks', () => {
    const doc = ['```dockerfile', 'FROM node:latest', 'USER node', '```', ''].join('\n');
    const first = lint({ path: 'plan/infrastructure.md', text: doc });
    const again = lint({ path: 'plan/infrastructure.md', text: doc }, { reuse: { previous: first, rerun: new Set() } });
    expect(again.findings.map((f) => f.ruleId)).toEqual(first.findings.map((f) => f.ruleId));
    expect(again.findings.some((f) => f.ruleId === 'dockerfile/pin-base-image')).toBe(true);
  });
});

/**
 * Every file of the valid suites and broken examples of a kind a block can be,
 * pasted into a plan document as a block of its format's language with no file
 * name: when the block is read as a kind, that is the file's own kind (never
 * another), and every finding in the block is one the file itself gets, at the
 * same line and column (fewer is right: rules that need the whole repository
 * do not judge a block). Files read as plain YAML (GitLab files of only
 * includes, Compose overrides without images) must get no finding.
 */
describe('the suites pasted into blocks', () => {
  const roots = ['test/valid-pipelines', 'test/valid-infra', 'examples/broken-pipelines', 'examples/broken-infra'].map((r) => join(import.meta.dir, '..', r));
  const formatOf = (kind: string, path: string) =>
    kind === 'dockerfile' ? 'dockerfile' : kind === 'terraform' ? (path.endsWith('.json') ? 'json' : 'hcl') : path.endsWith('.json') ? 'json' : 'yaml';
  const kinds = new Set(['github-actions', 'gitlab-ci', 'circleci', 'azure-pipelines', 'bitbucket-pipelines', 'dockerfile', 'compose', 'kubernetes', 'terraform', 'cloudformation', 'pulumi', 'arm']);

  test('a block is read as its own kind or as plain YAML, and finds nothing the file does not', () => {
    const wrong: string[] = [];
    const extra: string[] = [];
    let asKind = 0;
    let asYaml = 0;
    for (const root of roots) {
      for (const path of listFiles(root)) {
        const text = readFileSync(join(root, path), 'utf8');
        const kind = detectKind(path, text);
        if (!kind || !kinds.has(kind) || path.endsWith('.tfvars') || text.includes('```')) continue;
        const language = formatOf(kind, path);
        const body = text.endsWith('\n') ? text : `${text}\n`;
        const block = detectBlockKind(language, body.slice(0, -1));
        if (block && block.kind !== kind && block.kind !== 'yaml') wrong.push(`${path}: ${kind} read as ${block.kind}`);
        if (!block || block.kind !== kind) {
          if (block?.kind === 'yaml') asYaml++;
          continue;
        }
        asKind++;
        const doc = `# Plan\n\n\`\`\`${language}\n${body}\`\`\`\n`;
        const at = (t: string, offset: number) => {
          const before = t.slice(0, offset).split('\n');
          return { line: before.length - 1, col: before[before.length - 1].length };
        };
        const own = new Set(lint({ path, text }).findings.map((f) => `${at(text, f.range.start).line}:${at(text, f.range.start).col} ${f.ruleId}`));
        for (const f of lint({ path: 'plan/infrastructure.md', text: doc }).findings) {
          const p = at(doc, f.range.start);
          if (p.line < 3) continue;
          const key = `${p.line - 3}:${p.col} ${f.ruleId}`;
          if (!own.has(key)) extra.push(`${path} ${key}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(extra).toEqual([]);
    // Measured when written: 457 files read as their kind, 17 as plain YAML (GitLab files of only includes or quoted job
    // names, Compose overrides and `extends` files without images, Azure variable templates, Pulumi stack files).
    expect(asKind).toBeGreaterThan(400);
    expect(asYaml).toBeLessThan(asKind / 10);
  }, 60_000);
});
