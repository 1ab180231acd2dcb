import { visit } from 'yaml';
import type { SourceFile } from './source';
import type { FileKind, Finding } from './types';

/**
 * Suppression comments, in the comment syntax of each kind:
 *   # roo-devops-disable-next-line package-manager/js-bun
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
  const result: Suppressions = { file: undefined, lines: new Map() };
  const re = commentPattern(style);
  if (!re) return result;
  lines.forEach((line, index) => {
    if (!line.includes('roo-devops-disable')) return;
    const m = re.exec(line);
    if (!m) return;
    const ids = m[2]
      .replace(/(-->|\*\/).*$/, '')
      .split(/[\s,]+/)
      .filter((s) => /^[a-z0-9-]+\/[a-z0-9-]+$/.test(s));
    const set: Set<string> | 'all' = ids.length ? new Set(ids) : 'all';
    if (m[1] === 'disable') result.file = merge(result.file, set);
    else if (m[1] === 'disable-line') result.lines.set(index, merge(result.lines.get(index), set));
    else {
      result.lines.set(index + 1, merge(result.lines.get(index + 1), set));
      // A finding about the whole file (a requirements file, a lockfile) sits on the first line; a directive
      // inserted above it becomes that first line, and the finding moves onto it. A line that is only the
      // directive holds nothing else to report, so it is covered too: otherwise the comment silences nothing.
      if (line.slice(0, m.index).trim() === '') result.lines.set(index, merge(result.lines.get(index), set));
    }
  });
  return result;
}

function merge(a: Set<string> | 'all' | undefined, b: Set<string> | 'all'): Set<string> | 'all' {
  if (a === 'all' || b === 'all') return 'all';
  return new Set([...(a ?? []), ...b]);
}

function covers(s: Set<string> | 'all' | undefined, ruleId: string): boolean {
  return s === 'all' || (s !== undefined && s.has(ruleId));
}

export function isSuppressed(s: Suppressions, finding: Finding, line: number): boolean {
  return covers(s.file, finding.ruleId) || covers(s.lines.get(line), finding.ruleId);
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
  if (file.kind === 'plan-doc') return !insideFence(file.text.slice(0, lineStart));
  return true;
}

function insideTripleString(text: string, offset: number): boolean {
  const before = text.slice(0, offset);
  return ((before.match(/'''/g)?.length ?? 0) + (before.match(/"""/g)?.length ?? 0)) % 2 === 1;
}

function insideFence(before: string): boolean {
  return (before.match(/^[ \t]*(```|~~~)/gm)?.length ?? 0) % 2 === 1;
}
