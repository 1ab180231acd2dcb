/**
 * The shape of a CloudFormation template, checked against the template anatomy
 * and the resource specification: sections, resource entries, parameters and
 * outputs by their keys; resource types, their properties (nested structs too),
 * required properties, and scalar/list/mapping shapes. A value written as an
 * intrinsic function is never judged by its shape (only CloudFormation knows
 * what it yields), except `Fn::If`, whose branches are judged as the value. Each problem at its node, with the closest valid name.
 */
import type { SourceFile } from '../source';
import { closest } from '../suggest';
import type { OffsetRange } from '../types';
import { type CfnEntry, type CfnNode, type CfnResource, type CfnTemplate, cloudFormationTemplate, stringOf } from './cloudformation';
import { cloudFormationSpec, type Shape, type StructSpec } from './cloudformation-spec';

export interface SchemaProblem {
  message: string;
  range: OffsetRange;
  /** A key or value to write instead (did-you-mean), replacing `range`. */
  replacement?: string;
}

const SECTIONS = ['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions', 'Transform', 'Resources', 'Outputs', 'Hooks'];
const RESOURCE_KEYS = ['Type', 'Properties', 'DependsOn', 'Condition', 'DeletionPolicy', 'UpdateReplacePolicy', 'UpdatePolicy', 'CreationPolicy', 'Metadata'];
/** `Version` (custom resources, still accepted) and SAM's `Connectors` are accepted beside them. */
const RESOURCE_EXTRA_KEYS = ['Version'];
const PARAMETER_KEYS = ['Type', 'Default', 'Description', 'AllowedPattern', 'AllowedValues', 'ConstraintDescription', 'MaxLength', 'MaxValue', 'MinLength', 'MinValue', 'NoEcho'];
const OUTPUT_KEYS = ['Value', 'Description', 'Export', 'Condition'];
const POLICIES = ['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot'];

/** SAM's resource types, newer ones included: the database's SAM part lags SAM itself (no `Connector`, `GraphQLApi`). */
const SAM_TYPES = ['Api', 'Application', 'Connector', 'Function', 'GraphQLApi', 'HttpApi', 'LayerVersion', 'SimpleTable', 'StateMachine'].map((t) => `AWS::Serverless::${t}`);

const q = (s: string) => `\`${s.length > 60 ? `${s.slice(0, 57)}…` : s}\``;

export function templateProblems(file: SourceFile): SchemaProblem[] {
  return file.memo('cloudformation-schema', () => {
    const template = cloudFormationTemplate(file);
    const out: SchemaProblem[] = [];
    if (!template.root) return out;
    const sections = template.sam ? [...SECTIONS, 'Globals'] : SECTIONS;
    unknownKeys(template.root.entries, sections, 'the template', out);
    const version = template.root.entries.find((e) => e.key === 'AWSTemplateFormatVersion');
    if (version && version.value.type === 'scalar' && String(version.value.value) !== '2010-09-09') {
      out.push({ message: `\`AWSTemplateFormatVersion\` must be \`2010-09-09\`, not ${q(String(version.value.value))}.`, range: version.value.range });
    }
    const resources = template.root.entries.find((e) => e.key === 'Resources');
    if (!resources) out.push({ message: 'The template has no `Resources` section; CloudFormation requires at least one resource.', range: template.root.entries[0]?.keyRange ?? { start: 0, end: 0 } });
    for (const e of entriesOfSection(template, 'Parameters')) {
      if (e.value.type !== 'map') continue;
      const suggested = unknownKeys(e.value.entries, PARAMETER_KEYS, `parameter ${q(e.key)}`, out);
      if (!suggested.has('Type') && !e.value.entries.some((x) => x.key === 'Type')) out.push({ message: `Parameter ${q(e.key)} is missing the required key \`Type\`.`, range: e.keyRange });
    }
    for (const e of entriesOfSection(template, 'Outputs')) {
      if (e.value.type !== 'map' || e.key.startsWith('Fn::ForEach::')) continue;
      const suggested = unknownKeys(e.value.entries, OUTPUT_KEYS, `output ${q(e.key)}`, out);
      if (!suggested.has('Value') && !e.value.entries.some((x) => x.key === 'Value')) out.push({ message: `Output ${q(e.key)} is missing the required key \`Value\`.`, range: e.keyRange });
    }
    for (const r of template.resources) resourceProblems(template, r, out);
    return out;
  });
}

function entriesOfSection(template: CfnTemplate, name: string): CfnEntry[] {
  const s = template.root?.entries.find((e) => e.key === name)?.value;
  return s?.type === 'map' ? s.entries : [];
}

/** Reports keys not in `allowed`; returns the keys suggested instead, which are then not also reported missing. */
function unknownKeys(entries: readonly CfnEntry[], allowed: readonly string[], where: string, out: SchemaProblem[]): Set<string> {
  const suggested = new Set<string>();
  for (const e of entries) {
    if (allowed.includes(e.key) || e.key.startsWith('Fn::')) continue;
    const suggestion = closest(e.key, allowed);
    if (suggestion) suggested.add(suggestion);
    out.push({ message: `Unknown key ${q(e.key)} in ${where}${suggestion ? `; did you mean ${q(suggestion)}?` : '.'}`, range: e.keyRange, replacement: suggestion });
  }
  return suggested;
}

function resourceProblems(template: CfnTemplate, r: CfnResource, out: SchemaProblem[]): void {
  const where = `resource ${q(r.id)}`;
  if (r.node.type !== 'map') {
    if (r.node.type !== 'intrinsic') out.push({ message: `${capital(where)} must be a mapping with a \`Type\`.`, range: r.node.range.end > r.node.range.start ? r.node.range : r.idRange });
    return;
  }
  const suggested = unknownKeys(r.node.entries, template.sam ? [...RESOURCE_KEYS, ...RESOURCE_EXTRA_KEYS, 'Connectors'] : [...RESOURCE_KEYS, ...RESOURCE_EXTRA_KEYS], where, out);
  for (const key of ['DeletionPolicy', 'UpdateReplacePolicy']) {
    const policy = r.node.entries.find((e) => e.key === key);
    const value = stringOf(policy?.value);
    if (policy && value !== undefined && !POLICIES.includes(value)) {
      const suggestion = closest(value, POLICIES);
      out.push({ message: `\`${key}\` of ${where} must be one of ${POLICIES.map(q).join(', ')}, not ${q(value)}${suggestion ? `; did you mean ${q(suggestion)}?` : '.'}`, range: policy.value.range, replacement: suggestion });
    }
  }
  if (!r.typeNode) {
    if (!suggested.has('Type')) out.push({ message: `${capital(where)} is missing the required key \`Type\`.`, range: r.idRange });
    return;
  }
  if (r.type === undefined) {
    if (r.typeNode.type !== 'intrinsic') out.push({ message: `\`Type\` of ${where} must be a resource type name such as \`AWS::S3::Bucket\`.`, range: r.typeNode.range });
    return;
  }
  const spec = cloudFormationSpec();
  if (!spec || isOpenType(r.type)) return;
  const resource = spec.resource(r.type);
  if (!resource) {
    if (!r.type.startsWith('AWS::')) return; // a third-party type from the CloudFormation registry
    const suggestion = closest(r.type, [...spec.types, ...SAM_TYPES]);
    out.push({
      message: suggestion
        ? `Unknown resource type ${q(r.type)}; did you mean ${q(suggestion)}?`
        : `Unknown resource type ${q(r.type)}: it is not in the CloudFormation resource specification (version ${spec.version}).`,
      range: r.typeNode.range,
      replacement: suggestion,
    });
    return;
  }
  // A macro may rewrite resources. The database's SAM types lag SAM (no `SnapStart`, `LoggingConfig` on
  // `AWS::Serverless::Function`): checking their properties would report valid ones, so they keep any property.
  if (template.macro || r.type.startsWith('AWS::Serverless::')) return;
  const properties = r.node.entries.find((e) => e.key === 'Properties');
  if (!properties && suggested.has('Properties')) return;
  if (!properties || (properties.value.type === 'scalar' && properties.value.value === null)) {
    const missing = [...resource.properties].filter(([, p]) => p.required).map(([name]) => name);
    if (missing.length > 0) out.push({ message: `${capital(where)} (${q(r.type)}) is missing the required ${plural(missing)} ${missing.map(q).join(', ')}.`, range: r.idRange });
    return;
  }
  checkStruct(properties.value, resource, where, properties.keyRange, out, 0, `properties of ${where}`);
}

/** Types whose properties are their author's: custom resources. */
function isOpenType(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}

/**
 * The branches of `Fn::If [condition, then, else]` that give a value: either is
 * what the property holds when the stack is deployed, so each must have its
 * shape; `!Ref AWS::NoValue` leaves the property out and has none.
 */
function ifBranches(node: CfnNode): CfnNode[] | undefined {
  if (node.type !== 'intrinsic' || node.name !== 'Fn::If' || node.arg.type !== 'list' || node.arg.items.length !== 3) return undefined;
  return node.arg.items.slice(1).filter((b) => !(b.type === 'intrinsic' && b.name === 'Ref' && b.arg.type === 'scalar' && b.arg.value === 'AWS::NoValue'));
}

function checkStruct(node: CfnNode, struct: StructSpec, where: string, keyRange: OffsetRange, out: SchemaProblem[], depth: number, label: string): void {
  if (depth > 32) return;
  if (node.type === 'intrinsic') {
    for (const branch of ifBranches(node) ?? []) checkStruct(branch, struct, where, keyRange, out, depth + 1, label);
    return;
  }
  if (node.type !== 'map') {
    if (!(node.type === 'scalar' && node.value === null)) out.push({ message: `${capital(label)} must be a mapping, not ${typeName(node)}.`, range: node.range });
    return;
  }
  // A mapping with keys named by a function (`Fn::Transform`, `Fn::If` spliced by a macro) holds what that function yields.
  if (node.entries.some((e) => e.key.startsWith('Fn::'))) return;
  const names = [...struct.properties.keys()];
  const suggested = new Set<string>();
  for (const e of node.entries) {
    const p = struct.properties.get(e.key);
    if (!p) {
      const suggestion = closest(e.key, names);
      if (suggestion) suggested.add(suggestion);
      out.push({ message: `Unknown property ${q(e.key)} in ${label}${suggestion ? `; did you mean ${q(suggestion)}?` : '.'}`, range: e.keyRange, replacement: suggestion });
      continue;
    }
    checkShape(e.value, p.shape, `${q(e.key)} in ${where}`, e.keyRange, out, depth + 1);
  }
  // A required property written misspelt is one problem, told at the misspelling.
  const missing = [...struct.properties].filter(([name, p]) => p.required && !suggested.has(name) && !node.entries.some((e) => e.key === name)).map(([name]) => name);
  if (missing.length > 0) {
    out.push({ message: `${capital(label)} ${label.startsWith('properties of') ? 'lack' : 'is missing'} the required ${plural(missing)} ${missing.map(q).join(', ')}.`, range: keyRange });
  }
}

function checkShape(node: CfnNode, shape: Shape, where: string, keyRange: OffsetRange, out: SchemaProblem[], depth: number): void {
  if (depth > 32) return;
  if (node.type === 'intrinsic') {
    // Each branch is told at itself: the key's range would not say which one is wrong.
    for (const branch of ifBranches(node) ?? []) checkShape(branch, shape, where, branch.range, out, depth + 1);
    return;
  }
  if (node.type === 'scalar' && node.value === null) return; // left empty: CloudFormation reads it as absent
  switch (shape.kind) {
    case 'json':
      return;
    case 'scalar':
      if (node.type !== 'scalar') out.push({ message: `${capital(where)} must be a single value, not ${typeName(node)}.`, range: keyRange });
      return;
    case 'list':
      if (node.type !== 'list') {
        out.push({ message: `${capital(where)} must be a list, not ${typeName(node)}.`, range: keyRange });
        return;
      }
      node.items.forEach((item, i) => {
        checkShape(item, shape.item, `item ${i + 1} of ${where}`, item.range, out, depth + 1);
      });
      return;
    case 'map':
      if (node.type !== 'map') {
        out.push({ message: `${capital(where)} must be a mapping, not ${typeName(node)}.`, range: keyRange });
        return;
      }
      for (const e of node.entries) checkShape(e.value, shape.item, `${q(e.key)} in ${where}`, e.keyRange, out, depth + 1);
      return;
    case 'struct':
      checkStruct(node, shape.struct, where, keyRange, out, depth, where);
      return;
  }
}

function typeName(node: CfnNode): string {
  if (node.type === 'map') return 'a mapping';
  if (node.type === 'list') return 'a list';
  return `the value ${q(String(node.type === 'scalar' ? node.value : ''))}`;
}

const capital = (s: string) => (s.startsWith('`') ? s : s.charAt(0).toUpperCase() + s.slice(1));
const plural = (names: readonly string[]) => (names.length > 1 ? 'properties' : 'property');
