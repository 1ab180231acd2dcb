import { rooModes } from '../../parse/roomodes';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'roomodes/no-duplicate-group',
  kinds: ['roomodes'],
  severity: 'error',
  docs: {
    summary: 'A mode lists each tool group once, plain or restricted.',
    rationale:
      'Roo Code rejects a mode whose `groups` name a group twice (`edit` and `[edit, { fileRegex }]` count as the ' +
      'same group), and with it the whole modes file. Keep one entry: the restricted form when the mode should edit ' +
      'only some files.',
  },
  messages: { duplicate: 'Group `{group}` is listed twice in mode `{slug}` (first on line {line}); Roo Code refuses the file. Keep one entry.' },
  check(ctx) {
    for (const mode of rooModes(ctx.file).modes) {
      const seen = new Map<string, number>();
      for (const group of mode.groups) {
        if (group.name === undefined || !group.nameNode.range) continue;
        const first = seen.get(group.name);
        if (first === undefined) {
          seen.set(group.name, group.nameNode.range[0]);
          continue;
        }
        ctx.report({
          messageId: 'duplicate',
          data: { group: group.name, slug: mode.slug ?? '?', line: ctx.file.lineNumber(first) },
          range: { start: group.nameNode.range[0], end: group.nameNode.range[1] },
        });
      }
    }
  },
});
