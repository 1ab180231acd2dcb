/**
 * One shape for the jobs of every CI system: what the delivery-practice rules
 * ask of a pipeline (which job runs after which, where it deploys, whether a
 * person must approve it, what it runs and with which images) without knowing
 * how GitHub Actions, GitLab CI, CircleCI, Azure Pipelines or Bitbucket spell it.
 * Each system's reader (beside this file) fills it; `pipelineOf` memoises it.
 */
import type { Node, Scalar } from 'yaml';
import type { PipelineKind } from '../../types';
import type { FoundCommand } from '../script-commands';

/** A reference to reusable code the pipeline runs: an action, orb, task or pipe. */
export interface CiReference {
  kind: 'action' | 'reusable-workflow' | 'docker-action' | 'orb' | 'orb-step' | 'task' | 'pipe';
  /** As written: `actions/checkout@v4`, `circleci/node@5.2.0`, `Docker@2`, `atlassian/aws-s3-deploy:1.1.0`. */
  value: string;
  node: Scalar;
}

/** A container image the pipeline runs in, as written. */
export interface ImageRef {
  value: string;
  node: Scalar;
  role: 'job' | 'service' | 'container';
}

export interface CiStep {
  /** The step as written (a mapping, or a scalar for CircleCI's `- checkout`), when there is one. */
  node: Node | undefined;
  /** `name:` / `displayName:`, when given. */
  name: string | undefined;
  /** Shell commands of the step, in order. */
  commands: FoundCommand[];
  /** The action, orb command, task or pipe the step runs. */
  ref?: CiReference;
  /** Its inputs: `with:`, `inputs:`, a pipe's `variables:`, an orb command's parameters. */
  inputs?: Node;
}

export interface CiJob {
  /** Unique within its pipeline: the job id, workflow job name, or `<pipeline> › <step>` for Bitbucket. */
  id: string;
  /** Display name, when one is given. */
  name: string | undefined;
  /** Where findings about the job point (the job's key, or the `step:` key of a Bitbucket step). */
  key: Scalar | undefined;
  node: Node | undefined;
  /** Stage it runs in, for the systems that have stages. */
  stage: string | undefined;
  /** Jobs that must finish before this one starts (needs, requires, dependsOn, earlier stages or steps). */
  after: CiJob[];
  /** Deployment environment the job targets, with the node that names it. */
  environment: { name: string; node: Node } | undefined;
  /** GitLab's `environment: action:` (`stop`, `prepare`, …), when given. */
  environmentAction?: string;
  /** True when a person must start the job (`when: manual`, `trigger: manual`, a custom Bitbucket pipeline). */
  manual: boolean;
  /** True when the job is itself an approval gate (CircleCI `type: approval`, Azure `ManualValidation`). */
  approval: boolean;
  steps: CiStep[];
  /** Name of the job definition or orb job it runs, when that differs from its id (CircleCI). */
  runs?: string;
}

export interface CiPipeline {
  kind: PipelineKind;
  jobs: CiJob[];
  /** Every container image written in the file, once per place it is written. */
  images: ImageRef[];
  /** Every action, orb, task and pipe reference written in the file, once per place. */
  references: CiReference[];
  /** A GitHub composite action's steps, as one job that is not part of any graph. */
  composite?: CiJob;
}

/** Every job that must finish before `job` starts, however far up the chain. */
export function upstreamOf(job: CiJob): Set<CiJob> {
  const seen = new Set<CiJob>();
  const stack = [...job.after];
  while (stack.length > 0) {
    const next = stack.pop() as CiJob;
    if (seen.has(next) || next === job) continue;
    seen.add(next);
    for (const a of next.after) stack.push(a);
  }
  return seen;
}

/** Jobs that wait directly for each job: the `after` edges reversed. */
function followersOf(pipeline: CiPipeline): Map<CiJob, CiJob[]> {
  const next = new Map<CiJob, CiJob[]>();
  for (const j of pipeline.jobs) {
    for (const a of j.after) {
      const list = next.get(a);
      if (list) list.push(j);
      else next.set(a, [j]);
    }
  }
  return next;
}

/**
 * For every job, `value` folded over all the jobs before it (`upstream`) or after it
 * (`downstream`), the job itself excluded. One post-order walk over the graph:
 * linear in jobs and edges, however long the chains, where asking `upstreamOf`
 * per job would be quadratic. An edge that closes a cycle is ignored.
 */
export function foldJobs<T>(pipeline: CiPipeline, direction: 'upstream' | 'downstream', value: (job: CiJob) => T, combine: (a: T, b: T) => T, empty: T): Map<CiJob, T> {
  const followers = direction === 'downstream' ? followersOf(pipeline) : undefined;
  const edges = (job: CiJob): readonly CiJob[] => (followers ? (followers.get(job) ?? []) : job.after);
  const folded = new Map<CiJob, T>();
  const own = new Map<CiJob, T>();
  const valueOf = (job: CiJob): T => {
    let v = own.get(job);
    if (v === undefined && !own.has(job)) {
      v = value(job);
      own.set(job, v);
    }
    return v as T;
  };
  const visiting = new Set<CiJob>();
  const sharedFolds = new Map<readonly CiJob[], unknown>();
  for (const root of pipeline.jobs) {
    if (folded.has(root)) continue;
    const stack: { job: CiJob; expanded: boolean }[] = [{ job: root, expanded: false }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (folded.has(top.job)) {
        stack.pop();
        continue;
      }
      if (!top.expanded) {
        const shared = sharedFolds.get(edges(top.job));
        if (shared !== undefined) {
          stack.pop();
          folded.set(top.job, shared as T);
          continue;
        }
        top.expanded = true;
        visiting.add(top.job);
        for (const e of edges(top.job)) if (!folded.has(e) && !visiting.has(e)) stack.push({ job: e, expanded: false });
        continue;
      }
      stack.pop();
      visiting.delete(top.job);
      let acc = empty;
      // Lists shared by many jobs (a GitLab stage's predecessors) fold once.
      const list = edges(top.job);
      const known = sharedFolds.get(list);
      if (known !== undefined) {
        folded.set(top.job, known as T);
        continue;
      }
      for (const e of list) {
        const below = folded.get(e);
        if (below === undefined) continue;
        acc = combine(acc, combine(valueOf(e), below));
      }
      folded.set(top.job, acc);
      if (list.length > 8) sharedFolds.set(list, acc);
    }
  }
  return folded;
}
