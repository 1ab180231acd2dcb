import { visit } from 'yaml';
import { SourceFile } from './source';
import type { FileKind, Finding, TextEdit } from './types';

/**
 * Suppression comments, in the comment syntax of each kind:
 *   # roo-devops-disable-next-line package-manager/js-commands
 *   // roo-devops-disable-line yaml/syntax
 *   <!-- roo-devops-disable plan/require-sections -->
 * Without rule ids they silence every rule. Ids may be separated by commas or spaces.
 */
export type CommentStyle = 'hash' | 'slash' | 'hash-or-slash' | 'html' | 'none';

const STARTS: Record<CommentStyle, string> = {
  hash: '#',
  slash: '//|/\\*',
  'hash-or-slash': '#|//|/\\*',
  html: '<!--',
  none: '',
};

/** Fenced-block languages whose comments start with `#`, or with `//`. */
const HASH_LANGUAGES = new Set([
  'sh', 'bash', 'shell', 'zsh', 'ksh', 'dash', 'fish', 'yaml', 'yml', 'dockerfile', 'docker', 'containerfile',
  'python', 'py', 'toml', 'ini', 'make', 'makefile', 'ruby', 'rb', 'perl', 'r', 'powershell', 'ps1', 'pwsh',
  'properties', 'dotenv', 'env', 'nginx', 'conf', 'gitignore', 'requirements', 'pip-requirements',
]);
const SLASH_LANGUAGES = new Set([
  'js', 'javascript', 'mjs', 'cjs', 'jsx', 'ts', 'typescript', 'tsx', 'mts', 'cts', 'groovy', 'jenkinsfile',
  'gradle', 'java', 'kotlin', 'kt', 'kts', 'scala', 'go', 'rust', 'rs', 'c', 'cpp', 'c++', 'cs', 'csharp',
  'swift', 'dart', 'jsonc', 'json5', 'proto', 'protobuf',
]);
const HASH_OR_SLASH_LANGUAGES = new Set(['hcl', 'terraform', 'tf', 'tfvars']);
const HTML_LANGUAGES = new Set(['html', 'xml', 'svg', 'markdown', 'md', 'vue', 'svelte']);

/**
 * The comment syntax of a Markdown fenced block's language; 'none' for blocks
 * without a comment a suppression could use (JSON, terminal sessions whose `#`
 * is a root prompt, plain text, an unknown or missing language).
 */
export function fenceCommentStyle(language: string): CommentStyle {
  if (HASH_LANGUAGES.has(language)) return 'hash';
  if (SLASH_LANGUAGES.has(language)) return 'slash';
  if (HASH_OR_SLASH_LANGUAGES.has(language)) return 'hash-or-slash';
  if (HTML_LANGUAGES.has(language)) return 'html';
  return 'none';
}

function isMarkdown(file: SourceFile): boolean {
  return file.kind === 'plan-doc' || /\.md$/i.test(file.path);
}

export function commentStyle(kind: FileKind, path: string): CommentStyle {
  if (/\.json$/i.test(path) || kind === 'json' || kind === 'arm') return 'none';
  if (kind === 'plan-doc' || /\.md$/i.test(path)) return 'html';
  if (kind === 'jenkins' || /(^|\/)go\.mod$/.test(path)) return 'slash';
  if (kind === 'terraform') return 'hash-or-slash';
  return 'hash';
}

const DIRECTIVE = 'roo-devops-(disable-next-line|disable-line|disable)(?![\\w-])([^\\n]*)';

export interface Suppressions {
  file: Set<string> | 'all' | undefined;
  lines: Map<number, Set<string> | 'all'>;
}

function commentPattern(style: CommentStyle): RegExp | undefined {
  const starts = STARTS[style];
  if (starts === '') return undefined;
  return new RegExp(`(?:^|\\s)(?:${starts})\\s*${DIRECTIVE}`);
}

export function parseSuppressions(style: CommentStyle, lines: readonly string[]): Suppressions {
  return readDirectives(lines, () => style, () => undefined);
}

/**
 * The suppressions of a file. In Markdown each line is read in the syntax it
 * is written in: prose takes HTML comments, a fenced block's content the
 * comments of the block's language, and a whole-file `roo-devops-disable`
 * written inside a block silences that block only (a block is a file of its own).
 */
export function fileSuppressions(file: SourceFile): Suppressions | undefined {
  if (!file.text.includes('roo-devops-disable')) return undefined;
  const lines = file.lines;
  const texts = Array.from({ length: lines.lineCount }, (_, i) => lines.lineText(i));
  const style = commentStyle(file.kind, file.path);
  if (!isMarkdown(file) || style !== 'html') return parseSuppressions(style, texts);
  const fenceOfLine = new Map<number, { style: CommentStyle; lines: [number, number] }>();
  const fenceLines = new Set<number>();
  for (const fence of file.markdown.fences) {
    const open = lines.positionAt(fence.open.start).line;
    const last = open + fence.lines.length;
    const scope = { style: fenceCommentStyle(fence.language), lines: [open + 1, last] as [number, number] };
    for (let line = open + 1; line <= last; line++) fenceOfLine.set(line, scope);
    fenceLines.add(open);
    if (fence.close) fenceLines.add(lines.positionAt(fence.close.start).line);
  }
  return readDirectives(
    texts,
    (line) => fenceOfLine.get(line)?.style ?? (fenceLines.has(line) ? 'none' : 'html'),
    (line) => fenceOfLine.get(line)?.lines,
  );
}

/**
 * Directives of every line, each line read in `styleOf(line)`; a whole-file
 * directive on a line with a `scopeOf` applies to those lines only.
 */
function readDirectives(
  lines: readonly string[],
  styleOf: (line: number) => CommentStyle,
  scopeOf: (line: number) => [number, number] | undefined,
): Suppressions {
  const result: Suppressions = { file: undefined, lines: new Map() };
  const patterns = new Map<CommentStyle, RegExp | undefined>();
  const add = (target: number, set: Set<string> | 'all') => result.lines.set(target, merge(result.lines.get(target), set));
  lines.forEach((line, index) => {
    if (!line.includes('roo-devops-disable')) return;
    const style = styleOf(index);
    if (!patterns.has(style)) patterns.set(style, commentPattern(style));
    const m = patterns.get(style)?.exec(line);
    if (!m) return;
    const ids = m[2]
      .replace(/(-->|\*\/).*$/, '')
      .split(/[\s,]+/)
      .filter((s) => /^[a-z0-9-]+\/[a-z0-9-]+$/.test(s));
    const set: Set<string> | 'all' = ids.length ? new Set(ids) : 'all';
    if (m[1] === 'disable') {
      const scope = scopeOf(index);
      if (!scope) result.file = merge(result.file, set);
      else for (let target = scope[0]; target <= scope[1]; target++) add(target, set);
    } else if (m[1] === 'disable-line') add(index, set);
    else {
      add(index + 1, set);
      // A finding about the whole file (a requirements file, a lockfile) sits on the first line; a directive
      // inserted above it becomes that first line, and the finding moves onto it. A line that is only the
      // directive holds nothing else to report, so it is covered too: otherwise the comment silences nothing.
      if (line.slice(0, m.index).trim() === '') add(index, set);
    }
  });
  return result;
}

function merge(a: Set<string> | 'all' | undefined, b: Set<string> | 'all'): Set<string> | 'all' {
  if (a === 'all' || b === 'all') return 'all';
  return new Set([...(a ?? []), ...b]);
}

function covers(s: Set<string> | 'all' | undefined, ids: readonly string[]): boolean {
  return s === 'all' || (s !== undefined && ids.some((id) => s.has(id)));
}

/** Whether a directive covers the finding's line, naming its rule by its id or by one of the rule's former ids. */
export function isSuppressed(s: Suppressions, finding: Finding, line: number, formerIds: readonly string[] = []): boolean {
  const ids = formerIds.length ? [finding.ruleId, ...formerIds] : [finding.ruleId];
  return covers(s.file, ids) || covers(s.lines.get(line), ids);
}

/** The comment that disables `ruleId` on the line below, or undefined where the kind has no comments. */
export function disableNextLineComment(style: CommentStyle, ruleId: string): string | undefined {
  switch (style) {
    case 'none':
      return undefined;
    case 'html':
      return `<!-- roo-devops-disable-next-line ${ruleId} -->`;
    case 'slash':
      return `// roo-devops-disable-next-line ${ruleId}`;
    default:
      return `# roo-devops-disable-next-line ${ruleId}`;
  }
}

/**
 * Whether a comment line can be inserted above the line of `offset` without
 * changing what the file means: not after a line continuation (`\`), not inside
 * a YAML scalar that spans lines (the line would become part of the value, or
 * break it), not inside a folded block (the comment would fold into the command
 * after it), not inside a multi-line string of a Jenkinsfile, not inside a
 * fenced code block of a Markdown document.
 */
export function canInsertCommentAbove(file: SourceFile, offset: number): boolean {
  const lines = file.lines;
  const line = lines.positionAt(offset).line;
  if (line === 0) return true;
  if (/\\\s*$/.test(lines.lineText(line - 1))) return false;
  const lineStart = lines.starts[line];
  if (file.format === 'yaml') {
    let inside: unknown;
    for (const doc of file.yaml.documents) {
      visit(doc, {
        Scalar(_key, node) {
          const [start, end] = node.range ?? [0, 0];
          if (start < lineStart && offset < end) inside = node;
        },
      });
    }
    if (inside !== undefined) {
      const type = (inside as { type?: string }).type;
      // A literal block keeps lines as they are; the comment becomes a comment of the script it holds.
      if (type !== 'BLOCK_LITERAL') return false;
    }
    return true;
  }
  if (file.kind === 'jenkins') return /^\s*(sh|\/\/|$)/.test(lines.lineText(line)) && !insideTripleString(file.text, lineStart);
  if (isMarkdown(file)) return canInsertInMarkdown(file, offset);
  return true;
}

/**
 * Inside a fenced block, a comment of the block's language fits where it would
 * fit in the file the block shows (a YAML block is checked as YAML); prose takes
 * an HTML comment line, except inside a table or an indented code block.
 */
function canInsertInMarkdown(file: SourceFile, offset: number): boolean {
  const fence = file.markdown.fenceAt(offset);
  if (!fence) {
    const lineStart = file.lines.starts[file.lines.positionAt(offset).line];
    const inside = (r: { start: number; end: number }) => r.start < lineStart && lineStart < r.end;
    return !file.markdown.tables.some((t) => inside(t.range)) && !file.markdown.indentedCode.some(inside);
  }
  if (fenceCommentStyle(fence.language) === 'none') return false;
  const kind = FENCE_KINDS[fence.language];
  if (!kind) return true;
  const index = fence.lines.findIndex((l) => offset >= l.start && offset <= l.start + l.text.length);
  if (index < 0) return false;
  let inner = offset - fence.lines[index].start;
  for (let k = 0; k < index; k++) inner += fence.lines[k].text.length + 1;
  const content = fence.lines.map((l) => l.text).join('\n');
  return canInsertCommentAbove(new SourceFile(file.path.replace(/\.md$/i, `.${kind}`), kind, content), inner);
}

/** Fenced-block languages checked as the kind of file they show. */
const FENCE_KINDS: Record<string, FileKind> = { yaml: 'yaml', yml: 'yaml', dockerfile: 'dockerfile', docker: 'dockerfile', containerfile: 'dockerfile' };

/**
 * The edit that inserts a `disable-next-line` comment for `ruleId` above the
 * line of `offset`, in the comment syntax that line is written in (inside a
 * Markdown fence, the block's language), with the line's indentation and line
 * break; undefined where no comment can go there without changing the file.
 */
export function disableNextLineEdit(file: SourceFile, offset: number, ruleId: string): TextEdit | undefined {
  const lines = file.lines;
  const line = lines.positionAt(offset).line;
  const lineStart = lines.starts[line];
  const fence = isMarkdown(file) ? file.markdown.fenceAt(offset) : undefined;
  const style = fence ? fenceCommentStyle(fence.language) : commentStyle(file.kind, file.path);
  const comment = disableNextLineComment(style, ruleId);
  if (comment === undefined || !canInsertCommentAbove(file, offset)) return undefined;
  const text = lines.lineText(line);
  // Inside a fence the prefix is the container's (`> `, list indentation) and the fence's, then the line's own indentation.
  const contentStart = fence?.lines.find((l) => l.start >= lineStart && l.start <= lineStart + text.length)?.start ?? lineStart;
  const prefix = text.slice(0, contentStart - lineStart) + (/^[ \t]*/.exec(text.slice(contentStart - lineStart))?.[0] ?? '');
  const eol = line + 1 < lines.lineCount ? file.text.slice(lines.lineEnd(line), lines.starts[line + 1]) : '\n';
  return { start: lineStart, end: lineStart, newText: `${prefix}${comment}${eol || '\n'}` };
}

function insideTripleString(text: string, offset: number): boolean {
  const before = text.slice(0, offset);
  return ((before.match(/'''/g)?.length ?? 0) + (before.match(/"""/g)?.length ?? 0)) % 2 === 1;
}

/** The comment that disables `ruleId` in the whole file, or undefined where the kind has no comments. */
export function disableFileComment(style: CommentStyle, ruleId: string): string | undefined {
  return disableNextLineComment(style, ruleId)?.replace('roo-devops-disable-next-line', 'roo-devops-disable');
}

/**
 * The edit that inserts a whole-file `roo-devops-disable` comment for `ruleId`
 * near the top of the file, after what must stay first: a `#!` line, a
 * Dockerfile's parser directives (`# syntax=`, read only before any other
 * comment), a Markdown front matter block. Undefined where the kind has no comments.
 */
export function disableFileEdit(file: SourceFile, ruleId: string): TextEdit | undefined {
  const comment = disableFileComment(commentStyle(file.kind, file.path), ruleId);
  if (comment === undefined) return undefined;
  const lines = file.lines;
  let line = 0;
  if (lines.lineCount > 0 && lines.lineText(0).startsWith('#!')) line = 1;
  if (file.kind === 'dockerfile') {
    while (line < lines.lineCount && /^#\s*[A-Za-z][\w-]*\s*=/.test(lines.lineText(line))) line++;
  }
  if (isMarkdown(file) && line === 0 && /^---\s*$/.test(lines.lineText(0))) {
    for (let k = 1; k < lines.lineCount; k++) {
      if (/^(---|\.\.\.)\s*$/.test(lines.lineText(k))) {
        line = k + 1;
        break;
      }
    }
  }
  const eol = lines.lineCount > 1 ? file.text.slice(lines.lineEnd(0), lines.starts[1]) || '\n' : '\n';
  if (line >= lines.lineCount) {
    // Everything so far must stay first: the comment goes after the last line.
    const end = file.text.length;
    const sep = file.text.length === 0 || file.text.endsWith('\n') ? '' : eol;
    return { start: end, end, newText: `${sep}${comment}${eol}` };
  }
  const start = lines.starts[line];
  return { start, end: start, newText: `${comment}${eol}` };
}
