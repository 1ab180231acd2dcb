/**
 * "Disable <rule> for this file": the comment inserted near the top of a file, in
 * its kind's syntax, after what must stay first; the engine then reports the
 * rule nowhere in the file, and every other rule as before.
 */
import { expect, test } from 'bun:test';
import { lint } from '../../server/src/core/engine';
import { SourceFile } from '../../server/src/core/source';
import { disableFileComment, disableFileEdit } from '../../server/src/core/suppress';
import type { FileKind } from '../../server/src/core/types';

const JS_BUN = 'package-manager/js-commands';

function ids(path: string, text: string): string[] {
  return lint({ path, text }).findings.map((f) => f.ruleId);
}

function disableFile(path: string, kind: FileKind, text: string, rule = JS_BUN) {
  const before = ids(path, text);
  expect(before).toContain(rule);
  const edit = disableFileEdit(new SourceFile(path, kind, text), rule);
  if (!edit) throw new Error('no edit');
  expect(edit.end).toBe(edit.start);
  const after = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
  const left = ids(path, after);
  expect(left).not.toContain(rule);
  // Only that rule goes quiet.
  expect(left).toEqual(before.filter((id) => id !== rule));
  return after;
}

test('a workflow gets a `#` comment on its first line', () => {
  const text = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm ci\n      - run: npm test\n';
  const after = disableFile('.github/workflows/ci.yml', 'github-actions', text);
  expect(after.startsWith(`# roo-devops-disable ${JS_BUN}\non: push\n`)).toBe(true);
});

test('a Dockerfile keeps its parser directives first', () => {
  const text = '# syntax=docker/dockerfile:1\n# escape=\\\nFROM node:20\nRUN npm ci\n';
  const after = disableFile('Dockerfile', 'dockerfile', text);
  expect(after).toBe(`# syntax=docker/dockerfile:1\n# escape=\\\n# roo-devops-disable ${JS_BUN}\nFROM node:20\nRUN npm ci\n`);
});

test('a plan document gets an HTML comment after its front matter', () => {
  const text = '---\ntitle: Deploy\n---\n# Deployment\n\n```sh\nnpm ci\n```\n';
  const after = disableFile('plan/deployment.md', 'plan-doc', text);
  expect(after).toBe(`---\ntitle: Deploy\n---\n<!-- roo-devops-disable ${JS_BUN} -->\n# Deployment\n\n\`\`\`sh\nnpm ci\n\`\`\`\n`);
});

test('CRLF files get a CRLF comment line', () => {
  const text = 'on: push\r\njobs:\r\n  b:\r\n    runs-on: ubuntu-latest\r\n    steps:\r\n      - run: npm ci\r\n';
  const after = disableFile('.github/workflows/ci.yml', 'github-actions', text);
  expect(after.startsWith(`# roo-devops-disable ${JS_BUN}\r\non: push\r\n`)).toBe(true);
});

test('a shebang stays on the first line', () => {
  const edit = disableFileEdit(new SourceFile('build.sh', 'yaml', '#!/bin/sh\nnpm ci\n'), JS_BUN);
  expect(edit).toEqual({ start: 10, end: 10, newText: `# roo-devops-disable ${JS_BUN}\n` });
});

test('the comment syntax follows the kind; JSON has none', () => {
  expect(disableFileComment('slash', JS_BUN)).toBe(`// roo-devops-disable ${JS_BUN}`);
  expect(disableFileComment('html', JS_BUN)).toBe(`<!-- roo-devops-disable ${JS_BUN} -->`);
  expect(disableFileEdit(new SourceFile('package.json', 'json', '{"scripts":{"a":"npm ci"}}'), JS_BUN)).toBeUndefined();
});
