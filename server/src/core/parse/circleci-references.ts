/**
 * What a CircleCI configuration uses by name: the command each step runs, the
 * job each workflow entry runs and the entries its `requires:` waits for, the
 * executor each job runs on, and the parameters `<< parameters.x >>` and
 * `<< pipeline.parameters.x >>` read. Each use carries the range it is written
 * at and the scope it is written in, so that the rules only compare names.
 */
import { isAlias, isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { SourceFile } from '../source';
import type { OffsetRange } from '../types';
import { CIRCLECI_PLACEHOLDER, type CircleciDocument, circleciDocuments, mergedEntries, type Orb, type Scope } from './circleci-config';
import { getMerged, resolve } from './yaml-scripts';
import { items, stringValue } from './yaml';

/** A step that runs a command (built in, defined in `commands:`, or `orb/command`). */
export interface StepUse {
  name: string;
  range: OffsetRange;
  /** The job or command the step is written in; none for a workflow's `pre-steps`/`post-steps`. */
  scope?: Scope;
  config: CircleciDocument;
}

export interface WorkflowJob {
  /** The job run (`build`, `node/test`), as written. */
  job: string;
  range: OffsetRange;
  /** A `type:` other than `build` (`approval`, or a misspelling of it the schema reports): no job definition behind it. */
  approval: boolean;
  /** `name:` of the entry, which `requires:` then uses. */
  alias?: string;
  /** `matrix.alias`, or set when the entry is a matrix (whose expanded names start with the job's). */
  matrix?: { alias?: string };
  requires: { name: string; range: OffsetRange }[];
}

export interface Workflow {
  name: string;
  jobs: WorkflowJob[];
  config: CircleciDocument;
}

export interface ParameterUse {
  name: string;
  range: OffsetRange;
}

export interface ExecutorUse {
  name: string;
  range: OffsetRange;
  scope: Scope;
  config: CircleciDocument;
}

const MAX_STEP_DEPTH = 8;

/** Where a node is written; for a quoted scalar, the text between the quotes, so that names can be edited in place. */
function rangeOfNode(node: Node | undefined): OffsetRange | undefined {
  if (!node?.range) return undefined;
  const quoted = isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
  const [start, end] = node.range;
  return quoted && end - start >= 2 ? { start: start + 1, end: end - 1 } : { start, end };
}

/** Every step that names a command, in the jobs and commands of the configuration and its inline orbs, and in workflow pre/post steps. */
export function stepUses(file: SourceFile): StepUse[] {
  return file.memo('circleci.steps', () => {
    const out: StepUse[] = [];
    for (const config of circleciDocuments(file)) {
      const { doc } = config;
      const read = (steps: unknown, scope: Scope | undefined, depth: number): void => {
        if (depth > MAX_STEP_DEPTH) return;
        for (const item of items(resolve(doc, steps))) {
          const step = resolve(doc, item);
          if (isScalar(step)) {
            const name = stringValue(step);
            const range = rangeOfNode(step);
            if (name && range) out.push({ name, range, scope, config });
            continue;
          }
          const fields = mergedEntries(doc, step);
          // A step is one key; a mapping of several is a shape error the schema reports.
          if (fields.length !== 1) continue;
          const [{ key, value }] = fields;
          const range = rangeOfNode(key);
          if (typeof key.value === 'string' && range) out.push({ name: key.value, range, scope, config });
          if (key.value === 'when' || key.value === 'unless') read(getMerged(doc, value, 'steps'), scope, depth + 1);
        }
      };
      for (const scope of config.scopes) if (scope.kind !== 'executor') read(getMerged(doc, scope.node, 'steps'), scope, 0);
      for (const workflow of workflowEntries(config)) {
        for (const entry of items(resolve(doc, getMerged(doc, workflow.value, 'jobs')))) {
          const invocation = resolve(doc, mergedEntries(doc, entry)[0]?.value);
          for (const key of ['pre-steps', 'post-steps']) read(getMerged(doc, invocation, key), undefined, 0);
        }
      }
    }
    return out;
  });
}

function workflowEntries(config: CircleciDocument): { name: string; value: Node | undefined }[] {
  return mergedEntries(config.doc, getMerged(config.doc, config.root, 'workflows'))
    .filter((e) => typeof e.key.value === 'string' && e.key.value !== 'version')
    .map((e) => ({ name: String(e.key.value), value: e.value }));
}

/** The workflows of the configuration, with the jobs each runs and what they require. */
export function workflows(file: SourceFile): Workflow[] {
  return file.memo('circleci.workflows', () => {
    const out: Workflow[] = [];
    for (const config of circleciDocuments(file)) {
      const { doc } = config;
      for (const { name, value } of workflowEntries(config)) {
        const jobs: WorkflowJob[] = [];
        for (const item of items(resolve(doc, getMerged(doc, value, 'jobs')))) {
          const entry = resolve(doc, item);
          let key: Scalar | undefined;
          let invocation: Node | undefined;
          if (isScalar(entry)) key = entry;
          else {
            const fields = mergedEntries(doc, entry);
            if (fields.length !== 1) continue;
            key = fields[0].key;
            invocation = resolve(doc, fields[0].value);
          }
          const job = stringValue(key);
          const range = rangeOfNode(key);
          if (!job || !range) continue;
          const matrix = resolve(doc, getMerged(doc, invocation, 'matrix'));
          const typeNode = resolve(doc, getMerged(doc, invocation, 'type'));
          jobs.push({
            job,
            range,
            approval: isScalar(typeNode) && typeNode.value !== 'build',
            alias: stringValue(resolve(doc, getMerged(doc, invocation, 'name'))),
            matrix: isMap(matrix) ? { alias: stringValue(resolve(doc, getMerged(doc, matrix, 'alias'))) } : undefined,
            requires: requirements(config, getMerged(doc, invocation, 'requires')),
          });
        }
        out.push({ name, jobs, config });
      }
    }
    return out;
  });
}

function requirements(config: CircleciDocument, node: unknown): { name: string; range: OffsetRange }[] {
  const out: { name: string; range: OffsetRange }[] = [];
  for (const item of items(resolve(config.doc, node))) {
    const entry = resolve(config.doc, item);
    // `- build` or `- build: failed` / `- build: [failed, canceled]`.
    const key = isScalar(entry) ? entry : mergedEntries(config.doc, entry)[0]?.key;
    const name = stringValue(key);
    const range = rangeOfNode(key);
    if (name && range) out.push({ name, range });
  }
  return out;
}

/** The executor each job (and each inline orb job) names with `executor:`. */
export function executorUses(file: SourceFile): ExecutorUse[] {
  return file.memo('circleci.executors', () => {
    const out: ExecutorUse[] = [];
    for (const config of circleciDocuments(file)) {
      const { doc } = config;
      for (const scope of config.scopes) {
        if (scope.kind !== 'job') continue;
        const executor = resolve(doc, getMerged(doc, scope.node, 'executor'));
        // `executor: name`, `executor: { name: name, … }` or `executor: { name: { …arguments } }`.
        let key: Node | undefined = executor;
        if (isMap(executor)) {
          const named = resolve(doc, getMerged(doc, executor, 'name'));
          const fields = mergedEntries(doc, executor);
          key = named ?? (fields.length === 1 ? fields[0].key : undefined);
        }
        const name = stringValue(key);
        const range = rangeOfNode(key);
        if (name && range) out.push({ name, range, scope, config });
      }
    }
    return out;
  });
}

const PARAMETER = /<<\s*parameters\.([\w-]+)\s*>>/g;
const PIPELINE_PARAMETER = /<<\s*pipeline\.parameters\.([\w-]+)\s*>>/g;
/** A pipeline parameter in an expression (`filters:`, workflow `when:` strings), where it stands without `<< >>`. */
const BARE_PIPELINE_PARAMETER = /(?<![\w.])pipeline\.parameters\.([\w-]+)/g;

/** Uses of `pattern`'s first group in the written text of every scalar under `node`, aliases not followed. */
function scan(file: SourceFile, node: unknown, pattern: RegExp, skip: (key: string, depth: number) => boolean, out: ParameterUse[], depth = 0): void {
  if (!node || isAlias(node) || depth > 64) return;
  if (isScalar(node)) {
    if (!node.range || typeof node.value !== 'string') return;
    const [start, end] = node.range;
    for (const m of file.text.slice(start, end).matchAll(pattern)) {
      const at = start + (m.index ?? 0);
      out.push({ name: m[1], range: { start: at, end: at + m[0].length } });
    }
    return;
  }
  if (isMap(node)) {
    for (const pair of node.items) {
      if (isScalar(pair.key) && skip(String(pair.key.value), depth)) continue;
      scan(file, pair.value, pattern, skip, out, depth + 1);
    }
  } else if (isSeq(node)) for (const item of node.items) scan(file, item, pattern, skip, out, depth + 1);
}

/** `<< parameters.x >>` in each job, command and executor, with the scope whose parameters it must name. */
export function parameterUses(file: SourceFile): { scope: Scope; uses: ParameterUse[] }[] {
  return file.memo('circleci.parameterUses', () =>
    circleciDocuments(file).flatMap((config) =>
      config.scopes.map((scope) => {
        const uses: ParameterUse[] = [];
        // The definitions of the parameters are not uses; an inline orb's own definitions are scopes of their own.
        scan(file, scope.node, PARAMETER, (key, depth) => depth === 0 && key === 'parameters', uses);
        return { scope, uses };
      }),
    ),
  );
}

/** `<< pipeline.parameters.x >>` anywhere in the configuration, and `pipeline.parameters.x` in expressions. */
export function pipelineParameterUses(file: SourceFile): ParameterUse[] {
  return file.memo('circleci.pipelineParameterUses', () => {
    const out: ParameterUse[] = [];
    for (const config of circleciDocuments(file)) {
      const { doc } = config;
      // An inline orb's `examples:` show other configurations, with parameters of their own.
      scan(file, config.root, PIPELINE_PARAMETER, (key, depth) => depth === 2 && key === 'examples', out);
      for (const { value } of workflowEntries(config)) {
        for (const key of ['when', 'unless']) expression(file, resolve(doc, getMerged(doc, value, key)), out);
        for (const item of items(resolve(doc, getMerged(doc, value, 'jobs')))) {
          const invocation = resolve(doc, mergedEntries(doc, resolve(doc, item))[0]?.value);
          expression(file, resolve(doc, getMerged(doc, invocation, 'filters')), out);
        }
      }
    }
    return out;
  });
}

function expression(file: SourceFile, node: Node | undefined, out: ParameterUse[]): void {
  if (!isScalar(node) || typeof node.value !== 'string' || CIRCLECI_PLACEHOLDER.test(node.value)) return;
  scan(file, node, BARE_PIPELINE_PARAMETER, () => false, out);
}

/** The orb a prefixed name (`node/install`) belongs to, if the prefix names a visible orb. */
export function orbOf(name: string, orbs: Map<string, Orb>): { orb?: Orb; prefix: string; local: string } | undefined {
  const slash = name.indexOf('/');
  if (slash <= 0) return undefined;
  const prefix = name.slice(0, slash);
  return { orb: orbs.get(prefix), prefix, local: name.slice(slash + 1) };
}
