/**
 * Job names in `needs:` and `dependencies:`, each with the node that names it.
 * Needs on another pipeline (`pipeline:`) or project (`project:`) name jobs
 * that are not this pipeline's, and `!reference` lists are resolved by GitLab
 * from elsewhere: both are left out.
 */
import { type Document, isMap, isScalar, isSeq, type Node } from 'yaml';
import { isPlaceholder, scalarText } from './gitlab-config';
import { getMerged, resolve } from './yaml-scripts';

export interface NamedJob {
  name: string;
  node: Node;
  /** `optional: true`: GitLab accepts it when the job is not in the pipeline. */
  optional: boolean;
}

/** Names in a job's `needs:` and in the `needs:` of its `rules:`. */
export function needsOf(doc: Document.Parsed, job: unknown, withRules = true): NamedJob[] {
  const out = jobsNamedIn(doc, getMerged(doc, job, 'needs'));
  if (!withRules) return out;
  const rules = resolve(doc, getMerged(doc, job, 'rules'));
  if (isSeq(rules) && rules.tag !== '!reference') {
    for (const rule of rules.items) for (const item of jobsNamedIn(doc, getMerged(doc, rule, 'needs'))) out.push(item);
  }
  return out;
}

/** Names in a job's `dependencies:`. */
export function dependenciesOf(doc: Document.Parsed, job: unknown): NamedJob[] {
  return jobsNamedIn(doc, getMerged(doc, job, 'dependencies'));
}

/** Names in a `needs:` or `dependencies:` value. */
export function jobsNamedIn(doc: Document.Parsed, node: unknown): NamedJob[] {
  const value = resolve(doc, node);
  if (value === undefined || value.tag === '!reference') return [];
  const list = isSeq(value) ? value.items : [value];
  const out: NamedJob[] = [];
  for (const raw of list) {
    const item = resolve(doc, raw);
    if (!item || item.tag === '!reference') continue;
    if (isScalar(item)) {
      const name = scalarText(doc, item);
      if (name !== undefined && !isPlaceholder(name)) out.push({ name, node: item, optional: false });
    } else if (isMap(item)) {
      if (getMerged(doc, item, 'pipeline') !== undefined || getMerged(doc, item, 'project') !== undefined) continue;
      const jobNode = resolve(doc, getMerged(doc, item, 'job'));
      const name = scalarText(doc, jobNode);
      const optional = resolve(doc, getMerged(doc, item, 'optional'));
      if (name !== undefined && jobNode && !isPlaceholder(name)) out.push({ name, node: jobNode, optional: isScalar(optional) && optional.value === true });
    }
  }
  return out;
}
