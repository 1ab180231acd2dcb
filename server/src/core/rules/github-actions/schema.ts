import { schemaProblems } from '../../parse/github-actions-schema';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'github-actions/schema',
  kinds: ['github-actions'],
  severity: 'error',
  docs: {
    summary: 'Workflows and `action.yml` files must be what GitHub accepts: keys, values, expressions, `on:` filters and cron schedules.',
    rationale:
      'GitHub rejects a workflow with an unknown key, a wrong value or an expression naming a context that does not exist ' +
      'there, but only once it is pushed, and an action with a bad `action.yml` fails in every workflow that uses it. ' +
      'This rule runs GitHub\'s own parser and schema (`@actions/workflow-parser`, bundled, offline) over the file and reports ' +
      'each problem at the key or value it is about, with a suggestion for misspelt keys.\n\n' +
      'It is tuned for precision: it never guesses whether a `${{ env.X }}` or a job output set at run time exists ' +
      '(variables written to `$GITHUB_ENV`, outputs of called workflows), and for `action.yml` it accepts what the runner ' +
      'accepts (no `description`, `required: "true"` as a string). `needs:` and step ids are checked by ' +
      '`github-actions/needs` and `github-actions/duplicate-step-id`; duplicate keys and YAML syntax by `yaml/syntax`.',
  },
  messages: {
    unknownKey: 'Unknown key `{key}` in {where}{hint}',
    mergeKey: 'GitHub Actions does not support YAML merge keys (`<<`); repeat the keys or alias the whole mapping.',
    usesAndRun: '{where} has both `{other}` and `{key}`; a step either runs an action (`uses`, `with`) or a script (`run`, `shell`).',
    reusableJobKey: '{where} calls a reusable workflow with `uses`, so it cannot have `{key}`; the called workflow\'s jobs say where and how they run.',
    badType: '`{key}` in {where} must be a {expected}; `{value}` is a {actual}.',
    unclosed: 'A `${{` in {where} is never closed by `}}`.',
    badId: '{what} `{id}` is invalid: ids start with a letter or `_` and hold only letters, digits, `_` and `-`.',
    badValue: '`{value}` is not a valid value for `{key}` in {where}.',
    missingKey: '{where} is missing the required key `{key}`.',
    ambiguous: '{where} does not say what it is; add one of {keys}.',
    noList: '`{key}` in {where} cannot be a list.',
    noMapping: '`{key}` in {where} cannot be a mapping.',
    unknownContext: '`{name}` is not a context available in the expression `{expression}`{hint}',
    unknownFunction: '`{name}` is not a function available in the expression `{expression}`{hint}',
    cron: '`{cron}` is not a valid cron schedule (five fields: minute 0-59, hour 0-23, day of month 1-31, month 1-12, day of week 0-6).',
    other: '{message} (in {where}).',
  },
  check(ctx) {
    for (const p of schemaProblems(ctx.file)) ctx.report({ messageId: p.messageId, data: p.data, range: p.range });
  },
});
