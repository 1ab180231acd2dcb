import { kindsWithFormat } from '../../formats';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'yaml/syntax',
  kinds: kindsWithFormat('yaml'),
  severity: 'error',
  docs: {
    summary: 'YAML must parse: every syntax error is reported where it is, in every document of the file.',
    rationale:
      'A pipeline, manifest or template that does not parse is rejected by the tool that reads it, usually only after a push. ' +
      'Reporting each error at its exact place, in multi-document files too, lets it be fixed while typing. ' +
      'Other rules still run on the documents that did parse.',
  },
  messages: {
    syntax: '{message}',
  },
  check(ctx) {
    const { file } = ctx;
    if (file.format !== 'yaml') return;
    // The parser often explains one mistake twice at the same place; one finding per place.
    const seen = new Set<number>();
    for (const e of file.yaml.errors) {
      if (seen.has(e.start)) continue;
      seen.add(e.start);
      // A zero-width error (end of input) still needs one character to be seen.
      const end = e.end > e.start ? e.end : Math.min(e.start + 1, file.text.length);
      ctx.report({ messageId: 'syntax', data: { message: e.message }, range: { start: e.start, end } });
    }
  },
});
