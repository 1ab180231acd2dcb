/**
 * A recursive-descent reader of mermaid flowcharts (`flowchart` / `graph`),
 * written for this project from the diagram syntax as mermaid documents it: it
 * builds no graph, it only finds the first statement mermaid would refuse and
 * says which token it expected there. Precision first: where mermaid accepts
 * more than its documentation shows (spaces before a shape, ids with dots),
 * this reader accepts it too.
 */
import { LineCursor } from './line-cursor';
import { firstProblem, MermaidSyntaxError, type MermaidProblem } from './problem';

export const FLOWCHART_DIRECTIONS = ['TB', 'TD', 'BT', 'RL', 'LR'];

/** A node id: letters, digits and the punctuation mermaid takes in ids; a `-` only where it starts no arrow. */
const ID = /^(?:[\p{L}\p{N}_!#$%'*+.?\\/`]|-(?![-.>=]))+/u;

/** Shape openers and their closers, longest first so `((` wins over `(`. */
const SHAPES: readonly [open: string, close: readonly string[]][] = [
  ['(((', [')))']],
  ['((', ['))']],
  ['([', ['])']],
  ['[[', [']]']],
  ['[(', [')]']],
  ['[/', ['/]', '\\]']],
  ['[\\', ['\\]', '/]']],
  ['{{', ['}}']],
  ['(', [')']],
  ['[', [']']],
  ['{', ['}']],
  ['>', [']']],
];

/** An arrow written in one piece: `-->`, `---`, `--x`, `<-->`, `==>`, `-.->`, `~~~`; lengthened forms too. */
const LINK = /^(?:[xo<]?(?:-{2,}[->xo]|={2,}[=>xo]|-?\.+-[>xo]?)|~{3,})/;
/** The first half of an arrow with its text inside: `-- text -->`, `== text ==>`, `-. text .->`. */
const LINK_START = /^[xo<]?(?:--|==|-\.)/;
const LINK_END: Record<string, RegExp> = {
  '--': /-{2,}[->xo]/,
  '==': /={2,}[=>xo]/,
  '-.': /-?\.+-[>xo]?/,
};
/** An edge id before its arrow (`e1@-->`). */
const EDGE_ID = /^[\p{L}\p{N}_]+@(?=[-=.~<xo])/u;

const ARROWS = 'an arrow (`-->`, `---`, `-.->`, `==>`)';

interface Block {
  keyword: 'subgraph';
  line: number;
  column: number;
}

/**
 * The first error of the flowchart whose header (`flowchart LR`) is on line
 * `header`, or undefined. `lines` are the diagram's lines; blank, comment and
 * directive lines must already be empty or start with `%%`.
 */
export function checkFlowchart(lines: readonly string[], header: number, headerWordEnd: number): MermaidProblem | undefined {
  return firstProblem(() => parse(lines, header, headerWordEnd));
}

function parse(lines: readonly string[], header: number, headerWordEnd: number): void {
  const open: Block[] = [];
  const head = new LineCursor(lines[header], header, headerWordEnd);
  head.skipSpaces();
  // The direction: a word, or mermaid's arrow-like shorthands.
  if (!head.match(/^(?:TB|TD|BT|RL|LR)\b/) && !head.match(/^[<>^v](?=\s|;|$)/) && !head.atEnd() && !head.startsWith(';')) {
    head.fail('a direction (`TB`, `TD`, `BT`, `RL` or `LR`) or the end of the line');
  }
  statements(head, open);
  let inDescription = false;
  for (let i = header + 1; i < lines.length; i++) {
    let text = lines[i];
    const first = i;
    // A quoted label may run over several lines (Markdown strings): read them as one statement.
    while (quoteCount(text) % 2 === 1 && i + 1 < lines.length) text += ` ${lines[++i]}`;
    const cursor = new LineCursor(text, first);
    if (inDescription) {
      if (text.includes('}')) inDescription = false;
      continue;
    }
    if (cursor.atEnd()) continue;
    if (/^accDescr\s*\{/.test(cursor.rest)) {
      inDescription = !cursor.rest.includes('}');
      continue;
    }
    statements(cursor, open);
  }
  const unclosed = open[open.length - 1];
  if (unclosed) {
    throw new MermaidSyntaxError({
      line: unclosed.line,
      column: unclosed.column,
      length: unclosed.keyword.length,
      message: `\`${unclosed.keyword}\` is never closed; expected \`end\``,
    });
  }
}

function quoteCount(text: string): number {
  let n = 0;
  for (const ch of text) if (ch === '"') n++;
  return n;
}

/** The statements of one line, separated by `;`. */
function statements(c: LineCursor, open: Block[]): void {
  for (;;) {
    if (c.atEnd() || c.startsWith('%%')) return;
    if (c.eat(';')) continue;
    statement(c, open);
    if (c.atEnd() || c.startsWith('%%')) return;
    if (!c.eat(';')) c.fail(`${ARROWS}, \`&\`, \`;\` or the end of the line`);
  }
}

function statement(c: LineCursor, open: Block[]): void {
  const start = c.pos;
  const word = /^[A-Za-z]+/.exec(c.rest)?.[0] ?? '';
  const after = c.text[start + word.length];
  const isKeyword = after === undefined || after === ' ' || after === '\t' || after === ';' || (word.startsWith('acc') && after === ':');
  if (isKeyword) {
    switch (word) {
      case 'subgraph':
        c.pos += word.length;
        if (c.atEnd()) c.fail('a subgraph id or title');
        open.push({ keyword: 'subgraph', line: c.line, column: start });
        subgraphTitle(c);
        return;
      case 'end':
        c.pos += word.length;
        if (!open.pop()) c.error('`end` closes nothing: no `subgraph` is open (a node cannot be named `end`; write `End` or `e[end]`)', start, 3);
        return;
      case 'direction':
        c.pos += word.length;
        c.skipSpaces();
        if (!c.match(/^(?:TB|TD|BT|RL|LR)\b/)) c.fail('a direction (`TB`, `TD`, `BT`, `RL` or `LR`)');
        return;
      case 'classDef':
      case 'style':
      case 'class':
      case 'linkStyle':
      case 'click':
        c.pos += word.length;
        twoParts(c, word);
        return;
      case 'accTitle':
      case 'accDescr':
        c.pos += word.length;
        c.skipSpaces();
        if (!c.eat(':')) c.fail('`:`');
        c.pos = c.text.length;
        return;
    }
  }
  chain(c);
}

/** `subgraph id`, `subgraph id [title]`, `subgraph "title"`, `subgraph title words`. */
function subgraphTitle(c: LineCursor): void {
  if (c.startsWith('"')) {
    quoted(c);
    return;
  }
  const id = c.match(/^[^\s[;]+/);
  c.skipSpaces();
  if (id && c.startsWith('[')) {
    shape(c, '[', [']']);
    return;
  }
  // A title of several words runs to the end of the statement.
  c.match(/^[^;]*/);
}

/** `classDef name styles`, `class a,b name`, `style id styles`, `linkStyle 0,1 styles`, `click id …`. */
function twoParts(c: LineCursor, keyword: string): void {
  c.skipSpaces();
  if (!c.match(/^[^\s;]+/)) c.fail(keyword === 'linkStyle' ? 'a link number or `default`' : keyword === 'classDef' ? 'a class name' : 'a node id');
  c.skipSpaces();
  if (c.atEnd() || c.startsWith(';')) c.fail(keyword === 'class' ? 'a class name' : keyword === 'click' ? 'a callback or a link' : 'styles such as `fill:#f9f`');
  // Styles and callbacks may hold anything up to the end of the statement; a `;` in quotes stays inside.
  while (!c.atEnd() && !c.startsWith(';')) {
    if (c.startsWith('"')) quoted(c);
    else c.pos++;
  }
}

/** `a & b --> c --o d & e`. */
function chain(c: LineCursor): void {
  group(c);
  for (;;) {
    c.skipSpaces();
    if (c.atEnd() || c.startsWith(';') || c.startsWith('%%')) return;
    if (!edge(c)) c.fail(`${ARROWS}, \`&\`, \`;\` or the end of the line`);
    c.skipSpaces();
    if (c.atEnd() || c.startsWith(';')) c.fail('a node after the arrow');
    group(c);
  }
}

function group(c: LineCursor): void {
  node(c);
  for (;;) {
    c.skipSpaces();
    if (!c.eat('&')) return;
    c.skipSpaces();
    node(c);
  }
}

function node(c: LineCursor): void {
  const start = c.pos;
  if (!c.match(ID)) c.fail('a node id');
  const afterId = c.pos;
  c.skipSpaces();
  if (c.startsWith('@{')) {
    c.pos += 1;
    shape(c, '{', ['}']);
  } else {
    const found = SHAPES.find(([openWith]) => c.startsWith(openWith));
    // `>` after a space is no shape: `a >b` is not written; after an id with no space, it opens the flag shape.
    if (found && !(found[0] === '>' && c.pos !== afterId)) shape(c, found[0], found[1]);
    else c.pos = afterId;
  }
  if (c.eat(':::')) {
    if (!c.match(/^[\p{L}\p{N}_-]+/u)) c.fail('a class name after `:::`');
  }
  if (c.pos === start) c.fail('a node id');
}

/** A shape's text and its closer: quoted text, or plain text without brackets. */
function shape(c: LineCursor, openWith: string, closers: readonly string[]): void {
  const openAt = c.pos;
  c.pos += openWith.length;
  c.skipSpaces();
  if (c.startsWith('"')) {
    quoted(c);
    c.skipSpaces();
    const closer = closers.find((x) => c.startsWith(x));
    if (!closer) c.fail(`\`${closers[0]}\` to close the node's text opened by \`${openWith}\``);
    c.pos += closer.length;
    return;
  }
  for (;;) {
    if (c.pos >= c.text.length) c.error(`expected \`${closers[0]}\` to close \`${openWith}\` before the end of the line`, openAt, openWith.length);
    const closer = closers.find((x) => c.startsWith(x));
    if (closer) {
      c.pos += closer.length;
      return;
    }
    const ch = c.text[c.pos];
    if (openWith !== '{' && '[](){}'.includes(ch)) {
      c.error(`expected \`${closers[0]}\` to close \`${openWith}\`, found \`${ch}\`; put text with brackets in quotes: \`${openWith}"…"${closers[0]}\``, c.pos, 1);
    }
    c.pos++;
  }
}

function quoted(c: LineCursor): void {
  const at = c.pos;
  c.pos++;
  const end = c.text.indexOf('"', c.pos);
  if (end < 0) c.error('this quote is never closed on its line', at, 1);
  c.pos = end + 1;
}

/** An arrow, with its text (`-->|text|` or `-- text -->`); false when none is here. */
function edge(c: LineCursor): boolean {
  const start = c.pos;
  c.match(EDGE_ID);
  const link = c.match(LINK);
  if (link) {
    c.skipSpaces();
    if (c.startsWith('|')) {
      const end = c.text.indexOf('|', c.pos + 1);
      if (end < 0) c.error('expected `|` to close the arrow\'s text', c.pos, 1);
      c.pos = end + 1;
    }
    return true;
  }
  const open = c.match(LINK_START);
  if (!open) {
    c.pos = start;
    return false;
  }
  const kind = open.replace(/^[xo<]/, '');
  const rest = c.rest;
  const end = LINK_END[kind].exec(rest);
  if (!end || rest.slice(0, end.index).trim() === '') {
    const written = c.text.slice(start).trimEnd();
    c.error(`the arrow \`${written}\` has no end; expected its text, then \`${kind === '--' ? '-->' : kind === '==' ? '==>' : '.->'}\``, start, written.length);
  }
  c.pos += end.index + end[0].length;
  return true;
}
