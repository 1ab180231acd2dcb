import { CI_KINDS, type CiJob, foldJobs, pipelineOf } from '../../parse/pipeline';
import { callsWorkflow, deploymentsOf, isEnvironmentHousekeeping, isPreviewDeploy } from '../../parse/pipeline/deploys';
import { defineRule } from '../../rule';

const PRODUCTION = /(?:^|[^a-z])(?:prod|production|live|prd)(?:$|[^a-z])/i;

/** Whether the job ships to production: by its environment, its name, or its deploy command (`--prod`, `-f k8s/production`). */
function isProductionDeploy(job: CiJob): boolean {
  const deploys = deploymentsOf(job).filter((d) => d.kind !== 'publish');
  if (deploys.length === 0) return false;
  if (job.environment) return PRODUCTION.test(job.environment.name);
  return PRODUCTION.test(`${job.id} ${job.name ?? ''}`) || deploys.some((d) => d.production);
}

export default defineRule({
  id: 'pipeline/require-protected-environment',
  kinds: [...CI_KINDS],
  severity: 'warning',
  docs: {
    summary: 'A production deploy goes through a protected environment or an approval the pipeline file shows.',
    rationale:
      'Promotion to production is the one step that needs a gate no push can skip: required reviewers, a wait timer, a ' +
      'branch restriction, or at least a person pressing the button. Each CI system has its own gate, and a production ' +
      'deploy must use it:\n\n' +
      '- GitHub Actions: the job names an `environment:` (its reviewers and branch rules live in the repository settings);\n' +
      '- GitLab CI: the job has an `environment:` and `when: manual` (on the job or on the rule that runs it), or its ' +
      'environment is protected in the project settings and listed in the option `protectedEnvironments`;\n' +
      '- CircleCI: a job of `type: approval` comes before it in the workflow (`requires:`);\n' +
      '- Azure Pipelines: it is a `deployment:` job with an `environment:` (approvals and checks are set on the ' +
      'environment), or a `ManualValidation` task comes before it;\n' +
      '- Bitbucket Pipelines: the step has a `deployment:` environment (whose permissions are set in the repository ' +
      'settings) or `trigger: manual`, or a manual step comes before it.\n\n' +
      'A deploy is to production when its environment is named so (`production`, `prod`, `live`), or, without an ' +
      'environment, when its job\'s name or its deploy command says so (`--prod`, `-f k8s/production/`). Publishing a ' +
      'package or an image is not a deploy here, nor is a preview. A GitHub job that calls a reusable workflow cannot ' +
      'name an environment; the called workflow\'s job is where `environment:` belongs.',
  },
  options: {
    type: 'object',
    properties: {
      protectedEnvironments: {
        type: 'array',
        items: { type: 'string' },
        default: [] as string[],
        description: 'Environments protected in the CI system\'s settings (GitLab protected environments): a deploy to one needs no gate in the file.',
      },
    },
    additionalProperties: false,
  },
  messages: {
    github: 'Job `{job}` deploys to production without an `environment:`; add `environment: production` and give it required reviewers or branch rules in the repository settings.',
    gitlabNoEnvironment: 'Job `{job}` deploys to production without an `environment:`; add `environment: production` and `when: manual`, or protect the environment.',
    gitlabAutomatic: 'Job `{job}` deploys to `{environment}` with no manual gate; add `when: manual`, or protect `{environment}` in the project settings and list it in `protectedEnvironments`.',
    circleci: 'Job `{job}` deploys to production without an approval; add a job with `type: approval` to its `requires:`.',
    azure: 'Job `{job}` deploys to production outside an environment; make it a `deployment:` job whose `environment:` has approvals and checks.',
    bitbucket: 'Step `{job}` deploys to production without a `deployment:` environment or `trigger: manual`; add `deployment: production` and restrict who may deploy to it.',
  },
  check(ctx) {
    const pipeline = pipelineOf(ctx.file);
    if (!pipeline) return;
    const protectedNames = new Set(ctx.options.protectedEnvironments.map((n) => n.toLowerCase()));
    let gated: Map<CiJob, { approval: boolean; manual: boolean }> | undefined;
    for (const job of pipeline.jobs) {
      // A job that calls a reusable workflow cannot name an environment: the called workflow's jobs do.
      if (!job.key?.range || isEnvironmentHousekeeping(job) || callsWorkflow(job) || isPreviewDeploy(job) || !isProductionDeploy(job)) continue;
      if (job.environment && protectedNames.has(job.environment.name.toLowerCase())) continue;
      gated ??= foldJobs(pipeline, 'upstream', (j) => ({ approval: j.approval, manual: j.manual }), (a, b) => ({ approval: a.approval || b.approval, manual: a.manual || b.manual }), { approval: false, manual: false });
      const before = gated.get(job) ?? { approval: false, manual: false };
      const range = { start: job.key.range[0], end: job.key.range[1] };
      const data = { job: job.id, environment: job.environment?.name ?? '' };
      switch (pipeline.kind) {
        case 'github-actions':
          if (!job.environment) ctx.report({ messageId: 'github', data, range });
          break;
        case 'gitlab-ci':
          if (!job.environment) ctx.report({ messageId: 'gitlabNoEnvironment', data, range });
          else if (!job.manual) ctx.report({ messageId: 'gitlabAutomatic', data, range });
          break;
        case 'circleci':
          if (!job.approval && !before.approval) ctx.report({ messageId: 'circleci', data, range });
          break;
        case 'azure-pipelines':
          if (!job.environment && !job.approval && !before.approval) ctx.report({ messageId: 'azure', data, range });
          break;
        case 'bitbucket-pipelines':
          if (!job.environment && !job.manual && !before.manual) ctx.report({ messageId: 'bitbucket', data, range });
          break;
      }
    }
  },
});
