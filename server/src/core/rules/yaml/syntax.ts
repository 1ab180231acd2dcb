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
      'Other rules still run on the documents that did parse. ' +
      'A key written twice in one mapping is an error too, except in GitLab CI files, where the later key wins and `gitlab-ci/duplicate-job` reports it.',
  },
  messages: {
    syntax: '{message}',
  },
  check(ctx) {
    const { file } = ctx;
    if (file.format !== 'yaml') return;
    // The parser often explains one mistake twice at the same place; one finding per place.
    const seen = new Set<number>();
    // GitLab CI takes a repeated key as an override (the last one wins); gitlab-ci/duplicate-job judges those.
    const duplicates = file.kind === 'gitlab-ci' ? [] : file.yaml.duplicates;
    const problems = duplicates.length === 0 ? file.yaml.errors : [...file.yaml.errors, ...duplicates].sort((a, b) => a.start - b.start);
    for (const e of problems) {
      if (seen.has(e.start)) continue;
      seen.add(e.start);
      // A zero-width error (end of input) still needs one character to be seen.
      const end = e.end > e.start ? e.end : Math.min(e.start + 1, file.text.length);
      ctx.report({ messageId: 'syntax', data: { message: e.message }, range: { start: e.start, end } });
    }
  },
});
