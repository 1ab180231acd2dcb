import { htmlBlocks, planOutline, planSectionAt, proseBlocks } from '../../parse/plan-doc';
import { planDocumentKind } from '../../plan/sections';
import { defineRule } from '../../rule';
import type { OffsetRange } from '../../types';

/**
 * Placeholder words in capitals as authors leave them (`TODO`, `TBD`, `FIXME`,
 * `XXX`, `TBC`), lorem ipsum, and a bracketed prompt for the author (`<fill in>`,
 * `[insert diagram here]`, `<your domain>`, `{describe the backups}`).
 */
const PLACEHOLDER =
  /(?<![\w-])(?:TODO|TBD|TBC|FIXME|XXX)(?![\w-])|\blorem ipsum\b|[<[{](?:fill(?:ed)?[ -]in|insert|add|describe|enter|your|placeholder|to be (?:added|written|defined|decided|determined|confirmed))\b[^<>[\]{}\n]{0,80}[>\]}]/gi;
/** The capitals-only words, matched without regard to case above, are placeholders only in capitals (`todo list` is prose). */
const CAPITALS = /^(?:todo|tbd|tbc|fixme|xxx)$/i;

export default defineRule({
  id: 'plan/no-placeholder',
  kinds: ['plan-doc'],
  severity: 'warning',
  docs: {
    summary: 'A plan document holds no placeholder: `TODO`, `TBD`, `FIXME`, `XXX`, lorem ipsum, or a `<fill in>`-style prompt.',
    rationale:
      'A placeholder is a promise that the plan is not finished: `RTO: TBD` or `<describe the failover>` reads as an answer ' +
      'in a skim and leaves the on-call engineer without one. Each is reported at its words, in the prose, headings, ' +
      'tables and HTML comments of `plan/infrastructure.md` and `plan/deployment.md`. Code is not read: a `<your-bucket>` ' +
      'inside a command is an instruction to substitute a value, not a gap in the plan. The capitalised words count only ' +
      'in capitals (`a todo app` is prose).',
  },
  messages: {
    placeholder: 'Placeholder `{text}` in {where}; replace it with the real content.',
  },
  check(ctx) {
    if (!planDocumentKind(ctx.file.path)) return;
    const { text } = ctx.file;
    const outline = planOutline(ctx.file);
    const report = (start: number, value: string) => {
      const section = planSectionAt(outline, start);
      ctx.report({
        messageId: 'placeholder',
        data: { text: value, where: section ? `section \`${section.section.title}\`` : 'the plan' },
        range: { start, end: start + value.length },
      });
    };
    const scan = (range: OffsetRange, skip: readonly OffsetRange[]) => {
      const slice = text.slice(range.start, range.end);
      for (const m of slice.matchAll(PLACEHOLDER)) {
        const start = range.start + (m.index ?? 0);
        if (CAPITALS.test(m[0]) && m[0] !== m[0].toUpperCase()) continue;
        if (skip.some((r) => start >= r.start && start < r.end)) continue;
        report(start, m[0]);
      }
    };
    for (const block of proseBlocks(ctx.file)) scan(block.range, block.code.map((c) => c.range));
    for (const html of htmlBlocks(ctx.file)) scan(html, []);
  },
});
