/**
 * One mermaid diagram checked the way mermaid reads it: front matter
 * (`---` … `---`) and `%%{init: …}%%` directives set aside, `%%` comment lines
 * ignored, the diagram type read from the first remaining line, then the body
 * parsed by the parser for that type — `@mermaid-js/parser` (mermaid's own
 * grammars) for the types it covers, this project's readers for flowcharts and
 * sequence diagrams, and the header alone for the other types mermaid knows.
 */
import { closest } from '../../suggest';
import { checkFlowchart } from './flowchart';
import { type LibraryDiagramType, mermaidLibrary } from './library';
import type { MermaidProblem } from './problem';
import { checkSequence } from './sequence';

export type MermaidParserKind = 'flowchart' | 'sequence' | 'library' | 'header';

export interface MermaidDiagramType {
  /** The word that opens the diagram: `flowchart`, `sequenceDiagram`, `architecture-beta`. */
  keyword: string;
  parser: MermaidParserKind;
  /** The library grammar, for `parser: 'library'`. */
  library?: LibraryDiagramType;
}

const LIBRARY_KEYWORDS: Record<string, LibraryDiagramType> = {
  info: 'info',
  packet: 'packet',
  'packet-beta': 'packet',
  pie: 'pie',
  architecture: 'architecture',
  'architecture-beta': 'architecture',
  gitGraph: 'gitGraph',
  'radar-beta': 'radar',
  treemap: 'treemap',
  'treemap-beta': 'treemap',
  'treeView-beta': 'treeView',
  eventmodeling: 'eventmodeling',
  'wardley-beta': 'wardley',
  'cynefin-beta': 'cynefin',
  'railroad-beta': 'railroad',
  'railroad-ebnf-beta': 'railroadEbnf',
  'railroad-abnf-beta': 'railroadAbnf',
  'railroad-peg-beta': 'railroadPeg',
};

/** Types mermaid renders that are checked by their header only. */
const HEADER_ONLY = [
  'classDiagram',
  'classDiagram-v2',
  'stateDiagram',
  'stateDiagram-v2',
  'erDiagram',
  'gantt',
  'journey',
  'mindmap',
  'timeline',
  'C4Context',
  'C4Container',
  'C4Component',
  'C4Dynamic',
  'C4Deployment',
  'quadrantChart',
  'xychart',
  'xychart-beta',
  'requirementDiagram',
  'sankey',
  'sankey-beta',
  'block',
  'block-beta',
  'kanban',
  'zenuml',
  'ishikawa',
  'ishikawa-beta',
  'venn-beta',
  'usecase-beta',
  'agentflow-beta',
  'swimlane-beta',
];

export const MERMAID_DIAGRAM_TYPES: readonly MermaidDiagramType[] = [
  { keyword: 'flowchart', parser: 'flowchart' },
  { keyword: 'graph', parser: 'flowchart' },
  { keyword: 'flowchart-elk', parser: 'flowchart' },
  { keyword: 'sequenceDiagram', parser: 'sequence' },
  ...Object.entries(LIBRARY_KEYWORDS).map(([keyword, library]) => ({ keyword, parser: 'library' as const, library })),
  ...HEADER_ONLY.map((keyword) => ({ keyword, parser: 'header' as const })),
];

const BY_KEYWORD = new Map(MERMAID_DIAGRAM_TYPES.map((t) => [t.keyword, t]));

export interface MermaidCheck {
  /** The diagram's type, when its header names a known one. */
  type: MermaidDiagramType | undefined;
  problem: MermaidProblem | undefined;
}

/** Checks one diagram, given as its lines (no line breaks in them). */
export function checkMermaid(source: readonly string[]): MermaidCheck {
  const lines = [...source];
  const prepared = setAside(lines);
  if (prepared) return { type: undefined, problem: prepared };
  const header = lines.findIndex((l) => l.trim() !== '');
  if (header < 0) return { type: undefined, problem: { line: 0, column: 0, length: 0, message: 'the mermaid block is empty; expected a diagram type such as `flowchart LR` or `sequenceDiagram`' } };
  const column = lines[header].length - lines[header].trimStart().length;
  const word = /^[A-Za-z0-9_-]+/.exec(lines[header].slice(column))?.[0] ?? '';
  const type = BY_KEYWORD.get(word);
  if (!type) {
    const known = MERMAID_DIAGRAM_TYPES.map((t) => t.keyword);
    const guess = word ? closest(word, known) : undefined;
    const shown = word || lines[header].trim().split(/\s+/)[0];
    return {
      type: undefined,
      problem: {
        line: header,
        column,
        length: Math.max(1, shown.length),
        message: `unknown diagram type \`${shown}\`${guess ? `; did you mean \`${guess}\`?` : '; expected one such as `flowchart`, `sequenceDiagram`, `classDiagram` or `architecture-beta`'}`,
      },
    };
  }
  const wordEnd = column + word.length;
  switch (type.parser) {
    case 'flowchart':
      return { type, problem: checkFlowchart(lines, header, wordEnd) };
    case 'sequence':
      return { type, problem: checkSequence(lines, header, wordEnd) };
    case 'library':
      return { type, problem: checkWithLibrary(type.library as LibraryDiagramType, lines, header, column) };
    default: {
      // The header alone: the type word, then nothing but a `;`, spaces or a comment on its line.
      const rest = lines[header].slice(wordEnd);
      if (rest.trim() !== '' && !/^\s*(?:;|%%)/.test(rest) && !/^\s/.test(rest)) {
        return { type: undefined, problem: { line: header, column, length: word.length + rest.trimEnd().length, message: `unknown diagram type \`${(word + rest).trim()}\`` } };
      }
      return { type, problem: undefined };
    }
  }
}

/**
 * Front matter and directives, turned into empty lines (so every other line
 * keeps its number), and `%%` comment lines too; or the problem when one of
 * them is never closed.
 */
function setAside(lines: string[]): MermaidProblem | undefined {
  let i = 0;
  if (lines[0]?.trim() === '---') {
    const close = lines.findIndex((l, k) => k > 0 && l.trim() === '---');
    if (close < 0) return { line: 0, column: 0, length: 3, message: 'the front matter opened by `---` is never closed; expected a `---` line' };
    for (; i <= close; i++) lines[i] = '';
  }
  for (; i < lines.length; i++) {
    const trimmed = lines[i].trimStart();
    if (trimmed.startsWith('%%{')) {
      let end = i;
      while (end < lines.length && !lines[end].includes('}%%')) end++;
      if (end === lines.length) {
        return { line: i, column: lines[i].length - trimmed.length, length: 3, message: 'the directive opened by `%%{` is never closed; expected `}%%`' };
      }
      for (let k = i; k <= end; k++) lines[k] = '';
      i = end;
    } else if (trimmed.startsWith('%%')) {
      lines[i] = '';
    }
  }
  return undefined;
}

function checkWithLibrary(type: LibraryDiagramType, lines: readonly string[], header: number, column: number): MermaidProblem | undefined {
  const library = mermaidLibrary();
  if ('failure' in library) {
    return { line: header, column, length: 1, message: `the diagram could not be checked: \`@mermaid-js/parser\` did not load (${library.failure})` };
  }
  // The library reads the diagram from its header on; the lines before it are empty and only shift the numbering.
  const error = library.firstError(type, lines.slice(header).join('\n'));
  if (!error) return undefined;
  const line = error.line !== undefined && error.line > 0 ? header + error.line - 1 : header;
  const text = lines[line] ?? '';
  const col = error.column !== undefined && error.column > 0 ? Math.min(error.column - 1, text.length) : column;
  const found = /^[A-Za-z][\w-]*/.exec(text.slice(col))?.[0];
  const guess = found && col === text.length - text.trimStart().length ? closest(found, STATEMENT_KEYWORDS[type] ?? []) : undefined;
  const message = guess ? `unknown statement \`${found}\`; did you mean \`${guess}\`?` : libraryMessage(error.message);
  return { line, column: col, length: Math.max(1, Math.min(error.length, text.length - col)), message };
}

/** The words that open a statement, per library grammar: a misspelt one gets the closest. */
const STATEMENT_KEYWORDS: Partial<Record<LibraryDiagramType, readonly string[]>> = {
  architecture: ['group', 'service', 'junction'],
  gitGraph: ['commit', 'branch', 'checkout', 'switch', 'merge', 'cherry-pick'],
  pie: ['title', 'showData'],
  radar: ['title', 'axis', 'curve', 'max', 'min', 'ticks', 'showLegend', 'graticule'],
  packet: ['title'],
};

/** Chevrotain's wording in ours: `Expecting token of type ':' but found `386`.` → expected `:`, found `386`. */
function libraryMessage(message: string): string {
  const token = /^Expecting token of type '([^']*)' but found `([^`]*)`\.?$/s.exec(message);
  if (token) return `expected \`${token[1]}\`, found ${token[2].trim() === '' ? 'end of line' : `\`${token[2]}\``}`;
  const alternatives = /^Expecting: one of these possible Token sequences:(.*)but found: '([^']*)'$/s.exec(message);
  if (alternatives) {
    const options = [...alternatives[1].matchAll(/\d+\.\s*\[([^\]]*)\]/g)].map((m) => `\`${m[1]}\``);
    return `expected ${options.slice(0, 6).join(', ')}${options.length > 6 ? ', …' : ''}; found ${alternatives[2].trim() === '' ? 'end of line' : `\`${alternatives[2]}\``}`;
  }
  return message.replace(/\s+/g, ' ').trim().replace(/\.$/, '');
}
