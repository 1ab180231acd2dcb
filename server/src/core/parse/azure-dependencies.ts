/**
 * The stage and job lists of an Azure Pipelines file with the names they define
 * and the `dependsOn` that refer to them. A list whose names cannot all be known
 * (a `template:` item, an `${{ each }}`, a name Azure computes) says so, so that
 * no rule calls a name missing from it.
 */
import { isMap, isScalar, isSeq, type Scalar } from 'yaml';
import type { SourceFile } from '../source';
import { flatEntries, flatItems, isExpression } from './azure-structure';

export interface DependencyReference {
  node: Scalar<string>;
  name: string;
}

export interface DependencyList {
  kind: 'stage' | 'job';
  /** The names the list defines, or undefined when others may be inserted. */
  names: Set<string> | undefined;
  references: DependencyReference[];
}

export function azureDependencyLists(file: SourceFile): DependencyList[] {
  return file.memo('azure-pipelines.dependencies', () => {
    const out: DependencyList[] = [];
    const docs = file.yaml.documents;
    if (docs.length !== 1 || docs[0].errors.length > 0 || !isMap(docs[0].contents)) return out;
    const root = flatEntries(docs[0].contents).entries;
    const stages = root.find((e) => e.key.value === 'stages')?.value;
    const jobs = root.find((e) => e.key.value === 'jobs')?.value;
    if (stages !== undefined) readList(stages, 'stage', out);
    if (jobs !== undefined) readList(jobs, 'job', out);
    return out;
  });
}

function readList(seq: unknown, kind: 'stage' | 'job', out: DependencyList[]): void {
  if (!isSeq(seq)) return;
  const { items, unknown } = flatItems(seq);
  let names: Set<string> | undefined = unknown ? undefined : new Set();
  const references: DependencyReference[] = [];
  for (const item of items) {
    if (!isMap(item)) {
      names = undefined;
      continue;
    }
    const { entries, unknown: open } = flatEntries(item);
    const value = (key: string) => entries.find((e) => e.key.value === key)?.value;
    const name = kind === 'stage' ? value('stage') : (value('job') ?? value('deployment'));
    if (open || value('template') !== undefined || !isScalar(name) || typeof name.value !== 'string' || isExpression(name.value)) names = undefined;
    else names?.add(name.value);
    // Every `dependsOn` the item may have, conditional ones included.
    for (const e of entries) if (e.key.value === 'dependsOn') references.push(...namesIn(e.value));
    if (kind === 'stage') {
      const jobs = value('jobs');
      if (jobs !== undefined) readList(jobs, 'job', out);
    }
  }
  out.push({ kind, names, references });
}

function namesIn(node: unknown): DependencyReference[] {
  const scalars = isSeq(node) ? flatItems(node).items : [node];
  const out: DependencyReference[] = [];
  for (const s of scalars) {
    if (isScalar(s) && typeof s.value === 'string' && s.value !== '' && !isExpression(s.value)) out.push({ node: s as Scalar<string>, name: s.value });
  }
  return out;
}
