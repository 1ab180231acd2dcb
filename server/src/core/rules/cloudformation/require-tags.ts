import { type CfnNode, cloudFormationTemplate, entryOf, stringOf } from '../../parse/cloudformation';
import { cloudFormationSpec } from '../../parse/cloudformation-spec';
import { defineRule } from '../../rule';

/** SAM types that take `Tags` (a mapping), which the specification package may not list. */
const SAM_TAGGED = new Set(['Api', 'Application', 'Function', 'HttpApi', 'SimpleTable', 'StateMachine'].map((t) => `AWS::Serverless::${t}`));

/** Tag keys a `Tags` value sets: a list of `{Key, Value}` or a mapping; undefined when an intrinsic decides them. */
function tagKeys(node: CfnNode): Set<string> | undefined {
  const keys = new Set<string>();
  if (node.type === 'map') {
    for (const e of node.entries) {
      if (e.key.startsWith('Fn::')) return undefined;
      keys.add(e.key);
    }
    return keys;
  }
  if (node.type !== 'list') return node.type === 'scalar' && node.value === null ? keys : undefined;
  for (const item of node.items) {
    const key = item.type === 'map' ? entryOf(item, 'Key')?.value : undefined;
    const name = stringOf(key);
    if (name === undefined) return undefined;
    keys.add(name);
  }
  return keys;
}

export default defineRule({
  id: 'cloudformation/require-tags',
  kinds: ['cloudformation'],
  severity: 'warning',
  docs: {
    summary: 'Resources that take `Tags` carry the required tag keys (by default `Environment`, `Owner` and `CostCenter`).',
    rationale:
      'Tags are how an AWS account answers "whose is this, what does it cost, which environment is it": cost allocation ' +
      'reports, access policies on `aws:ResourceTag`, clean-up jobs and incident response all read them, and an untagged ' +
      'resource is one nobody owns. The DevOps mode asks for consistent tagging across all infrastructure code. A resource ' +
      'type takes tags when the resource specification gives it a `Tags` property (and SAM functions, APIs, tables, state ' +
      'machines and applications). Tags written by an intrinsic (`!If`, a `Ref` to a list) are not judged. Tags applied to ' +
      'the whole stack at deploy time do not show in the template: set `keys` to the tags your templates must write ' +
      'themselves, or turn the rule off for stacks tagged that way.',
  },
  options: {
    type: 'object',
    properties: {
      keys: { type: 'array', items: { type: 'string' }, default: ['Environment', 'Owner', 'CostCenter'], description: 'Tag keys every taggable resource must have.' },
    },
    additionalProperties: false,
  },
  messages: {
    missingTags: 'Resource {id} has no {tags} tag{s}.',
  },
  check(ctx) {
    const required = ctx.options.keys;
    if (required.length === 0) return;
    const spec = cloudFormationSpec();
    for (const r of cloudFormationTemplate(ctx.file).resources) {
      if (!r.type || r.node.type !== 'map') continue;
      if (!SAM_TAGGED.has(r.type) && !spec?.resource(r.type)?.properties.has('Tags')) continue;
      const tags = entryOf(r.properties, 'Tags');
      if (r.properties?.type === 'intrinsic' || (r.properties?.type === 'map' && r.properties.entries.some((e) => e.key.startsWith('Fn::')))) continue;
      const keys = tags ? tagKeys(tags.value) : new Set<string>();
      if (!keys) continue;
      const missing = required.filter((k) => !keys.has(k));
      if (missing.length === 0) continue;
      ctx.report({
        messageId: 'missingTags',
        data: { id: `\`${r.id}\``, tags: missing.map((k) => `\`${k}\``).join(', '), s: missing.length > 1 ? 's' : '' },
        range: tags?.keyRange ?? r.idRange,
      });
    }
  },
});
