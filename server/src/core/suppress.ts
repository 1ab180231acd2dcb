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
    else {
      const target = m[1] === 'disable-line' ? index : index + 1;
      result.lines.set(target, merge(result.lines.get(target), set));
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
