/**
 * Completion of the section headings of a plan document: on a line that holds
 * only `#` markers (and perhaps the start of a title), the sections the
 * document does not have yet, the one expected next first. Pure: the language
 * server turns the offers into completion items.
 */
import { planOutline } from '../parse/plan-doc';
import type { SourceFile } from '../source';
import type { OffsetRange } from '../types';
import { PLAN_SECTIONS, planDocumentKind, type PlanSection } from './sections';

export interface HeadingOffer {
  section: PlanSection;
  /** The heading to write, at the level the document's sections use: `## Disaster Recovery`. */
  heading: string;
  /** What the offer replaces: from the first `#` to the end of the line. */
  replace: OffsetRange;
  /** What the user typed matched against: their `#` markers and the title. */
  filterText: string;
}

/** A line being typed as a heading: up to three spaces, one to six `#`, maybe the start of a title. */
const TYPED_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+([^#\r\n]*))?$/;

export function headingOffers(file: SourceFile, offset: number): HeadingOffer[] {
  if (!planDocumentKind(file.path)) return [];
  const text = file.text;
  let lineStart = offset;
  while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
  let lineEnd = offset;
  while (lineEnd < text.length && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') lineEnd++;
  const typed = TYPED_HEADING.exec(text.slice(lineStart, offset));
  if (!typed || text.slice(offset, lineEnd).trim() !== '' || file.markdown.fenceAt(offset)) return [];
  const outline = planOutline(file);
  const present = outline.headings.filter((h) => h.heading.range.start < lineStart || h.heading.range.start > lineEnd);
  const has = new Set(present.map((h) => h.section.id));
  // The section expected next: after the last section heading above the cursor.
  const above = present.filter((h) => h.heading.range.start < lineStart).pop();
  const after = above ? above.order : -1;
  const missing = PLAN_SECTIONS.map((section, order) => ({ section, order })).filter((s) => !has.has(s.section.id));
  const ordered = [...missing.filter((s) => s.order > after), ...missing.filter((s) => s.order <= after)];
  const marker = '#'.repeat(outline.depth);
  const start = lineStart + text.slice(lineStart, offset).indexOf('#');
  return ordered.map(({ section }) => ({
    section,
    heading: `${marker} ${section.title}`,
    replace: { start, end: lineEnd },
    filterText: `${typed[1]} ${section.title}`,
  }));
}
