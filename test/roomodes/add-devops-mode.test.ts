/**
 * The *Add DevOps Mode* command's core: the entry it adds passes every rule,
 * every byte already in the file stays (YAML with comments and odd indentation,
 * JSON with its own indentation), a second run refuses, and the MCP
 * registration keeps the servers already there. The snippets hold the same entry.
 */
import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { lint } from '../../server/src/core/engine';
import {
  addDevOpsMode,
  DEVOPS_FILE_REGEX,
  DEVOPS_MODE,
  MCP_SERVER_ENTRY,
  registerMcpServer,
} from '../../server/src/core/roo/devops-mode';
import { backtrackingProblem } from '../../server/src/core/safe-regex';
import type { TextEdit } from '../../server/src/core/types';

const ROOT = join(import.meta.dir, '..', '..');

/** The text with the inserted parts of pure insertions taken out again: the original when no byte was touched. */
function withoutInsertions(result: string, edits: readonly TextEdit[]): string {
  // Ascending: once the earlier insertions are taken out, each later one sits at its own offset again.
  let out = result;
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    expect(e.end).toBe(e.start);
    out = out.slice(0, e.start) + out.slice(e.start + e.newText.length);
  }
  return out;
}

function findingsOf(path: string, text: string): string[] {
  return lint({ path, text }).findings.map((f) => `${f.ruleId}: ${f.message}`);
}

const YAML_WITH_COMMENTS = [
  '# Modes of the web team. Reviewed every quarter.',
  'customModes:',
  '   -    slug: docs   # the writer',
  '        name: "📝 Docs"',
  '        roleDefinition: |',
  '          You write the documentation.',
  '',
  '          Keep it short.',
  '        groups:',
  '          - read',
  '          - [edit, { fileRegex: "\\\\.mdx?$" }]',
  '   # the reviewer has no edit rights',
  '   -    slug: reviewer',
  '        name: Reviewer',
  '        roleDefinition: You review.',
  '        groups: [read]',
  '# end of modes',
  '',
].join('\n');

const JSON_FOUR_SPACES = '{\n    "customModes": [\n        {"slug": "a", "name": "A", "roleDefinition": "x", "groups": ["read"]}\n    ]\n}\n';
const JSON_TABS = '{\n\t"customModes": [\n\t\t{\n\t\t\t"slug": "b",\n\t\t\t"name": "B",\n\t\t\t"roleDefinition": "y",\n\t\t\t"groups": []\n\t\t}\n\t]\n}';

describe('addDevOpsMode', () => {
  const cases: [string, string, string][] = [
    ['YAML with comments and odd indentation', '.roomodes', YAML_WITH_COMMENTS],
    ['YAML without a final line break', '.roomodes', 'customModes:\n  - slug: a\n    name: A\n    roleDefinition: x\n    groups: [read]'],
    ['YAML with an empty list', '.roomodes', '# none yet\ncustomModes: []\n'],
    ['YAML with an empty key', '.roomodes', 'customModes:\n'],
    ['YAML with a flow list of modes', '.roomodes', 'customModes: [{slug: a, name: A, roleDefinition: x, groups: [read]}]\n'],
    ['JSON with four spaces', '.roomodes', JSON_FOUR_SPACES],
    ['JSON with tabs and no final line break', '.roomodes', JSON_TABS],
    ['JSON with an empty list', '.roomodes', '{\n  "customModes": []\n}\n'],
    ['the global file', 'custom_modes.yaml', 'customModes:\n  - slug: a\n    name: A\n    roleDefinition: x\n    groups: [read]\n'],
  ];
  for (const [name, path, text] of cases) {
    test(name, () => {
      const r = addDevOpsMode(text, path);
      if (!r.ok) throw new Error(r.message);
      expect(findingsOf(path, r.text)).toEqual([]);
      const parsed = parseYaml(r.text) as { customModes: unknown[] };
      expect(parsed.customModes.at(-1)).toEqual(JSON.parse(JSON.stringify(DEVOPS_MODE)));
      // Every mode that was there is still there, byte for byte.
      if (!/\[\]/.test(text)) expect(withoutInsertions(r.text, r.edits)).toBe(text);
      expect(r.text.startsWith(text.slice(0, text.indexOf('customModes')))).toBe(true);
    });
  }

  test('YAML: the new item takes the file\'s own dash spacing', () => {
    const r = addDevOpsMode(YAML_WITH_COMMENTS);
    if (!r.ok) throw new Error(r.message);
    expect(r.text).toContain('\n   -    slug: devops\n        name: ');
    // After the last mode, before the closing comment.
    expect(r.text.indexOf('slug: devops')).toBeLessThan(r.text.indexOf('# end of modes'));
  });

  test('creates the file when there is none, in YAML or JSON', () => {
    for (const path of ['.roomodes', 'custom_modes.json']) {
      const r = addDevOpsMode(undefined, path);
      if (!r.ok) throw new Error(r.message);
      expect(r.created).toBe(true);
      expect(findingsOf(path, r.text)).toEqual([]);
    }
  });

  test('refuses when a mode of slug devops exists, pointing at it', () => {
    const text = 'customModes:\n  - slug: devops\n    name: Ours\n    roleDefinition: x\n    groups: [read]\n';
    const r = addDevOpsMode(text);
    expect(r.ok).toBe(false);
    if (r.ok || r.reason !== 'exists') throw new Error('not refused');
    expect(text.slice(r.range.start, r.range.end)).toBe('devops');
    const json = addDevOpsMode('{"customModes": [{"slug": "devops", "name": "D", "roleDefinition": "x", "groups": []}]}');
    expect(json.ok).toBe(false);
  });

  test('refuses a file with syntax errors instead of guessing', () => {
    const r = addDevOpsMode('customModes:\n  - slug: [a\n');
    expect(r.ok).toBe(false);
  });

  test('the edit group is restricted to infrastructure, pipeline and plan/ files, with a pattern that cannot backtrack', () => {
    expect(backtrackingProblem(DEVOPS_FILE_REGEX)).toBeUndefined();
    const re = new RegExp(DEVOPS_FILE_REGEX);
    for (const p of ['plan/infrastructure.md', '.github/workflows/ci.yml', 'Dockerfile', 'api/Dockerfile.prod', 'compose.yaml', 'infra/main.tf', 'modules/vpc/variables.tf', 'k8s/api.yaml', '.gitlab-ci.yml', 'Pulumi.yaml', 'Jenkinsfile']) {
      expect([p, re.test(p)]).toEqual([p, true]);
    }
    for (const p of ['src/index.ts', 'README.md', 'package.json', 'docs/plan/notes.md', '.roomodes']) expect([p, re.test(p)]).toEqual([p, false]);
    expect(DEVOPS_MODE.customInstructions).toContain('`check` tool of the `roo-devops` MCP server');
  });
});

describe('registerMcpServer', () => {
  test('adds the entry and keeps every server and comment already there', () => {
    const text = '{\n  // team servers\n  "mcpServers": {\n    "other": { "command": "node", "args": ["srv.js"] }\n  }\n}\n';
    const r = registerMcpServer(text);
    if (!r.ok) throw new Error(r.message);
    expect(withoutInsertions(r.text, r.edits)).toBe(text);
    const parsed = parseYaml(r.text.replace('// team servers', '')) as { mcpServers: Record<string, unknown> };
    expect(parsed.mcpServers['roo-devops']).toEqual(MCP_SERVER_ENTRY);
    expect(parsed.mcpServers.other).toEqual({ command: 'node', args: ['srv.js'] });
  });

  test('creates the file, or the mcpServers key', () => {
    const created = registerMcpServer(undefined);
    if (!created.ok) throw new Error(created.message);
    expect(JSON.parse(created.text)).toEqual({ mcpServers: { 'roo-devops': { command: 'bunx', args: ['roo-devops', 'mcp', '--root', '${workspaceFolder}'] } } });
    const noKey = registerMcpServer('{\n  "other": true\n}\n');
    if (!noKey.ok) throw new Error(noKey.message);
    expect(JSON.parse(noKey.text)).toEqual({ other: true, mcpServers: { 'roo-devops': MCP_SERVER_ENTRY } });
    const empty = registerMcpServer('{}');
    if (!empty.ok) throw new Error(empty.message);
    expect(JSON.parse(empty.text)).toEqual({ mcpServers: { 'roo-devops': MCP_SERVER_ENTRY } });
  });

  test('refuses politely when roo-devops is already registered', () => {
    const r = registerMcpServer('{"mcpServers": {"roo-devops": {"command": "npx", "args": []}}}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe('exists');
  });
});

/** A snippet body at its defaults: `${n:x}` → x, `$0` → nothing, `\\c` → c. */
function defaults(body: string[]): string {
  return body
    .join('\n')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$0/g, '')
    .replace(/\\([\\$}])/g, '$1');
}

test('the check these tests rely on does report a broken modes file', () => {
  expect(findingsOf('.roomodes', 'customModes:\n  - slug: a\n    name: A\n    roleDefinition: x\n    groups: [read, browser]\n')).toEqual([
    'roomodes/no-browser-group: Group `browser` is retired: Roo Code ignores it. Remove it.',
  ]);
});

test('the snippets hold the entry the command adds, at their defaults', () => {
  type Snips = Record<string, { body: string[] }>;
  const yaml = JSON.parse(readFileSync(join(ROOT, 'snippets/yaml.json'), 'utf8')) as Snips;
  const json = JSON.parse(readFileSync(join(ROOT, 'snippets/json.json'), 'utf8')) as Snips;
  const entry = JSON.parse(JSON.stringify(DEVOPS_MODE));
  expect((parseYaml(defaults(yaml['Roo Code: DevOps mode']?.body ?? [])) as unknown[])[0]).toEqual(entry);
  expect(JSON.parse(defaults(json['Roo Code: DevOps mode (JSON)']?.body ?? []))).toEqual(entry);
});
