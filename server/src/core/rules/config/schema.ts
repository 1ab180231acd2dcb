import { validateConfig } from '../../config';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'config/schema',
  kinds: ['roo-config'],
  severity: 'error',
  docs: {
    summary: 'The `.roo-devops.yaml` / `.roo-devops.json` configuration must match its schema and name only existing rules.',
    rationale:
      'A misspelt rule id or severity would otherwise be ignored without a word, and the team would believe a rule is ' +
      'off (or on) when it is not. Each problem is reported at the offending key or value; the parts of the ' +
      'configuration that are valid keep applying and the invalid ones fall back to their defaults.',
  },
  messages: {
    schema: '{message}',
  },
  check(ctx) {
    if (ctx.file.yaml.errors.length > 0 || ctx.file.yaml.duplicates.length > 0) return;
    // The file's own parse, shared with the syntax rule.
    for (const p of validateConfig(ctx.file.text, ctx.rules, ctx.file.yaml)) {
      ctx.report({ messageId: 'schema', data: { message: p.message }, range: p });
    }
  },
});
