import { cloudFormationReferences } from '../../parse/cloudformation-references';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'cloudformation/no-undefined-reference',
  kinds: ['cloudformation'],
  // Not run on code blocks of plan documents: parameters, resources and conditions may be left out of an excerpt.
  scope: 'file',
  severity: 'error',
  docs: {
    summary:
      '`Ref`, `Fn::GetAtt`, `Fn::Sub` `${…}`, `DependsOn`, `Condition`, `Fn::If` and `Fn::FindInMap` must name a resource, parameter, attribute, condition or mapping the template defines.',
    rationale:
      'CloudFormation resolves names only when it validates the template for a deployment, and a name that does not exist fails ' +
      'it: `!Ref VpcID` where the parameter is `VpcId`, `!GetAtt Queue.Url` where the attribute is `QueueUrl`, `${Bucket}` in ' +
      'a `!Sub` after the bucket was renamed. Pseudo parameters (`AWS::Region`, `AWS::StackName`…) are always defined; ' +
      'attributes are checked against the resource specification (nested-stack `Outputs.*` included). Names SAM generates ' +
      '(`MyFunctionRole`, `ServerlessRestApi`) and `Fn::ForEach` identifiers are accepted; a template with other macros is ' +
      'not judged, since the template CloudFormation deploys is the macro\'s output.',
  },
  messages: {
    ref: '`Ref` names {name}, which is neither a resource, a parameter nor a pseudo parameter of this template{hint}',
    getAttResource: '`Fn::GetAtt` names {name}, which is not a resource of this template{hint}',
    getAttAttribute: 'Resource {resource} ({type}) has no attribute {name}{hint}',
    sub: '`Fn::Sub` refers to {name}, which is neither a resource, a parameter, a pseudo parameter nor a variable of the `Fn::Sub`{hint}',
    dependsOn: '`DependsOn` names {name}, which is not a resource of this template{hint}',
    condition: 'Condition {name} is not defined under `Conditions`{hint}',
    mapping: 'Mapping {name} is not defined under `Mappings`{hint}',
  },
  fix: 'unsafe',
  check(ctx) {
    for (const r of cloudFormationReferences(ctx.file)) {
      const hint = r.suggestion ? `; did you mean \`${r.suggestion}\`?` : '.';
      ctx.report({
        messageId: r.messageId,
        data: { name: `\`${r.name}\``, resource: `\`${r.resource ?? ''}\``, type: `\`${r.type ?? ''}\``, hint },
        range: r.range,
        fixes: r.suggestion ? [{ title: `Change to \`${r.suggestion}\``, safe: false, edits: [{ ...r.range, newText: r.suggestion }] }] : [],
      });
    }
  },
});
