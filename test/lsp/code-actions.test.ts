/**
 * Code actions as the editor shows them: unsafe quick fixes say so, "fix all"
 * explains why it applies nothing, and "disable" actions are offered only where
 * they work — each one applied and the result linted again over stdio.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CodeAction, type Diagnostic, FileChangeType } from 'vscode-languageserver-protocol';
import { applyAction, applyToDisk, codes, EDITOR_CAPABILITIES, LspSession } from '../support/lsp-session';

// Longer than the session's own waits, so that a timeout reports what was last published.
setDefaultTimeout(15_000);

// No Bun in a Node image: the rewrites are offered but unsafe.
const DOCKERFILE = 'FROM node:20-alpine\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\n';
const GITLAB = 'test:\n  script:\n    - npm ci\n    - npm run build\n';
const PACKAGE_JSON = '{\n  "name": "demo",\n  "scripts": { "ci": "npm ci" }\n}\n';

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
    const ds = await lsp.diagnosticsFor(doc.uri, 'the npm ci finding', (p) => p.version === 1 && codes(p.diagnostics).includes('package-manager/js-commands'));
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
    expect(rewrite?.title).toBe('Use `bun install --frozen-lockfile` (also builds the stage on `oven/bun:1-alpine`, copies `bun.lock`) (unsafe)');
    expect(rewrite?.isPreferred).toBeUndefined();
    // Still applicable one by one.
    expect(applyAction(rewrite as CodeAction, doc)).toBe(
      DOCKERFILE.replace('node:20-alpine', 'oven/bun:1-alpine').replace('package-lock.json', 'bun.lock').replace('npm ci', 'bun install --frozen-lockfile'),
    );
    lsp.close(doc.uri);
  });

  test('a .gitlab-ci.yml with several unsafe fixes counts them', async () => {
    const doc = lsp.open('.gitlab-ci.yml', GITLAB);
    const ds = await lsp.diagnosticsFor(doc.uri, 'two npm findings', (p) => p.version === 1 && codes(p.diagnostics).filter((c) => c === 'package-manager/js-commands').length === 2);
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
    const ds = await lsp.diagnosticsFor(doc.uri, 'the npm findings', (p) => p.version === 1 && codes(p.diagnostics).includes('package-manager/js-commands'));
    const bun = ds.filter((d) => d.code === 'package-manager/js-commands');
    expect(bun.some(unsafeOnly)).toBe(false);
    const [fixAll] = await lsp.codeActions(doc, [], ['source.fixAll']);
    expect(fixAll.disabled).toBeUndefined();
    expect(applyAction(fixAll, doc)).not.toMatch(/\bnpm\b/);
    const titles = (await lsp.codeActions(doc, bun)).map((a) => a.title);
    expect(titles.filter((t) => t.endsWith('(unsafe)'))).toEqual([]);
    lsp.close(doc.uri);
  });

  test('a client that can neither show disabled actions nor create files is offered neither', async () => {
    const plain = await LspSession.start(
      { 'package.json': '{ "name": "demo" }\n' },
      {
        workspace: { ...EDITOR_CAPABILITIES.workspace, workspaceEdit: { documentChanges: true } },
        textDocument: { ...EDITOR_CAPABILITIES.textDocument, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } } } },
      },
    );
    try {
      const doc = plain.open('Dockerfile', DOCKERFILE, 'dockerfile');
      await plain.diagnosticsFor(doc.uri, 'the npm ci finding', (p) => p.version === 1 && codes(p.diagnostics).includes('package-manager/js-commands'));
      expect(await plain.codeActions(doc, [], ['source.fixAll'])).toEqual([]);
      // No configuration to edit, and none can be created: no "for this file".
      const json = plain.open('package.json', PACKAGE_JSON, 'json');
      const ds = await plain.diagnosticsFor(json.uri, 'the npm finding in package.json', (p) => p.version === 1 && codes(p.diagnostics).includes('package-manager/js-commands'));
      const titles = (await plain.codeActions(json, ds)).map((a) => a.title);
      expect(titles.filter((t) => t.startsWith('Disable'))).toEqual([]);
    } finally {
      await plain.stop();
    }
  });
});

describe('disabling a rule where the finding is', () => {
  test('"for this line" in requirements.txt puts the comment above the finding, and the finding goes', async () => {
    const text = 'flask==3.0\nrequests==2.32\n';
    const doc = lsp.open('requirements.txt', text, 'pip-requirements');
    const rule = 'package-manager/python-manifest';
    const ds = await lsp.diagnosticsFor(doc.uri, 'the requirements finding', (p) => p.version === 1 && codes(p.diagnostics).includes(rule));
    const finding = ds.filter((d) => d.code === rule);
    expect(finding[0].range.start.line).toBe(0);
    const disable = (await lsp.codeActions(doc, finding)).find((a) => a.title === `Disable ${rule} for this line`);
    expect(disable).toBeDefined();
    const disabled = applyAction(disable as CodeAction, doc);
    expect(disabled).toBe(`# roo-devops-disable-next-line ${rule}\n${text}`);
    const after = lsp.setText(doc.uri, disabled);
    const quiet = await lsp.diagnosticsFor(doc.uri, 'the suppressed requirements file', (p) => p.version === after.version);
    // Gone, so neither the finding nor its "disable" action comes back.
    expect(codes(quiet)).not.toContain(rule);
    lsp.close(doc.uri);
  });

  test('JSON gets no "for this line"; "for this file" creates, then extends, an override in .roo-devops.yaml', async () => {
    const rule = 'package-manager/js-commands';
    const doc = lsp.open('package.json', PACKAGE_JSON, 'json');
    const ds = await lsp.diagnosticsFor(doc.uri, 'the npm finding in package.json', (p) => p.version === 1 && codes(p.diagnostics).includes(rule));
    const finding = ds.filter((d) => d.code === rule);
    const titles = (await lsp.codeActions(doc, finding)).map((a) => a.title);
    expect(titles).not.toContain(`Disable ${rule} for this line`);
    const forFile = (await lsp.codeActions(doc, finding)).find((a) => a.title === `Disable ${rule} for this file`);
    expect(forFile).toBeDefined();
    expect(applyToDisk(lsp, forFile as CodeAction)).toEqual(['.roo-devops.yaml']);
    expect(readFileSync(join(lsp.root, '.roo-devops.yaml'), 'utf8')).toBe(`overrides:\n  - files: ["package.json"]\n    rules:\n      ${rule}: "off"\n`);
    await lsp.fileEvents(['.roo-devops.yaml', FileChangeType.Created]);
    await lsp.diagnosticsFor(doc.uri, 'package.json without the finding', (p) => p.version === 1 && !codes(p.diagnostics).includes(rule));

    // A second file: the existing configuration gets a second entry; the first file stays silenced.
    const web = lsp.open('web/package.json', PACKAGE_JSON, 'json');
    const webFinding = (await lsp.diagnosticsFor(web.uri, 'the npm finding in web/package.json', (p) => p.version === 1 && codes(p.diagnostics).includes(rule))).filter((d) => d.code === rule);
    const second = (await lsp.codeActions(web, webFinding)).find((a) => a.title === `Disable ${rule} for this file`);
    expect(applyToDisk(lsp, second as CodeAction)).toEqual(['.roo-devops.yaml']);
    expect(readFileSync(join(lsp.root, '.roo-devops.yaml'), 'utf8')).toContain(`  - files: ["web/package.json"]\n    rules:\n      ${rule}: "off"\n`);
    await lsp.fileEvents(['.roo-devops.yaml', FileChangeType.Changed]);
    await lsp.diagnosticsFor(web.uri, 'web/package.json without the finding', (p) => p.version === 1 && !codes(p.diagnostics).includes(rule));
    expect(codes(lsp.diagnostics.get(doc.uri)?.diagnostics ?? [])).not.toContain(rule);
    // Other files keep the rule.
    const other = lsp.open('Dockerfile', DOCKERFILE, 'dockerfile');
    await lsp.diagnosticsFor(other.uri, 'the Dockerfile still reporting npm', (p) => p.version === 1 && codes(p.diagnostics).includes(rule));
    for (const uri of [doc.uri, web.uri, other.uri]) lsp.close(uri);
    expect(lsp.errorLogs).toEqual([]);
  });
});
