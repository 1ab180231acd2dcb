import { allBlocks, descendants, type HclBody, type HclNode, literalString, objectEntries } from '../../parse/hcl';
import { findSecrets } from '../../redact';
import { defineRule } from '../../rule';
import type { OffsetRange } from '../../types';

/** Argument and key names that hold a secret (`password`, `master_password`, `client_secret`, `DB_PASSWORD`, `api_token`). */
const SECRET_NAME = /(?:^|[_-])(?:password|passwd|secret|token|api[_-]?key|access[_-]?key|secret[_-]?key|private[_-]?key|secret[_-]?string|sas[_-]?token)$/i;
/** Values with a shape only secrets have, whatever the argument is called. */
const SHAPED_KINDS = new Set(['private key', 'GitHub token', 'npm token', 'AWS access key', 'Slack token', 'Google API key', 'URL credentials']);
/** Values that name a secret rather than hold one. */
const REFERENCE_VALUE = /^(?:arn:|projects\/|https:\/\/[^/]*vault|\$\{)/i;

export default defineRule({
  id: 'terraform/no-hardcoded-secrets',
  kinds: ['terraform'],
  severity: 'error',
  docs: {
    summary: 'Passwords, tokens and keys are not written as literal strings in Terraform files.',
    rationale:
      'A secret in a `.tf` or `.tfvars` file is in Git for good, in every clone and CI log of a plan, and in the state. ' +
      'Pass it in instead: a variable marked `sensitive = true` fed by the environment (`TF_VAR_…`) or CI secrets, a data source of a ' +
      'secret store (`aws_secretsmanager_secret_version`, `azurerm_key_vault_secret`, `google_secret_manager_secret_version`), or a ' +
      'generated value (`random_password`, `manage_master_user_password = true`). Reported: an argument or object key whose name ends ' +
      'in `password`, `secret`, `token`, `api_key`, `access_key`, `private_key`, … set to a non-empty literal string (a variable\'s ' +
      '`default` counts when the variable has such a name), and any literal string shaped like a private key, a cloud access key or a ' +
      'token, whatever it is called. Interpolations, references and ARNs are not secrets. The value is never quoted in the message.',
  },
  messages: {
    named: '`{name}` is set to a literal string; pass the secret in through a sensitive variable or a secret store.',
    shaped: 'This string looks like a {kind}; pass the secret in through a sensitive variable or a secret store.',
  },
  check(ctx) {
    const { file } = ctx;
    if (file.format !== 'hcl') return;
    const text = file.text;
    const doc = file.hcl;
    const reported = new Set<number>();
    const report = (messageId: 'named' | 'shaped', data: Record<string, string>, range: OffsetRange) => {
      if (reported.has(range.start)) return;
      reported.add(range.start);
      ctx.report({ messageId, data, range });
    };
    const checkValue = (name: string, value: HclNode, nameRange: OffsetRange) => {
      const literal = literalString(value, text);
      if (literal === undefined || literal.trim() === '' || REFERENCE_VALUE.test(literal)) return;
      if (SECRET_NAME.test(name)) report('named', { name }, { start: nameRange.start, end: value.end });
    };
    const bodies: HclBody[] = [doc.body, ...[...allBlocks(doc.body)].map((b) => b.block.body)];
    for (const body of bodies) {
      for (const attr of body.attributes) {
        checkValue(attr.name, attr.expression, attr.nameRange);
        for (const node of descendants(attr.expression)) {
          if (node.type !== 'object') continue;
          for (const e of objectEntries(node, text) ?? []) if (e.key !== undefined) checkValue(e.key, e.value, e.keyNode);
        }
      }
    }
    for (const variable of doc.body.blocksOf('variable')) {
      const name = variable.labels[0]?.value ?? '';
      const def = variable.body.attribute('default');
      if (def && SECRET_NAME.test(name)) {
        const literal = literalString(def.expression, text);
        if (literal !== undefined && literal.trim() !== '') report('named', { name: `variable "${name}" default` }, def.range);
      }
    }
    // Secret-shaped strings anywhere: string literals and heredocs.
    if (!doc.root) return;
    for (const node of descendants(doc.root)) {
      if (node.type !== 'template_literal') continue;
      for (const s of findSecrets(text.slice(node.start, node.end))) {
        if (!SHAPED_KINDS.has(s.kind)) continue;
        report('shaped', { kind: s.kind }, { start: node.start + s.start, end: node.start + s.end });
      }
    }
  },
});
