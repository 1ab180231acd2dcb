import { type HclNode, literalString, objectEntries, unwrap } from '../../parse/hcl';
import { moduleFiles, providerOfType, terraformFacts } from '../../parse/terraform';
import { defineRule } from '../../rule';
import type { SourceFile } from '../../source';
import type { OffsetRange } from '../../types';

/** Providers built into Terraform itself (`terraform_data`, `terraform_remote_state`): nothing to pin. */
const BUILT_IN = new Set(['terraform']);

export default defineRule({
  id: 'terraform/pin-providers',
  kinds: ['terraform'],
  // Not run on code blocks of plan documents: `required_providers` may be in another file of the module.
  scope: 'repository',
  severity: 'warning',
  docs: {
    summary: 'Every provider a module uses has a `version` constraint in `required_providers`.',
    rationale:
      'A provider without a version constraint is installed at its newest release on every fresh `terraform init`: a major release ' +
      'renames arguments and changes defaults, and the next plan in CI proposes to replace resources nobody touched. A constraint ' +
      '(`~> 5.40` in a root module, `>= 5.0` in a reusable one) with the dependency lock file keeps every machine on the same provider. ' +
      'An entry of `required_providers` without `version` is reported at its name; a provider used by a `provider` block or a ' +
      'resource or data source (by its type\'s prefix, or its `provider =` argument) but missing from `required_providers` in every file ' +
      'of the folder is reported at its first use.',
  },
  messages: {
    noVersion: 'Provider `{provider}` has no `version` constraint in `required_providers`.',
    undeclared: 'Provider `{provider}` is used but not declared with a `version` in `required_providers`.',
  },
  check(ctx) {
    const { file } = ctx;
    if (file.format !== 'hcl' || /\.tfvars$/i.test(file.path)) return;
    const text = file.text;
    for (const t of terraformFacts(file).terraformBlocks) {
      for (const rp of t.body.blocksOf('required_providers')) {
        for (const a of rp.body.attributes) {
          const entries = objectEntries(a.expression, text);
          // The old form `aws = "~> 5.0"` is a version constraint by itself.
          if (!entries) {
            if (literalString(a.expression, text)?.trim() === '') ctx.report({ messageId: 'noVersion', data: { provider: a.name }, range: a.nameRange });
            continue;
          }
          const version = entries.find((e) => e.key === 'version');
          if (!version || literalString(version.value, text)?.trim() === '') ctx.report({ messageId: 'noVersion', data: { provider: a.name }, range: a.nameRange });
        }
      }
    }
    const files = moduleFiles(file, ctx.workspace);
    if (files.some((f) => f.isJson)) return;
    const declared = new Set<string>();
    for (const f of files) {
      for (const t of terraformFacts(f).terraformBlocks) for (const rp of t.body.blocksOf('required_providers')) for (const a of rp.body.attributes) declared.add(a.name);
    }
    const reported = new Set<string>();
    for (const f of files) {
      for (const use of providerUses(f)) {
        if (declared.has(use.provider) || BUILT_IN.has(use.provider) || reported.has(use.provider)) continue;
        reported.add(use.provider);
        if (f === file) ctx.report({ messageId: 'undeclared', data: { provider: use.provider }, range: use.range });
      }
    }
  },
});

/** The providers a file uses, in text order: `provider` blocks, and resources and data sources by their provider. */
function providerUses(file: SourceFile): { provider: string; range: OffsetRange }[] {
  return file.memo('terraform.providerUses', () => {
    const out: { provider: string; range: OffsetRange }[] = [];
    const text = file.text;
    for (const block of file.hcl.body.blocks) {
      if (block.type === 'provider' && block.labels[0]) out.push({ provider: block.labels[0].value, range: block.labels[0].range });
      if ((block.type === 'resource' || block.type === 'data') && block.labels[0]) {
        const explicit = block.body.attribute('provider');
        const name = explicit ? providerReference(unwrap(explicit.expression), text) : providerOfType(block.labels[0].value);
        if (name) out.push({ provider: name, range: block.labels[0].range });
      }
    }
    return out;
  });
}

/** `google-beta` of `provider = google-beta` or `provider = google-beta.west`. */
function providerReference(node: HclNode | undefined, text: string): string | undefined {
  if (!node) return undefined;
  const m = /^([A-Za-z][A-Za-z0-9_-]*)/.exec(text.slice(node.start, node.end));
  return m?.[1];
}
