/**
 * CircleCI in the shared pipeline shape. The jobs are the workflows' job
 * entries (a job definition run in two workflows is two jobs), ordered by
 * `requires:`, with the steps of their definition: `run:` commands, orb
 * commands, and the steps of the config's own `commands:` spliced in. An entry
 * with `type: approval` is an approval gate. A config without `workflows:` runs
 * its job definitions on their own.
 */
import { type Document, isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { SourceFile } from '../../source';
import { isPosixLikeShell } from '../script';
import { commandsOf, type FoundCommand } from '../script-commands';
import { getMerged, resolve } from '../yaml-scripts';
import { embeddedText, entries, get, items, stringValue } from '../yaml';
import type { CiJob, CiPipeline, CiReference, CiStep, ImageRef } from './model';

type Doc = Document.Parsed;

/** A CircleCI parameter or pipeline value inside a command: `<< parameters.namespace >>`, `<< pipeline.git.revision >>`. */
const PARAMETER = /<<\s*[\w.-]+\s*>>/g;

export function circleciPipeline(file: SourceFile): CiPipeline {
  const jobs: CiJob[] = [];
  const images: ImageRef[] = [];
  const references: CiReference[] = [];
  for (const doc of file.yaml.documents) {
    const root = doc.contents;
    for (const { value } of entries(get(root, 'orbs'))) {
      if (isScalar(value) && typeof value.value === 'string') references.push({ kind: 'orb', value: value.value, node: value });
    }
    for (const section of ['executors', 'jobs']) {
      for (const { value } of entries(get(root, section))) {
        for (const item of items(get(value, 'docker'))) {
          const image = get(item, 'image');
          if (isScalar(image) && typeof image.value === 'string') images.push({ value: image.value, node: image, role: 'job' });
        }
      }
    }
    const reader = new StepReader(file, doc);
    const definitions = new Map(entries(get(root, 'jobs')).map(({ key, value }) => [String(key.value), value] as const));
    const workflows = entries(get(root, 'workflows')).filter(({ value }) => isMap(value));
    const stepsOf = (ref: string, refNode: Scalar, params?: Node): CiStep[] => {
      const definition = definitions.get(ref);
      if (definition) return reader.steps(getMerged(doc, definition, 'steps'), 0);
      // An orb's job: its steps are in the orb; its name and parameters tell what it does.
      return ref.includes('/') ? [{ node: refNode, name: ref, commands: [], ref: { kind: 'orb-step', value: ref, node: refNode }, inputs: params }] : [];
    };
    if (workflows.length === 0) {
      for (const [id, definition] of definitions) {
        const key = entries(get(root, 'jobs')).find((e) => e.key.value === id)?.key;
        jobs.push(newJob(id, key, definition, key ? stepsOf(id, key) : []));
      }
      continue;
    }
    const taken = new Set<string>();
    for (const { key: workflowKey, value: workflow } of workflows) {
      const byName = new Map<string, CiJob>();
      const requiresOf = new Map<CiJob, string[]>();
      for (const item of items(get(workflow, 'jobs'))) {
        const entry = workflowEntry(item);
        if (!entry) continue;
        const name = stringValue(get(entry.params, 'name')) ?? entry.ref;
        const id = taken.has(name) ? `${String(workflowKey.value)}/${name}` : name;
        taken.add(id);
        const job = newJob(id, entry.key, entry.params, stepsOf(entry.ref, entry.key, entry.params));
        job.runs = entry.ref;
        job.approval = stringValue(get(entry.params, 'type')) === 'approval';
        byName.set(name, job);
        requiresOf.set(job, items(get(entry.params, 'requires')).flatMap((r) => (isScalar(r) ? [String(r.value)] : [])));
        jobs.push(job);
      }
      for (const [job, requires] of requiresOf) {
        for (const name of requires) {
          const before = byName.get(name);
          if (before) job.after.push(before);
        }
      }
    }
  }
  return { kind: 'circleci', jobs, images, references };
}

function newJob(id: string, key: Scalar | undefined, node: Node | undefined, steps: CiStep[]): CiJob {
  return { id, name: undefined, key, node, stage: undefined, after: [], environment: undefined, manual: false, approval: false, steps };
}

/** `- build` or `- build: { requires: […], name: …, type: approval }`. */
function workflowEntry(item: Node): { ref: string; key: Scalar; params: Node | undefined } | undefined {
  if (isScalar(item) && typeof item.value === 'string') return { ref: item.value, key: item, params: undefined };
  const [first] = entries(item);
  return first ? { ref: String(first.key.value), key: first.key, params: first.value } : undefined;
}

/** Steps of a job, with the config's reusable `commands:` spliced in and `when`/`unless` steps opened. */
class StepReader {
  private readonly commandDefs: Map<string, Node | undefined>;

  constructor(
    private readonly file: SourceFile,
    private readonly doc: Doc,
  ) {
    this.commandDefs = new Map(entries(get(doc.contents, 'commands')).map(({ key, value }) => [String(key.value), value] as const));
  }

  steps(list: unknown, depth: number): CiStep[] {
    const out: CiStep[] = [];
    if (depth > 6) return out;
    for (const raw of items(resolve(this.doc, list))) {
      const step = resolve(this.doc, raw);
      if (isScalar(step) && typeof step.value === 'string') {
        for (const s of this.named(step.value, step, undefined, depth)) out.push(s);
        continue;
      }
      const [first] = entries(step);
      if (!first) continue;
      const name = String(first.key.value);
      const value = resolve(this.doc, first.value);
      if (name === 'run') out.push(this.run(step as Node, value));
      else if (name === 'when' || name === 'unless') for (const s of this.steps(getMerged(this.doc, value, 'steps'), depth + 1)) out.push(s);
      else for (const s of this.named(name, first.key, value, depth)) out.push(s);
    }
    return out;
  }

  private run(step: Node, value: Node | undefined): CiStep {
    const command = isScalar(value) ? value : resolve(this.doc, getMerged(this.doc, value, 'command'));
    const shell = stringValue(resolve(this.doc, getMerged(this.doc, value, 'shell')));
    const commands: FoundCommand[] = [];
    const script = isScalar(command) && isPosixLikeShell(shell) ? embeddedText(this.file.text, command) : undefined;
    // `<< parameters.x >>` would read as a here-document; a blank word of the same length keeps every offset.
    const text = script?.text.replace(PARAMETER, (m) => `P${'_'.repeat(m.length - 1)}`);
    if (script && text !== undefined) for (const c of commandsOf({ ...script, text }, this.file.text)) commands.push(c);
    return { node: step, name: stringValue(resolve(this.doc, getMerged(this.doc, value, 'name'))), commands };
  }

  /** A built-in step (`checkout`), an orb command (`aws-ecr/build-and-push-image`) or one of the config's `commands:`. */
  private named(name: string, node: Scalar, params: Node | undefined, depth: number): CiStep[] {
    const local = this.commandDefs.get(name);
    if (local !== undefined) return this.steps(getMerged(this.doc, local, 'steps'), depth + 1);
    const ref: CiReference | undefined = name.includes('/') ? { kind: 'orb-step', value: name, node } : undefined;
    return [{ node, name, commands: [], ref, inputs: isMap(params) || isSeq(params) ? params : undefined }];
  }
}
