/**
 * A reader of mermaid sequence diagrams, written for this project from the
 * syntax mermaid documents: participants and actors (with aliases), messages
 * with every arrow and activation marks, notes, blocks (`loop`, `alt`/`else`,
 * `opt`, `par`/`and`, `critical`/`option`, `break`, `rect`, `box`) closed by
 * `end`, `autonumber`, `activate`/`deactivate`, titles and links. Keywords are
 * case-insensitive and `#` starts a comment, as in mermaid's own lexer.
 */
import { LineCursor } from './line-cursor';
import { firstProblem, MermaidSyntaxError, type MermaidProblem } from './problem';

/** Arrows, longest first so `-->>` is not read as `-->` and a `>`. */
const ARROWS = ['<<-->>', '<<->>', '-->>', '->>', '-->', '->', '--x', '-x', '--)', '-)', '--|\\', '--|/', '-|\\', '-|/', '--\\\\', '--//', '-\\\\', '-//'];
const ARROW = new RegExp(ARROWS.map((a) => a.replace(/[\\|/()]/g, (ch) => `\\${ch}`)).join('|'));

const BLOCKS = new Set(['loop', 'alt', 'opt', 'par', 'par_over', 'critical', 'break', 'rect', 'box']);
/** Keywords that divide a block, and the blocks they may divide. */
const DIVIDERS: Record<string, readonly string[]> = { else: ['alt'], and: ['par', 'par_over'], option: ['critical'] };

interface Block {
  keyword: string;
  line: number;
  column: number;
}

export function checkSequence(lines: readonly string[], header: number, headerWordEnd: number): MermaidProblem | undefined {
  return firstProblem(() => parse(lines, header, headerWordEnd));
}

function parse(lines: readonly string[], header: number, headerWordEnd: number): void {
  const open: Block[] = [];
  const first = new LineCursor(lines[header], header, headerWordEnd);
  statements(first, open);
  let inDescription = false;
  for (let i = header + 1; i < lines.length; i++) {
    const c = new LineCursor(lines[i], i);
    if (inDescription) {
      if (lines[i].includes('}')) inDescription = false;
      continue;
    }
    if (/^\s*accDescr\s*\{/i.test(lines[i])) {
      inDescription = !lines[i].includes('}');
      continue;
    }
    statements(c, open);
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

function statements(c: LineCursor, open: Block[]): void {
  for (;;) {
    if (c.atEnd() || c.startsWith('%%') || c.startsWith('#')) return;
    if (c.eat(';')) continue;
    statement(c, open);
    if (c.atEnd() || c.startsWith('%%') || c.startsWith('#')) return;
    if (!c.eat(';')) c.fail('`;` or the end of the line');
  }
}

/** The rest of the statement: up to a `;` or a `#` comment. */
function restOfStatement(c: LineCursor): string {
  return c.match(/^[^;#]*/) ?? '';
}

function statement(c: LineCursor, open: Block[]): void {
  const start = c.pos;
  const word = /^[A-Za-z_]+/.exec(c.rest)?.[0] ?? '';
  const lower = word.toLowerCase();
  const next = c.text[start + word.length];
  const bounded = next === undefined || /[\s;:#]/.test(next);
  if (bounded) {
    if (BLOCKS.has(lower)) {
      c.pos += word.length;
      restOfStatement(c);
      open.push({ keyword: lower, line: c.line, column: start });
      return;
    }
    if (lower in DIVIDERS) {
      c.pos += word.length;
      const inner = open[open.length - 1];
      if (!inner || !DIVIDERS[lower].includes(inner.keyword)) {
        c.error(`\`${lower}\` belongs inside ${DIVIDERS[lower].map((b) => `\`${b}\``).join(' or ')}${inner ? `, not \`${inner.keyword}\`` : ''}`, start, word.length);
      }
      restOfStatement(c);
      return;
    }
    switch (lower) {
      case 'end':
        c.pos += word.length;
        if (!open.pop()) c.error('`end` closes nothing: no `loop`, `alt`, `opt`, `par`, `critical`, `break`, `rect` or `box` is open', start, 3);
        return;
      case 'participant':
      case 'actor':
        c.pos += word.length;
        participant(c);
        return;
      case 'create':
        c.pos += word.length;
        c.skipSpaces();
        if (!c.match(/^(?:participant|actor)\b/i)) c.fail('`participant` or `actor` after `create`');
        participant(c);
        return;
      case 'destroy':
      case 'activate':
      case 'deactivate':
        c.pos += word.length;
        c.skipSpaces();
        if (restOfStatement(c).trim() === '') c.fail(`a participant after \`${lower}\``);
        return;
      case 'autonumber':
        c.pos += word.length;
        c.skipSpaces();
        if (!c.match(/^off\b/i)) {
          c.match(/^\d+/);
          c.skipSpaces();
          c.match(/^\d+/);
        }
        return;
      case 'note':
        c.pos += word.length;
        note(c);
        return;
      case 'title':
      case 'acctitle':
      case 'accdescr':
        c.pos += word.length;
        c.skipSpaces();
        if (lower !== 'title' && !c.eat(':')) c.fail('`:`');
        c.eat(':');
        restOfStatement(c);
        return;
      case 'link':
      case 'links':
      case 'properties':
      case 'details':
        c.pos += word.length;
        c.skipSpaces();
        if (!c.match(/^[^:;#]+/)) c.fail(`a participant after \`${lower}\``);
        if (!c.eat(':')) c.fail('`:` before the link');
        c.pos = c.text.length;
        return;
    }
  }
  message(c);
}

/** `participant A`, `participant A as Alice`, `actor A@{ "type": "database" }`. */
function participant(c: LineCursor): void {
  c.skipSpaces();
  const name = c.match(/^[^<>:\n,;@#\s]+/);
  if (!name) c.fail('a participant name');
  c.skipSpaces();
  if (c.startsWith('@{')) {
    const close = c.text.indexOf('}', c.pos);
    if (close < 0) c.error('expected `}` to close the participant\'s `@{`', c.pos, 2);
    c.pos = close + 1;
    c.skipSpaces();
  }
  const rest = restOfStatement(c);
  if (rest.trim() === '') return;
  if (!/^as\s+\S/i.test(rest)) {
    // A name with spaces is allowed; only one that runs into `:` or `<`/`>` is not, and those stopped `name`.
    if (/[<>:,]/.test(rest)) c.error(`unexpected \`${rest.trim()}\` after the participant; write \`participant ${name} as …\` for an alias`, c.pos - rest.length, rest.length);
  }
}

/** `Note left of A: text`, `Note right of A: text`, `Note over A,B: text`. */
function note(c: LineCursor): void {
  c.skipSpaces();
  if (!c.match(/^(?:left\s+of|right\s+of|over)\b/i)) c.fail('`left of`, `right of` or `over` after `Note`');
  c.skipSpaces();
  if (!c.match(/^[^:,;#]+/)) c.fail('a participant');
  if (c.eat(',')) {
    c.skipSpaces();
    if (!c.match(/^[^:,;#]+/)) c.fail('a second participant after `,`');
  }
  if (!c.eat(':')) c.fail('`:` and the note\'s text');
  restOfStatement(c);
}

/** `A->>B: text`, `A-)+B: text`, `A--x-B: text`. */
function message(c: LineCursor): void {
  const start = c.pos;
  const stop = /[;#:]/.exec(c.rest);
  const head = stop ? c.rest.slice(0, stop.index) : c.rest;
  const arrow = ARROW.exec(head);
  if (!arrow) {
    c.error(
      `expected a message (\`A->>B: text\`) or a statement (\`participant\`, \`Note\`, \`loop\`, \`alt\`, …), found \`${head.trim() || c.rest.trim()}\``,
      start,
      Math.max(1, (head.trim() || c.rest.trim()).length),
    );
  }
  if (head.slice(0, arrow.index).trim() === '') c.fail('a participant before the arrow');
  c.pos = start + arrow.index + arrow[0].length;
  c.skipSpaces();
  if (c.eat('+') || c.eat('-')) c.skipSpaces();
  if (!c.match(/^[^:;#<>]*[^:;#<>\s]/)) c.fail(`a participant after \`${arrow[0]}\``);
  c.skipSpaces();
  if (!c.eat(':')) c.fail('`:` and the message text');
  restOfStatement(c);
}
