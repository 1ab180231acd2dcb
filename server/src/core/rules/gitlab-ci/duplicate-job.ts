import { GITLAB_GLOBAL_KEYWORDS } from '../../parse/gitlab-config';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'gitlab-ci/duplicate-job',
  kinds: ['gitlab-ci'],
  severity: 'warning',
  docs: {
    summary: 'A job, or a key inside a job, is written once; GitLab keeps only the later of two.',
    rationale:
      'YAML forbids a key written twice in one mapping, but GitLab reads such a file and keeps the later value without ' +
      'a word: a job copied and renamed in one place only silently replaces the first one, and its commands never run. ' +
      'Hidden keys (`.name`) are the exception: real files repeat them on purpose, only to hold YAML anchors ' +
      '(`.vars: &one` … `.vars: &two`), and they are never reported.',
  },
  messages: {
    job: 'Job `{key}` is defined again here, and this definition replaces the one on line {line}.',
    key: 'Key `{key}` is written again here, and this value replaces the one on line {line}.',
  },
  check(ctx) {
    const { file } = ctx;
    for (const d of file.yaml.duplicates) {
      if (d.root && d.key.startsWith('.')) continue;
      const line = file.lineNumber(d.first.start);
      ctx.report({ messageId: d.root && !GITLAB_GLOBAL_KEYWORDS.has(d.key) ? 'job' : 'key', data: { key: d.key, line }, range: d });
    }
  },
});
