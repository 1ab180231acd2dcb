import { calledFolders, moduleAnchor, moduleFiles, terraformFacts } from '../../parse/terraform';
import { defineRule } from '../../rule';

/** Folders by convention not root modules: reusable modules, examples to copy, test fixtures. */
const NOT_ROOT = /(?:^|\/)(?:modules|examples?|tests?|fixtures?)(?:\/|$)/;

export default defineRule({
  id: 'terraform/require-remote-backend',
  kinds: ['terraform'],
  // Not run on code blocks of plan documents: judges a root module, all its files and its callers.
  scope: 'repository',
  severity: 'warning',
  docs: {
    summary: 'A root module keeps its state in a remote backend (`backend "s3"`, `"gcs"`, `"azurerm"`, … or `cloud {}`).',
    rationale:
      'Without a backend Terraform writes `terraform.tfstate` beside the code: one laptop holds the only record of what exists, ' +
      'two people applying at once corrupt it, and the secrets state contains end up on disk or in Git. The DevOps mode asks for a ' +
      '"state management strategy (remote state storage)". A root module is a folder whose `.tf` / `.tf.json` files (read together, ' +
      'as Terraform does) configure a `provider` (a reusable module leaves that to its caller), that no other module of the workspace ' +
      'calls by a local path, and that is not under `modules/`, `examples/`, `test/` or `fixtures/`. The finding is given once per folder, on the file ' +
      'with the `terraform` block (else `main.tf`). A partial backend configuration (`backend "s3" {}` completed by `-backend-config`) ' +
      'counts as remote; `backend "local"` does not.',
  },
  messages: {
    missing: 'Root module `{folder}` has no remote state backend: add a `backend` (or `cloud`) block to its `terraform` block.',
    local: 'Root module `{folder}` keeps its state in the `local` backend; use a remote backend such as `s3`, `gcs`, `azurerm` or `cloud`.',
  },
  check(ctx) {
    const { file } = ctx;
    if (file.format !== 'hcl' || /\.tfvars$/i.test(file.path)) return;
    const dir = file.dirname;
    if (NOT_ROOT.test(dir)) return;
    const files = moduleFiles(file, ctx.workspace);
    if (moduleAnchor(files) !== file) return;
    const facts = files.map(terraformFacts);
    // Providers are configured by root modules; a folder without a `provider` block is a reusable module (its caller configures them).
    if (!facts.some((f) => f.providers.length > 0 || f.hasJsonProvider)) return;
    const backends = facts.flatMap((f) => f.backends);
    const remote = backends.filter((b) => b.type !== 'local');
    if (remote.length > 0) return;
    if (calledFolders(ctx.workspace).has(dir)) return;
    const folder = dir === '' ? '.' : dir;
    const local = terraformFacts(file).backends.find((b) => b.type === 'local');
    if (local) {
      ctx.report({ messageId: 'local', data: { folder }, range: local.range });
      return;
    }
    const own = terraformFacts(file);
    const at = own.terraformBlocks[0]?.typeRange ?? own.providers[0]?.typeRange ?? own.resources[0]?.typeRange ?? file.hcl.body.blocks[0]?.typeRange ?? { start: 0, end: 0 };
    ctx.report({ messageId: 'missing', data: { folder }, range: at });
  },
});
