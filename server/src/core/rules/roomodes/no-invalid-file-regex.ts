import { rooModes } from '../../parse/roomodes';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'roomodes/no-invalid-file-regex',
  kinds: ['roomodes'],
  severity: 'error',
  docs: {
    summary: 'A group\'s `fileRegex` must compile as a JavaScript regular expression.',
    rationale:
      'Roo Code compiles each `fileRegex` with JavaScript\'s `RegExp` when it loads the modes file, and refuses the ' +
      'whole file when one does not compile: every custom mode of the project disappears. The message carries the ' +
      'JavaScript engine\'s own error. Remember that a `fileRegex` is a regular expression, not a glob: `*.tf` does ' +
      'not compile (nothing to repeat); `\\.tf$` is meant.',
  },
  messages: { invalid: '`fileRegex` of mode `{slug}` does not compile: {error}.' },
  check(ctx) {
    for (const mode of rooModes(ctx.file).modes) {
      for (const group of mode.groups) {
        const node = group.fileRegex;
        if (!node?.range) continue;
        try {
          new RegExp(String(node.value));
        } catch (error) {
          const text = (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
          ctx.report({ messageId: 'invalid', data: { slug: mode.slug ?? '?', error: text }, range: { start: node.range[0], end: node.range[1] } });
        }
      }
    }
  },
});
