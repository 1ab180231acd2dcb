/**
 * Completion and hover in `.roo-devops.yaml`, over real stdio JSON-RPC: the
 * cursor is placed where a user types (`|` in each text), the server answers from
 * the buffer, and the edits it proposes are applied and read back.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, CompletionList, Hover, InitializeResult, MarkupContent, TextEdit } from 'vscode-languageserver-protocol';
import { parse } from 'yaml';
import manifest from '../../package.json';
import { RULES } from '../../server/src/core/rules';
import { ruleDocsUrl } from '../../server/src/node/report';
import { LspSession } from '../support/lsp-session';

setDefaultTimeout(15_000);

let lsp: LspSession;
let config: TextDocument;

beforeAll(async () => {
  lsp = await LspSession.start({ '.roo-devops.yaml': '', '.github/workflows/ci.yml': 'on: push\n' });
  config = lsp.open('.roo-devops.yaml', '');
});

afterAll(() => lsp?.stop());

/** Puts `text` (with `|` for the cursor) in the buffer and returns the cursor's position. */
function typed(text: string): { line: number; character: number } {
  const offset = text.indexOf('|');
  if (offset < 0) throw new Error('no cursor in the text');
  config = lsp.setText(config.uri, text.replace('|', ''));
  return config.positionAt(offset);
}

async function complete(text: string, uri = config.uri): Promise<CompletionItem[]> {
  const position = typed(text);
  const result = (await lsp.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position })) as CompletionList | CompletionItem[] | null;
  if (result === null) return [];
  return Array.isArray(result) ? result : result.items;
}

async function hover(text: string): Promise<string | undefined> {
  const position = typed(text);
  const result = (await lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri: config.uri }, position })) as Hover | null;
  return result ? (result.contents as MarkupContent).value : undefined;
}

const labels = (items: CompletionItem[]) => items.map((i) => i.label);

/** The buffer after accepting `item`, as the editor would apply its text edit. */
function accept(item: CompletionItem): string {
  return TextDocument.applyEdits(config, [item.textEdit as TextEdit]);
}

function find(items: CompletionItem[], label: string): CompletionItem {
  const item = items.find((i) => i.label === label);
  if (!item) throw new Error(`no item ${label} among ${labels(items).join(', ')}`);
  return item;
}

describe('completion in .roo-devops.yaml', () => {
  test('the server announces completion with the trigger characters of keys, values and rule ids, and hover', () => {
    const caps = (lsp.initializeResult as InitializeResult).capabilities;
    expect(caps.completionProvider?.triggerCharacters).toEqual(expect.arrayContaining([' ', ':', '/']));
    expect(caps.hoverProvider).toBe(true);
  });

  test('at the top level: the schema keys, with their descriptions, minus those already written', async () => {
    const items = await complete('|');
    expect(labels(items).sort()).toEqual(['ignore', 'kinds', 'limits', 'overrides', 'packageManagers', 'rules']);
    expect((find(items, 'packageManagers').documentation as MarkupContent).value).toContain('The package manager each ecosystem must use');

    const later = await complete('rules:\n  yaml/syntax: warning\n|\nignore:\n  - vendor/**\n');
    expect(labels(later).sort()).toEqual(['kinds', 'limits', 'overrides', 'packageManagers']);
  });

  test('accepting a key writes valid YAML and opens its value', async () => {
    const items = await complete('pack|');
    const text = accept(find(items, 'packageManagers'));
    expect(text).toBe('packageManagers:\n  ');
    expect(find(items, 'packageManagers').command?.command).toBe('editor.action.triggerSuggest');
    expect(accept(find(items, 'ignore'))).toBe('ignore:\n  - ');
  });

  test('under packageManagers: the ecosystems as keys, then the managers the schema allows', async () => {
    const keys = await complete('packageManagers:\n  javascript: bun\n  |');
    expect(labels(keys).sort()).toEqual(['go', 'python', 'rust']);

    const values = await complete('packageManagers:\n  python: |');
    expect(labels(values)).toEqual(['poetry', 'pipenv', 'uv', 'pip']);
    expect(parse(accept(find(values, 'uv')))).toEqual({ packageManagers: { python: 'uv' } });
  });

  test('under rules: every rule id as a key, its summary as detail', async () => {
    const items = await complete('rules:\n  |');
    expect(labels(items).sort()).toEqual(RULES.map((r) => r.id).sort());
    const jsBun = RULES.find((r) => r.id === 'package-manager/js-commands');
    expect(find(items, 'package-manager/js-commands').detail).toBe(jsBun?.docs.summary);
  });

  test('a half-typed rule id is replaced whole and followed by ": "', async () => {
    const items = await complete('rules:\n  package-manager/js-|');
    const item = find(items, 'package-manager/js-commands');
    expect(item.textEdit).toMatchObject({ range: { start: { line: 1, character: 2 }, end: { line: 1, character: 'package-manager/js-'.length + 2 } } });
    expect(accept(item)).toBe('rules:\n  package-manager/js-commands: ');
  });

  test('the value of a rule: the four levels, "off" quoted, and the object form', async () => {
    const items = await complete('rules:\n  package-manager/js-commands: |');
    expect(labels(items).slice(0, 4)).toEqual(['error', 'warning', 'info', 'off']);
    const off = accept(find(items, 'off'));
    expect(off).toBe('rules:\n  package-manager/js-commands: "off"');
    expect(parse(off, { version: '1.1' })).toEqual({ rules: { 'package-manager/js-commands': 'off' } });

    const objectForm = accept(find(items, '{ severity, options }'));
    expect(parse(objectForm)).toEqual({ rules: { 'package-manager/js-commands': { severity: 'error' } } });
  });

  test('the object form of a rule with options carries their defaults, and its keys complete', async () => {
    const items = await complete('rules:\n  package-manager/python-manifest: |');
    expect(parse(accept(find(items, '{ severity, options }')))).toEqual({
      rules: { 'package-manager/python-manifest': { severity: 'error', options: { allowRequirements: ['**/docs/**'] } } },
    });
    expect(labels(await complete('rules:\n  package-manager/python-manifest:\n    |')).sort()).toEqual(['options', 'severity']);
    const options = await complete('rules:\n  package-manager/python-manifest:\n    options:\n      |');
    expect(labels(options)).toEqual(['allowRequirements']);
  });

  test('under an overrides entry: its keys, then rule ids under its rules', async () => {
    expect(labels(await complete('overrides:\n  - |')).sort()).toEqual(['files', 'rules']);
    expect(labels(await complete('overrides:\n  - files: [legacy/**]\n    |'))).toEqual(['rules']);
    const ids = await complete('overrides:\n  - files: [legacy/**]\n    rules:\n      yaml/|');
    expect(labels(ids)).toContain('yaml/syntax');
    expect(accept(find(ids, 'yaml/syntax'))).toEndWith('      yaml/syntax: ');
  });

  test('kind names under kinds', async () => {
    const items = await complete('kinds:\n  github-actions: [ci/*.yml]\n  |');
    expect(labels(items)).toContain('dockerfile');
    expect(labels(items)).not.toContain('github-actions');
  });

  test('a document that does not parse still completes by indentation', async () => {
    const items = await complete('ignore: [unclosed\npackageManagers:\n  py|');
    expect(labels(items)).toContain('python');
  });

  test('inside a flow mapping, from the parsed tree', async () => {
    const items = await complete('rules: { yaml/syntax: warning, json/| }');
    expect(labels(items)).toContain('json/syntax');
    expect(labels(items)).not.toContain('yaml/syntax');
    // Levels, but not the object form, whose lines cannot go inside braces.
    const values = await complete('rules: { yaml/syntax: w| }');
    expect(labels(values)).toEqual(['error', 'warning', 'info', 'off']);
    expect(parse(accept(find(values, 'warning')))).toEqual({ rules: { 'yaml/syntax': 'warning' } });
  });

  test('the YAML configuration is not handed to another YAML extension too, which would offer every key twice', () => {
    const contributes = manifest.contributes as { yamlValidation?: { fileMatch: string | string[] }[] };
    const matches = (contributes.yamlValidation ?? []).flatMap((v) => v.fileMatch);
    expect(matches.filter((m) => m.includes('roo-devops'))).toEqual([]);
  });

  test('other YAML files get no completion, and no hover of the configuration', async () => {
    const workflow = lsp.open('.github/workflows/ci.yml', 'on: push\n');
    const result = await lsp.connection.sendRequest('textDocument/completion', { textDocument: { uri: workflow.uri }, position: { line: 1, character: 0 } });
    expect(result).toBeNull();
    // Only the explanation of the finding there (no `jobs`), not the configuration's `on`.
    const hovered = (await lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri: workflow.uri }, position: { line: 0, character: 1 } })) as Hover | null;
    for (const section of (hovered?.contents as MarkupContent | undefined)?.value.split('\n\n---\n\n') ?? []) expect(section).toMatch(/^\*\*(error|warning|info)\*\* — /);
  });
});

describe('hover in .roo-devops.yaml', () => {
  test('on a key: its schema description', async () => {
    expect(await hover('packageMa|nagers:\n  javascript: bun\n')).toContain('The package manager each ecosystem must use');
    expect(await hover('packageManagers:\n  pyth|on: poetry\n')).toContain('Python (default: poetry)');
    expect(await hover('overrides:\n  - fi|les: [legacy/**]\n    rules: {}\n')).toContain('Glob patterns of workspace-relative paths');
  });

  test('on a rule id: summary, default severity and the documentation link the diagnostics use', async () => {
    const rule = RULES.find((r) => r.id === 'package-manager/lockfile');
    const text = await hover('rules:\n  package-manager/lock|file: warning\n');
    expect(text).toContain(rule?.docs.summary ?? 'missing');
    expect(text).toContain(`Default severity: \`${rule?.severity}\``);
    expect(text).toContain(ruleDocsUrl('package-manager/lockfile'));
    // Anywhere in the file, a comment included.
    expect(await hover('# silences yaml/syn|tax in vendored files\n')).toContain(ruleDocsUrl('yaml/syntax'));
  });

  test('on a severity: what it means', async () => {
    expect(await hover('rules:\n  yaml/syntax: "o|ff"\n')).toContain('does not run');
    expect(await hover('rules:\n  yaml/syntax: { severity: warn|ing }\n')).toContain('likely mistake');
  });

  test('on a key of a document that does not parse', async () => {
    expect(await hover('ignore: [unclosed\npackageMa|nagers:\n')).toContain('The package manager each ecosystem must use');
  });

  test('nothing on plain text', async () => {
    expect(await hover('ignore:\n  - ven|dor/**\n')).toBeUndefined();
    expect(lsp.errorLogs).toEqual([]);
  });
});
