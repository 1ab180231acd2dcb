/**
 * A plan document read as the `plan/*` rules and the heading completion see it:
 * its title, the headings that name one of the eight sections (`plan/sections.ts`)
 * with the text each section spans, and its prose — paragraphs, headings and
 * table cells as the file spells them, with the code spans inside — split into
 * sentences. Built once per file version from the Markdown model
 * (`SourceFile.markdown`) and shared by every rule.
 */
import type { Nodes, Root } from 'mdast';
import { PLAN_SECTIONS, type PlanSection, sectionOfHeading } from '../plan/sections';
import type { SourceFile } from '../source';
import type { OffsetRange } from '../types';
import type { MarkdownHeading } from './markdown-doc';

export interface PlanSectionHeading {
  section: PlanSection;
  /** Index of the section in `PLAN_SECTIONS`. */
  order: number;
  heading: MarkdownHeading;
  /** From the heading's start to the next heading of the same or a higher level (or the end of the file). */
  range: OffsetRange;
  /** The section without its heading line. */
  body: OffsetRange;
}

export interface PlanOutline {
  /** The document's title: a first heading that names no section. */
  title: MarkdownHeading | undefined;
  /** Every top-level heading that names one of the eight sections, in document order (repeats included). */
  headings: PlanSectionHeading[];
  /** The first heading of each section present, by section id. */
  first: Map<string, PlanSectionHeading>;
  /** The level the eight sections are written at: one under the title, else that of the first section heading, else 2. */
  depth: number;
  /** Where a finding about the whole document goes: the title, else the first heading, else the first line. */
  anchor: OffsetRange;
}

export function planOutline(file: SourceFile): PlanOutline {
  return file.memo('plan.outline', () => {
    const md = file.markdown;
    const headings: PlanSectionHeading[] = [];
    for (const s of md.sections) {
      const section = sectionOfHeading(s.heading.text);
      if (!section) continue;
      headings.push({
        section,
        order: PLAN_SECTIONS.indexOf(section),
        heading: s.heading,
        range: s.range,
        body: { start: Math.min(s.range.end, lineEndAfter(file.text, s.heading.range.end)), end: s.range.end },
      });
    }
    const firstHeading = md.sections[0]?.heading;
    const title = firstHeading && !sectionOfHeading(firstHeading.text) ? firstHeading : undefined;
    const first = new Map<string, PlanSectionHeading>();
    for (const h of headings) if (!first.has(h.section.id)) first.set(h.section.id, h);
    const depth = title ? Math.min(6, title.depth + 1) : (headings[0]?.heading.depth ?? 2);
    const lineEnd = /[\r\n]/.exec(file.text)?.index ?? file.text.length;
    const anchor = (title ?? firstHeading)?.range ?? { start: 0, end: lineEnd };
    return { title, headings, first, depth, anchor };
  });
}

function lineEndAfter(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

/** The section whose range holds `offset`, if any (first occurrences only). */
export function planSectionAt(outline: PlanOutline, offset: number): PlanSectionHeading | undefined {
  for (const h of outline.headings) if (offset >= h.range.start && offset < h.range.end) return h;
  return undefined;
}

export interface CodeSpan {
  value: string;
  range: OffsetRange;
  /** The span is (part of) a link's text: `` [`values.yaml`](../deploy/values.yaml) ``. */
  inLink: boolean;
}

/** A leaf block of prose: a paragraph, a heading or a table cell, as the file spells it. */
export interface ProseBlock {
  range: OffsetRange;
  /** The file's text over `range`, markup included, so that a match maps straight back to offsets. */
  text: string;
  /** Inline code spans inside the block. */
  code: CodeSpan[];
  /** Inline HTML inside the block (tags, comments), as written. */
  html: OffsetRange[];
}

/** Every prose block of the document outside code blocks, in document order. */
export function proseBlocks(file: SourceFile): ProseBlock[] {
  return file.memo('plan.prose', () => {
    const out: ProseBlock[] = [];
    const stack: Nodes[] = [file.markdown.root as Root];
    while (stack.length > 0) {
      const node = stack.pop() as Nodes;
      if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell') {
        const range = rangeOf(node);
        const code: CodeSpan[] = [];
        const html: OffsetRange[] = [];
        collectInline(node, code, html);
        out.push({ range, text: file.text.slice(range.start, range.end), code, html });
        continue;
      }
      if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Nodes);
    }
    return out;
  });
}

function collectInline(node: Nodes, code: CodeSpan[], html: OffsetRange[]): void {
  const stack: [Nodes, boolean][] = [[node, false]];
  while (stack.length > 0) {
    const [n, inLink] = stack.pop() as [Nodes, boolean];
    if (n.type === 'inlineCode') code.push({ value: n.value, range: rangeOf(n), inLink });
    else if (n.type === 'html') html.push(rangeOf(n));
    else if ('children' in n) {
      const linked = inLink || n.type === 'link' || n.type === 'linkReference';
      for (let i = n.children.length - 1; i >= 0; i--) stack.push([n.children[i] as Nodes, linked]);
    }
  }
  code.sort((a, b) => a.range.start - b.range.start);
}

/** Block-level HTML (comments, `<details>`…) outside code blocks, as written. */
export function htmlBlocks(file: SourceFile): OffsetRange[] {
  return file.memo('plan.htmlBlocks', () => {
    const out: OffsetRange[] = [];
    const stack: Nodes[] = [file.markdown.root as Root];
    while (stack.length > 0) {
      const node = stack.pop() as Nodes;
      if (node.type === 'html') out.push(rangeOf(node));
      else if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell') continue;
      else if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Nodes);
    }
    return out.sort((a, b) => a.start - b.start);
  });
}

export interface Sentence {
  /** Offsets into the file. */
  range: OffsetRange;
  text: string;
  block: ProseBlock;
}

/**
 * The sentences of the prose: a block split after `.`, `!` or `?` followed by
 * white space, never inside a code span (`bun.lock`, `a. b` stay whole).
 */
export function proseSentences(file: SourceFile): Sentence[] {
  return file.memo('plan.proseSentences', () => {
    const out: Sentence[] = [];
    for (const block of proseBlocks(file)) {
      let start = 0;
      // Code spans are sorted and `i` only grows: one pointer finds the span at `i`, if any.
      let span = 0;
      const inCode = (i: number) => {
        const at = block.range.start + i;
        while (span < block.code.length && block.code[span].range.end <= at) span++;
        return span < block.code.length && block.code[span].range.start <= at;
      };
      const push = (end: number) => {
        const text = block.text.slice(start, end);
        const lead = text.length - text.trimStart().length;
        const trimmed = text.trim();
        if (trimmed) out.push({ range: { start: block.range.start + start + lead, end: block.range.start + start + lead + trimmed.length }, text: trimmed, block });
      };
      for (let i = 0; i < block.text.length; i++) {
        const c = block.text[i];
        // A line break inside a paragraph is a soft wrap, not the end of a sentence.
        if ((c === '.' || c === '!' || c === '?') && /\s/.test(block.text[i + 1] ?? ' ') && !inCode(i)) {
          push(i + 1);
          start = i + 1;
        }
      }
      push(block.text.length);
    }
    return out;
  });
}

function rangeOf(node: Nodes): OffsetRange {
  return { start: node.position?.start.offset ?? 0, end: node.position?.end.offset ?? 0 };
}
