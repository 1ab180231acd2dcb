/**
 * Values a plan document states in one of its sections: a duration after an
 * objective (`RTO: 4 hours`, a table column of RPOs), and alert thresholds (a
 * number with a unit, a comparison). Read line by line over the section's text,
 * code blocks included (a Prometheus rule's `expr: … > 0.05` states a threshold),
 * mermaid diagrams excluded.
 */
import type { SourceFile } from '../source';
import type { OffsetRange } from '../types';
import type { PlanSectionHeading } from './plan-doc';

const NUMBER_WORDS = 'an?|one|two|three|four|five|six|eight|ten|twelve|fifteen|twenty|thirty|sixty|twenty-four|forty-eight|seventy-two';
const TIME_UNIT = 'ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?';
/** A duration: `4 hours`, `15min`, `1h`, `PT4H`, `an hour`, `zero`, `0` (no data loss), `near-zero`. */
export const DURATION = new RegExp(
  `(?:\\b\\d+(?:[.,]\\d+)?\\s*(?:${TIME_UNIT})\\b|\\b(?:${NUMBER_WORDS})\\s+(?:${TIME_UNIT})\\b|\\bP(?:T?\\d+[HMSDW])+\\b|\\b(?:near[- ])?zero\\b|(?<![\\w.])0(?![\\w.%]))`,
  'i',
);

/**
 * A threshold: a comparison with a number (`> 500`, `>= 0.9`, `above 80`, `exceeds 2`),
 * a percentage, or a number with a unit of time, size or rate.
 */
export const THRESHOLD = new RegExp(
  [
    '[<>]=?\\s*-?\\d',
    '≥\\s*\\d|≤\\s*\\d',
    '\\b(?:above|over|exceeds?|exceeding|below|under|beyond|more than|less than|greater than|fewer than|at least|at most|reaches|hits|drops? (?:below|under))\\s+-?\\$?\\d',
    '\\d(?:[.,]\\d+)?\\s*%',
    `\\b\\d+(?:[.,]\\d+)?\\s*(?:${TIME_UNIT}|[kmgt]i?b|bytes?|rps|rpm|qps|req(?:uests)?/(?:s|sec|min)|errors?/(?:s|min)|cores?|vcpus?|millicores?)\\b`,
  ].join('|'),
  'i',
);

export interface SectionLine {
  text: string;
  start: number;
}

/** The section's lines, without those of mermaid blocks. */
export function sectionLines(file: SourceFile, section: PlanSectionHeading): SectionLine[] {
  const out: SectionLine[] = [];
  const mermaid: OffsetRange[] = file.markdown.fences.filter((f) => f.language === 'mermaid').map((f) => f.range);
  const { text } = file;
  let fence = 0;
  let at = section.body.start;
  while (at < section.body.end) {
    let end = at;
    while (end < section.body.end && text[end] !== '\n' && text[end] !== '\r') end++;
    // Lines and fences both in document order: one pointer into the fences.
    while (fence < mermaid.length && mermaid[fence].end <= at) fence++;
    if (!(fence < mermaid.length && mermaid[fence].start <= at)) out.push({ text: text.slice(at, end), start: at });
    at = end + (text[end] === '\r' && text[end + 1] === '\n' ? 2 : 1);
  }
  return out;
}

/**
 * A line that asks the author a question the repository cannot answer
 * (`> **Question for the author:** …`, as the generators write it): the value is
 * known to be missing and is asked for where it belongs, not forgotten.
 */
export const AUTHOR_QUESTION = /^\s*>\s*\*\*Question for the author:\*\*/i;

/** The section's open questions to the author. */
export function authorQuestions(file: SourceFile, section: PlanSectionHeading): SectionLine[] {
  return sectionLines(file, section).filter((line) => AUTHOR_QUESTION.test(line.text));
}

export interface ObjectiveState {
  /** The first place the objective is named, if anywhere. */
  named: OffsetRange | undefined;
  /** Whether a value is stated with it. */
  stated: boolean;
  /** Whether the only mentions without a value are open questions to the author. */
  asked: boolean;
}

/**
 * Whether a section names an objective (`RTO`) and states its value: on the line
 * that names it, or in a table whose header cell names it, in that column.
 */
export function objectiveState(file: SourceFile, section: PlanSectionHeading, name: RegExp): ObjectiveState {
  let named: OffsetRange | undefined;
  let asked = false;
  for (const line of sectionLines(file, section)) {
    const m = name.exec(line.text);
    if (!m) continue;
    // The value follows the name: `RTO: 4 hours`, `| RTO | 4 h |`, `RTO and RPO: 4 hours and 15 minutes`.
    if (DURATION.test(line.text.slice(m.index + m[0].length))) return { named: named ?? rangeIn(line, m), stated: true, asked: false };
    if (AUTHOR_QUESTION.test(line.text)) asked = true;
    else named ??= rangeIn(line, m);
  }
  for (const table of file.markdown.tables) {
    if (table.range.start < section.body.start || table.range.start >= section.body.end) continue;
    const [header, ...rows] = table.rows;
    for (const [column, cell] of (header?.cells ?? []).entries()) {
      if (!name.test(cell.text)) continue;
      named ??= cell.range;
      if (rows.some((r) => DURATION.test(r.cells[column]?.text ?? ''))) return { named, stated: true, asked: false };
    }
  }
  return { named, stated: false, asked: asked && named === undefined };
}

function rangeIn(line: SectionLine, m: RegExpExecArray): OffsetRange {
  return { start: line.start + m.index, end: line.start + m.index + m[0].length };
}
