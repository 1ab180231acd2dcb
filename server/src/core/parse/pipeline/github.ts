/**
 * GitHub Actions in the shared pipeline shape: a workflow's jobs with their
 * `needs:`, `environment:`, steps (from the workflow reader), `uses:` references
 * and the images of `container:` and `services:`. A composite action's steps are
 * no job; their references and images are listed all the same.
 */
import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { SourceFile } from '../../source';
import { workflowJobs } from '../github-actions';
import { entries, get, stringValue } from '../yaml';
import type { CiJob, CiPipeline, CiReference, ImageRef } from './model';

export function githubPipeline(file: SourceFile): CiPipeline {
  const jobs: CiJob[] = [];
  const images: ImageRef[] = [];
  const references: CiReference[] = [];
  const seenRefs = new Set<Node>();
  const byId = new Map<string, CiJob>();
  const needsOf = new Map<CiJob, string[]>();
  let composite: CiJob | undefined;
  for (const gha of workflowJobs(file)) {
    const job: CiJob = {
      id: gha.id,
      name: stringValue(get(gha.node, 'name')),
      key: gha.key,
      node: gha.node,
      stage: undefined,
      after: [],
      environment: environmentOf(get(gha.node, 'environment')),
      manual: false,
      approval: false,
      steps: [],
    };
    for (const step of gha.steps) {
      const ref = step.uses ? actionReference(step.uses.value, step.uses.node) : undefined;
      if (ref && !seenRefs.has(ref.node)) {
        seenRefs.add(ref.node);
        references.push(ref);
      }
      job.steps.push({ node: step.node, name: stringValue(get(step.node, 'name')), commands: step.commands, ref, inputs: step.with });
    }
    if (gha.id === 'runs') {
      composite = job;
      continue;
    }
    const workflow = get(gha.node, 'uses');
    if (isScalar(workflow) && typeof workflow.value === 'string') {
      const ref: CiReference = { kind: 'reusable-workflow', value: workflow.value, node: workflow };
      references.push(ref);
      job.steps.push({ node: gha.node, name: undefined, commands: [], ref, inputs: get(gha.node, 'with') });
    }
    for (const image of jobImages(gha.node)) images.push(image);
    needsOf.set(job, names(get(gha.node, 'needs')));
    byId.set(job.id, job);
    jobs.push(job);
  }
  for (const job of jobs) {
    for (const id of needsOf.get(job) ?? []) {
      const before = byId.get(id);
      if (before) job.after.push(before);
    }
  }
  return { kind: 'github-actions', jobs, images, references, composite };
}

function actionReference(value: string, node: Scalar): CiReference {
  return { kind: value.startsWith('docker://') ? 'docker-action' : 'action', value, node };
}

/** `environment: prod` or `environment: { name: prod, url: … }`. */
function environmentOf(node: Node | undefined): CiJob['environment'] {
  if (isScalar(node) && typeof node.value === 'string') return { name: node.value, node };
  const name = get(node, 'name');
  if (isScalar(name) && typeof name.value === 'string') return { name: name.value, node: name };
  return undefined;
}

/** The images of a job's `container:` and `services:`, each `image` or the string form. */
function jobImages(job: Node | undefined): ImageRef[] {
  const out: ImageRef[] = [];
  const add = (node: Node | undefined, role: ImageRef['role']) => {
    const image = isMap(node) ? get(node, 'image') : node;
    if (isScalar(image) && typeof image.value === 'string' && image.value !== '') out.push({ value: image.value, node: image, role });
  };
  add(get(job, 'container'), 'container');
  for (const { value } of entries(get(job, 'services'))) add(value, 'service');
  return out;
}

function names(node: Node | undefined): string[] {
  if (isScalar(node)) return typeof node.value === 'string' ? [node.value] : [];
  if (isSeq(node)) return node.items.flatMap((i) => (isScalar(i) && typeof i.value === 'string' ? [i.value] : []));
  return [];
}

export interface WorkflowTriggers {
  /** Event names of `on:` (`push`, `pull_request`, `workflow_dispatch`, …). */
  events: Set<string>;
  /** Input names of `workflow_dispatch` and `workflow_call`. */
  inputs: string[];
}

/** The events that start a workflow, whatever form `on:` takes (a name, a list, a mapping). */
export function workflowTriggers(file: SourceFile): WorkflowTriggers {
  return file.memo('pipeline.github-triggers', () => {
    const events = new Set<string>();
    const inputs: string[] = [];
    for (const doc of file.yaml.documents) {
      const on = get(doc.contents, 'on');
      if (isScalar(on) && typeof on.value === 'string') events.add(on.value);
      for (const name of isSeq(on) ? names(on) : []) events.add(name);
      for (const { key, value } of entries(on)) {
        events.add(String(key.value));
        for (const input of entries(get(value, 'inputs'))) inputs.push(String(input.key.value));
      }
    }
    return { events, inputs };
  });
}
