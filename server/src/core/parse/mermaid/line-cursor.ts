import { MermaidSyntaxError, quoteFound } from './problem';

/**
 * A position in one line of a diagram, for the hand-written parsers: both
 * flowcharts and sequence diagrams are line-oriented languages whose
 * statements end at a line break or a `;`.
 */
export class LineCursor {
  pos = 0;

  constructor(
    readonly text: string,
    /** The line's index in the diagram. */
    readonly line: number,
    start = 0,
  ) {
    this.pos = start;
  }

  get rest(): string {
    return this.text.slice(this.pos);
  }

  skipSpaces(): void {
    while (this.pos < this.text.length && (this.text[this.pos] === ' ' || this.text[this.pos] === '\t')) this.pos++;
  }

  /** True at the end of the line (spaces aside). */
  atEnd(): boolean {
    this.skipSpaces();
    return this.pos >= this.text.length;
  }

  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }

  /** Consumes `s` when it is next. */
  eat(s: string): boolean {
    if (!this.startsWith(s)) return false;
    this.pos += s.length;
    return true;
  }

  /** Consumes and returns the match of a sticky-anchored regular expression (`^…`), or undefined. */
  match(re: RegExp): string | undefined {
    const m = re.exec(this.rest);
    if (!m || m.index !== 0) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  /** Stops the parse: `expected`, found what is here (to the next space, or the end of the line). */
  fail(expected: string, at = this.pos): never {
    const found = this.text.slice(at).match(/^\S*/)?.[0] ?? '';
    throw new MermaidSyntaxError({
      line: this.line,
      column: at,
      length: Math.max(1, Math.min(found.length, this.text.length - at)),
      message: `expected ${expected}, found ${quoteFound(found)}`,
    });
  }

  /** Stops the parse with a message of its own, underlining `length` characters from `at`. */
  error(message: string, at = this.pos, length = 1): never {
    throw new MermaidSyntaxError({ line: this.line, column: at, length, message });
  }
}
