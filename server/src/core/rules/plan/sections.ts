import { planOutline, type PlanOutline } from '../../parse/plan-doc';
import { PLAN_SECTIONS, planDocumentKind, type PlanSection } from '../../plan/sections';
import { defineRule } from '../../rule';
import type { SourceFile } from '../../source';
import type { Fix } from '../../types';

export default defineRule({
  id: 'plan/sections',
  kinds: ['plan-doc'],
  severity: 'warning',
  fix: 'mixed',
  docs: {
    summary:
      '`plan/infrastructure.md` and `plan/deployment.md` hold the eight sections of the DevOps mode as headings, once each, in order, one level under the title.',
    rationale:
      'The DevOps mode writes its infrastructure and deployment plans with eight sections — Infrastructure Architecture, ' +
      'Deployment Pipelines, Environment Configuration, Security Controls, Monitoring Setup, Scaling Strategy, Disaster ' +
      'Recovery, Operations Guide — so that whoever picks the plan up (another mode, an on-call engineer) finds each ' +
      'answer where the others are. A missing section is a question nobody answered; one out of order or repeated ' +
      'makes the reader search, and a section at another heading level than its siblings becomes a subsection of its ' +
      'neighbour in every outline.\n\n' +
      'Headings are matched by their words: case, punctuation and a leading number (`## 3. Environment Configuration`) ' +
      'do not matter. The quick fix for a missing section inserts its heading and a `TODO:` prompt after the previous ' +
      'section present (the prompt is reported by `plan/no-placeholder` until it is replaced); the fix for a heading at ' +
      'the wrong level rewrites its `#` markers and is not marked safe, as the headings under it change parents. Other ' +
      'Markdown files in `plan/` are not held to the eight sections.',
  },
  messages: {
    missing: 'The plan has no `{title}` section; add it after `{after}`.',
    missingBefore: 'The plan has no `{title}` section; add it before `{before}`.',
    none: 'The plan has none of the eight sections ({titles}).',
    orderAfter: 'Section `{title}` is out of order: it belongs after `{after}`.',
    orderBefore: 'Section `{title}` is out of order: it belongs before `{before}`.',
    duplicate: 'Section `{title}` appears again (first at line {line}); merge the two.',
    level: 'Section `{title}` is a level-{depth} heading; the eight sections are level-{expected} headings, one under the title.',
  },
  check(ctx) {
    if (!planDocumentKind(ctx.file.path)) return;
    const outline = planOutline(ctx.file);
    const { file } = ctx;

    // Duplicates and levels, at each heading.
    const seen = new Set<string>();
    for (const h of outline.headings) {
      if (seen.has(h.section.id)) {
        const first = outline.first.get(h.section.id);
        const line = first ? file.lines.positionAt(first.heading.range.start).line + 1 : 0;
        ctx.report({ messageId: 'duplicate', data: { title: h.section.title, line }, range: h.heading.textRange });
        continue;
      }
      seen.add(h.section.id);
      if (h.heading.depth !== outline.depth) {
        const fix = relevelFix(file, h.heading.range, outline.depth);
        ctx.report({
          messageId: 'level',
          data: { title: h.section.title, depth: h.heading.depth, expected: outline.depth },
          range: h.heading.textRange,
          fixes: fix ? [fix] : [],
        });
      }
    }

    // Order: the first occurrences that are not in the longest run already in order.
    const firsts = [...outline.first.values()].sort((a, b) => a.heading.range.start - b.heading.range.start);
    const inOrder = longestIncreasing(firsts.map((h) => h.order));
    const kept = firsts.filter((_, i) => inOrder.has(i));
    firsts.forEach((h, i) => {
      if (inOrder.has(i)) return;
      // Placed after a section it should precede: name that one; else name the one it should follow.
      const overtaken = kept.find((k) => k.order > h.order && k.heading.range.start < h.heading.range.start);
      const after = [...kept].reverse().find((k) => k.order < h.order);
      if (overtaken) ctx.report({ messageId: 'orderBefore', data: { title: h.section.title, before: overtaken.section.title }, range: h.heading.textRange });
      else if (after) ctx.report({ messageId: 'orderAfter', data: { title: h.section.title, after: after.section.title }, range: h.heading.textRange });
    });

    // Missing sections, at the title, each with its skeleton; a plan with none gets one finding and all eight.
    if (outline.first.size === 0) {
      const eol = file.text.includes('\r\n') ? '\r\n' : '\n';
      const skeleton = PLAN_SECTIONS.map((s) => sectionSkeleton(s, outline.depth, eol)).join(eol);
      ctx.report({
        messageId: 'none',
        data: { titles: PLAN_SECTIONS.map((s) => s.title).join(', ') },
        range: outline.anchor,
        fixes: [{ title: 'Add the eight sections', safe: true, edits: [{ start: file.text.length, end: file.text.length, newText: `${separator(file.text, eol)}${skeleton}` }] }],
      });
      return;
    }
    PLAN_SECTIONS.forEach((section, order) => {
      if (outline.first.has(section.id)) return;
      const previous = [...PLAN_SECTIONS.slice(0, order)].reverse().find((s) => outline.first.has(s.id));
      const next = PLAN_SECTIONS.slice(order + 1).find((s) => outline.first.has(s.id));
      ctx.report({
        messageId: previous ? 'missing' : 'missingBefore',
        data: { title: section.title, after: previous?.title ?? '', before: next?.title ?? '' },
        range: outline.anchor,
        fixes: [insertSectionFix(file, outline, section, order)],
      });
    });
  },
});

/** Indexes of one longest strictly increasing subsequence (the sections already in order; ties kept to the earliest). */
function longestIncreasing(values: number[]): Set<number> {
  const length: number[] = [];
  const prev: number[] = [];
  let best = -1;
  for (let i = 0; i < values.length; i++) {
    length[i] = 1;
    prev[i] = -1;
    for (let j = 0; j < i; j++) {
      if (values[j] < values[i] && length[j] + 1 > length[i]) {
        length[i] = length[j] + 1;
        prev[i] = j;
      }
    }
    if (best < 0 || length[i] > length[best]) best = i;
  }
  const out = new Set<number>();
  for (let i = best; i >= 0; i = prev[i]) out.add(i);
  return out;
}

/** The skeleton of a section: its heading and a prompt for the author, from the section's purpose. */
export function sectionSkeleton(section: PlanSection, depth: number, eol: string): string {
  return `${'#'.repeat(depth)} ${section.title}${eol}${eol}TODO: ${section.purpose}${eol}`;
}

/**
 * Inserts the skeleton after the previous section present (at the end of its
 * range), else before the next section present, else at the end of the file.
 */
function insertSectionFix(file: SourceFile, outline: PlanOutline, section: PlanSection, order: number): Fix {
  const text = file.text;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const skeleton = sectionSkeleton(section, outline.depth, eol);
  const previous = [...PLAN_SECTIONS.slice(0, order)].reverse().map((s) => outline.first.get(s.id)).find((h) => h !== undefined);
  const next = PLAN_SECTIONS.slice(order + 1).map((s) => outline.first.get(s.id)).find((h) => h !== undefined);
  let at: number;
  let newText: string;
  if (previous) {
    at = previous.range.end;
    // Blank line before the new heading; the section it follows may end without a line break.
    const before = text.slice(0, at);
    const lead = before.endsWith(`${eol}${eol}`) || at === 0 ? '' : before.endsWith(eol) ? eol : `${eol}${eol}`;
    newText = `${lead}${skeleton}${at < text.length ? eol : ''}`;
  } else if (next) {
    at = next.heading.range.start;
    newText = `${skeleton}${eol}`;
  } else {
    at = text.length;
    newText = `${separator(text, eol)}${skeleton}`;
  }
  return { title: `Add the \`${section.title}\` section`, safe: true, edits: [{ start: at, end: at, newText }] };
}

/** What goes between the end of the text and an appended block: nothing, or enough for one blank line. */
function separator(text: string, eol: string): string {
  return text === '' || text.endsWith(`${eol}${eol}`) ? '' : text.endsWith(eol) ? eol : `${eol}${eol}`;
}

/** Rewrites an ATX heading's `#` markers to `depth`; undefined for a setext heading, whose level is its underline. */
function relevelFix(file: SourceFile, range: { start: number; end: number }, depth: number): Fix | undefined {
  const marker = /^#{1,6}/.exec(file.text.slice(range.start, range.end));
  if (!marker) return undefined;
  return {
    title: `Make it a level-${depth} heading`,
    safe: false,
    edits: [{ start: range.start, end: range.start + marker[0].length, newText: '#'.repeat(depth) }],
  };
}
