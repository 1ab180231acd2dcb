/**
 * Where in a workflow or action a parser error is: the path of keys and item
 * indexes to its node, the range to report, and the place named in words
 * ("step 2 of job `build`", "`container` of job `b`") with the schema
 * definitions whose keys may be suggested there.
 */
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { OffsetRange } from '../types';
import type { TemplateError, TemplateRole } from './github-actions-template';

/** Path of keys and item indexes from the document root to a node. */
export type Path = (string | number)[];

/** Keys and indexes down to the deepest node whose range holds `offset`; a key's own path ends with its name. */
export function pathAt(root: unknown, offset: number): { path: Path; onKey: boolean } {
  const path: Path = [];
  let onKey = false;
  let node = root;
  for (let depth = 0; depth < 500; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((p) => {
        const k = p.key as Node | null;
        const start = k?.range?.[0] ?? (p.value as Node | null)?.range?.[0];
        const end = (p.value as Node | null)?.range?.[1] ?? k?.range?.[1];
        return start !== undefined && end !== undefined && offset >= start && offset < Math.max(end, start + 1);
      });
      if (!pair) break;
      path.push(isScalar(pair.key) ? String(pair.key.value) : String(pair.key));
      const k = pair.key as Node | null;
      if (k?.range && offset < k.range[1]) {
        onKey = true;
        break;
      }
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((it) => {
        const r = (it as Node | null)?.range;
        return r != null && offset >= r[0] && offset < Math.max(r[1], r[0] + 1);
      });
      if (index < 0) break;
      path.push(index);
      node = node.items[index];
    } else break;
  }
  return { path, onKey };
}

export function nodeAt(root: unknown, path: Path): { node: unknown; parent: unknown } {
  let node = root;
  let parent: unknown;
  for (const part of path) {
    parent = node;
    if (typeof part === 'number') node = isSeq(node) ? node.items[part] : undefined;
    else node = isMap(node) ? node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === part)?.value : undefined;
  }
  return { node, parent };
}

export function keyNode(root: unknown, path: Path): Node | undefined {
  if (path.length === 0 || typeof path[path.length - 1] === 'number') return undefined;
  const { parent } = nodeAt(root, path);
  const name = path[path.length - 1];
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === name);
  return (pair?.key as Node | undefined) ?? undefined;
}

/** The deepest mapping or list on `path` that the error covers whole, when the error starts where it does. */
export function wholeCollection(root: unknown, path: Path, e: TemplateError): Path | undefined {
  let best: Path | undefined;
  for (let i = 0; i <= path.length; i++) {
    const prefix = path.slice(0, i);
    const { node } = nodeAt(root, prefix);
    if ((isMap(node) || isSeq(node)) && node.range && node.range[0] === e.start && e.end >= node.range[1] - 2 && e.end > e.start) best = prefix;
  }
  return best;
}

/**
 * The range to report: the parser's, except for a whole mapping (a job missing
 * `runs-on`): then the key it sits under, or the first key of a list item.
 */
export function narrow(root: unknown, path: Path, e: TemplateError, whole: boolean): OffsetRange {
  if (!whole) return e;
  const { node } = nodeAt(root, path);
  const key = keyNode(root, path);
  if (key?.range) return { start: key.range[0], end: key.range[1] };
  const first = isMap(node) ? (node.items[0]?.key as Node | undefined) : undefined;
  if (first?.range) return { start: first.range[0], end: first.range[1] };
  return { start: e.start, end: e.start + 1 };
}

/** Names the place a path points at: "job `build`", "step 2 of job `build`", "the `on:` triggers". */
export function placeOf(path: Path, role: TemplateRole): string {
  const base = basePlace(path, role);
  // Deeper than a job, step or trigger: the section the key is in (`container` of job `b`).
  const section = path.length > base.depth ? path[path.length - 1] : undefined;
  if (typeof section !== 'string') return base.name;
  return base.name === 'the workflow' || base.name === 'the action' ? `\`${section}\`` : `\`${section}\` of ${base.name}`;
}

export function basePlace(path: Path, role: TemplateRole): { name: string; depth: number } {
  if (role === 'action') {
    if (path[0] === 'runs' && path[1] === 'steps' && typeof path[2] === 'number') return { name: `step ${path[2] + 1}`, depth: 3 };
    if (path[0] === 'inputs' && path.length > 1) return { name: `input \`${path[1]}\``, depth: 2 };
    if (path[0] === 'outputs' && path.length > 1) return { name: `output \`${path[1]}\``, depth: 2 };
    return { name: 'the action', depth: 0 };
  }
  if (path[0] === 'jobs' && path.length > 1) {
    const job = `job \`${path[1]}\``;
    if (path[2] === 'steps' && typeof path[3] === 'number') return { name: `step ${path[3] + 1} of ${job}`, depth: 4 };
    if (path[2] === 'services' && path.length > 3) return { name: `service \`${path[3]}\` of ${job}`, depth: 4 };
    return { name: job, depth: 2 };
  }
  if (path[0] === 'on') {
    if (path.length > 1 && typeof path[1] === 'string') {
      if (path[2] === 'inputs' && typeof path[3] === 'string') return { name: `input \`${path[3]}\` of the \`${path[1]}\` trigger`, depth: 4 };
      return { name: `the \`${path[1]}\` trigger`, depth: 2 };
    }
    return { name: 'the `on:` triggers', depth: 1 };
  }
  return { name: 'the workflow', depth: 0 };
}

/** Schema definitions whose keys a mapping at this place may have. */
export function definitionsAt(path: Path, role: TemplateRole): string[] {
  const parent = path.slice(0, -1);
  if (role === 'action') {
    if (parent.length === 0) return ['action-root-strict'];
    if (parent.length === 1 && parent[0] === 'runs') return ['node-runs-strict', 'container-runs-strict', 'composite-runs-strict'];
    if (parent.length === 3 && parent[1] === 'steps') return ['run-step', 'uses-step'];
    if (parent.length === 2 && parent[0] === 'inputs') return ['input-strict'];
    return [];
  }
  if (parent.length === 0) return ['workflow-root-strict'];
  if (parent.length === 1 && parent[0] === 'on') return ['on-mapping-strict'];
  if (parent.length === 2 && parent[0] === 'jobs') return ['job-factory', 'workflow-job'];
  if (parent.length === 4 && parent[0] === 'jobs' && parent[2] === 'steps') return ['run-step', 'regular-step'];
  if (parent.length === 2 && parent[0] === 'on') return SECTION_DEFINITIONS[`on.${parent[1]}`] ?? [];
  if (parent.length === 4 && parent[0] === 'on' && parent[2] === 'inputs') return parent[1] === 'workflow_call' ? ['workflow-call-input-definition'] : ['workflow-dispatch-input'];
  const last = parent[parent.length - 1];
  if (parent.length === 4 && parent[0] === 'jobs' && parent[2] === 'services') return ['service-container-mapping'];
  return typeof last === 'string' ? (SECTION_DEFINITIONS[last] ?? []) : [];
}

/** Where the keys of a named section come from, for suggestions. */
const SECTION_DEFINITIONS: Record<string, string[]> = {
  container: ['container-mapping'],
  concurrency: ['concurrency-mapping'],
  strategy: ['strategy'],
  environment: ['job-environment-mapping'],
  defaults: ['job-defaults'],
  run: ['job-defaults-run'],
  'on.push': ['push-mapping'],
  'on.pull_request': ['pull-request-mapping'],
  'on.pull_request_target': ['pull-request-mapping'],
  'on.workflow_call': ['workflow-call-mapping'],
  'on.workflow_dispatch': ['workflow-dispatch-mapping'],
};

export function isStep(path: Path): boolean {
  return (path.length === 4 && path[0] === 'jobs' && path[2] === 'steps') || (path.length === 3 && path[0] === 'runs' && path[1] === 'steps');
}

export function lastKey(path: Path): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return path[i] as string;
  return undefined;
}
