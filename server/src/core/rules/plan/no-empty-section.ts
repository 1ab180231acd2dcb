import { planOutline } from '../../parse/plan-doc';
import { planDocumentKind } from '../../plan/sections';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'plan/no-empty-section',
  kinds: ['plan-doc'],
  severity: 'warning',
  docs: {
    summary: 'Each of the eight sections of a plan document says something: text, a table, a list, a diagram or a code block.',
    rationale:
      'A heading with nothing under it looks like an answer in the outline and is none: the reader of ' +
      '`## Disaster Recovery` learns nothing about backups, and nobody notices the gap, since `plan/sections` is ' +
      'satisfied. Subsection headings and HTML comments alone do not count as content; a section whose content is all ' +
      'in subsections is not empty.',
  },
  messages: {
    empty: 'Section `{title}` is empty; write what it covers ({purpose}).',
  },
  check(ctx) {
    if (!planDocumentKind(ctx.file.path)) return;
    const { text, markdown } = ctx.file;
    for (const h of planOutline(ctx.file).first.values()) {
      let body = '';
      let at = h.body.start;
      // Subsection headings are not content: cut them out of the body.
      for (const sub of markdown.headings) {
        if (sub.range.start < h.body.start || sub.range.start >= h.body.end) continue;
        body += text.slice(at, sub.range.start);
        at = sub.range.end;
      }
      body += text.slice(at, h.body.end);
      if (body.replace(/<!--[\s\S]*?(?:-->|$)/g, '').trim() === '') {
        ctx.report({
          messageId: 'empty',
          data: { title: h.section.title, purpose: h.section.purpose.replace(/\.$/, '').replace(/^./, (c) => c.toLowerCase()) },
          range: h.heading.textRange,
        });
      }
    }
  },
});
