/**
 * Names a CloudFormation template uses and does not define: `Ref`, `Fn::GetAtt`
 * (resource and attribute), `Fn::Sub` `${…}`, `DependsOn`, resource and output
 * `Condition`, `Fn::If`, `!Condition` and `Fn::FindInMap`. Memoised per file.
 */
import type { SourceFile } from '../source';
import { closest } from '../suggest';
import type { OffsetRange } from '../types';
import { type CfnNode, type CfnTemplate, cloudFormationTemplate, PSEUDO_PARAMETERS, section, stringOf, subReferences, walk } from './cloudformation';
import { cloudFormationSpec } from './cloudformation-spec';

export interface UndefinedReference {
  messageId: 'ref' | 'getAttResource' | 'getAttAttribute' | 'sub' | 'dependsOn' | 'condition' | 'mapping';
  name: string;
  range: OffsetRange;
  suggestion?: string;
  resource?: string;
  type?: string;
}

/** Logical ids SAM creates beside those written (the implicit APIs, each function's role, versions, aliases…). */
const SAM_IMPLICIT = /^Serverless(?:RestApi|HttpApi|DeploymentBucket)/;

export function cloudFormationReferences(file: SourceFile): UndefinedReference[] {
  return file.memo('cloudformation-references', () => {
    const template = cloudFormationTemplate(file);
    if (!template.root || template.macro) return [];
    return new Resolver(file.text, template).run();
  });
}

class Resolver {
  private readonly out: UndefinedReference[] = [];
  private readonly resources = new Map<string, string | undefined>();
  private readonly samIds: string[];
  private readonly mappings: Set<string>;

  constructor(
    private readonly text: string,
    private readonly template: CfnTemplate,
  ) {
    for (const r of template.resources) this.resources.set(r.id, r.type);
    this.samIds = template.sam ? template.resources.filter((r) => r.type?.startsWith('AWS::Serverless::')).map((r) => r.id) : [];
    const mappings = section(template, 'Mappings')?.value;
    this.mappings = new Set(mappings?.type === 'map' ? mappings.entries.map((e) => e.key) : []);
  }

  run(): UndefinedReference[] {
    for (const r of this.template.resources) {
      if (r.node.type !== 'map') continue;
      for (const e of r.node.entries) {
        if (e.key === 'DependsOn') this.dependsOn(e.value);
        else if (e.key === 'Condition') this.conditionName(e.value);
      }
    }
    const outputs = section(this.template, 'Outputs')?.value;
    if (outputs?.type === 'map') for (const o of outputs.entries) this.conditionName(o.value.type === 'map' ? o.value.entries.find((e) => e.key === 'Condition')?.value : undefined);
    for (const name of ['Resources', 'Outputs', 'Conditions', 'Rules']) {
      walk(section(this.template, name)?.value, (n) => {
        if (n.type === 'intrinsic') this.intrinsic(n.name, n.arg);
      });
    }
    return this.out.sort((a, b) => a.range.start - b.range.start);
  }

  private intrinsic(name: string, arg: CfnNode): void {
    switch (name) {
      case 'Ref': {
        const ref = stringOf(arg);
        if (ref !== undefined && !this.isValue(ref)) this.report('ref', ref, arg, this.valueNames());
        return;
      }
      case 'Fn::GetAtt': {
        if (arg.type !== 'list') return;
        const [resource, attribute] = arg.items;
        const id = stringOf(resource);
        if (id === undefined || !resource) return;
        if (!this.isResource(id)) {
          this.report('getAttResource', id, resource, this.resources.keys());
          return;
        }
        const attr = stringOf(attribute);
        if (attr !== undefined && attribute) this.attribute(id, attr, attribute.range, inner(attribute));
        return;
      }
      case 'Fn::Sub': {
        const [body, vars] = arg.type === 'list' ? arg.items : [arg, undefined];
        if (!body) return;
        const local = new Set(vars?.type === 'map' ? vars.entries.map((e) => e.key) : []);
        for (const ref of subReferences(this.text, body)) {
          if (local.has(ref.name) || this.isValue(ref.name)) continue;
          const dot = ref.name.indexOf('.');
          if (dot > 0 && this.isResource(ref.name.slice(0, dot))) {
            const id = ref.name.slice(0, dot);
            this.attribute(id, ref.name.slice(dot + 1), ref.range, { start: ref.range.start + dot + 1, end: ref.range.end });
            continue;
          }
          const suggestion = closest(ref.name, [...this.valueNames(), ...local]);
          this.out.push({ messageId: 'sub', name: ref.name, range: ref.range, suggestion });
        }
        return;
      }
      case 'Fn::If':
        if (arg.type === 'list' && arg.items[0]) this.conditionName(arg.items[0]);
        return;
      case 'Condition':
        this.conditionName(arg);
        return;
      case 'Fn::FindInMap': {
        const first = arg.type === 'list' ? arg.items[0] : undefined;
        const mapping = stringOf(first);
        if (first && mapping !== undefined && !this.mappings.has(mapping)) this.report('mapping', mapping, first, this.mappings);
        return;
      }
    }
  }

  private attribute(id: string, attr: string, range: OffsetRange, replaceAt: OffsetRange): void {
    const type = this.resources.get(id);
    const spec = cloudFormationSpec();
    if (!type || !spec || /[$&]\{/.test(attr)) return;
    // A nested stack's outputs are its own template's.
    if (type === 'AWS::CloudFormation::Stack' && attr.startsWith('Outputs.')) return;
    const resource = spec.resource(type);
    if (!resource || resource.attributes.length === 0 || type.startsWith('AWS::Serverless::') || resource.attributes.includes(attr)) return;
    const suggestion = closest(attr, resource.attributes);
    this.out.push({ messageId: 'getAttAttribute', name: attr, range: replaceAt.end > replaceAt.start ? replaceAt : range, suggestion, resource: id, type });
  }

  private dependsOn(node: CfnNode): void {
    const items = node.type === 'list' ? node.items : [node];
    for (const item of items) {
      const id = stringOf(item);
      if (id !== undefined && !this.isResource(id)) this.report('dependsOn', id, item, this.resources.keys());
    }
  }

  private conditionName(node: CfnNode | undefined): void {
    const name = stringOf(node);
    if (node && name !== undefined && !this.template.conditions.has(name) && !this.isLoopName(name)) this.report('condition', name, node, this.template.conditions.keys());
  }

  private report(messageId: UndefinedReference['messageId'], name: string, node: CfnNode, candidates: Iterable<string>): void {
    this.out.push({ messageId, name, range: inner(node), suggestion: closest(name, candidates) });
  }

  /** A name `Ref` and `${…}` may take. */
  private isValue(name: string): boolean {
    return PSEUDO_PARAMETERS.has(name) || this.template.parameters.has(name) || this.isResource(name) || this.template.loopIdentifiers.has(name);
  }

  private isResource(id: string): boolean {
    if (this.resources.has(id) || this.isLoopName(id)) return true;
    return this.template.sam && (SAM_IMPLICIT.test(id) || this.samIds.some((s) => id.startsWith(s)));
  }

  /** A name built from `Fn::ForEach` placeholders, or matching an id written with them. */
  private isLoopName(name: string): boolean {
    return /[$&]\{/.test(name) || this.template.loopIds.some((re) => re.test(name));
  }

  private valueNames(): string[] {
    return [...this.template.parameters.keys(), ...this.resources.keys(), ...PSEUDO_PARAMETERS];
  }
}

/** A scalar's range without its quotes: where a corrected name goes. */
function inner(node: CfnNode): OffsetRange {
  if (node.type === 'scalar' && (node.yaml?.type === 'QUOTE_DOUBLE' || node.yaml?.type === 'QUOTE_SINGLE') && node.range.end - node.range.start >= 2) {
    return { start: node.range.start + 1, end: node.range.end - 1 };
  }
  return node.range;
}
