import { cloudFormationTemplate, entryOf, secretNamed, stringOf, valueOf } from '../../parse/cloudformation';
import { insertAfterEntry } from '../../parse/cloudformation-edits';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'cloudformation/require-no-echo',
  kinds: ['cloudformation'],
  severity: 'warning',
  docs: {
    summary: 'Parameters named for a secret (`DBPassword`, `ApiKey`, `GitHubToken`, `ClientSecret`) set `NoEcho: true`.',
    rationale:
      'CloudFormation shows every parameter value in the console, in `describe-stacks` output and in its events unless the ' +
      'parameter has `NoEcho: true`; a password passed to a stack is then readable by anyone who may describe it. Names are ' +
      'read word by word, so `KeyName` (an EC2 key pair name), `KmsKeyId` or `TokenUrl` are not taken for secrets. ' +
      'Parameters of the SSM types (`AWS::SSM::Parameter::Value<…>`) hold a parameter name, not the secret. ' +
      'Better still, take the secret from Secrets Manager with a `{{resolve:secretsmanager:…}}` dynamic reference. ' +
      'The fix adds `NoEcho: true` after the parameter\'s `Type`.',
  },
  messages: {
    missing: 'Parameter {name} looks like a secret but has no `NoEcho: true`; its value is shown in the console and in stack descriptions.',
  },
  fix: 'safe',
  check(ctx) {
    const template = cloudFormationTemplate(ctx.file);
    for (const [name, e] of template.parameters) {
      if (e.value.type !== 'map' || !secretNamed(name)) continue;
      if (stringOf(valueOf(e.value, 'Type'))?.startsWith('AWS::SSM::Parameter::')) continue;
      const noEcho = valueOf(e.value, 'NoEcho');
      if (noEcho && (noEcho.type !== 'scalar' || noEcho.value === true || String(noEcho.value).toLowerCase() === 'true')) continue;
      const after = entryOf(e.value, 'Type') ?? e.value.entries[e.value.entries.length - 1];
      const edit = after && !noEcho ? insertAfterEntry(ctx.file, e.value, after, [['NoEcho', 'true']]) : undefined;
      const jsonEdit = edit && ctx.file.isJson ? { ...edit, newText: edit.newText.replace('"NoEcho": "true"', '"NoEcho": true') } : edit;
      ctx.report({
        messageId: 'missing',
        data: { name: `\`${name}\`` },
        range: e.keyRange,
        fixes: jsonEdit ? [{ title: 'Add `NoEcho: true`', safe: true, edits: [jsonEdit] }] : [],
      });
    }
  },
});
