/**
 * The path at a cursor in YAML being typed, as an inline table: `|` marks the
 * cursor. The block shapes YAML allows (sequences at their key's column, items
 * inside items, comments, CRLF) and the places where no path is given.
 */
import { describe, expect, test } from 'bun:test';
import { parseDocument } from 'yaml';
import { lineContextAt, type Segment, treeHitAt } from '../../server/src/lsp/yaml-cursor';

const at = (text: string) => {
  const offset = text.indexOf('|');
  return lineContextAt(text.replace('|', ''), offset);
};

const cases: [name: string, text: string, path: Segment[], role: 'key' | 'value', prefix: string, siblings?: string[]][] = [
  ['empty document', '|', [], 'key', ''],
  ['half-typed top-level key', 'pack|', [], 'key', 'pack'],
  ['key under a mapping', 'packageManagers:\n  pack|', ['packageManagers'], 'key', 'pack'],
  ['value after ": "', 'packageManagers:\n  python: po|', ['packageManagers', 'python'], 'value', 'po'],
  ['value right after ":"', 'packageManagers:\n  python:|', ['packageManagers', 'python'], 'value', ''],
  ['quoted value', 'rules:\n  yaml/syntax: "o|', ['rules', 'yaml/syntax'], 'value', '"o'],
  ['rule id with a slash', 'rules:\n  package-manager/|', ['rules'], 'key', 'package-manager/'],
  ['siblings above and below, not deeper keys', 'rules:\n  a: x\n  b:\n    severity: off\n  |\n  c: y\nignore: []', ['rules'], 'key', '', ['a', 'b', 'c']],
  ['after a deeper block, back at the top', 'rules:\n  a:\n    severity: off\n|', [], 'key', '', ['rules']],
  ['new item of a sequence', 'overrides:\n  - files: [a]\n    rules: {}\n  - |', ['overrides', 1], 'key', ''],
  ['key inside an item', 'overrides:\n  - files: [a]\n    |', ['overrides', 0], 'key', '', ['files']],
  ['sequence at its key column', 'overrides:\n- files: [a]\n- files: [b]\n  rules:\n    yaml/|', ['overrides', 1, 'rules'], 'key', 'yaml/'],
  ['item inside an item', 'overrides:\n  - - |', ['overrides', 0, 0], 'key', ''],
  ['comments and blank lines are skipped', 'rules:\n  # one rule\n\n  a: x\n  # more\n  |', ['rules'], 'key', '', ['a']],
  ['CRLF line ends', 'rules:\r\n  a: x\r\n  b|', ['rules'], 'key', 'b', ['a']],
  ['quoted key above', 'rules:\n  "yaml/syntax":\n    |', ['rules', 'yaml/syntax'], 'key', ''],
];

describe('lineContextAt', () => {
  for (const [name, text, path, role, prefix, siblings] of cases) {
    test(name, () => {
      const context = at(text);
      expect(context).toBeDefined();
      expect(context?.path).toEqual(path);
      expect(context?.role).toBe(role);
      expect(context?.prefix).toBe(prefix);
      if (siblings) expect([...(context?.siblings ?? [])].sort()).toEqual(siblings);
    });
  }

  test('the token runs to the end of the word after the cursor, and a colon there is noticed', () => {
    const text = 'rules:\n  yaml/syn|tax: off\n';
    const context = at(text);
    expect(context?.role).toBe('key');
    expect(context?.hasColon).toBe(true);
    expect(text.replace('|', '').slice(context?.start, context?.end)).toBe('yaml/syntax');
  });

  test('no block context in a comment or a flow collection', () => {
    expect(at('rules:\n  # yaml/|')).toBeUndefined();
    expect(at('rules: { yaml/| }')).toBeUndefined();
    expect(at('ignore: [a, |]')).toBeUndefined();
  });
});

describe('treeHitAt', () => {
  test('a key, a value and an item of the parsed tree', () => {
    const text = 'rules:\n  yaml/syntax: { severity: warning }\noverrides:\n  - files: [a, b]\n';
    const doc = parseDocument(text);
    const hit = (needle: string, delta = 1) => treeHitAt(doc, text.indexOf(needle) + delta);
    expect(hit('yaml/syntax')).toMatchObject({ path: ['rules'], role: 'key', key: 'yaml/syntax' });
    expect(hit('warning')).toMatchObject({ path: ['rules', 'yaml/syntax', 'severity'], role: 'value', key: 'severity' });
    expect(hit('b]', 0)).toMatchObject({ path: ['overrides', 0, 'files', 1], role: 'value' });
    expect(treeHitAt(doc, text.indexOf('{') - 1)).toBeUndefined();
  });
});
