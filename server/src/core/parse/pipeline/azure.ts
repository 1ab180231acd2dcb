/**
 * Azure Pipelines in the shared pipeline shape. Stages run one after the other
 * unless they say `dependsOn:` (`dependsOn: []` runs at once); jobs of a stage
 * run side by side unless they say `dependsOn:`. A `deployment:` job's steps are
 * those of its strategy's phases, in the order they run; the steps of its
 * `on: failure:` hook are kept apart as `rollbackSteps`. Template references
 * are files of their own and are not followed.
 */
import { type Document, isMap, isScalar, type Node, type Scalar } from 'yaml';
import type { SourceFile } from '../../source';
import { commandsOf } from '../script-commands';
import { resolve } from '../yaml-scripts';
import { embeddedText, entries, get, getKey, items, stringValue } from '../yaml';
import type { CiJob, CiPipeline, CiReference, CiStep, ImageRef } from './model';

type Doc = Document.Parsed;

const SCRIPT_KEYS = ['script', 'bash', 'pwsh', 'powershell'];
const STRATEGY_PHASES = ['preDeploy', 'deploy', 'routeTraffic', 'postRouteTraffic'];

export interface AzureJob extends CiJob {
  /** Steps of a deployment strategy's `on: failure:` hook. */
  rollbackSteps: CiStep[];
}

export function azurePipeline(file: SourceFile): CiPipeline {
  const jobs: AzureJob[] = [];
  const images: ImageRef[] = [];
  const references: CiReference[] = [];
  const taken = new Set<string>();
  for (const doc of file.yaml.documents) {
    const root = doc.contents;
    const resources = new Set<string>();
    for (const item of items(get(get(root, 'resources'), 'containers'))) {
      const id = stringValue(get(item, 'container'));
      if (id) resources.add(id);
      const image = get(item, 'image');
      if (isScalar(image) && typeof image.value === 'string') images.push({ value: image.value, node: image, role: 'container' });
    }
    const reader = { file, doc, images, references, resources };
    const stages = flatten(doc, get(root, 'stages'));
    if (stages.length === 0) {
      const rootJobs = get(root, 'jobs') ? readJobs(reader, get(root, 'jobs'), undefined, taken) : [];
      if (rootJobs.length === 0 && get(root, 'steps')) {
        const key = getKey(root, 'steps') as Scalar;
        rootJobs.push(newJob('steps', key, root as Node, undefined, readSteps(reader, get(root, 'steps'))));
        addContainer(reader, get(root, 'container'));
      }
      for (const job of rootJobs) jobs.push(job);
      continue;
    }
    const stageJobs = new Map<string, AzureJob[]>();
    const stageDeps = new Map<string, string[]>();
    let previous: string | undefined;
    for (const stage of stages) {
      const name = stringValue(get(stage, 'stage'));
      if (name === undefined) continue;
      stageJobs.set(name, readJobs(reader, get(stage, 'jobs'), name, taken));
      const deps = get(stage, 'dependsOn');
      stageDeps.set(name, deps === undefined ? (previous ? [previous] : []) : names(deps));
      previous = name;
    }
    for (const [stage, list] of stageJobs) {
      for (const dep of stageDeps.get(stage) ?? []) for (const job of list) for (const before of stageJobs.get(dep) ?? []) job.after.push(before);
      for (const job of list) jobs.push(job);
    }
  }
  return { kind: 'azure-pipelines', jobs, images, references };
}

interface Reader {
  file: SourceFile;
  doc: Doc;
  images: ImageRef[];
  references: CiReference[];
  resources: Set<string>;
}

function newJob(id: string, key: Scalar | undefined, node: Node | undefined, stage: string | undefined, steps: CiStep[]): AzureJob {
  return { id, name: undefined, key, node, stage, after: [], environment: undefined, manual: false, approval: false, steps, rollbackSteps: [] };
}

/** The jobs of one stage (or of the root), ordered by their `dependsOn:`. */
function readJobs(reader: Reader, list: Node | undefined, stage: string | undefined, taken: Set<string>): AzureJob[] {
  const out: AzureJob[] = [];
  const byName = new Map<string, AzureJob>();
  const depsOf = new Map<AzureJob, string[]>();
  for (const node of flatten(reader.doc, list)) {
    const kind = get(node, 'deployment') !== undefined ? 'deployment' : 'job';
    const key = getKey(node, kind);
    const name = stringValue(get(node, kind));
    if (!key || name === undefined) continue;
    const id = taken.has(name) && stage ? `${stage}.${name}` : name;
    taken.add(id);
    const strategy = entries(get(node, 'strategy'))[0]?.value;
    const steps =
      kind === 'deployment'
        ? STRATEGY_PHASES.flatMap((phase) => readSteps(reader, get(get(strategy, phase), 'steps'))).concat(readSteps(reader, get(get(get(strategy, 'on'), 'success'), 'steps')))
        : readSteps(reader, get(node, 'steps'));
    const job = newJob(id, key, node, stage, steps);
    job.name = stringValue(get(node, 'displayName'));
    if (kind === 'deployment') job.rollbackSteps = readSteps(reader, get(get(get(strategy, 'on'), 'failure'), 'steps'));
    const env = get(node, 'environment');
    const envName = isScalar(env) ? env : get(env, 'name');
    if (kind === 'deployment' && isScalar(envName) && typeof envName.value === 'string') job.environment = { name: envName.value, node: envName };
    job.approval = steps.some((s) => /^ManualValidation@/i.test(s.ref?.value ?? ''));
    addContainer(reader, get(node, 'container'));
    byName.set(name, job);
    depsOf.set(job, names(get(node, 'dependsOn')));
    out.push(job);
  }
  for (const [job, deps] of depsOf) for (const dep of deps) if (byName.has(dep)) job.after.push(byName.get(dep) as AzureJob);
  return out;
}

/** A job's `container:`: an image, or the id of one of `resources.containers` (whose image is read there). */
function addContainer(reader: Reader, node: Node | undefined): void {
  const image = isMap(node) ? get(node, 'image') : node;
  if (!isScalar(image) || typeof image.value !== 'string') return;
  if (isScalar(node) && reader.resources.has(image.value)) return;
  reader.images.push({ value: image.value, node: image, role: 'container' });
}

function readSteps(reader: Reader, list: Node | undefined): CiStep[] {
  const out: CiStep[] = [];
  for (const step of flatten(reader.doc, list)) {
    const name = stringValue(get(step, 'displayName')) ?? stringValue(get(step, 'name'));
    const taskNode = get(step, 'task');
    if (isScalar(taskNode) && typeof taskNode.value === 'string') {
      const ref: CiReference = { kind: 'task', value: taskNode.value, node: taskNode };
      reader.references.push(ref);
      const inputs = get(step, 'inputs');
      // Inline scripts of Bash and Azure CLI tasks are read for what they run.
      const inline = get(inputs, 'script') ?? get(inputs, 'inlineScript');
      const script = isScalar(inline) && /^(Bash|ShellScript|AzureCLI)@/i.test(taskNode.value) ? embeddedText(reader.file.text, inline) : undefined;
      out.push({ node: step, name, commands: script ? commandsOf(script, reader.file.text) : [], ref, inputs });
      continue;
    }
    const scriptKey = SCRIPT_KEYS.find((k) => isScalar(get(step, k)));
    const scalar = scriptKey ? (get(step, scriptKey) as Scalar) : undefined;
    const script = scalar ? embeddedText(reader.file.text, scalar) : undefined;
    if (script || get(step, 'checkout') !== undefined || get(step, 'download') !== undefined) {
      out.push({ node: step, name, commands: script ? commandsOf(script, reader.file.text) : [] });
    }
  }
  return out;
}

/** Items of a list, with `${{ if … }}:` / `${{ each … }}:` insertions opened and `template:` references left out. */
function flatten(doc: Doc, list: unknown, depth = 0): Node[] {
  const out: Node[] = [];
  if (depth > 8) return out;
  for (const raw of items(resolve(doc, list))) {
    const item = resolve(doc, raw);
    const [first] = entries(item);
    if (!first) continue;
    const key = String(first.key.value);
    if (key.startsWith('${{')) for (const inner of flatten(doc, first.value, depth + 1)) out.push(inner);
    else if (key !== 'template') out.push(item as Node);
  }
  return out;
}

function names(node: unknown): string[] {
  if (isScalar(node)) return typeof node.value === 'string' ? [node.value] : [];
  return items(node).flatMap((n) => (isScalar(n) && typeof n.value === 'string' ? [n.value] : []));
}
