import { isPipelineEntry } from '../../parse/azure-template-graph';
import { CI_KINDS, pipelineOf } from '../../parse/pipeline';
import { hasRollbackPath } from '../../parse/pipeline/delivery';
import { deploymentsOf, isPreviewDeploy } from '../../parse/pipeline/deploys';
import { redeploysChosenVersion, rollbackElsewhere } from '../../parse/pipeline/elsewhere';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'pipeline/require-rollback',
  kinds: [...CI_KINDS],
  // Not run on code blocks of plan documents: the way back may be in another pipeline.
  scope: 'repository',
  severity: 'info',
  docs: {
    summary: 'A pipeline that deploys a running service has a way back: a rollback job, a self-reverting deploy, or a redeploy of a chosen version.',
    rationale:
      'When a release goes wrong the fastest fix is the previous version, and the worst time to work out how to put it ' +
      'back is during the incident. The pipeline should already hold the way back:\n\n' +
      '- a job or step for it (named `rollback`, `revert`, `undo`), or a command that does it: `helm rollback`, ' +
      '`kubectl rollout undo`, `aws deploy stop-deployment`, `gcloud run services update-traffic`, ' +
      '`az webapp deployment slot swap`, `heroku releases:rollback` …;\n' +
      '- a deploy that reverts by itself on failure: `helm upgrade --atomic`, an ECS circuit breaker with ' +
      '`rollback=true`, a rollback input of a deploy action, an Azure deployment strategy\'s `on: failure:` hook;\n' +
      '- a GitHub workflow started by hand (`workflow_dispatch`) or by another workflow that takes the version, tag, ' +
      'ref or image to deploy — in this file or another workflow of the repository;\n' +
      '- the CI system\'s own redeploy of an earlier deployment: GitLab environments and Bitbucket deployments keep ' +
      'each deployment and can run it again, so a deploy job with `environment:` / `deployment:` has its way back.\n\n' +
      'Reported once per pipeline file, at the first job that deploys a running service. Static sites, infrastructure ' +
      'and published packages are not checked: hosting platforms keep earlier uploads, and infrastructure goes back ' +
      'through its code.',
  },
  messages: {
    noRollback: 'Job `{job}` deploys with `{deploy}` but the pipeline has no way back; add a manual rollback job, deploy so that a failure reverts (`--atomic`), or let a manual run deploy a chosen version.',
  },
  check(ctx) {
    const pipeline = pipelineOf(ctx.file);
    if (!pipeline) return;
    // An Azure template's jobs join a pipeline written elsewhere, whose order and other jobs it cannot see.
    if (ctx.file.kind === 'azure-pipelines' && !isPipelineEntry(ctx.file, ctx.workspace)) return;
    for (const job of pipeline.jobs) {
      const deployment = deploymentsOf(job).find((d) => d.kind === 'service');
      if (!deployment || !job.key?.range || isPreviewDeploy(job)) continue;
      if (hasRollbackPath(pipeline)) return;
      if (ctx.file.kind === 'github-actions' && (redeploysChosenVersion(ctx.file) || rollbackElsewhere(ctx.workspace, ctx.file.path))) return;
      ctx.report({ messageId: 'noRollback', data: { job: job.id, deploy: deployment.label }, range: { start: job.key.range[0], end: job.key.range[1] } });
      return;
    }
  },
});
