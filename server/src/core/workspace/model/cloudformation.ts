/**
 * CloudFormation in the repository model: each template's resources by logical
 * id and type, with the resources they reference through `Ref`, `Fn::GetAtt`
 * and `Fn::Sub`. Read from the template view the `cloudformation/*` rules share.
 */
import { type CfnNode, cloudFormationTemplate, stringOf, subReferences, walk } from '../../parse/cloudformation';
import type { ModelSource } from './source';
import type { CloudFormationResource } from './types';

export function buildCloudFormation(view: ModelSource): CloudFormationResource[] {
  const out: CloudFormationResource[] = [];
  for (const file of view.filesOf('cloudformation')) {
    const template = cloudFormationTemplate(file);
    const ids = new Set(template.resources.map((r) => r.id));
    for (const resource of template.resources) {
      if (!resource.type) continue;
      const refs = new Set<string>();
      const add = (name: string | undefined) => {
        const id = name?.split('.')[0];
        if (id && id !== resource.id && ids.has(id)) refs.add(id);
      };
      walk(resource.node, (n: CfnNode) => {
        if (n.type !== 'intrinsic') return;
        if (n.name === 'Ref') add(stringOf(n.arg));
        else if (n.name === 'Fn::GetAtt') add(n.arg.type === 'list' ? stringOf(n.arg.items[0]) : stringOf(n.arg));
        else if (n.name === 'Fn::Sub') {
          const template = n.arg.type === 'list' ? n.arg.items[0] : n.arg;
          if (template) for (const r of subReferences(file.text, template)) add(r.name);
        }
      });
      // `DependsOn` names resources too.
      const node = resource.node;
      if (node.type === 'map') {
        const dependsOn = node.entries.find((e) => e.key === 'DependsOn')?.value;
        if (dependsOn?.type === 'list') for (const i of dependsOn.items) add(stringOf(i));
        else add(stringOf(dependsOn));
      }
      out.push({ path: file.path, id: resource.id, type: resource.type, range: resource.idRange, references: [...refs].sort() });
    }
  }
  return out;
}
