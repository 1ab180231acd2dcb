/**
 * Bitbucket Pipelines in the shared pipeline shape. Each pipeline (`default`,
 * `branches: main`, `custom: deploy`, …) is a list of steps that run in turn; the
 * steps of a `parallel:` group run side by side after what came before; a
 * `stage:` lends its `deployment:` and `trigger:` to its steps. A job is one
 * step of one pipeline (a step reused through an alias is a job in each), named
 * `<pipeline> › <step name>`. Custom pipelines only run when someone starts
 * them (or a schedule does), so their steps count as manual.
 */
import { type Document, isMap, isScalar, type Node, type Scalar } from 'yaml';
import type { SourceFile } from '../../source';
import { commandsOf, type FoundCommand } from '../script-commands';
import { resolve } from '../yaml-scripts';
import { embeddedText, entries, get, getKey, items, stringValue } from '../yaml';
import type { CiJob, CiPipeline, CiReference, CiStep, ImageRef } from './model';

type Doc = Document.Parsed;

interface Reader {
  file: SourceFile;
  doc: Doc;
  references: CiReference[];
  seenRefs: Set<Node>;
}

export function bitbucketPipeline(file: SourceFile): CiPipeline {
  const jobs: CiJob[] = [];
  const images: ImageRef[] = [];
  const references: CiReference[] = [];
  const seenRefs = new Set<Node>();
  // Steps are read where they are written for their images: a step reused through an alias is one place.
  const stepImages = new Set<Node>();
  for (const doc of file.yaml.documents) {
    const reader: Reader = { file, doc, references, seenRefs };
    const root = doc.contents;
    addImage(images, get(root, 'image'), 'job');
    for (const { value } of entries(get(get(root, 'definitions'), 'services'))) addImage(images, get(value, 'image'), 'service');
    const pipelines = get(root, 'pipelines');
    for (const { key, value } of entries(pipelines)) {
      const group = String(key.value);
      if (group === 'default') readPipeline(reader, jobs, 'default', value, false);
      else for (const p of entries(value)) readPipeline(reader, jobs, `${group}: ${String(p.key.value)}`, p.value, group === 'custom');
    }
    for (const job of jobs) {
      const image = get(job.node, 'image');
      if (image && !stepImages.has(image)) {
        stepImages.add(image);
        addImage(images, image, 'job');
      }
    }
  }
  return { kind: 'bitbucket-pipelines', jobs, images, references };
}

function addImage(out: ImageRef[], node: Node | undefined, role: ImageRef['role']): void {
  const name = isMap(node) ? get(node, 'name') : node;
  if (isScalar(name) && typeof name.value === 'string' && name.value !== '') out.push({ value: name.value, node: name, role });
}

interface Lent {
  deployment: Node | undefined;
  manual: boolean;
}

/**
 * One pipeline's steps in order: each runs after the step or parallel group just
 * before it, and so, transitively, after everything earlier.
 */
function readPipeline(reader: Reader, jobs: CiJob[], name: string, list: Node | undefined, custom: boolean): void {
  let before: CiJob[] = [];
  let index = 0;
  const seq = isMap(list) ? get(list, 'steps') : list;
  const stepJob = (item: Node, lent: Lent): CiJob | undefined => {
    const key = getKey(item, 'step');
    const step = resolve(reader.doc, get(item, 'step'));
    if (!key || !isMap(step)) return undefined;
    index++;
    const stepName = stringValue(get(step, 'name'));
    const deployment = get(step, 'deployment') ?? lent.deployment;
    const job: CiJob = {
      id: `${name} › ${stepName ?? `step ${index}`}`,
      name: stepName,
      key,
      node: step,
      stage: undefined,
      after: before,
      environment: isScalar(deployment) && typeof deployment.value === 'string' ? { name: deployment.value, node: deployment } : undefined,
      manual: custom || lent.manual || stringValue(get(step, 'trigger')) === 'manual',
      approval: false,
      steps: readScript(reader, step),
    };
    jobs.push(job);
    return job;
  };
  const readItems = (nodes: Node[], lent: Lent, depth: number) => {
    for (const raw of nodes) {
      const item = resolve(reader.doc, raw);
      if (get(item, 'step') !== undefined) {
        const job = stepJob(item as Node, lent);
        if (job) before = [job];
        continue;
      }
      const parallel = resolve(reader.doc, get(item, 'parallel'));
      if (parallel !== undefined) {
        const group = items(isMap(parallel) ? get(parallel, 'steps') : parallel).flatMap((p) => {
          const job = stepJob(resolve(reader.doc, p) as Node, lent);
          return job ? [job] : [];
        });
        if (group.length > 0) before = group;
        continue;
      }
      const stage = resolve(reader.doc, get(item, 'stage'));
      if (isMap(stage) && depth < 2) {
        const stageLent = { deployment: get(stage, 'deployment') ?? lent.deployment, manual: lent.manual || stringValue(get(stage, 'trigger')) === 'manual' };
        readItems(items(get(stage, 'steps')), stageLent, depth + 1);
      }
    }
  };
  readItems(items(seq), { deployment: undefined, manual: false }, 0);
}

/** A step's `script:` as steps: each command line, and each `- pipe:` with its `variables:`. */
function readScript(reader: Reader, step: Node): CiStep[] {
  const out: CiStep[] = [];
  for (const key of ['script', 'after-script']) {
    for (const raw of items(resolve(reader.doc, get(step, key)))) {
      const line = resolve(reader.doc, raw);
      if (isScalar(line) && typeof line.value === 'string') {
        const text = embeddedText(reader.file.text, line);
        const commands: FoundCommand[] = text ? commandsOf(text, reader.file.text) : [];
        out.push({ node: line, name: key === 'after-script' ? 'after-script' : undefined, commands });
        continue;
      }
      const pipe = get(line, 'pipe');
      if (isScalar(pipe) && typeof pipe.value === 'string') {
        const ref: CiReference = { kind: 'pipe', value: pipe.value, node: pipe as Scalar };
        if (!reader.seenRefs.has(pipe)) {
          reader.seenRefs.add(pipe);
          reader.references.push(ref);
        }
        out.push({ node: line, name: undefined, commands: [], ref, inputs: get(line, 'variables') });
      }
    }
  }
  return out;
}
