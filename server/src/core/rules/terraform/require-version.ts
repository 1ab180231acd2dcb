import { literalString } from '../../parse/hcl';
import { moduleAnchor, moduleFiles, terraformFacts } from '../../parse/terraform';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'terraform/require-version',
  kinds: ['terraform'],
  // Not run on code blocks of plan documents: `required_version` may be in another file of the module.
  scope: 'repository',
  severity: 'warning',
  docs: {
    summary: 'Every module states the Terraform versions it works with: `required_version` in its `terraform` block.',
    rationale:
      'Terraform\'s language and state format change between releases: a configuration written for one version may plan differently, or ' +
      'upgrade the state so that older binaries can no longer read it, when a colleague or CI runs another. `required_version` makes ' +
      'Terraform refuse to run with a version outside the range instead. It is checked per module (the `.tf` files of one folder), once, on ' +
      'the file with the `terraform` block (else `main.tf`): any file of the folder may hold it, conventionally `versions.tf`.',
  },
  messages: {
    missing: 'Module `{folder}` does not set `required_version` in a `terraform` block.',
    empty: '`required_version` is empty: it allows every Terraform version.',
  },
  check(ctx) {
    const { file } = ctx;
    if (file.format !== 'hcl' || /\.tfvars$/i.test(file.path)) return;
    for (const t of terraformFacts(file).terraformBlocks) {
      const v = t.body.attribute('required_version');
      if (v && literalString(v.expression, file.text)?.trim() === '') ctx.report({ messageId: 'empty', range: v.range });
    }
    const files = moduleFiles(file, ctx.workspace);
    if (moduleAnchor(files) !== file) return;
    const facts = files.map(terraformFacts);
    if (!facts.some((f) => f.configures)) return;
    // A `.tf.json` file may set it too; its blocks are not read here, so a module with one is given the benefit of the doubt.
    if (files.some((f) => f.isJson)) return;
    if (facts.some((f) => f.terraformBlocks.some((t) => t.body.attribute('required_version')))) return;
    const own = terraformFacts(file);
    const at = own.terraformBlocks[0]?.typeRange ?? file.hcl.body.blocks[0]?.typeRange ?? { start: 0, end: 0 };
    ctx.report({ messageId: 'missing', data: { folder: file.dirname === '' ? '.' : file.dirname }, range: at });
  },
});
