import { BUILT_IN_SLUGS, rooModes } from '../../parse/roomodes';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'roomodes/no-orphan-rules-folder',
  kinds: ['roomodes'],
  scope: 'repository',
  severity: 'warning',
  docs: {
    summary: 'Each `.roo/rules-<slug>/` folder (or legacy `.roorules-<slug>` file) belongs to a mode of the project or a built-in mode.',
    rationale:
      'Roo Code adds the rules of `.roo/rules-<slug>/` to the prompt of the mode with that slug only. A folder named ' +
      'after a mode that does not exist (a slug renamed, a typo: `rules-devop`) is read by no mode, and the team\'s ' +
      'rules silently stop applying. Reported in the project\'s `.roomodes`, at its `customModes` key, when neither ' +
      'it nor Roo Code\'s built-in modes (`code`, `architect`, `ask`, `debug`, `orchestrator`) have the slug. A mode ' +
      'defined only in your global `custom_modes.yaml` is not visible here: disable the rule for such a project.',
  },
  messages: { orphan: '`{folder}` holds rules for mode `{slug}`, but no mode has that slug{suggestion}; Roo Code reads them for no mode.' },
  check(ctx) {
    if (ctx.file.path !== '.roomodes') return;
    const file = rooModes(ctx.file);
    const anchor = file.listKey?.range;
    if (!anchor) return;
    const part = ctx.workspace.model().rooModes;
    const slugs = new Set<string>([...BUILT_IN_SLUGS, ...file.modes.flatMap((m) => (m.slug === undefined ? [] : [m.slug]))]);
    for (const folder of part.rulesFolders) {
      if (slugs.has(folder.slug)) continue;
      const near = [...slugs].find((s) => s.toLowerCase() === folder.slug.toLowerCase());
      ctx.report({
        messageId: 'orphan',
        data: { folder: folder.folder, slug: folder.slug, suggestion: near ? ` (did you mean \`${near}\`?)` : '' },
        range: { start: anchor[0], end: anchor[1] },
      });
    }
  },
});
