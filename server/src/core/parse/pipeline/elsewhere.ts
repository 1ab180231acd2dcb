/**
 * What other GitHub workflows of the repository do after a deploy: a workflow
 * that runs on `deployment_status` or after another workflow (`workflow_run`)
 * checks the deployment; one that rolls back, or redeploys a version it is
 * given, is the way back. Each workflow is read once (memoised on its file).
 */
import type { SourceFile } from '../../source';
import type { WorkspaceView } from '../../workspace/view';
import { hasRollbackPath } from './delivery';
import { workflowTriggers } from './github';
import { pipelineOf } from './index';
import { deploymentsOf } from './deploys';

/** Inputs that choose what to deploy: redeploying an earlier one is a rollback. */
const VERSION_INPUT = /version|ref|tag|sha|commit|revision|image|release|digest/i;

/** Whether a workflow, started by hand or by another, deploys a version it is given. */
export function redeploysChosenVersion(file: SourceFile): boolean {
  return file.memo('pipeline.redeploys-chosen-version', () => {
    const { events, inputs } = workflowTriggers(file);
    if (!events.has('workflow_dispatch') && !events.has('workflow_call')) return false;
    return inputs.some((i) => VERSION_INPUT.test(i)) && (pipelineOf(file)?.jobs ?? []).some((j) => deploymentsOf(j).length > 0);
  });
}

function otherWorkflows(workspace: WorkspaceView, except: string): SourceFile[] {
  return workspace.filesOf('github-actions').filter((f) => f.path !== except && f.path.includes('.github/workflows/'));
}

/** Whether another workflow of the repository checks deployments once they are out. */
export function verifiedElsewhere(workspace: WorkspaceView, except: string): boolean {
  return otherWorkflows(workspace, except).some((f) => {
    const events = workflowTriggers(f).events;
    return events.has('deployment_status') || events.has('workflow_run');
  });
}

/** Whether another workflow of the repository rolls back or redeploys a chosen version. */
export function rollbackElsewhere(workspace: WorkspaceView, except: string): boolean {
  return otherWorkflows(workspace, except).some((f) => {
    const pipeline = pipelineOf(f);
    return redeploysChosenVersion(f) || (pipeline !== undefined && hasRollbackPath(pipeline));
  });
}
