/**
 * The Roo DevOps mode entry, written once: the *Add DevOps Mode* command adds it
 * to a `.roomodes`, the `roo-devops-mode` snippets hold the same text (a test
 * checks), and the MCP registration the mode's instructions rely on. Pure text
 * in, text out: the shells apply the edits (one undoable `WorkspaceEdit`). JSON
 * is edited by hand-placed insertions rather than jsonc-parser's `modify`, which
 * reformats the members beside the one it adds.
 */
import { findNodeAtLocation, type Node as JsonNode, parseTree } from 'jsonc-parser/lib/esm/main.js';
import { isMap, isScalar, isSeq, type Node, parseDocument } from 'yaml';
import { formatOf } from '../formats';
import type { OffsetRange, TextEdit } from '../types';

export const DEVOPS_SLUG = 'devops';

/**
 * Files the mode may edit: pipelines, container and Compose files, Kubernetes,
 * Helm, Terraform, CloudFormation, Pulumi and ARM folders, this product's
 * configuration, and `plan/`. No nested or overlapping repetition: it passes
 * `roomodes/no-backtracking-file-regex`.
 */
export const DEVOPS_FILE_REGEX =
  '^(\\.github/workflows/|\\.circleci/|\\.azure-pipelines/|plan/|infra/|infrastructure/|terraform/|deploy/|k8s/|kubernetes/|helm/|charts/|cloudformation/|pulumi/)' +
  '|(^|/)(Dockerfile[^/]*|[^/]*\\.[Dd]ockerfile|Containerfile|(docker-)?compose[^/]*\\.ya?ml|[^/]*\\.(tf|tfvars|hcl)|Pulumi[^/]*\\.ya?ml|Jenkinsfile|\\.gitlab-ci\\.ya?ml|bitbucket-pipelines\\.ya?ml|azure-pipelines[^/]*\\.ya?ml|\\.dockerignore|\\.roo-devops\\.(ya?ml|json))$';

export interface DevOpsMode {
  slug: string;
  name: string;
  roleDefinition: string;
  whenToUse: string;
  description: string;
  groups: (string | [string, { fileRegex: string; description: string }])[];
  customInstructions: string;
}

export const DEVOPS_MODE: DevOpsMode = {
  slug: DEVOPS_SLUG,
  name: '🛠️ DevOps',
  roleDefinition:
    'You are the DevOps engineer of this repository. You write and maintain its CI/CD pipelines, Dockerfiles and Compose files, ' +
    'Kubernetes manifests, infrastructure as code and the plan documents under plan/, following the package-manager policy ' +
    'and the practices the team checks with Roo DevOps.',
  whenToUse: 'Use this mode to create or change pipelines, container images, infrastructure as code, deployments, or the plan documents in plan/.',
  description: 'Pipelines, containers, infrastructure and plans, checked before done',
  groups: ['read', ['edit', { fileRegex: DEVOPS_FILE_REGEX, description: 'Infrastructure, pipeline and plan/ files' }], 'command', 'mcp'],
  customInstructions: [
    'Your work is done only when the Roo DevOps checker passes on it:',
    '1. After writing or changing files, call the `check` tool of the `roo-devops` MCP server on those files (or on the whole workspace).',
    '2. Fix every finding: apply the safe fixes with its `fix` tool, correct the others yourself; `explain_rule` says why a rule exists.',
    '3. Call `check` again until it reports no finding.',
    'Only then declare the task complete, and say which files you changed and that the check passed.',
    'To start a plan document, call `generate_plan` and complete what it proposes; never overwrite what a person wrote.',
  ].join('\n'),
};

/** Roo Code's project MCP configuration, and the entry that starts the checker's server in it. */
export const MCP_CONFIG_PATH = '.roo/mcp.json';
export const MCP_SERVER_NAME = 'roo-devops';
export const MCP_SERVER_ENTRY = { command: 'bunx', args: ['roo-devops', 'mcp', '--root', '${workspaceFolder}'] };

const YAML_PLAIN = /^[A-Za-z][\w ,./()-]*[\w.)]$/;

function yamlScalar(value: string): string {
  if (YAML_PLAIN.test(value) && !/: | #/.test(value)) return value;
  return `'${value.replace(/'/g, "''")}'`;
}

/** The entry as lines of a block sequence item (`- slug: devops`, then the keys under it), without indentation. */
export function devopsModeYamlLines(mode: DevOpsMode = DEVOPS_MODE, pad = '  '): string[] {
  const lines = [`- slug: ${mode.slug}`, `${pad}name: ${yamlScalar(mode.name)}`, `${pad}roleDefinition: >-`];
  lines.push(...wrap(mode.roleDefinition, 100).map((l) => `${pad}  ${l}`));
  lines.push(`${pad}whenToUse: ${yamlScalar(mode.whenToUse)}`, `${pad}description: ${yamlScalar(mode.description)}`, `${pad}groups:`);
  for (const g of mode.groups) {
    if (typeof g === 'string') lines.push(`${pad}  - ${g}`);
    else lines.push(`${pad}  - - ${g[0]}`, `${pad}    - fileRegex: ${yamlScalar(g[1].fileRegex)}`, `${pad}      description: ${yamlScalar(g[1].description)}`);
  }
  lines.push(`${pad}customInstructions: |-`, ...mode.customInstructions.split('\n').map((l) => `${pad}  ${l}`));
  return lines;
}

/** Words joined into lines of at most `width` characters (a folded scalar reads them back as one line). */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

export type AddModeResult =
  | { ok: true; text: string; edits: TextEdit[]; created: boolean }
  | { ok: false; reason: 'exists'; range: OffsetRange; message: string }
  | { ok: false; reason: 'unreadable'; message: string };

/**
 * Adds the DevOps mode to a modes file (`text` undefined: the file does not
 * exist). Every byte already there is kept: the entry is inserted after the last
 * mode, in the file's own indentation (YAML) or after the last member (JSON).
 * Refused when a mode of slug `devops` exists, or the file cannot be read safely.
 */
export function addDevOpsMode(text: string | undefined, path = '.roomodes'): AddModeResult {
  if (text === undefined || text.trim() === '') {
    const json = /\.json$/i.test(path);
    const created = json
      ? `${JSON.stringify({ customModes: [DEVOPS_MODE] }, null, 2)}\n`
      : `customModes:\n${devopsModeYamlLines().map((l) => `  ${l}`).join('\n')}\n`;
    return { ok: true, text: created, edits: [{ start: 0, end: text?.length ?? 0, newText: created }], created: text === undefined };
  }
  const existing = findSlug(text, DEVOPS_SLUG);
  if (existing === 'unreadable') return { ok: false, reason: 'unreadable', message: `${path} has syntax errors; fix them first, then add the DevOps mode.` };
  if (existing) return { ok: false, reason: 'exists', range: existing, message: `${path} already has a mode with the slug \`${DEVOPS_SLUG}\`.` };
  const edits = formatOf('roomodes', path, text) === 'json' ? jsonEdits(text) : yamlEdits(text);
  if (!edits) return { ok: false, reason: 'unreadable', message: `${path} has a shape this command does not edit (\`customModes\` is not a list); add the mode by hand with the \`roo-devops-mode\` snippet.` };
  const result = applyTextEdits(text, edits);
  // The result must read back with one more mode, ours.
  if (findSlug(result, DEVOPS_SLUG) === undefined || findSlug(result, DEVOPS_SLUG) === 'unreadable') {
    return { ok: false, reason: 'unreadable', message: `${path} could not be edited safely; add the mode by hand with the \`roo-devops-mode\` snippet.` };
  }
  return { ok: true, text: result, edits, created: false };
}

export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

function findSlug(text: string, slug: string): OffsetRange | undefined | 'unreadable' {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) return 'unreadable';
  const list = isMap(doc.contents) ? doc.contents.get('customModes', true) : undefined;
  if (!isSeq(list)) return undefined;
  for (const item of list.items) {
    if (!isMap(item)) continue;
    const node = item.get('slug', true) as Node | undefined;
    if (isScalar(node) && node.value === slug && node.range) return { start: node.range[0], end: node.range[1] };
  }
  return undefined;
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function yamlEdits(text: string): TextEdit[] | undefined {
  const doc = parseDocument(text, { uniqueKeys: false });
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const root = doc.contents;
  if (root !== null && !isMap(root)) return undefined;
  const pair = isMap(root) ? root.items.find((p) => isScalar(p.key) && p.key.value === 'customModes') : undefined;
  const block = (indent: string, pad: string) => devopsModeYamlLines(DEVOPS_MODE, pad).map((l) => indent + l).join(eol);
  if (!pair || !isScalar(pair.key) || !pair.key.range) {
    // No `customModes:` yet: a new key at the end.
    if (root && isMap(root) && root.flow) return undefined;
    const sep = text.endsWith('\n') ? '' : eol;
    return [{ start: text.length, end: text.length, newText: `${sep}customModes:${eol}${block('  ', '  ')}${eol}` }];
  }
  const keyLine = lineStartOf(text, pair.key.range[0]);
  const keyIndent = /^[ \t]*/.exec(text.slice(keyLine))?.[0] ?? '';
  const value = pair.value as Node | null;
  if (value === null || (isScalar(value) && (value.value === null || value.value === ''))) {
    // `customModes:` with nothing after it: the list goes on the next line.
    const keyEnd = pair.key.range[1];
    const lineEnd = text.indexOf('\n', keyEnd);
    const at = lineEnd < 0 ? text.length : lineEnd + 1;
    const prefix = lineEnd < 0 ? eol : '';
    const emptyValue = value?.range ? text.slice(value.range[0], value.range[1]) : '';
    if (emptyValue.trim() !== '' && emptyValue.trim() !== '~' && emptyValue.trim() !== 'null') return undefined;
    return [{ start: at, end: at, newText: `${prefix}${block(`${keyIndent}  `, '  ')}${eol}` }];
  }
  if (!isSeq(value) || !value.range) return undefined;
  if (value.flow) {
    const items = value.items as Node[];
    const close = text.lastIndexOf(']', value.range[1]);
    if (close < 0) return undefined;
    if (items.length === 0) {
      // `customModes: []` becomes a block list (only the brackets change).
      const colon = text.indexOf(':', pair.key.range[1]);
      return [{ start: colon + 1, end: close + 1, newText: `${eol}${block(`${keyIndent}  `, '  ')}` }];
    }
    const last = items[items.length - 1] as Node;
    if (!last.range) return undefined;
    return [{ start: last.range[1], end: last.range[1], newText: `, ${JSON.stringify(DEVOPS_MODE)}` }];
  }
  const items = value.items as Node[];
  const first = items[0];
  const last = items[items.length - 1];
  if (!first?.range || !last?.range) return undefined;
  // The first item's layout: dash column and where its content starts.
  const firstLine = lineStartOf(text, first.range[0]);
  const m = /^([ \t]*)-([ \t]+)$/.exec(text.slice(firstLine, first.range[0]));
  if (!m) return undefined;
  const dashIndent = m[1] as string;
  const pad = ' '.repeat((m[2] as string).length + 1);
  const lines = devopsModeYamlLines(DEVOPS_MODE, pad);
  // First line: `- ` spaced as the file spaces it; the rest aligned with the item's content.
  const body = lines
    .map((l, i) => (i === 0 ? `${dashIndent}-${m[2]}${l.slice(2)}` : `${dashIndent}${l}`))
    .join(eol);
  const end = last.range[1];
  let at: number;
  if (text[end - 1] === '\n') at = end;
  else {
    const nl = text.indexOf('\n', end);
    at = nl < 0 ? text.length : nl + 1;
  }
  const prefix = at === text.length && !text.endsWith('\n') ? eol : '';
  return [{ start: at, end: at, newText: `${prefix}${body}${eol}` }];
}

/** The file's indentation unit: its first indented line's whitespace (two spaces when it has none). */
function jsonUnit(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  return m ? (m[1] as string) : '  ';
}

function leadingIndent(text: string, offset: number): string | undefined {
  const start = lineStartOf(text, offset);
  const before = text.slice(start, offset);
  return /^[ \t]*$/.test(before) ? before : undefined;
}

/**
 * Adds a member to a JSON array or object without touching anything already
 * there (jsonc-parser's `modify` reformats the siblings of what it inserts): after
 * the last member, on a line of its own at that member's indentation, or inline
 * when the members share a line; an empty `[]` or `{}` is opened.
 */
function insertJsonMember(text: string, container: JsonNode, key: string | undefined, value: unknown): TextEdit {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const unit = jsonUnit(text);
  const member = (indent: string) => {
    const body = JSON.stringify(value, null, unit).split('\n').join(`${eol}${indent}`);
    return key === undefined ? body : `${JSON.stringify(key)}: ${body}`;
  };
  const children = container.children ?? [];
  const last = children[children.length - 1];
  if (last) {
    const lastStart = container.type === 'object' ? (last.children?.[0]?.offset ?? last.offset) : last.offset;
    const indent = leadingIndent(text, lastStart);
    const at = last.offset + last.length;
    if (indent === undefined) return { start: at, end: at, newText: `, ${key === undefined ? JSON.stringify(value) : `${JSON.stringify(key)}: ${JSON.stringify(value)}`}` };
    return { start: at, end: at, newText: `,${eol}${indent}${member(indent)}` };
  }
  const outer = leadingIndent(text, container.offset) ?? /^[ \t]*/.exec(text.slice(lineStartOf(text, container.offset)))?.[0] ?? '';
  const [open, close] = container.type === 'array' ? ['[', ']'] : ['{', '}'];
  const inner = outer + unit;
  return { start: container.offset, end: container.offset + container.length, newText: `${open}${eol}${inner}${member(inner)}${eol}${outer}${close}` };
}

function jsonEdits(text: string): TextEdit[] | undefined {
  const tree = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (!tree || tree.type !== 'object') return undefined;
  const list = findNodeAtLocation(tree, ['customModes']);
  if (list && list.type !== 'array') return undefined;
  return [list ? insertJsonMember(text, list, undefined, DEVOPS_MODE) : insertJsonMember(text, tree, 'customModes', [DEVOPS_MODE])];
}

export type RegisterResult = { ok: true; text: string; edits: TextEdit[] } | { ok: false; reason: 'exists' | 'unreadable'; message: string };

/**
 * Registers the checker's MCP server in Roo Code's `.roo/mcp.json` (`text`
 * undefined: the file does not exist), keeping every other server and byte.
 */
export function registerMcpServer(text: string | undefined): RegisterResult {
  if (text === undefined || text.trim() === '') {
    const created = `${JSON.stringify({ mcpServers: { [MCP_SERVER_NAME]: MCP_SERVER_ENTRY } }, null, 2)}\n`;
    return { ok: true, text: created, edits: [{ start: 0, end: text?.length ?? 0, newText: created }] };
  }
  const tree = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (!tree || tree.type !== 'object') return { ok: false, reason: 'unreadable', message: `${MCP_CONFIG_PATH} is not a JSON object; fix it first.` };
  const servers = findNodeAtLocation(tree, ['mcpServers']);
  if (servers && servers.type !== 'object') return { ok: false, reason: 'unreadable', message: `\`mcpServers\` in ${MCP_CONFIG_PATH} is not an object; fix it first.` };
  if (findNodeAtLocation(tree, ['mcpServers', MCP_SERVER_NAME])) {
    return { ok: false, reason: 'exists', message: `The \`${MCP_SERVER_NAME}\` MCP server is already registered in ${MCP_CONFIG_PATH}.` };
  }
  const edits = [servers ? insertJsonMember(text, servers, MCP_SERVER_NAME, MCP_SERVER_ENTRY) : insertJsonMember(text, tree, 'mcpServers', { [MCP_SERVER_NAME]: MCP_SERVER_ENTRY })];
  return { ok: true, text: applyTextEdits(text, edits), edits };
}
