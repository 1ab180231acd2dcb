import { type CfnNode, cloudFormationTemplate, secretNamed, walk } from '../../parse/cloudformation';
import { isCredentialLike, plainSecrets } from '../../parse/pipeline/secrets';
import { defineRule } from '../../rule';
import type { OffsetRange } from '../../types';

export default defineRule({
  id: 'cloudformation/no-hardcoded-secrets',
  kinds: ['cloudformation'],
  severity: 'error',
  docs: {
    summary: 'No password, key or token is written in a template: resource properties and parameter defaults take secrets from Secrets Manager, SSM or a `NoEcho` parameter.',
    rationale:
      'A template is committed, copied into S3 for deployment, and shown in full by `get-template` to anyone who may read the ' +
      'stack; a secret written in it is readable there for good, and rotating it means a new deployment. Write ' +
      '`{{resolve:secretsmanager:name:SecretString:password}}` or `{{resolve:ssm-secure:name}}` (resolved by CloudFormation at ' +
      'deploy time and never shown), let the service manage it (`ManageMasterUserPassword: true`), or pass a parameter with ' +
      '`NoEcho: true`. Reported are literal values of secret-named properties and parameter defaults (`MasterUserPassword`, ' +
      '`SecretString`, `ApiKey`) that look like real credentials — placeholders and references are not — and credentials ' +
      'recognisable by their shape anywhere in a string (private keys, tokens, passwords in URLs, `Authorization` headers).',
  },
  messages: {
    literal: '{name} is written in the template as a literal value; take it from Secrets Manager or SSM (`{{resolve:…}}`) or a `NoEcho` parameter.',
    shaped: 'A secret ({kind}) is written in the template in plain text; take it from Secrets Manager or SSM (`{{resolve:…}}`) or a `NoEcho` parameter.',
  },
  check(ctx) {
    const template = cloudFormationTemplate(ctx.file);
    const reported: OffsetRange[] = [];
    const literal = (label: string, value: CfnNode) => {
      if (value.type !== 'scalar' || typeof value.value !== 'string' || !isCredentialLike(value.value)) return;
      reported.push(value.range);
      ctx.report({ messageId: 'literal', data: { name: label }, range: value.range });
    };
    for (const [name, e] of template.parameters) {
      const def = e.value.type === 'map' ? e.value.entries.find((x) => x.key === 'Default') : undefined;
      if (def && secretNamed(name)) literal(`The default of parameter \`${name}\``, def.value);
    }
    for (const r of template.resources) {
      walk(r.properties, (n) => {
        if (n.type === 'map') for (const e of n.entries) if (secretNamed(e.key)) literal(`\`${e.key}\``, e.value);
      });
      walk(r.node, (n) => {
        if (n.type !== 'scalar' || typeof n.value !== 'string' || reported.some((x) => x.start === n.range.start)) return;
        const raw = ctx.file.text.slice(n.range.start, n.range.end);
        for (const s of plainSecrets(raw)) ctx.report({ messageId: 'shaped', data: { kind: s.kind }, range: { start: n.range.start + s.start, end: n.range.start + s.end } });
      });
    }
  },
});
