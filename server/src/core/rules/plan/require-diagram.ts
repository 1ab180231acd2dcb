import { isMermaidFence } from '../../parse/mermaid/blocks';
import { planDocumentKind, sectionOfHeading } from '../../plan/sections';
import { defineRule } from '../../rule';
import type { Fix } from '../../types';

/** A starting point the author replaces with the real components; every line of it parses and renders. */
const SKELETON = [
  '```mermaid',
  'flowchart LR',
  '  users([Users]) --> lb[Load balancer]',
  '  lb --> app[Application]',
  '  app --> db[(Database)]',
  '```',
];

export default defineRule({
  id: 'plan/require-diagram',
  kinds: ['plan-doc'],
  severity: 'warning',
  fix: 'unsafe',
  docs: {
    summary: '`plan/infrastructure.md` and `plan/deployment.md` hold at least one mermaid diagram.',
    rationale:
      'The DevOps mode asks for architecture diagrams beside the prose: a reader takes in how the load balancer, the ' +
      'services and the data stores connect, or which stages a change passes through, faster from a picture than from ' +
      'paragraphs, and a mermaid block is a picture that lives in the repository, is reviewed in pull requests and ' +
      'renders on every forge. The fix inserts a small architecture flowchart under `## Infrastructure Architecture` for ' +
      'the author to turn into the real one (not applied by "fix all": its boxes describe no real system yet).',
  },
  messages: {
    missing: '`{path}` has no mermaid diagram; add one (the architecture, or the stages a change goes through).',
  },
  check(ctx) {
    if (!planDocumentKind(ctx.file.path)) return;
    const markdown = ctx.file.markdown;
    if (markdown.fences.some(isMermaidFence)) return;
    const architecture = markdown.headings.find((h) => sectionOfHeading(h.text)?.id === 'infrastructure-architecture');
    const anchor = architecture ?? markdown.headings[0];
    const range = anchor ? anchor.textRange : { start: 0, end: ctx.file.lines.lineEnd(0) };
    const fixes: Fix[] = [];
    if (architecture) {
      const text = ctx.file.text;
      const eol = text.includes('\r\n') ? '\r\n' : '\n';
      const lineEnd = ctx.file.lines.lineEnd(ctx.file.lines.positionAt(architecture.range.end).line);
      // After the heading line, with a blank line on each side of the block.
      const after = text.slice(lineEnd);
      const tail = after === '' ? eol : after.startsWith(eol + eol) || after.trim() === '' ? '' : eol;
      fixes.push({
        title: 'Insert an architecture diagram to complete',
        safe: false,
        edits: [{ start: lineEnd, end: lineEnd, newText: `${eol}${eol}${SKELETON.join(eol)}${tail}` }],
      });
    }
    ctx.report({ messageId: 'missing', data: { path: ctx.file.path }, range, fixes });
  },
});
