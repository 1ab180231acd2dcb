/**
 * The job graph of a workflow and the `${{ }}` expressions of its jobs, with
 * offsets: what the rules about `needs:`, step ids, references between jobs and
 * steps, and `if:` conditions share. Computed once per file version.
 */
import { isMap, isPair, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { SourceFile } from '../source';
import type { OffsetRange } from '../types';
import { ghaRole } from './github-actions';
import { embeddedText, entries, get, getKey, items } from './yaml';

export interface GhaNeed {
  id: string;
  node: Scalar;
}

export interface GhaStepInfo {
  node: Node;
  /** The step's `id:`, when it is a plain name (not an expression). */
  id?: { value: string; node: Scalar };
}

export interface GhaJobInfo {
  id: string;
  key: Scalar;
  node: Node | undefined;
  needs: GhaNeed[];
  /** Names declared under `outputs:`, lower-cased; undefined when the job declares none. */
  outputs: Set<string> | undefined;
  /** `uses:` of a job that calls a reusable workflow. */
  uses?: { value: string; node: Scalar };
  steps: GhaStepInfo[];
  /** The node holding the steps: `jobs.<id>.steps`, or `runs.steps` of a composite action. */
  stepsNode: Node | undefined;
}

/** Jobs of a workflow with their needs, outputs and step ids; for an action, its composite steps as one job. */
export function jobInfos(file: SourceFile): GhaJobInfo[] {
  return file.memo('github-actions.job-infos', () => {
    const doc = file.yaml.documents[0];
    if (!doc) return [];
    const root = doc.contents;
    if (ghaRole(file) === 'action') {
      const runs = get(root, 'runs');
      const key = getKey(root, 'runs');
      if (!key) return [];
      const stepsNode = get(runs, 'steps');
      return [{ id: 'runs', key, node: runs, needs: [], outputs: undefined, steps: stepInfos(stepsNode), stepsNode }];
    }
    return entries(get(root, 'jobs')).map(({ key, value }) => {
      const needsNode = get(value, 'needs');
      const needs: GhaNeed[] = [];
      for (const n of isSeq(needsNode) ? items(needsNode) : [needsNode]) {
        if (isScalar(n) && typeof n.value === 'string' && n.value !== '') needs.push({ id: n.value, node: n });
      }
      const outputsNode = get(value, 'outputs');
      const outputs = isMap(outputsNode) ? new Set(entries(outputsNode).map((e) => String(e.key.value).toLowerCase())) : undefined;
      const usesNode = get(value, 'uses');
      const uses = isScalar(usesNode) && typeof usesNode.value === 'string' ? { value: usesNode.value, node: usesNode } : undefined;
      const stepsNode = get(value, 'steps');
      return { id: String(key.value), key, node: value, needs, outputs, uses, steps: stepInfos(stepsNode), stepsNode };
    });
  });
}

function stepInfos(stepsNode: Node | undefined): GhaStepInfo[] {
  return items(stepsNode).map((node) => {
    const idNode = get(node, 'id');
    const id = isScalar(idNode) && typeof idNode.value === 'string' && !idNode.value.includes('${{') ? { value: idNode.value, node: idNode } : undefined;
    return { node, id };
  });
}

export interface Expression {
  /** The text between `${{` and `}}` (or the whole `if:` condition written without them). */
  body: string;
  /** File offset of each character of `body`. */
  toSource(offset: number): number;
  /** The whole `${{ … }}` (or condition) in the file. */
  range: OffsetRange;
}

/**
 * `${{ … }}` spans of a text, the way GitHub finds them: `}}` inside a quoted
 * string does not close one. Offsets are into `text`.
 */
export function expressionSpans(text: string): { start: number; end: number; bodyStart: number; bodyEnd: number }[] {
  const out: { start: number; end: number; bodyStart: number; bodyEnd: number }[] = [];
  let at = text.indexOf('${{');
  while (at >= 0) {
    let inString = false;
    let close = -1;
    for (let i = at + 3; i < text.length; i++) {
      const c = text[i];
      if (c === "'") inString = !inString;
      else if (!inString && c === '}' && text[i + 1] === '}') {
        close = i;
        break;
      }
    }
    if (close < 0) break;
    out.push({ start: at, end: close + 2, bodyStart: at + 3, bodyEnd: close });
    at = text.indexOf('${{', close + 2);
  }
  return out;
}

/** Keys whose value is a condition: an expression even without `${{ }}`. */
const IF_KEYS: ReadonlySet<string> = new Set(['if']);

/** The expressions of one scalar; `key` is the mapping key it is the value of (an `if:` is an expression without `${{ }}` too). */
function scalarExpressions(file: SourceFile, n: Scalar, key: string | undefined): Expression[] {
  if (typeof n.value !== 'string') return [];
  const condition = key !== undefined && IF_KEYS.has(key);
  if (!n.value.includes('${{') && !condition) return [];
  const embedded = embeddedText(file.text, n);
  if (!embedded) return [];
  const spans = expressionSpans(embedded.text);
  if (spans.length === 0 && condition && embedded.text.trim() !== '') {
    return [{ body: embedded.text, toSource: (o) => embedded.toSource(o), range: { start: n.range?.[0] ?? 0, end: n.range?.[1] ?? 0 } }];
  }
  return spans.map((s) => ({
    body: embedded.text.slice(s.bodyStart, s.bodyEnd),
    toSource: (o: number) => embedded.toSource(s.bodyStart + o),
    range: { start: embedded.toSource(s.start), end: embedded.toSource(s.end - 1) + 1 },
  }));
}

const NO_REFERENCES: readonly ContextReference[] = Object.freeze([]);

/**
 * The `steps.…` and `needs.…` references of every expression in the scalars under `node`
 * (aliases not followed: they are read where they are written), in document order. Kept
 * per mapping and list for the file version: the walk of a job also answers for each of
 * its steps and its `outputs:`, which two rules ask about apart.
 */
export function referencesUnder(file: SourceFile, node: unknown): readonly ContextReference[] {
  const memo = file.memo('github-actions.references', () => new WeakMap<object, readonly ContextReference[]>());
  const walk = (n: unknown, key: string | undefined, depth: number): readonly ContextReference[] => {
    if (depth > 200) return NO_REFERENCES;
    if (isScalar(n)) return scalarExpressions(file, n, key).flatMap(contextReferences);
    if (!isMap(n) && !isSeq(n)) return NO_REFERENCES;
    const kept = memo.get(n);
    if (kept) return kept;
    let out: ContextReference[] | undefined;
    const add = (found: readonly ContextReference[]) => {
      if (found.length > 0) (out ??= []).push(...found);
    };
    if (isMap(n)) {
      for (const pair of n.items) if (isPair(pair)) add(walk(pair.value, isScalar(pair.key) ? String(pair.key.value) : undefined, depth + 1));
    } else {
      for (const item of n.items) add(walk(item, undefined, depth + 1));
    }
    const result = out ?? NO_REFERENCES;
    memo.set(n, result);
    return result;
  };
  return walk(node, undefined, 0);
}

export interface ContextReference {
  context: 'steps' | 'needs';
  /** The step id or job id, as written. */
  name: string;
  /** `outputs`, `result`, `outcome`, `conclusion`, when written. */
  property?: string;
  /** The output name after `.outputs.`, when written. */
  output?: string;
  /** The whole reference in the file (`steps.build.outputs.version`). */
  range: OffsetRange;
  /** Where the name is, for findings about it. */
  nameRange: OffsetRange;
  /** Where the output name is. */
  outputRange?: OffsetRange;
}

const REFERENCE = /(?<![\w.$-])(steps|needs)\.([A-Za-z_][\w-]*)(?:\.([A-Za-z_][\w-]*)(?:\.([A-Za-z_][\w-]*))?)?/gi;

/** `steps.<id>…` and `needs.<job>…` written with dots in an expression; text in string literals is skipped. */
export function contextReferences(expr: Expression): ContextReference[] {
  // String literals blanked out, same length, so that offsets stay put.
  const code = expr.body.replace(/'(?:[^']|'')*'?/g, (s) => ' '.repeat(s.length));
  const out: ContextReference[] = [];
  for (const m of code.matchAll(REFERENCE)) {
    const at = m.index ?? 0;
    const context = m[1].toLowerCase() as 'steps' | 'needs';
    const nameAt = at + m[1].length + 1;
    const property = m[3]?.toLowerCase();
    const ref: ContextReference = {
      context,
      name: m[2],
      property,
      range: { start: expr.toSource(at), end: expr.toSource(at + m[0].length - 1) + 1 },
      nameRange: { start: expr.toSource(nameAt), end: expr.toSource(nameAt + m[2].length - 1) + 1 },
    };
    if (property === 'outputs' && m[4]) {
      ref.output = m[4];
      const outAt = at + m[0].length - m[4].length;
      ref.outputRange = { start: expr.toSource(outAt), end: expr.toSource(at + m[0].length - 1) + 1 };
    }
    out.push(ref);
  }
  return out;
}

/** Local paths in `uses:` (`./path`), as workspace-relative paths without the `./`; undefined for anything else. */
export function localUsesPath(uses: string): string | undefined {
  if (!uses.startsWith('./')) return undefined;
  if (uses.includes('${{') || uses.includes('@')) return undefined;
  return uses.slice(2).replace(/\/+$/, '').replace(/^\/+/, '');
}
