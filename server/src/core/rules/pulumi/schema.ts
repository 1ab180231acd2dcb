import { isPulumiStackFile } from '../../parse/pulumi';
import { defineRule } from '../../rule';
import { associationOf } from '../../schema/associations';
import { compiledValidator } from '../../schema/compiled';
import { validateYaml } from '../../schema/validate';

export default defineRule({
  id: 'pulumi/schema',
  kinds: ['pulumi'],
  severity: 'error',
  docs: {
    summary: 'A Pulumi project file (`Pulumi.yaml`) or stack file (`Pulumi.<stack>.yaml`) must match Pulumi\'s format: known keys, the right kinds of values, required keys present.',
    rationale:
      'The Pulumi CLI reads the project file before anything else, and refuses one it cannot read: a misspelt ' +
      '`runtme:` or a `runtime:` mapping without `name` stops every `pulumi preview` and `pulumi up` of the project, on ' +
      'every machine and in CI. The project schema follows Pulumi\'s project file reference (`name`, `runtime` as a ' +
      'string or `{ name, options }`, `description`, `main`, `stackConfigDir`, `config`, `backend`, `options`, ' +
      '`template`, `plugins`, `packages`) and the keys of Pulumi YAML programs (`resources` with `type`, ' +
      '`properties`, `options` and `get`, `variables`, `outputs`). A stack file (`Pulumi.<stack>.yaml`) holds ' +
      '`config`, `secretsprovider`, `encryptedkey`, `encryptionsalt` and `environment`. Resource properties are the ' +
      'provider\'s and are not checked here.',
  },
  messages: { schema: '{message}' },
  check(ctx) {
    const base = associationOf('pulumi');
    if (!base || !ctx.file.isYamlLike) return;
    const association = isPulumiStackFile(ctx.file.path) ? { ...base, schema: 'pulumi-stack' } : base;
    for (const p of validateYaml(ctx.file, association, compiledValidator)) {
      ctx.report({ messageId: 'schema', data: { message: p.message }, range: { start: p.start, end: p.end } });
    }
  },
});
