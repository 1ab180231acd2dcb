import { rooModes } from '../../parse/roomodes';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'roomodes/no-duplicate-slug',
  kinds: ['roomodes'],
  severity: 'error',
  docs: {
    summary: 'Each mode of the file has a slug of its own.',
    rationale:
      'The slug is the mode\'s id: Roo Code refuses a modes file in which two modes share one, and none of its modes ' +
      'load. Rename one of them, or merge the two.',
  },
  messages: { duplicate: 'Slug `{slug}` is already used by the mode on line {line}; Roo Code refuses the file. Give this mode another slug.' },
  check(ctx) {
    const seen = new Map<string, number>();
    for (const mode of rooModes(ctx.file).modes) {
      if (mode.slug === undefined || !mode.slugNode?.range) continue;
      const first = seen.get(mode.slug);
      if (first === undefined) {
        seen.set(mode.slug, mode.slugNode.range[0]);
        continue;
      }
      ctx.report({ messageId: 'duplicate', data: { slug: mode.slug, line: ctx.file.lineNumber(first) }, range: { start: mode.slugNode.range[0], end: mode.slugNode.range[1] } });
    }
  },
});
