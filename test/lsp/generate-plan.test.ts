/** rooDevops/generatePlan over real stdio: the server's answer to the palette's "Generate plan/…" commands. */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PLAN_SECTIONS } from '../../server/src/core/plan/sections';
import { LspSession } from '../support/lsp-session';

interface Answer {
  uri: string;
  path: string;
  existed: boolean;
  baseDigest: string;
  additions: string[];
  edits: { line: number; character: number; text: string }[];
}

let session: LspSession;

beforeAll(async () => {
  session = await LspSession.start({
    'package.json': '{ "name": "demo", "dependencies": { "hono": "^4.6.9" } }\n',
    'bun.lock': '{ "lockfileVersion": 1, "workspaces": { "": { "name": "demo" } }, "packages": {} }\n',
    '.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: bun test\n  deploy:\n    needs: test\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo deploy\n',
  });
});

afterAll(async () => {
  await session.stop();
});

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function applyEdits(text: string, answer: Answer): string {
  const doc = TextDocument.create('x', 'markdown', 1, text);
  return TextDocument.applyEdits(
    doc,
    answer.edits.map((e) => ({ range: { start: { line: e.line, character: e.character }, end: { line: e.line, character: e.character } }, newText: e.text })),
  );
}

test('no document yet: the whole document with its eight sections, at the folder’s plan/', async () => {
  const answer = (await session.connection.sendRequest('rooDevops/generatePlan', { kind: 'deployment' })) as Answer;
  expect(answer.uri).toBe(session.uriOf('plan/deployment.md'));
  expect(answer.existed).toBe(false);
  expect(answer.baseDigest).toBe(digest(''));
  const text = applyEdits('', answer);
  for (const s of PLAN_SECTIONS) expect(text).toContain(`## ${s.title}\n`);
  expect(text).toContain('bun install --frozen-lockfile');
  expect(text).toMatch(/n\d+\["test"\][\s\S]*n\d+ --> n\d+/);
});

test('an open, edited buffer wins over the disk: insertions only, and the digest of the buffer’s text', async () => {
  session.writeFile('plan/infrastructure.md', '# Infra\n');
  const mine = '# Infra\n\n## Disaster Recovery\n\nRTO 1 hour, RPO 10 minutes (typed, not saved).\n';
  session.open('plan/infrastructure.md', mine, 'markdown');
  const answer = (await session.connection.sendRequest('rooDevops/generatePlan', { kind: 'infrastructure' })) as Answer;
  expect(answer.existed).toBe(true);
  expect(answer.baseDigest).toBe(digest(mine));
  expect(answer.additions).toContain('section Infrastructure Architecture');
  const merged = applyEdits(mine, answer);
  for (const line of mine.split('\n')) expect(merged.split('\n')).toContain(line);
  // Applying the answer's edits and asking again: nothing more.
  session.setText(session.uriOf('plan/infrastructure.md'), merged);
  const again = (await session.connection.sendRequest('rooDevops/generatePlan', { kind: 'infrastructure' })) as Answer;
  expect(again.additions).toEqual([]);
  expect(again.edits).toEqual([]);
});

test('an unknown kind is an error answer, and the server lives on', async () => {
  await expect(session.connection.sendRequest('rooDevops/generatePlan', { kind: 'runbook' })).rejects.toThrow('Unknown plan document');
  expect(session.exited).toBe(false);
});
