/**
 * Hover and code actions on findings, over real stdio JSON-RPC against the
 * bundled server: the hover explains the rule under the cursor; each "disable"
 * action's edit is applied, the buffer linted again, and the finding is gone;
 * "Show documentation" hands the client a command with the rule id.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { ruleById } from '../../server/src/core/rules';
import { exampleFromRulePage, firstParagraph } from '../../server/src/lsp/finding-hover';
import { ruleDocsUrl } from '../../server/src/node/report';
import { applyAction, codes, LspSession } from '../support/lsp-session';

setDefaultTimeout(15_000);

const JS = 'package-manager/js-commands';
const WORKFLOW = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci\n';

let lsp: LspSession;

beforeAll(async () => {
  lsp = await LspSession.start({ 'package.json': '{ "name": "demo", "scripts": { "build": "tsc" } }\n' });
});

afterAll(() => lsp?.stop());

async function hoverAt(uri: string, position: { line: number; character: number }): Promise<Hover | null> {
  return (await lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position })) as Hover | null;
}

describe('hover on a finding', () => {
  test('shows the message, the rule, the first paragraph of its rationale, an example and the page', async () => {
    const doc = lsp.open('.github/workflows/hover.yml', WORKFLOW);
    const ds = await lsp.diagnosticsFor(doc.uri, 'the npm ci finding', (p) => p.version === 1 && codes(p.diagnostics).includes(JS));
    const finding = ds.find((d) => d.code === JS);
    if (!finding) throw new Error('no finding');
    const hover = await hoverAt(doc.uri, { line: finding.range.start.line, character: finding.range.start.character + 1 });
    const value = (hover?.contents as MarkupContent).value;
    expect((hover?.contents as MarkupContent).kind).toBe('markdown');
    expect(hover?.range).toEqual(finding.range);
    const rule = ruleById(JS);
    if (!rule) throw new Error('no rule');
    expect(value).toContain(finding.message as string);
    expect(value).toContain(`\`${JS}\` — ${rule.docs.summary}`);
    expect(value).toContain(firstParagraph(rule.docs.rationale));
    // Only the first paragraph: the rest is on the page.
    expect(value).not.toContain(rule.docs.rationale.split('\n\n')[1]);
    expect(value).toContain('Reported, in `');
    expect(value).toContain(`(${ruleDocsUrl(JS)})`);
    // The link is the one the diagnostic's codeDescription carries.
    expect(finding.codeDescription?.href).toBe(ruleDocsUrl(JS));

    // Beside the finding there is nothing to say.
    expect(await hoverAt(doc.uri, { line: 0, character: 1 })).toBeNull();
    lsp.close(doc.uri);
  });
});

describe('hover in the configuration', () => {
  test('explains a key and a rule id written there', async () => {
    const text = 'kinds:\n  github-actions: [ci/*.yml]\nignore:\n  - vendor/**\nrules:\n  package-manager/js-commands: warning\n';
    const config = lsp.open('.roo-devops.yaml', text);
    const value = async (line: number, character: number) => ((await hoverAt(config.uri, { line, character }))?.contents as MarkupContent | undefined)?.value;
    expect(await value(0, 2)).toBeDefined();
    expect(await value(2, 2)).toBeDefined();
    expect(await value(5, 10)).toContain(ruleDocsUrl(JS));
    lsp.close(config.uri);
  });
});

describe('code actions on a finding', () => {
  async function setup(rel: string, text: string) {
    const doc = lsp.open(rel, text);
    const ds = await lsp.diagnosticsFor(doc.uri, 'the npm ci finding', (p) => p.version === 1 && codes(p.diagnostics).includes(JS));
    const finding = ds.filter((d) => d.code === JS);
    return { doc, finding, actions: await lsp.codeActions(doc, finding) };
  }

  for (const title of [`Disable ${JS} for this line`, `Disable ${JS} for this file`]) {
    test(`"${title}" inserts a comment; linted again, the finding is gone`, async () => {
      const rel = `.github/workflows/${title.endsWith('line') ? 'line' : 'file'}.yml`;
      const { doc, actions } = await setup(rel, WORKFLOW);
      const action = actions.find((a) => a.title === title);
      if (!action) throw new Error(`no "${title}" among ${actions.map((a) => a.title).join(', ')}`);
      const after = applyAction(action, doc);
      if (title.endsWith('file')) expect(after.startsWith(`# roo-devops-disable ${JS}\n`)).toBe(true);
      else expect(after).toContain(`      # roo-devops-disable-next-line ${JS}\n      - run: npm ci`);
      lsp.setText(doc.uri, after);
      const left = await lsp.diagnosticsFor(doc.uri, 'the relint', (p) => p.version === 2);
      expect(codes(left)).not.toContain(JS);
      lsp.close(doc.uri);
    });
  }

  test('"Show documentation" is a command the client runs with the rule id, once per rule', async () => {
    const { doc, actions } = await setup('.github/workflows/docs.yml', `${WORKFLOW}      - run: npm test\n`);
    const docs = actions.filter((a) => a.title === `Show documentation for ${JS}`);
    expect(docs).toHaveLength(1);
    expect(docs[0].command).toEqual({ title: `Show documentation for ${JS}`, command: 'rooDevops.showRuleDocumentation', arguments: [JS] });
    expect(docs[0].edit).toBeUndefined();
    lsp.close(doc.uri);
  });
});

describe('examples from the rule pages', () => {
  const root = join(import.meta.dir, '../../docs/rules');
  const pages = readdirSync(root).flatMap((family) =>
    statSync(join(root, family)).isDirectory() ? readdirSync(join(root, family)).map((f) => join(root, family, f)) : [],
  );

  test('every page with a reported case gives a short example with the reported line', () => {
    expect(pages.length).toBeGreaterThan(50);
    for (const path of pages) {
      const page = readFileSync(path, 'utf8');
      const example = exampleFromRulePage(page);
      if (!page.includes('\n## Reported\n')) {
        expect(example).toBeUndefined();
        continue;
      }
      if (!example) throw new Error(`no example from ${path}`);
      expect(example.code.split('\n').length).toBeLessThanOrEqual(10);
      expect(page).toContain(example.code);
    }
  });
});

test('a long example is cut around the first line reported in its file', () => {
  const code = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n');
  const page = `# x/y\n\n## Reported\n\n### long\n\n\`a.yml\`\n\n\`\`\`yaml\n${code}\n\`\`\`\n\nFindings:\n\n\`\`\`text\na.yml:15:3 x/y Something.\n\`\`\`\n`;
  const example = exampleFromRulePage(page);
  expect(example?.file).toBe('a.yml');
  expect(example?.language).toBe('yaml');
  expect(example?.code.split('\n')).toEqual(Array.from({ length: 10 }, (_, i) => `line ${i + 10}`));
});
