/**
 * The prose of a plan document as sentences, each with its range in the file,
 * the inline code spans inside it and the plan section it sits in: what the
 * rules that check the document against the repository point at ("each finding
 * at the sentence that says it"). Read from the Markdown tree (`file.markdown`):
 * paragraphs (in lists and block quotes too), headings and table cells. Fenced
 * code, HTML and diagrams are not prose. Memoised per file version.
 */
import type { Nodes } from 'mdast';
import type { SourceFile } from '../source';
import type { OffsetRange } from '../types';
import { type PlanSection, sectionOfHeading } from './sections';

export interface CodeSpan {
  value: string;
  range: OffsetRange;
}

export interface Sentence {
  range: OffsetRange;
  /** The sentence as written in the file (inline markup included). */
  text: string;
  /** Inline code spans inside the sentence. */
  code: CodeSpan[];
  /** The plan section the sentence is in, when it is in one. */
  section: PlanSection | undefined;
}

/** Words after which a period ends no sentence. */
const ABBREVIATIONS = /(?:\b(?:e\.g|i\.e|etc|vs|cf|approx|incl|min|max|no|Fig|Dr|Mr|Ms|Mrs|St)\.|\b[A-Z]\.)$/;

export function planSentences(file: SourceFile): Sentence[] {
  return file.memo('plan.sentences', () => {
    const doc = file.markdown;
    const text = file.text;
    const blocks: { range: OffsetRange; code: CodeSpan[] }[] = [];
    const stack: Nodes[] = [doc.root];
    while (stack.length > 0) {
      const node = stack.pop() as Nodes;
      if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell') {
        // The inline content: no `#` markers, no table pipes.
        const first = node.children[0] && rangeOf(node.children[0]);
        const last = node.children.length > 0 ? rangeOf(node.children[node.children.length - 1] as Nodes) : undefined;
        const range = first && last ? { start: first.start, end: last.end } : undefined;
        if (range) blocks.push({ range, code: inlineCode(node) });
        continue;
      }
      if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Nodes);
    }
    blocks.sort((a, b) => a.range.start - b.range.start);
    const sections = doc.sections.map((s) => ({ range: s.range, section: sectionOfHeading(s.heading.text) }));
    // Sub-headings: a section is the top-level one that holds the sentence.
    const sectionAt = (offset: number): PlanSection | undefined => {
      let found: PlanSection | undefined;
      for (const s of sections) if (s.range.start <= offset && offset < s.range.end && s.section) found = s.section;
      return found;
    };
    const out: Sentence[] = [];
    for (const block of blocks) {
      for (const range of split(text, block.range, block.code)) {
        out.push({
          range,
          text: text.slice(range.start, range.end),
          code: block.code.filter((c) => c.range.start >= range.start && c.range.end <= range.end),
          section: sectionAt(range.start),
        });
      }
    }
    return out;
  });
}

function rangeOf(node: Nodes): OffsetRange | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? undefined : { start, end };
}

function inlineCode(node: Nodes): CodeSpan[] {
  const out: CodeSpan[] = [];
  const stack: Nodes[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as Nodes;
    if (n.type === 'inlineCode') {
      const range = rangeOf(n);
      if (range) out.push({ value: n.value, range });
    } else if ('children' in n) for (const c of n.children) stack.push(c as Nodes);
  }
  return out.sort((a, b) => a.range.start - b.range.start);
}

/** A block's text cut at sentence ends (`.`, `!`, `?` followed by a space or a line break), never inside a code span. */
function split(text: string, block: OffsetRange, code: readonly CodeSpan[]): OffsetRange[] {
  const out: OffsetRange[] = [];
  let start = block.start;
  const re = /[.!?]+["')\]*_]*(?=\s)/g;
  const body = text.slice(block.start, block.end);
  for (let m = re.exec(body); m; m = re.exec(body)) {
    const end = block.start + m.index + m[0].length;
    if (code.some((c) => c.range.start < end && end <= c.range.end)) continue;
    if (ABBREVIATIONS.test(text.slice(Math.max(start, end - 8), end))) continue;
    push(out, text, start, end);
    start = end;
  }
  push(out, text, start, block.end);
  return out;
}

function push(out: OffsetRange[], text: string, start: number, end: number): void {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s] as string)) s++;
  while (e > s && /\s/.test(text[e - 1] as string)) e--;
  if (e > s) out.push({ start: s, end: e });
}
