import { removeSeqItemEdit, rooModes } from '../../parse/roomodes';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'roomodes/no-browser-group',
  kinds: ['roomodes'],
  severity: 'warning',
  fix: 'safe',
  docs: {
    summary: 'The retired `browser` tool group is not listed.',
    rationale:
      'Roo Code no longer has a `browser` group and drops it silently when it loads a mode: the entry grants nothing, ' +
      'and a reader believes the mode can browse. The fix removes the entry and keeps the rest of the list as written.',
  },
  messages: { retired: 'Group `browser` is retired: Roo Code ignores it. Remove it.' },
  check(ctx) {
    for (const mode of rooModes(ctx.file).modes) {
      for (const group of mode.groups) {
        if (group.name !== 'browser' || !group.nameNode.range || !mode.groupsNode) continue;
        const edit = removeSeqItemEdit(ctx.file.text, mode.groupsNode, group.item);
        ctx.report({
          messageId: 'retired',
          range: { start: group.nameNode.range[0], end: group.nameNode.range[1] },
          fixes: edit ? [{ title: 'Remove the `browser` group', safe: true, edits: [edit] }] : [],
        });
      }
    }
  },
});
