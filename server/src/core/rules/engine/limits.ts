import { defineRule } from '../../rule';

/**
 * Reported by the engine, not by `check`: a rule cannot see a file the engine
 * declined to read, nor the findings the engine dropped. Kept as a rule so that
 * it has an id, a severity the configuration can change, a docs page and fixtures.
 */
export default defineRule({
  id: 'engine/limits',
  kinds: 'all',
  severity: 'info',
  docs: {
    summary: 'Says when a file was not checked, or not fully reported, because it is over a per-file limit (`limits` in `.roo-devops.yaml`).',
    rationale:
      'Every file of a workspace is checked in the editor on every keystroke and in CI on every push, including files nobody ' +
      'meant to be linted: generated workflows, vendored lockfiles, minified one-line YAML. The `limits` of the configuration ' +
      'bound what one file may cost: a file larger than `maxFileBytes` (5 MB), with a line longer than `maxLineLength` ' +
      '(100,000 characters), with more lines than `maxLines` (100,000) or more tokens than `maxNodes` (300,000: every node of a parse holds a token; they bound the parse\'s size and memory) is not parsed at all, and past `maxFindingsPerFile` (1,000) findings the rest are counted, not ' +
      'listed. A limit is never applied in silence: this finding says which limit was hit and what was skipped, so a file ' +
      'that was not checked never looks like a file without problems. Raise a limit in `.roo-devops.yaml` to check such a ' +
      'file in full, or split the file.',
  },
  messages: {
    fileTooLarge: 'This file is {size} bytes, over the limit of {max} (`limits.maxFileBytes`), so it was not checked.',
    lineTooLong: 'Line {line} is {length} characters long, over the limit of {max} (`limits.maxLineLength`), so this file was not checked.',
    tooManyLines: 'This file has {lines} lines, over the limit of {max} (`limits.maxLines`), so it was not checked.',
    tooManyNodes: 'This file has more than {max} tokens (`limits.maxNodes`, a bound on the nodes of its parse), so it was not checked.',
    tooManyFindings: '{dropped} more finding(s) of this file are not shown: at most {max} are reported per file (`limits.maxFindingsPerFile`).',
  },
  check() {
    // The engine reports this rule's findings (see engine.ts).
  },
});
