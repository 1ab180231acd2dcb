/**
 * What the mermaid checks say about a diagram: the first error, at a line and
 * column of the diagram's own text (0-based, UTF-16), so the caller maps it into
 * the file that holds the diagram.
 */
export interface MermaidProblem {
  line: number;
  column: number;
  /** Characters to underline from the column; at least 1 where the line has any. */
  length: number;
  message: string;
}

/** Thrown by the hand-written parsers to stop at the first error. */
export class MermaidSyntaxError extends Error {
  constructor(readonly problem: MermaidProblem) {
    super(problem.message);
  }
}

/** The problem a hand-written parser stops at, or undefined when `parse` runs to the end. */
export function firstProblem(parse: () => void): MermaidProblem | undefined {
  try {
    parse();
    return undefined;
  } catch (error) {
    if (error instanceof MermaidSyntaxError) return error.problem;
    throw error;
  }
}

/** How a piece of source text is quoted in a message: its first 30 characters, or `end of line`. */
export function quoteFound(text: string): string {
  const t = text.trim();
  if (t === '') return 'end of line';
  return `\`${t.length > 30 ? `${t.slice(0, 30)}…` : t}\``;
}
