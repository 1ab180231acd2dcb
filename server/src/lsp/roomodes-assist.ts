/**
 * The editor's help in a Roo Code modes file (`.roomodes`, `custom_modes.yaml`):
 * a hover on an `edit` group's `fileRegex` lists the workspace files it lets the
 * mode edit (the first 20 and a count), and completion offers the keys of the
 * format and the tool group names. The facts come from the core
 * (`parse/roomodes.ts`, `roo/file-regex.ts`); only the LSP shapes are made here.
 */
import { type CompletionItem, CompletionItemKind, type CompletionList, type Hover, MarkupKind, type TextDocumentPositionParams } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { kindByPath, type KindPatterns } from '../core/detect';
import { rooModes, TOOL_GROUPS } from '../core/parse/roomodes';
import { filesAllowedBy } from '../core/roo/file-regex';
import { SourceFile } from '../core/source';
import { lineContextAt, type Segment } from './yaml-cursor';

export const ROOMODES_COMPLETION_TRIGGERS = [' '] as const;

const ROOT_KEYS: [string, string][] = [['customModes', 'The custom modes of this project (or of every project, in the global file).']];
const MODE_KEYS: [string, string][] = [
  ['slug', 'The mode\'s id: letters, digits and dashes. Names its rules folder `.roo/rules-<slug>/`.'],
  ['name', 'The name shown in the mode picker.'],
  ['roleDefinition', 'Who the mode is: the start of its system prompt.'],
  ['whenToUse', 'When the orchestrator should pick this mode.'],
  ['description', 'A short summary shown in the mode picker.'],
  ['customInstructions', 'Instructions added after the tool descriptions.'],
  ['groups', 'The tool groups the mode may use.'],
  ['source', '`global` or `project`: where the mode was defined.'],
];
const OPTION_KEYS: [string, string][] = [
  ['fileRegex', 'A JavaScript regular expression over workspace-relative paths: the files this group may edit.'],
  ['description', 'Says in words which files `fileRegex` allows.'],
];
const GROUP_DOCS: Record<string, string> = {
  read: 'Read files, list folders, search the code.',
  edit: 'Write and change files; restrict with `[edit, { fileRegex: … }]`.',
  command: 'Run commands in the terminal.',
  mcp: 'Call the tools of MCP servers.',
  modes: 'Switch modes and start tasks in other modes.',
};

export interface RooModesLocation {
  path: string;
  kinds: KindPatterns | undefined;
  /** The workspace-relative paths of the folder holding the file, when it is in one. */
  paths: Iterable<string> | undefined;
}

export class RooModesAssist {
  private last: { uri: string; version: number; file: SourceFile } | undefined;

  constructor(
    private readonly documents: { get(uri: string): TextDocument | undefined },
    private readonly locate: (uri: string) => RooModesLocation,
  ) {}

  hover(params: TextDocumentPositionParams): Hover | null {
    const found = this.document(params.textDocument.uri);
    if (!found) return null;
    const offset = found.buffer.offsetAt(params.position);
    for (const mode of rooModes(found.file).modes) {
      for (const group of mode.groups) {
        const node = group.fileRegex;
        const range = group.item.range;
        if (!node || group.name !== 'edit' || !range || offset < range[0] || offset > range[1]) continue;
        return {
          contents: { kind: MarkupKind.Markdown, value: allowedFilesMarkdown(mode.slug, String(node.value), found.location.paths) },
          range: { start: found.buffer.positionAt(node.range?.[0] ?? range[0]), end: found.buffer.positionAt(node.range?.[1] ?? range[1]) },
        };
      }
    }
    return null;
  }

  completion(params: TextDocumentPositionParams): CompletionList | null {
    const found = this.document(params.textDocument.uri);
    // Completion reads the block structure of YAML lines; a JSON modes file gets the hover only.
    if (!found || found.file.isJson) return null;
    const offset = found.buffer.offsetAt(params.position);
    const context = lineContextAt(found.file.text, offset);
    if (!context) return { isIncomplete: false, items: [] };
    const at = (p: number) => found.buffer.positionAt(p);
    const range = { start: at(context.start), end: at(context.end) };
    const items: CompletionItem[] = [];
    const keys = context.role === 'key' ? keysAt(context.path) : undefined;
    if (keys) {
      for (const [key, doc] of keys) {
        if (context.siblings.has(key)) continue;
        items.push({ label: key, kind: CompletionItemKind.Property, documentation: doc, textEdit: { range, newText: context.hasColon ? key : `${key}: ` } });
      }
    } else if (isGroupItem(context.path)) {
      const present = presentGroups(found.file, offset);
      for (const name of TOOL_GROUPS) {
        if (present.has(name)) continue;
        items.push({ label: name, kind: CompletionItemKind.EnumMember, documentation: GROUP_DOCS[name], textEdit: { range, newText: name } });
      }
    } else if (context.role === 'value' && context.path[context.path.length - 1] === 'source') {
      for (const v of ['project', 'global']) items.push({ label: v, kind: CompletionItemKind.EnumMember, textEdit: { range, newText: `${context.needsSpace ? ' ' : ''}${v}` } });
    }
    return { isIncomplete: false, items };
  }

  private document(uri: string): { buffer: TextDocument; file: SourceFile; location: RooModesLocation } | undefined {
    const buffer = this.documents.get(uri);
    if (!buffer) return undefined;
    const location = this.locate(uri);
    if (kindByPath(location.path, location.kinds) !== 'roomodes') return undefined;
    if (this.last?.uri !== uri || this.last.version !== buffer.version) {
      this.last = { uri, version: buffer.version, file: new SourceFile(location.path, 'roomodes', buffer.getText()) };
    }
    return { buffer, file: this.last.file, location };
  }
}

/** The hover's text: the files the pattern allows, or why it is not run. */
export function allowedFilesMarkdown(slug: string | undefined, pattern: string, paths: Iterable<string> | undefined, limit = 20): string {
  const head = `**\`edit\` of mode \`${slug ?? '?'}\`**: files matching \`${pattern.replace(/`/g, "'")}\``;
  if (!paths) return `${head}\n\nOpen the file inside a workspace folder to see which files it allows.`;
  const allowed = filesAllowedBy(pattern, paths, limit);
  if (!allowed.ok) return `${head}\n\nNot matched against the workspace: ${allowed.reason}.`;
  if (allowed.count === 0) return `${head}\n\nNo file of the workspace matches: the mode can edit nothing yet (it may create files whose paths match).`;
  const list = allowed.first.map((p) => `- \`${p}\``).join('\n');
  const more = allowed.count > allowed.first.length ? `\n\n…and ${allowed.count - allowed.first.length} more.` : '';
  const skipped = allowed.skipped ? `\n\n${allowed.skipped} path(s) too long to test were left out.` : '';
  return `${head}\n\nThe mode may edit **${allowed.count}** file${allowed.count === 1 ? '' : 's'} of the workspace:\n\n${list}${more}${skipped}`;
}

function keysAt(path: readonly Segment[]): [string, string][] | undefined {
  if (path.length === 0) return ROOT_KEYS;
  if (path.length === 2 && path[0] === 'customModes' && typeof path[1] === 'number') return MODE_KEYS;
  if (path.length === 5 && path[2] === 'groups' && path[4] === 1) return OPTION_KEYS;
  return undefined;
}

/** A cursor typing an item of a mode's `groups` (`- ed`), or the first element of a `[group, options]` pair (`- - ed`). */
function isGroupItem(path: readonly Segment[]): boolean {
  if (path[0] !== 'customModes' || path[2] !== 'groups' || typeof path[3] !== 'number') return false;
  return path.length === 4 || (path.length === 5 && path[4] === 0);
}

/** The groups already listed by the mode the cursor is in. */
function presentGroups(file: SourceFile, offset: number): Set<string> {
  for (const mode of rooModes(file).modes) {
    const range = mode.node.range;
    if (!range || offset < range[0] || offset > range[2]) continue;
    return new Set(mode.groups.flatMap((g) => (g.name ? [g.name] : [])));
  }
  return new Set();
}
