import { rooModes } from '../../parse/roomodes';
import { defineRule } from '../../rule';
import { backtrackingProblem, MAX_PATTERN_LENGTH } from '../../safe-regex';

export default defineRule({
  id: 'roomodes/no-backtracking-file-regex',
  kinds: ['roomodes'],
  severity: 'warning',
  docs: {
    summary: 'A group\'s `fileRegex` has no shape that can backtrack without end (`(a+)+`, `(a|ab)*`, back-references).',
    rationale:
      'JavaScript\'s regular expressions backtrack: a nested quantifier such as `(\\w+)*` or a repeated group whose ' +
      'alternatives overlap takes exponential time on some paths, and Roo Code tests the pattern against every file ' +
      'the mode edits. This extension never runs such a pattern (its hover lists no files for it); it tells you ' +
      'instead, so that the pattern can be rewritten in a shape that matches in linear time, e.g. `(\\w+)*\\.md$` as ' +
      '`[\\w/]*\\.md$`.',
  },
  messages: { unsafe: '`fileRegex` of mode `{slug}` is not run by this extension: {reason}; rewrite it without nested or overlapping repetition.' },
  check(ctx) {
    for (const mode of rooModes(ctx.file).modes) {
      for (const group of mode.groups) {
        const node = group.fileRegex;
        if (!node?.range) continue;
        const pattern = String(node.value);
        try {
          new RegExp(pattern);
        } catch {
          continue; // roomodes/no-invalid-file-regex
        }
        const reason = pattern.length > MAX_PATTERN_LENGTH ? `it is longer than ${MAX_PATTERN_LENGTH} characters` : backtrackingProblem(pattern);
        if (reason) ctx.report({ messageId: 'unsafe', data: { slug: mode.slug ?? '?', reason }, range: { start: node.range[0], end: node.range[1] } });
      }
    }
  },
});
