/**
 * Checks that gate a repository's changes outside the pipeline being read: the
 * GitHub workflows that run on pushes and pull requests are what branch
 * protection makes required, so their tests and static analysis have run on
 * what a separate deploy or release workflow ships.
 */
import type { SourceFile } from '../../source';
import type { WorkspaceView } from '../../workspace/view';
import { type Checks, jobChecks, stepChecks } from './checks';
import type { CiJob, CiStep } from './model';
import { workflowTriggers } from './github';
import { pipelineOf } from './index';

const GATING_EVENTS = ['push', 'pull_request', 'pull_request_target', 'merge_group'];

/** The checks one workflow runs on pushes or pull requests (none for other triggers). */
export function gatingChecks(file: SourceFile): Checks {
  return file.memo('pipeline.gating-checks', () => {
    const out: Checks = { tests: false, analysis: false };
    const events = workflowTriggers(file).events;
    if (!GATING_EVENTS.some((e) => events.has(e))) return out;
    for (const job of pipelineOf(file)?.jobs ?? []) {
      const c = jobChecks(job);
      out.tests ||= c.tests;
      out.analysis ||= c.analysis;
    }
    return out;
  });
}

/** The checks of every other GitHub workflow of the repository that runs on pushes or pull requests. */
export function repositoryGates(workspace: WorkspaceView, except: string): Checks {
  const out: Checks = { tests: false, analysis: false };
  for (const file of workspace.filesOf('github-actions')) {
    if (file.path === except || !file.path.includes('.github/workflows/')) continue;
    const c = gatingChecks(file);
    out.tests ||= c.tests;
    out.analysis ||= c.analysis;
  }
  return out;
}

/**
 * The checks a local action (`./.github/actions/lint`) or reusable workflow
 * (`./.github/workflows/ci.yml`) runs, read from its file; one level deep.
 */
function localChecks(workspace: WorkspaceView, ref: string): Checks {
  const path = ref.replace(/^\.\//, '').replace(/\/$/, '');
  const file = /\.ya?ml$/.test(path) ? workspace.file(path) : (workspace.file(`${path}/action.yml`) ?? workspace.file(`${path}/action.yaml`));
  if (!file || file.kind !== 'github-actions') return { tests: false, analysis: false };
  return file.memo('pipeline.local-checks', () => {
    const pipeline = pipelineOf(file);
    const out: Checks = { tests: false, analysis: false };
    for (const job of [...(pipeline?.jobs ?? []), ...(pipeline?.composite ? [pipeline.composite] : [])]) {
      const c = jobChecks(job);
      out.tests ||= c.tests;
      out.analysis ||= c.analysis;
    }
    return out;
  });
}

/** A step's checks, with those of the local action or reusable workflow it runs. */
export function stepChecksIn(workspace: WorkspaceView, step: CiStep): Checks {
  const own = stepChecks(step);
  if (!step.ref?.value.startsWith('./') || (own.tests && own.analysis)) return own;
  const local = localChecks(workspace, step.ref.value);
  return { tests: own.tests || local.tests, analysis: own.analysis || local.analysis };
}

/** A job's checks, with those of the local actions and reusable workflows it runs. */
export function jobChecksIn(workspace: WorkspaceView, job: CiJob): Checks {
  const out = jobChecks(job);
  for (const step of job.steps) {
    if (out.tests && out.analysis) break;
    if (!step.ref?.value.startsWith('./')) continue;
    const c = localChecks(workspace, step.ref.value);
    out.tests ||= c.tests;
    out.analysis ||= c.analysis;
  }
  return out;
}
