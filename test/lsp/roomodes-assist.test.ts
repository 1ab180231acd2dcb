/**
 * Hover and completion in `.roomodes`, over real stdio JSON-RPC against the
 * built server: the hover on an `edit` group with a `fileRegex` lists the
 * workspace files it allows (first 20 and a count), and refuses to run a
 * pattern that can backtrack without end; completion offers keys and group names.
 */
import { afterAll, beforeAll, expect, setDefaultTimeout, test } from 'bun:test';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, CompletionList, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { filesAllowedBy } from '../../server/src/core/roo/file-regex';
import { LspSession } from '../support/lsp-session';

setDefaultTimeout(15_000);

const MODES = [
  'customModes:',
  '  - slug: infra',
  '    name: Infra',
  '    roleDefinition: You edit infrastructure.',
  '    groups:',
  '      - read',
  "      - [edit, { fileRegex: '\\.tf$', description: Terraform }]",
  '  - slug: slow',
  '    name: Slow',
  '    roleDefinition: A pattern built to backtrack.',
  '    groups:',
  "      - [edit, { fileRegex: '^(a+)+$' }]",
  '',
].join('\n');

const FILES: Record<string, string> = { '.roomodes': MODES, 'src/index.ts': '' };
for (let i = 0; i < 25; i++) FILES[`infra/m${String(i).padStart(2, '0')}.tf`] = '';

let lsp: LspSession;
let doc: TextDocument;

beforeAll(async () => {
  lsp = await LspSession.start(FILES);
  doc = lsp.open('.roomodes', MODES);
});
afterAll(() => lsp?.stop());

async function hoverAt(needle: string): Promise<string> {
  const position = doc.positionAt(doc.getText().indexOf(needle) + 2);
  const hover = (await lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri: doc.uri }, position })) as Hover | null;
  return hover ? (hover.contents as MarkupContent).value : '';
}

test('the hover on an edit group lists the files it allows: the first 20 and a count', async () => {
  const text = await hoverAt("'\\.tf$'");
  expect(text).toContain('may edit **25** files');
  expect(text).toContain('- `infra/m00.tf`');
  expect(text).toContain('- `infra/m19.tf`');
  expect(text).not.toContain('infra/m20.tf');
  expect(text).toContain('…and 5 more.');
  expect(text).not.toContain('src/index.ts');
});

test('a pattern that can backtrack without end is not run; the hover says why', async () => {
  const text = await hoverAt("'^(a+)+$'");
  expect(text).toContain('Not matched against the workspace');
  expect(text).toContain('repeated group contains a quantifier');
});

async function complete(text: string): Promise<string[]> {
  const offset = text.indexOf('|');
  doc = lsp.setText(doc.uri, text.replace('|', ''));
  const result = (await lsp.connection.sendRequest('textDocument/completion', { textDocument: { uri: doc.uri }, position: doc.positionAt(offset) })) as CompletionList | CompletionItem[] | null;
  const items = result === null ? [] : Array.isArray(result) ? result : result.items;
  return items.map((i) => i.label);
}

test('completion of mode keys, group names and group options', async () => {
  expect(await complete('customModes:\n  - slug: a\n    |')).toEqual(['name', 'roleDefinition', 'whenToUse', 'description', 'customInstructions', 'groups', 'source']);
  expect(await complete('customModes:\n  - slug: a\n    groups:\n      - read\n      - |')).toEqual(['edit', 'command', 'mcp', 'modes']);
  expect(await complete('customModes:\n  - slug: a\n    groups:\n      - - ed|')).toEqual(['read', 'edit', 'command', 'mcp', 'modes']);
  expect(await complete('customModes:\n  - slug: a\n    groups:\n      - - edit\n        - |')).toEqual(['fileRegex', 'description']);
  expect(await complete('|')).toEqual(['customModes']);
  expect(await complete('customModes:\n  - slug: a\n    source: |')).toEqual(['project', 'global']);
});

test('matching is bounded: paths too long are skipped, never tested', () => {
  const long = `${'a/'.repeat(600)}x.tf`;
  const r = filesAllowedBy('\\.tf$', ['main.tf', long]);
  expect(r).toEqual({ ok: true, first: ['main.tf'], count: 1, skipped: 1 });
  expect(filesAllowedBy('(x|xy)*z', ['a'])).toMatchObject({ ok: false });
});
