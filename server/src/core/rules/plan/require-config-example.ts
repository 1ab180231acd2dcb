import { planOutline } from '../../parse/plan-doc';
import { planDocumentKind } from '../../plan/sections';
import { defineRule } from '../../rule';

/** Fence languages of configuration: YAML, HCL/Terraform, JSON, TOML, Dockerfile. */
const CONFIG_LANGUAGES = new Set(['yaml', 'yml', 'hcl', 'terraform', 'tf', 'tfvars', 'json', 'jsonc', 'json5', 'toml', 'dockerfile', 'docker', 'containerfile']);

export default defineRule({
  id: 'plan/require-config-example',
  kinds: ['plan-doc'],
  severity: 'warning',
  docs: {
    summary: 'A plan document includes at least one configuration example: a YAML, HCL, JSON, TOML or Dockerfile code block.',
    rationale:
      'The DevOps mode asks every plan to include configuration examples and samples of its pipeline and infrastructure ' +
      'code: the workflow job that deploys, the Terraform backend block, the `values.yaml` override of an environment. An ' +
      'example fixes the names, keys and versions that prose leaves open, and the YAML, HCL and Dockerfile blocks of a ' +
      'plan are checked by the same rules as the real files.\n\n' +
      'A fenced block counts when its language is `yaml`/`yml`, `hcl`/`terraform`/`tf`/`tfvars`, `json`/`jsonc`/`json5`, ' +
      '`toml` or `dockerfile`/`containerfile`, and it is not empty. A mermaid diagram is not a configuration example.',
  },
  messages: {
    missing: 'The plan has no configuration example; add a `yaml`, `hcl`, `json`, `toml` or `dockerfile` code block with the configuration it describes.',
  },
  check(ctx) {
    if (!planDocumentKind(ctx.file.path)) return;
    if (ctx.file.markdown.fences.some((f) => CONFIG_LANGUAGES.has(f.language) && f.value.trim() !== '')) return;
    ctx.report({ messageId: 'missing', range: planOutline(ctx.file).anchor });
  },
});
