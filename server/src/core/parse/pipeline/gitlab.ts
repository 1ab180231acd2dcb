/**
 * GitLab CI in the shared pipeline shape. A job runs after every job of the
 * earlier stages unless it lists its `needs:` (then after those only, and
 * `needs: []` after none). Manual when `when: manual` is set on the job or on
 * one of its `rules:`. Images are read where they are written: top level,
 * `default:`, every job and template.
 */
import { type Document, isMap, isScalar, isSeq, type Node } from 'yaml';
import type { SourceFile } from '../../source';
import { gitlabJobs } from '../gitlab-jobs';
import { resolve } from '../yaml-scripts';
import { entries, get, items, stringValue } from '../yaml';
import type { CiJob, CiPipeline, ImageRef } from './model';

const DEFAULT_STAGES = ['build', 'test', 'deploy'];

export function gitlabPipeline(file: SourceFile): CiPipeline {
  const jobs: CiJob[] = [];
  const images: ImageRef[] = [];
  const byId = new Map<string, CiJob>();
  const needsOf = new Map<CiJob, string[] | undefined>();
  const stageOrder = new Map<string, number>();
  for (const doc of file.yaml.documents) {
    const listed = items(get(doc.contents, 'stages')).flatMap((s) => (isScalar(s) ? [String(s.value)] : []));
    for (const stage of ['.pre', ...(listed.length > 0 ? listed : DEFAULT_STAGES), '.post']) {
      if (!stageOrder.has(stage)) stageOrder.set(stage, stageOrder.size);
    }
    for (const image of writtenImages(doc)) images.push(image);
  }
  for (const gl of gitlabJobs(file)) {
    const env = gl.setting('environment');
    const envName = isScalar(env) ? env : get(env, 'name');
    const job: CiJob = {
      id: gl.id,
      name: undefined,
      key: gl.key,
      node: gl.node,
      stage: stringValue(gl.setting('stage')) ?? 'test',
      after: [],
      environment: isScalar(envName) && typeof envName.value === 'string' ? { name: envName.value, node: envName } : undefined,
      environmentAction: stringValue(get(env, 'action')),
      manual: stringValue(gl.setting('when')) === 'manual' || items(gl.setting('rules')).some((rule) => stringValue(get(rule, 'when')) === 'manual'),
      approval: false,
      steps: [{ node: gl.node, name: undefined, commands: gl.commands }],
    };
    const needs = gl.setting('needs');
    needsOf.set(job, isSeq(needs) ? needs.items.flatMap((n) => neededJob(n)) : undefined);
    byId.set(job.id, job);
    jobs.push(job);
  }
  const earlier: CiJob[][] = [];
  for (let stage = 0; stage < stageOrder.size; stage++) {
    earlier.push(jobs.filter((j) => (stageOrder.get(j.stage ?? '') ?? Number.POSITIVE_INFINITY) < stage));
  }
  for (const job of jobs) {
    const needs = needsOf.get(job);
    if (needs) {
      for (const id of needs) {
        const before = byId.get(id);
        if (before) job.after.push(before);
      }
      continue;
    }
    const at = stageOrder.get(job.stage ?? '');
    // Every job of the earlier stages: one list per stage, shared by that stage's jobs.
    if (at !== undefined) job.after = earlier[at];
  }
  return { kind: 'gitlab-ci', jobs, images, references: [] };
}

/** `needs: [build]` or `needs: [{ job: build }]`; other pipelines' jobs are not of this file. */
function neededJob(node: unknown): string[] {
  if (isScalar(node) && typeof node.value === 'string') return [node.value];
  const job = get(node, 'job');
  return isScalar(job) && typeof job.value === 'string' && get(node, 'pipeline') === undefined && get(node, 'project') === undefined ? [job.value] : [];
}

/** `image:` and `services:` where they are written: top level, `default:`, every job and hidden template. */
function writtenImages(doc: Document.Parsed): ImageRef[] {
  const out: ImageRef[] = [];
  const add = (node: unknown, role: ImageRef['role']) => {
    const value = resolve(doc, node);
    const name = isMap(value) ? get(value, 'name') : value;
    if (isScalar(name) && typeof name.value === 'string' && name.value !== '') out.push({ value: name.value, node: name, role });
  };
  const fromMap = (map: unknown) => {
    add(get(map, 'image'), 'job');
    for (const service of items(get(map, 'services'))) add(service, 'service');
  };
  fromMap(doc.contents);
  for (const { key, value } of entries(doc.contents)) {
    if (isMap(value) && key.value !== 'variables' && key.value !== 'workflow') fromMap(value as Node);
  }
  return out;
}
