/**
 * A generated plan document merged into the one the author already has, adding
 * only what is missing and never touching a byte the author wrote:
 *
 * - a section of `sections.ts` the document lacks is inserted whole, after the
 *   previous section present (before the next one when none precedes it), at the
 *   heading level the document uses for its sections;
 * - a section present but holding no mermaid diagram gets the generated one,
 *   at its end;
 * - a table present with the generated table's header gets the rows whose first
 *   cell it does not hold yet, after its last row.
 *
 * Everything else — a section's prose, the author's own tables and headings,
 * their order — stays as it is. What was added is said in `additions`; merging
 * the same generated text again adds nothing (every addition makes its own
 * condition false).
 */
import { type MarkdownDocument, type MarkdownSection, parseMarkdown } from '../parse/markdown-doc';
import { PLAN_SECTIONS, sectionOfHeading } from './sections';

export interface MergeResult {
  text: string;
  /** What was added, one phrase each ("section Disaster Recovery"), in document order; empty when nothing was. */
  additions: string[];
  /**
   * The same change as insertions into the existing text, by offset, in order:
   * the merge only ever inserts, so these are the whole diff (an editor applies
   * them as text edits; the CLI shows them as hunks).
   */
  edits: PlanInsertion[];
}

export interface PlanInsertion {
  /** Offset in the existing text. */
  offset: number;
  text: string;
}

interface Insertion {
  offset: number;
  text: string;
  /** Insertion order, for insertions at one offset. */
  seq: number;
  /** Table rows go right after the last row; a block gets a blank line on either side. */
  rows?: boolean;
}

export function mergePlan(existing: string, generated: string): MergeResult {
  // An empty (or blank) document gets the whole generated one, before its blank lines: still only an insertion.
  if (existing.trim() === '') return { text: generated + existing, additions: ['the whole document'], edits: [{ offset: 0, text: generated }] };
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const gen = generated.replace(/\r\n?/g, '\n');
  const mine = parseMarkdown(existing);
  const theirs = parseMarkdown(gen);
  const present = planSections(mine);
  const proposed = planSections(theirs);
  const depth = [...present.values()][0]?.heading.depth ?? 2;
  const insertions: Insertion[] = [];
  const additions: string[] = [];
  // Text inserted inside a fenced block — one the author left unclosed runs to the end — would be code, not a section:
  // such a place takes nothing (and the same merge would otherwise add it again on every run).
  const inCode = (offset: number) => mine.fences.some((f) => offset > f.range.start && (f.close === undefined || offset < f.range.end));
  const add = (offset: number, text: string, what: string) => {
    if (inCode(offset)) return;
    insertions.push({ offset, text, seq: insertions.length });
    additions.push(what);
  };

  for (const [i, section] of PLAN_SECTIONS.entries()) {
    const ours = proposed.get(section.id);
    if (!ours) continue;
    const have = present.get(section.id);
    if (!have) {
      const before = PLAN_SECTIONS.slice(0, i).reverse().find((s) => present.has(s.id));
      const after = PLAN_SECTIONS.slice(i + 1).find((s) => present.has(s.id));
      const offset = before ? present.get(before.id)!.range.end : after ? present.get(after.id)!.heading.range.start : existing.length;
      add(offset, sectionText(gen, theirs, ours, depth), `section ${section.title}`);
      continue;
    }
    // A diagram where the author has none.
    const diagram = theirs.fences.find((f) => f.language === 'mermaid' && within(f.range, ours.range));
    if (diagram && !mine.fences.some((f) => f.language === 'mermaid' && within(f.range, have.range))) {
      add(contentEnd(existing, have.range), gen.slice(diagram.range.start, diagram.range.end), `a diagram in ${section.title}`);
    }
    // Rows for items the author's copy of a generated table does not list yet.
    for (const table of theirs.tables.filter((t) => within(t.range, ours.range))) {
      const header = rowKey(table.rows[0]?.cells.map((c) => c.text) ?? []);
      const target = mine.tables.find((t) => within(t.range, have.range) && rowKey(t.rows[0]?.cells.map((c) => c.text) ?? []) === header);
      if (!target) continue;
      const known = new Set(target.rows.slice(1).map((r) => cellKey(r.cells[0]?.text ?? '')));
      const rows = table.rows.slice(1).filter((r) => !known.has(cellKey(r.cells[0]?.text ?? '')));
      if (!rows.length) continue;
      const last = target.rows[target.rows.length - 1].range.end;
      if (inCode(last)) continue;
      insertions.push({ offset: last, text: rows.map((r) => `\n${gen.slice(r.range.start, r.range.end)}`).join(''), seq: insertions.length, rows: true });
      additions.push(`${rows.length} ${rows.length === 1 ? 'row' : 'rows'} in the table of ${section.title}`);
    }
  }
  if (!insertions.length) return { text: existing, additions: [], edits: [] };
  const edits = resolve(existing, insertions, eol);
  return { text: applyEdits(existing, edits), additions, edits };
}

/** The plan sections of a document by id: the first root-level heading naming each. */
function planSections(doc: MarkdownDocument): Map<string, MarkdownSection> {
  const out = new Map<string, MarkdownSection>();
  for (const s of doc.sections) {
    const plan = sectionOfHeading(s.heading.text);
    if (plan && !out.has(plan.id)) out.set(plan.id, s);
  }
  return out;
}

/** A generated section's text, its headings moved to the level the document uses for its sections. */
function sectionText(text: string, doc: MarkdownDocument, section: MarkdownSection, depth: number): string {
  const shift = depth - section.heading.depth;
  let out = '';
  let at = section.range.start;
  for (const h of doc.headings) {
    if (!within(h.range, section.range) || shift === 0) continue;
    const marks = /^#+/.exec(text.slice(h.range.start, h.range.end));
    if (!marks) continue;
    out += text.slice(at, h.range.start) + '#'.repeat(Math.min(6, Math.max(1, marks[0].length + shift)));
    at = h.range.start + marks[0].length;
  }
  out += text.slice(at, section.range.end);
  return out.replace(/\s+$/, '');
}

/** Where a section's content ends: before the blank lines that separate it from the next heading. */
function contentEnd(text: string, range: { start: number; end: number }): number {
  let end = range.end;
  while (end > range.start && /\s/.test(text[end - 1])) end--;
  return end;
}

/** The insertions as final texts, their separating blank lines included, in offset order. */
function resolve(text: string, insertions: Insertion[], eol: string): PlanInsertion[] {
  // At one place, table rows first: they continue the table that ends there, and a block after them must not cut them off.
  const sorted = [...insertions].sort((a, b) => a.offset - b.offset || Number(!!b.rows) - Number(!!a.rows) || a.seq - b.seq);
  const edits: PlanInsertion[] = [];
  for (const ins of sorted) {
    const body = ins.text.replace(/\n/g, eol);
    const last = edits[edits.length - 1];
    const inserted = ins.rows ? body : block(text, ins.offset, body, eol, last?.offset === ins.offset ? last.text : '');
    if (last?.offset === ins.offset) last.text += inserted;
    else edits.push({ offset: ins.offset, text: inserted });
  }
  return edits;
}

/** A block with one blank line before it and one between it and what follows (`already`: text inserted at the same place before it). */
function block(text: string, offset: number, body: string, eol: string, already: string): string {
  const out = text.slice(0, offset) + already;
  const before = out === '' || out.endsWith(eol + eol) ? '' : out.endsWith(eol) ? eol : eol + eol;
  const rest = text.slice(offset);
  const after = rest === '' ? eol : rest.startsWith(eol + eol) ? '' : rest.startsWith(eol) ? eol : eol + eol;
  return before + body + after;
}

export function applyEdits(text: string, edits: readonly PlanInsertion[]): string {
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.offset) + e.text;
    at = e.offset;
  }
  return out + text.slice(at);
}

function within(inner: { start: number; end: number }, outer: { start: number; end: number }): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

function rowKey(cells: string[]): string {
  return cells.map(cellKey).join('\0');
}

function cellKey(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}
