/**
 * The pipelines part of the repository model: every pipeline file with its jobs
 * and their graph (`needs:`, stages, `dependsOn`, `requires`), what starts it
 * (push, pull request, schedule, a person, tags), the environments its jobs
 * deploy to, the secrets it references (by name; a value is never read), and
 * what each job deploys. Read from the shared pipeline shape (`parse/pipeline/`)
 * for the five CI systems it knows; Jenkins pipelines are listed with no jobs.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { workflowJobs } from '../../parse/github-actions';
import { gitlabJobs } from '../../parse/gitlab-jobs';
import { CI_KINDS, type CiJob, pipelineOf } from '../../parse/pipeline';
import { deploymentsOf } from '../../parse/pipeline/deploys';
import { secretReferences } from '../../parse/pipeline/secrets';
import { entries, get, getKey, rangeOf } from '../../parse/yaml';
import type { SourceFile } from '../../source';
import { type OffsetRange, PIPELINE_KINDS, type PipelineKind } from '../../types';
import type { ModelSource } from './source';
import type { Pipeline, PipelineDeploy, PipelineJob, PipelineTrigger, SecretReference, TriggerKind } from './types';

export function buildPipelines(view: ModelSource): Pipeline[] {
  const pipelines: Pipeline[] = [];
  for (const kind of PIPELINE_KINDS) for (const file of view.filesOf(kind)) pipelines.push(readPipeline(file, kind));
  return pipelines.sort((a, b) => a.path.localeCompare(b.path));
}

function readPipeline(file: SourceFile, kind: PipelineKind): Pipeline {
  const out: Pipeline = { path: file.path, kind, jobs: [], triggers: [], environments: [], secrets: [] };
  const root = file.isYamlLike ? file.yaml.documents[0]?.contents : undefined;
  const name = get(root, 'name');
  if ((kind === 'github-actions' || kind === 'azure-pipelines') && isScalar(name) && typeof name.value === 'string') out.name = name.value;
  if (!(CI_KINDS as readonly string[]).includes(kind)) return out;
  const pipeline = pipelineOf(file);
  const written = writtenNeeds(file, kind);
  for (const job of pipeline?.jobs ?? []) {
    const range = job.key ? rangeOf(job.key) : undefined;
    const entry: PipelineJob = {
      id: job.id,
      needs: written.get(job.id) ?? [],
      after: [...new Set(job.after.map((j) => j.id))],
      manual: job.manual,
      deploys: deploysOf(job),
    };
    if (job.name !== undefined) entry.name = job.name;
    if (job.stage !== undefined) entry.stage = job.stage;
    if (job.environment) {
      // Azure names a resource of the environment after a dot: `staging.web-namespace` deploys to `staging`.
      const name = kind === 'azure-pipelines' ? (job.environment.name.split('.')[0] as string) : job.environment.name;
      entry.environment = name;
      const r = rangeOf(job.environment.node) ?? range;
      if (r) out.environments.push({ name, job: job.id, range: r });
    }
    if (range) entry.range = range;
    out.jobs.push(entry);
  }
  out.triggers = triggersOf(file, kind, root);
  out.secrets = secretsOf(file, pipeline?.jobs ?? []);
  return out;
}

/** `needs:` as written, for the systems that spell it so (the graph itself is `after`). */
function writtenNeeds(file: SourceFile, kind: PipelineKind): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (kind === 'github-actions') for (const j of workflowJobs(file)) out.set(j.id, needsOf(j.node));
  if (kind === 'gitlab-ci') for (const j of gitlabJobs(file)) out.set(j.id, needsOf(j.node));
  return out;
}

/** `needs: build` or `needs: [a, b]` (GitLab also `- job: a`), as job ids. */
function needsOf(node: unknown): string[] {
  const needs = (node as { get?: (k: string) => unknown } | undefined)?.get?.('needs');
  const value = needs && typeof (needs as { toJSON?: unknown }).toJSON === 'function' ? (needs as { toJSON(): unknown }).toJSON() : needs;
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.flatMap((n) => (typeof n === 'string' ? [n] : n && typeof n === 'object' && typeof (n as { job?: unknown }).job === 'string' ? [(n as { job: string }).job] : []));
}

function deploysOf(job: CiJob): PipelineDeploy[] {
  const out: PipelineDeploy[] = [];
  for (const d of deploymentsOf(job)) {
    let range: OffsetRange | undefined;
    if (d.command) range = { start: d.command.script.toSource(d.command.command.start), end: d.command.script.toSource(d.command.command.end) };
    else range = rangeOf(d.step.ref?.node ?? d.step.node);
    if (range) out.push({ kind: d.kind, label: d.label, range });
  }
  return out;
}

const GITHUB_EVENTS: Record<string, TriggerKind> = {
  push: 'push',
  pull_request: 'pull-request',
  pull_request_target: 'pull-request',
  merge_group: 'pull-request',
  schedule: 'schedule',
  workflow_dispatch: 'manual',
  repository_dispatch: 'manual',
  release: 'tag',
};

function triggersOf(file: SourceFile, kind: PipelineKind, root: Node | null | undefined): PipelineTrigger[] {
  const out: PipelineTrigger[] = [];
  const add = (k: TriggerKind, event: string, node: Node | null | undefined) => {
    const range = rangeOf(node ?? undefined);
    if (range && !out.some((t) => t.kind === k && t.event === event)) out.push({ kind: k, event, range });
  };
  if (kind === 'github-actions') {
    const on = get(root, 'on');
    const onKey = getKey(root, 'on');
    if (isScalar(on)) add(GITHUB_EVENTS[String(on.value)] ?? 'other', String(on.value), on);
    if (isSeq(on)) for (const item of on.items) if (isScalar(item)) add(GITHUB_EVENTS[String(item.value)] ?? 'other', String(item.value), item);
    for (const { key, value } of entries(on)) {
      const event = String(key.value);
      add(GITHUB_EVENTS[event] ?? 'other', event, key);
      if (event === 'push' && get(value, 'tags') !== undefined) add('tag', 'push: tags', getKey(value, 'tags'));
    }
    if (out.length === 0 && onKey) add('other', 'on', onKey);
    return out;
  }
  if (kind === 'gitlab-ci') {
    // GitLab runs a pipeline on every push unless `workflow: rules:` narrows it; the sources its rules name say the rest.
    add('push', 'push', getKey(root, 'workflow') ?? firstKey(root));
    const text = file.text;
    for (const m of text.matchAll(/\$CI_PIPELINE_SOURCE\s*==\s*["']?(merge_request_event|schedule|web|api|trigger|pipeline|push)["']?/g)) {
      const source = m[1] as string;
      const k: TriggerKind = source === 'merge_request_event' ? 'pull-request' : source === 'schedule' ? 'schedule' : source === 'web' ? 'manual' : source === 'push' ? 'push' : 'other';
      out.push({ kind: k, event: source, range: { start: m.index, end: m.index + m[0].length } });
    }
    for (const m of text.matchAll(/\$CI_COMMIT_TAG\b/g)) {
      out.push({ kind: 'tag', event: 'CI_COMMIT_TAG', range: { start: m.index, end: m.index + m[0].length } });
      break;
    }
    return dedupe(out);
  }
  if (kind === 'azure-pipelines') {
    const trigger = get(root, 'trigger');
    if (!(isScalar(trigger) && trigger.value === 'none')) add('push', 'trigger', getKey(root, 'trigger') ?? firstKey(root));
    const pr = get(root, 'pr');
    if (!(isScalar(pr) && pr.value === 'none')) add('pull-request', 'pr', getKey(root, 'pr') ?? firstKey(root));
    if (get(root, 'schedules') !== undefined) add('schedule', 'schedules', getKey(root, 'schedules'));
    if (get(get(trigger, 'tags'), 'include') !== undefined) add('tag', 'trigger: tags', getKey(trigger, 'tags'));
    return out;
  }
  if (kind === 'circleci') {
    add('push', 'push', getKey(root, 'workflows') ?? firstKey(root));
    for (const { value } of entries(get(root, 'workflows'))) {
      for (const t of isSeq(get(value, 'triggers')) ? (get(value, 'triggers') as { items: Node[] }).items : []) if (get(t, 'schedule') !== undefined) add('schedule', 'schedule', getKey(t, 'schedule'));
    }
    for (const m of file.text.matchAll(/^[ \t]*tags:[ \t]*$/gm)) {
      out.push({ kind: 'tag', event: 'filters: tags', range: { start: m.index, end: m.index + m[0].length } });
      break;
    }
    return dedupe(out);
  }
  if (kind === 'bitbucket-pipelines') {
    const pipelines = get(root, 'pipelines');
    const BITBUCKET: Record<string, TriggerKind> = { default: 'push', branches: 'push', 'pull-requests': 'pull-request', tags: 'tag', custom: 'manual' };
    for (const { key } of entries(pipelines)) add(BITBUCKET[String(key.value)] ?? 'other', String(key.value), key);
  }
  return out;
}

function firstKey(root: Node | null | undefined): Node | undefined {
  return isMap(root) ? (root.items[0]?.key as Node | undefined) : undefined;
}

function dedupe(list: PipelineTrigger[]): PipelineTrigger[] {
  const seen = new Set<string>();
  return list.filter((t) => {
    const key = `${t.kind}\0${t.event}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Secret names the file references: `${{ secrets.X }}` anywhere, and secret-named variables in its commands. */
function secretsOf(file: SourceFile, jobs: readonly CiJob[]): SecretReference[] {
  const out: SecretReference[] = [];
  const seen = new Set<string>();
  const add = (name: string, range: OffsetRange) => {
    if (seen.has(name) || name === 'GITHUB_TOKEN') return;
    seen.add(name);
    out.push({ name, range });
  };
  for (const m of file.text.matchAll(/\bsecrets\.([A-Za-z_][A-Za-z0-9_]*)/g)) add(m[1] as string, { start: m.index, end: m.index + m[0].length });
  for (const job of jobs) {
    for (const step of job.steps) {
      for (const found of step.commands) {
        const body = found.script.text.slice(found.command.start, found.command.end);
        for (const name of secretReferences(body)) {
          const at = body.indexOf(name);
          const start = found.script.toSource(found.command.start + Math.max(0, at));
          add(name, { start, end: start + name.length });
        }
      }
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
