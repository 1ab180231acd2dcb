/**
 * A CloudFormation template (YAML or JSON) as one shape, whatever its spelling:
 * every short-form intrinsic (`!Ref x`, `!GetAtt a.b`, `!If [c, a, b]`,
 * `!Sub |` blocks) is read as its long form (`{Ref: x}`,
 * `{"Fn::GetAtt": [a, b]}`), so the rules see one kind of node for both. The
 * YAML library keeps an unknown tag as a warning and the node as written, so
 * short forms parse with no syntax error and no configuration; this view gives
 * them their meaning. Memoised per file; never throws.
 */
import { isAlias, isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { SourceFile } from '../source';
import type { OffsetRange } from '../types';
import { isSecretName } from './pipeline/secrets';
import { resolve as resolveAlias } from './yaml-scripts';

export interface CfnEntry {
  key: string;
  keyRange: OffsetRange;
  value: CfnNode;
}

export type CfnNode =
  | { type: 'map'; entries: CfnEntry[]; range: OffsetRange }
  | { type: 'list'; items: CfnNode[]; range: OffsetRange }
  | { type: 'scalar'; value: unknown; range: OffsetRange; yaml?: Scalar }
  /**
   * `Ref`, `Condition` or `Fn::*`: `name` is the long form's key, `nameRange` its
   * key or its tag; `short` says which was written (a fix keeps the spelling).
   */
  | { type: 'intrinsic'; name: string; nameRange: OffsetRange; arg: CfnNode; range: OffsetRange; short: boolean };

export type CfnMap = Extract<CfnNode, { type: 'map' }>;
export type CfnIntrinsic = Extract<CfnNode, { type: 'intrinsic' }>;

/** The condition functions inside which `{Condition: name}` is itself a function. */
const CONDITION_FUNCTIONS = new Set(['Fn::And', 'Fn::Or', 'Fn::Not']);

/** The short tags CloudFormation reads, by the key of their long form. */
const SHORT_TAGS = new Map<string, string>([
  ['!Ref', 'Ref'],
  ['!Condition', 'Condition'],
  ...[
    'Sub',
    'GetAtt',
    'If',
    'Join',
    'Select',
    'Split',
    'FindInMap',
    'Base64',
    'Cidr',
    'ImportValue',
    'GetAZs',
    'Equals',
    'And',
    'Or',
    'Not',
    'Transform',
    'Length',
    'ToJsonString',
    'ForEach',
  ].map((n) => [`!${n}`, `Fn::${n}`] as [string, string]),
]);

/**
 * Where a node sits: `arguments` is the list a condition function takes, whose
 * items (`condition`) may be `{Condition: name}`; anywhere else (`value`) a
 * mapping with one `Condition` key is data (an IAM statement's `Condition`).
 */
type Place = 'value' | 'arguments' | 'condition';

/** Longest chain of nested values read; deeper text (no real template) is left out of the view. */
const MAX_DEPTH = 200;
const MAX_NODES = 500_000;

/** A logical id of the template: a resource, with where it sits and what it says. */
export interface CfnResource {
  id: string;
  idRange: OffsetRange;
  /** The resource's entry (a mapping, when well-formed). */
  node: CfnNode;
  type?: string;
  typeNode?: CfnNode;
  properties?: CfnNode;
  /** Set when the id is written under `Fn::ForEach` with `${Identifier}` placeholders. */
  loop?: boolean;
}

export interface CfnTemplate {
  root: CfnMap | undefined;
  resources: CfnResource[];
  /** Names a `Ref` may take beside resources: parameters, and `Fn::ForEach` identifiers. */
  parameters: Map<string, CfnEntry>;
  conditions: Map<string, CfnEntry>;
  /** Identifiers of `Fn::ForEach` loops, anywhere. */
  loopIdentifiers: Set<string>;
  /** Patterns of logical ids written with `${Identifier}` / `&{Identifier}` under `Fn::ForEach`. */
  loopIds: RegExp[];
  transforms: string[];
  /** The SAM transform: SAM resources expand to others whose names derive from theirs. */
  sam: boolean;
  /** A macro this product does not know, or `Fn::Transform` (`AWS::Include`): the template CloudFormation deploys is another one. */
  macro: boolean;
}

export function cloudFormationTemplate(file: SourceFile): CfnTemplate {
  return file.memo('cloudformation', () => buildTemplate(file));
}

/** Top-level section of the template. */
export function section(template: CfnTemplate, name: string): CfnEntry | undefined {
  return template.root?.entries.find((e) => e.key === name);
}

export function entryOf(node: CfnNode | undefined, key: string): CfnEntry | undefined {
  return node?.type === 'map' ? node.entries.find((e) => e.key === key) : undefined;
}

export function valueOf(node: CfnNode | undefined, key: string): CfnNode | undefined {
  return entryOf(node, key)?.value;
}

export function stringOf(node: CfnNode | undefined): string | undefined {
  return node?.type === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}

/** Every node under `node`, depth first, with the intrinsics that enclose it. */
export function walk(node: CfnNode | undefined, visit: (n: CfnNode, enclosing: readonly CfnIntrinsic[]) => void): void {
  const stack: CfnIntrinsic[] = [];
  const go = (n: CfnNode, depth: number) => {
    if (depth > MAX_DEPTH) return;
    visit(n, stack);
    if (n.type === 'map') for (const e of n.entries) go(e.value, depth + 1);
    else if (n.type === 'list') for (const i of n.items) go(i, depth + 1);
    else if (n.type === 'intrinsic') {
      stack.push(n);
      go(n.arg, depth + 1);
      stack.pop();
    }
  };
  if (node) go(node, 0);
}

/** Macros whose output this product models: the SAM and language-extension transforms keep names as written. */
const KNOWN_TRANSFORMS = new Set(['AWS::Serverless-2016-10-31', 'AWS::LanguageExtensions', 'AWS::CodeDeployBlueGreen']);

function buildTemplate(file: SourceFile): CfnTemplate {
  const doc = file.yaml.documents[0];
  let nodes = 0;
  const toView = (raw: unknown, depth: number, place: Place): CfnNode | undefined => {
    const node = (isAlias(raw) ? resolveAlias(doc, raw) : raw) as Node | null | undefined;
    if (!node || depth > MAX_DEPTH || ++nodes > MAX_NODES) return undefined;
    const range = { start: node.range?.[0] ?? 0, end: node.range?.[1] ?? 0 };
    const tag = node.tag ? SHORT_TAGS.get(node.tag) : undefined;
    if (tag) {
      const inner = untagged(node, range, depth, CONDITION_FUNCTIONS.has(tag) ? 'arguments' : 'value');
      // The tag is written before the node's own range begins.
      const written = node.tag ?? '';
      const tagStart = file.text.lastIndexOf(written, range.start);
      const nameRange = tagStart >= 0 && range.start - tagStart < 64 ? { start: tagStart, end: tagStart + written.length } : { start: range.start, end: range.start };
      return { type: 'intrinsic', name: tag, nameRange, arg: normaliseArgument(tag, inner), range: { start: nameRange.start, end: range.end }, short: true };
    }
    return untagged(node, range, depth, place);
  };
  /** The node as written without its tag: a long-form intrinsic (a mapping of one `Ref`/`Fn::` key), or plain data. */
  const untagged = (node: Node, range: OffsetRange, depth: number, place: Place): CfnNode => {
    if (isMap(node) && node.items.length === 1) {
      const pair = node.items[0];
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if ((key === 'Ref' || (key.startsWith('Fn::') && !key.startsWith('Fn::ForEach::')) || (key === 'Condition' && place === 'condition')) && isScalar(pair.key)) {
        const arg = toView(pair.value, depth + 1, CONDITION_FUNCTIONS.has(key) ? 'arguments' : 'value') ?? emptyAt(pair.key);
        return { type: 'intrinsic', name: key, nameRange: rangeOfNode(pair.key), arg: normaliseArgument(key, arg), range, short: false };
      }
    }
    return plain(node, range, depth, place);
  };
  const plain = (node: Node, range: OffsetRange, depth: number, place: Place): CfnNode => {
    if (isMap(node)) {
      const entries: CfnEntry[] = [];
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const value = toView(pair.value, depth + 1, 'value') ?? emptyAt(pair.key);
        entries.push({ key: String(pair.key.value), keyRange: rangeOfNode(pair.key), value });
      }
      return { type: 'map', entries, range };
    }
    if (isSeq(node)) {
      const items: CfnNode[] = [];
      for (const item of node.items) {
        const v = toView(item, depth + 1, place === 'arguments' ? 'condition' : 'value');
        if (v) items.push(v);
      }
      return { type: 'list', items, range };
    }
    if (isScalar(node)) return { type: 'scalar', value: node.value, range, yaml: node };
    return { type: 'scalar', value: null, range };
  };
  const root = doc ? toView(doc.contents, 0, 'value') : undefined;
  const template: CfnTemplate = {
    root: root?.type === 'map' ? root : undefined,
    resources: [],
    parameters: new Map(),
    conditions: new Map(),
    loopIdentifiers: new Set(),
    loopIds: [],
    transforms: [],
    sam: false,
    macro: false,
  };
  const transform = section(template, 'Transform')?.value;
  const names = transform?.type === 'list' ? transform.items : transform ? [transform] : [];
  for (const n of names) {
    const name = stringOf(n) ?? stringOf(valueOf(n, 'Name'));
    if (name) template.transforms.push(name);
    else template.macro = true;
  }
  template.sam = template.transforms.includes('AWS::Serverless-2016-10-31');
  if (template.transforms.some((t) => !KNOWN_TRANSFORMS.has(t))) template.macro = true;
  const parameters = section(template, 'Parameters')?.value;
  if (parameters?.type === 'map') for (const e of parameters.entries) template.parameters.set(e.key, e);
  const conditions = section(template, 'Conditions')?.value;
  if (conditions?.type === 'map') collectLoops(conditions, template, (e) => template.conditions.set(e.key, e));
  const resources = section(template, 'Resources')?.value;
  if (resources?.type === 'map') {
    collectLoops(resources, template, (e, loop) => {
      template.resources.push({
        id: e.key,
        idRange: e.keyRange,
        node: e.value,
        type: stringOf(valueOf(e.value, 'Type')),
        typeNode: valueOf(e.value, 'Type'),
        properties: valueOf(e.value, 'Properties'),
        loop: loop || undefined,
      });
    });
  }
  const outputs = section(template, 'Outputs')?.value;
  if (outputs?.type === 'map') collectLoops(outputs, template, () => {});
  walk(template.root, (n) => {
    if (n.type === 'intrinsic' && n.name === 'Fn::Transform') template.macro = true;
  });
  return template;
}

/**
 * The entries of a section, with those `Fn::ForEach::Name: [Identifier, Collection, {…}]`
 * writes (AWS::LanguageExtensions); their ids carry `${Identifier}` placeholders.
 */
function collectLoops(map: CfnMap, template: CfnTemplate, add: (e: CfnEntry, loop: boolean) => void, depth = 0, loop = false): void {
  for (const e of map.entries) {
    if (e.key.startsWith('Fn::ForEach::') && depth < 8) {
      const args = e.value.type === 'list' ? e.value.items : [];
      const identifier = stringOf(args[0]);
      if (identifier) template.loopIdentifiers.add(identifier);
      const body = args[2];
      if (body?.type === 'map') collectLoops(body, template, add, depth + 1, true);
      continue;
    }
    if (loop && /[$&]\{/.test(e.key)) {
      const pattern = e.key.replace(/[$&]\{[^}]*\}|[.*+?^${}()|[\]\\]/g, (m) => (m.length > 1 && m.endsWith('}') ? '[A-Za-z0-9]+' : `\\${m}`));
      template.loopIds.push(new RegExp(`^${pattern}$`));
    }
    add(e, loop);
  }
}

/**
 * The argument as the long form writes it: `!GetAtt a.b` (and `Fn::GetAtt: a.b`)
 * is the list `[a, b]`, each with its own range in the file.
 */
function normaliseArgument(name: string, arg: CfnNode): CfnNode {
  if (name !== 'Fn::GetAtt' || arg.type !== 'scalar' || typeof arg.value !== 'string') return arg;
  const value = arg.value;
  const dot = value.indexOf('.');
  if (dot < 0) return { type: 'list', items: [arg], range: arg.range };
  // Quoted scalars start one character later than their range.
  const quoted = arg.yaml?.type === 'QUOTE_DOUBLE' || arg.yaml?.type === 'QUOTE_SINGLE' ? 1 : 0;
  const start = arg.range.start + quoted;
  const head: CfnNode = { type: 'scalar', value: value.slice(0, dot), range: { start, end: start + dot } };
  const tail: CfnNode = { type: 'scalar', value: value.slice(dot + 1), range: { start: start + dot + 1, end: start + value.length } };
  return { type: 'list', items: [head, tail], range: arg.range };
}

function rangeOfNode(node: Node): OffsetRange {
  return { start: node.range?.[0] ?? 0, end: node.range?.[1] ?? 0 };
}

/** An empty value (`Properties:` with nothing after it), at the end of its key. */
function emptyAt(key: unknown): CfnNode {
  const end = isScalar(key) && key.range ? key.range[1] : 0;
  return { type: 'scalar', value: null, range: { start: end, end } };
}

/** `${Name}` and `${Name.Attribute}` references of a `Fn::Sub` string, with their ranges in the file; `${!Literal}` is text. */
export function subReferences(text: string, scalar: CfnNode): { name: string; range: OffsetRange }[] {
  if (scalar.type !== 'scalar' || typeof scalar.value !== 'string') return [];
  const out: { name: string; range: OffsetRange }[] = [];
  const raw = text.slice(scalar.range.start, scalar.range.end);
  const re = /\$\{([^}!][^}]*)\}/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    const start = scalar.range.start + m.index + 2;
    out.push({ name: m[1].trim(), range: { start, end: start + m[1].length } });
  }
  return out;
}

/** Names every template may `Ref` without declaring them. */
export const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

/**
 * The scripts an instance runs at boot: every `UserData` under a resource's
 * properties (EC2 instances, launch templates and configurations), unwrapped
 * from `Fn::Base64`: a string, `Fn::Sub` of one, or `Fn::Join` of pieces (read
 * by cloudformation-user-data.ts).
 */
export function userDataValues(file: SourceFile): CfnNode[] {
  return file.memo('cloudformation-user-data', () => {
    const out: CfnNode[] = [];
    for (const r of cloudFormationTemplate(file).resources) {
      walk(r.properties, (n) => {
        if (n.type !== 'map') return;
        let v: CfnNode | undefined = n.entries.find((e) => e.key === 'UserData')?.value;
        for (let hops = 0; v?.type === 'intrinsic' && v.name === 'Fn::Base64' && hops < 4; hops++) v = v.arg;
        if (v) out.push(v);
      });
    }
    return out;
  });
}

/** Whether a parameter or property name names a secret, acronyms split as words (`DBPassword` is `DB Password`). */
export function secretNamed(name: string): boolean {
  const words = name.replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2');
  // `SecretStringTemplate` shapes a generated secret, `SecretArn` points at one: neither is the secret.
  return !/(?:Template|Arn|Arns)$/.test(name) && isSecretName(words);
}
