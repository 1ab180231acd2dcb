import { kindsWithFormat } from '../../formats';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'toml/syntax',
  kinds: kindsWithFormat('toml'),
  severity: 'error',
  docs: {
    summary: 'TOML must parse: the first syntax error of `pyproject.toml`, `Cargo.toml`, `Pipfile` and their lockfiles is reported where it is.',
    rationale:
      'Poetry, Cargo and Pipenv refuse a manifest that is not valid TOML, so every install and build fails until it is fixed, ' +
      'often only in CI. The rules that read these manifests can say nothing about a file that does not parse, so without ' +
      'this finding a broken manifest would pass in silence. TOML parsers stop at the first error, so one finding is ' +
      'reported, at the line and column where parsing stopped.',
  },
  messages: {
    syntax: '{message}.',
  },
  check(ctx) {
    const { file } = ctx;
    if (file.format !== 'toml') return;
    const { error } = file.toml;
    if (!error) return;
    // An error at the end of the input still needs one character to be seen.
    const start = Math.min(error.offset, Math.max(0, file.text.length - 1));
    const message = error.message.replace(/\.$/, '');
    ctx.report({
      messageId: 'syntax',
      data: { message: message.charAt(0).toUpperCase() + message.slice(1) },
      range: { start, end: Math.min(start + 1, file.text.length) },
    });
  },
});
