import { initCommandsOf } from '../../parse/plan-commands';
import { planOutline } from '../../parse/plan-doc';
import { planDocumentKind } from '../../plan/sections';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'plan/require-init-commands',
  kinds: ['plan-doc'],
  severity: 'warning',
  docs: {
    summary: 'A plan document shows, in a shell code block, the commands that set its infrastructure up: install, init, apply or deploy.',
    rationale:
      'The DevOps mode asks every plan to include its initialization commands: the exact `bun install --frozen-lockfile`, ' +
      '`terraform init` and `terraform apply`, `helm upgrade --install` or `docker compose up` someone new runs to bring ' +
      'the system up. Prose ("initialise Terraform, then apply") leaves the flags, the order and the working folder to ' +
      'guesswork.\n\n' +
      'A block counts when it is marked as a shell (`bash`, `sh`, `shell`, `zsh`, `console` with `$ ` prompts, ' +
      '`powershell`) or carries no language, and one of its commands installs dependencies, initialises a tool, applies ' +
      'or deploys: a subcommand such as `install`, `ci`, `init`, `apply`, `deploy`, `up`, `sync`, `bootstrap`, ' +
      '`provision`, `create`, `upgrade` or `download` (`go mod download`), `ansible-playbook`, a `make`/`just` target of ' +
      'those names, or a script named after them (`./scripts/bootstrap.sh`).',
  },
  messages: {
    missing: 'The plan shows no initialization commands; add a `bash` block with the commands that set it up (install, init, apply or deploy).',
  },
  check(ctx) {
    if (!planDocumentKind(ctx.file.path)) return;
    if (initCommandsOf(ctx.file).length > 0) return;
    ctx.report({ messageId: 'missing', range: planOutline(ctx.file).anchor });
  },
});
