/**
 * Code actions as the editor shows them: unsafe quick fixes say so, "fix all"
 * explains why it applies nothing, and "disable" actions are offered only where
 * they work — each one applied and the result linted again over stdio.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { applyAction, codes, EDITOR_CAPABILITIES, LspSession } from '../support/lsp-session';

// Longer than the session's own waits, so that a timeout reports what was last published.
setDefaultTimeout(15_000);

// No Bun in a Node image: the rewrites are offered but unsafe.
const DOCKERFILE = 'FROM node:20-alpine\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\n';
const GITLAB = 'test:\n  script:\n    - npm ci\n    - npm run build\n';

let lsp: LspSession;

beforeAll(async () => {
  lsp = await LspSession.start({ 'package.json': '{ "name": "demo", "scripts": { "build": "tsc" } }\n' });
});

afterAll(() => lsp?.stop());

const unsafeOnly = (d: Diagnostic) => {
  const fixes = (d.data as { fixes: { safe: boolean }[] }).fixes;
  return fixes.length > 0 && fixes.every((f) => !f.safe);
};

describe('fix all and unsafe fixes', () => {
  test('a Dockerfile whose only fix is unsafe gets a disabled fix-all that says why', async () => {
    const doc = lsp.open('Dockerfile', DOCKERFILE, 'dockerfile');
    const ds = await lsp.diagnosticsFor(doc.uri, 'the npm ci finding', (p) => p.version === 1 && codes(p.diagnostics).includes('package-manager/js-bun'));
    const fixable = ds.filter((d) => (d.data as { fixes: unknown[] }).fixes.length > 0);
    expect(fixable.length).toBe(1);
    expect(fixable.every(unsafeOnly)).toBe(true);

    const [fixAll, ...rest] = await lsp.codeActions(doc, [], ['source.fixAll']);
    expect(rest).toEqual([]);
    expect(fixAll.kind).toBe('source.fixAll.roo-devops');
    expect(fixAll.edit).toBeUndefined();
    expect(fixAll.disabled?.reason).toBe('1 fix here is unsafe (it may change behaviour); apply it from the quick-fix menu');

    const quick = await lsp.codeActions(doc, fixable);
    const rewrite = quick.find((a) => a.title.startsWith('Use'));
    expect(rewrite?.title).toBe('Use `bun install --frozen-lockfile` (unsafe)');
    expect(rewrite?.isPreferred).toBeUndefined();
    // Still applicable one by one.
    expect(applyAction(rewrite as CodeAction, doc)).toBe(DOCKERFILE.replace('npm ci', 'bun install --frozen-lockfile'));
    lsp.close(doc.uri);
  });

  test('a .gitlab-ci.yml with several unsafe fixes counts them', async () => {
    const doc = lsp.open('.gitlab-ci.yml', GITLAB);
    const ds = await lsp.diagnosticsFor(doc.uri, 'two npm findings', (p) => p.version === 1 && codes(p.diagnostics).filter((c) => c === 'package-manager/js-bun').length === 2);
    const n = ds.filter(unsafeOnly).length;
    expect(n).toBeGreaterThanOrEqual(2);
    const actions = await lsp.codeActions(doc, [], ['source.fixAll']);
    expect(actions).toHaveLength(1);
    expect(actions[0].disabled?.reason).toBe(`${n} fixes here are unsafe (they may change behaviour); apply them one by one from the quick-fix menu`);
    const titles = (await lsp.codeActions(doc, ds)).map((a) => a.title).filter((t) => t.startsWith('Use'));
    expect(titles.length).toBeGreaterThanOrEqual(2);
    for (const t of titles) expect(t.endsWith(' (unsafe)')).toBe(true);
    lsp.close(doc.uri);
  });

  test('once the job sets Bun up the same rewrites are safe: fix-all is enabled and titles carry no mark', async () => {
    const text = `image: oven/bun:1.1\n${GITLAB}`;
    // Another file: the closed one's last diagnostics are still version 1 until its clearing arrives.
    const doc = lsp.open('bun.gitlab-ci.yml', text);
    const ds = await lsp.diagnosticsFor(doc.uri, 'the npm findings', (p) => p.version === 1 && codes(p.diagnostics).includes('package-manager/js-bun'));
    const bun = ds.filter((d) => d.code === 'package-manager/js-bun');
    expect(bun.some(unsafeOnly)).toBe(false);
    const [fixAll] = await lsp.codeActions(doc, [], ['source.fixAll']);
    expect(fixAll.disabled).toBeUndefined();
    expect(applyAction(fixAll, doc)).not.toMatch(/\bnpm\b/);
    const titles = (await lsp.codeActions(doc, bun)).map((a) => a.title);
    expect(titles.filter((t) => t.endsWith('(unsafe)'))).toEqual([]);
    lsp.close(doc.uri);
  });

  test('a client that cannot show disabled actions gets none', async () => {
    const plain = await LspSession.start(
      { 'package.json': '{ "name": "demo" }\n' },
      { ...EDITOR_CAPABILITIES, textDocument: { ...EDITOR_CAPABILITIES.textDocument, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } } } } },
    );
    try {
      const doc = plain.open('Dockerfile', DOCKERFILE, 'dockerfile');
      await plain.diagnosticsFor(doc.uri, 'the npm ci finding', (p) => p.version === 1 && codes(p.diagnostics).includes('package-manager/js-bun'));
      expect(await plain.codeActions(doc, [], ['source.fixAll'])).toEqual([]);
    } finally {
      await plain.stop();
    }
  });
});
