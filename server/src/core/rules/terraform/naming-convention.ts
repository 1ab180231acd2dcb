import { compileSafeRegex, testBounded } from '../../safe-regex';
import { defineRule } from '../../rule';

/** Blocks whose name is chosen by the author, and which label holds it. */
const NAMED: Readonly<Record<string, number>> = { resource: 1, data: 1, module: 0, variable: 0, output: 0 };

export default defineRule({
  id: 'terraform/naming-convention',
  kinds: ['terraform'],
  severity: 'warning',
  docs: {
    summary: 'Names of resources, data sources, modules, variables and outputs follow the configured pattern (default snake_case).',
    rationale:
      'Names end up in addresses (`aws_s3_bucket.site_logs`), in state, in plans people review and in every reference; one convention ' +
      'makes them predictable, and the DevOps mode asks for "consistent tagging and naming conventions". Terraform\'s own style guide ' +
      'uses lower-case words joined by underscores. The option `pattern` is a regular expression from the workspace: it is refused, with ' +
      'one finding saying why, when it could backtrack without end (a repeated group that contains a quantifier, repeated alternatives ' +
      'that overlap, back-references) — the check must not be able to hang the editor — and names longer than 256 characters are not tested. ' +
      'Renaming is not offered as a fix: every reference and the state (a `moved` block) must follow.',
  },
  options: {
    type: 'object',
    properties: {
      pattern: { type: 'string', default: '^[a-z][a-z0-9_]*$', description: 'Regular expression every name must match.' },
    },
    additionalProperties: false,
  },
  messages: {
    name: '{block} name `{name}` does not match the naming pattern `{pattern}`.',
    unsafePattern: 'The naming pattern `{pattern}` of the configuration is not used: {reason}.',
  },
  check(ctx) {
    const { file } = ctx;
    if (file.format !== 'hcl' || /\.tfvars$/i.test(file.path)) return;
    const pattern = ctx.options.pattern;
    const compiled = compileSafeRegex(pattern);
    if (!compiled.ok) {
      ctx.report({ messageId: 'unsafePattern', data: { pattern, reason: compiled.reason }, range: { start: 0, end: 0 } });
      return;
    }
    for (const block of file.hcl.body.blocks) {
      const index = NAMED[block.type];
      if (index === undefined) continue;
      const label = block.labels[index];
      if (!label || label.value === '') continue;
      if (testBounded(compiled.regex, label.value) === false) {
        ctx.report({ messageId: 'name', data: { block: block.type === 'data' ? 'Data source' : capitalise(block.type), name: label.value, pattern }, range: label.range });
      }
    }
  },
});

function capitalise(s: string): string {
  return s[0]?.toUpperCase() + s.slice(1);
}
