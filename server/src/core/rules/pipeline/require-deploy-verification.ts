import { isPipelineEntry } from '../../parse/azure-template-graph';
import { CI_KINDS, pipelineOf } from '../../parse/pipeline';
import { isVerified } from '../../parse/pipeline/delivery';
import { deploymentsOf, isPreviewDeploy } from '../../parse/pipeline/deploys';
import { verifiedElsewhere } from '../../parse/pipeline/elsewhere';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'pipeline/require-deploy-verification',
  kinds: [...CI_KINDS],
  // Not run on code blocks of plan documents: the verification may run in another workflow.
  scope: 'repository',
  severity: 'info',
  docs: {
    summary: 'A deploy of a running service is followed by a check that the new version works: a health request, a smoke test, a rollout status.',
    rationale:
      'A deploy command returns when the platform has accepted the new version, not when the version serves requests. ' +
      'Without a check afterwards the pipeline goes green on a release that crashes on start or fails its first request, ' +
      'and the first to notice are the users. A verification step turns that into a failed pipeline — and, with a ' +
      'rollback path (`pipeline/require-rollback`), into an automatic way back.\n\n' +
      'Counted as verification, after the deploy in the same job or in a job that waits for it: `curl`/`wget` of the ' +
      'service (not a webhook or a POST), `kubectl rollout status`/`kubectl wait`, `helm test`, `aws … wait`, `k6`, ' +
      '`newman`, `hurl`, `wait-on`, a project script or step named for it (`smoke`, `health`, `verify`, `e2e` …), a job ' +
      'of tests after the deploy. Deploys that wait for health themselves need nothing more: `helm upgrade --wait`/' +
      '`--atomic`, `fly deploy`, `gcloud run deploy`, `copilot`, `ecspresso`, `kamal`, the ECS deploy action with ' +
      '`wait-for-service-stability: true`, `azure/k8s-deploy`, Azure\'s `KubernetesManifest` task. In GitHub, a workflow ' +
      'of the repository that runs on `deployment_status` or `workflow_run` counts too.\n\n' +
      'Only deploys that replace a running service are checked. Static sites (Pages, S3, Netlify, Vercel, Cloudflare ' +
      'Pages) are uploaded atomically, infrastructure changes are verified by their plan, and published packages by ' +
      'their consumers.',
  },
  messages: {
    unverified: 'Job `{job}` deploys with `{deploy}` but nothing checks the new version afterwards; add a health request, a smoke test or a rollout status check after it.',
  },
  check(ctx) {
    const pipeline = pipelineOf(ctx.file);
    if (!pipeline) return;
    // An Azure template's jobs join a pipeline written elsewhere, whose order and other jobs it cannot see.
    if (ctx.file.kind === 'azure-pipelines' && !isPipelineEntry(ctx.file, ctx.workspace)) return;
    let elsewhere: boolean | undefined;
    for (const job of pipeline.jobs) {
      const deployment = deploymentsOf(job).find((d) => d.kind === 'service' && !isVerified(pipeline, job, d));
      if (!deployment || !job.key?.range || isPreviewDeploy(job)) continue;
      elsewhere ??= ctx.file.kind === 'github-actions' && verifiedElsewhere(ctx.workspace, ctx.file.path);
      if (elsewhere) return;
      ctx.report({ messageId: 'unverified', data: { job: job.id, deploy: deployment.label }, range: { start: job.key.range[0], end: job.key.range[1] } });
    }
  },
});
