import { rooModes } from '../../parse/roomodes';
import { defineRule } from '../../rule';

/** A mention of a rules folder or legacy rules file in a mode's text. */
const MENTION = /\.roo\/rules-([A-Za-z0-9-]+)\/?|\.roorules-([A-Za-z0-9-]+)/g;

export default defineRule({
  id: 'roomodes/no-missing-rules-folder',
  kinds: ['roomodes'],
  scope: 'repository',
  severity: 'warning',
  docs: {
    summary: 'A rules folder (`.roo/rules-<slug>/`) or file (`.roorules-<slug>`) a mode\'s instructions refer to exists.',
    rationale:
      'Instructions such as "follow the rules in `.roo/rules-devops/`" send the mode to read a folder; when the folder ' +
      'was never created, or was renamed, the mode works without the rules it was told to follow. The mention is ' +
      'reported where it is written, in `roleDefinition`, `customInstructions`, `whenToUse` or `description`.',
  },
  messages: { missing: '`{mention}` does not exist in this workspace; create it or correct the reference.' },
  check(ctx) {
    if (ctx.file.path !== '.roomodes') return;
    const part = ctx.workspace.model().rooModes;
    const existing = new Set(part.rulesFolders.map((f) => f.slug));
    const text = ctx.file.text;
    for (const mode of rooModes(ctx.file).modes) {
      for (const node of mode.texts) {
        if (!node.range) continue;
        const [start, end] = node.range;
        // The mention as written in the file (no escapes or folding inside a path), else the whole value.
        const raw = text.slice(start, end);
        let from = 0;
        for (const m of String(node.value).matchAll(MENTION)) {
          const slug = (m[1] ?? m[2]) as string;
          if (existing.has(slug)) continue;
          const at = raw.indexOf(m[0], from);
          if (at >= 0) from = at + m[0].length;
          const range = at >= 0 ? { start: start + at, end: start + at + m[0].length } : { start, end };
          ctx.report({ messageId: 'missing', data: { mention: m[0] }, range });
        }
      }
    }
  },
});
