import { isPipelineEntry } from '../../parse/azure-template-graph';
import { CI_KINDS, type CiJob, foldJobs, pipelineOf } from '../../parse/pipeline';
import { bothChecks, type Checks, commandChecks } from '../../parse/pipeline/checks';
import { type Deployment, deploymentsOf, isEnvironmentHousekeeping, isPreviewDeploy } from '../../parse/pipeline/deploys';
import { jobChecksIn, repositoryGates, stepChecksIn } from '../../parse/pipeline/gates';
import { workflowTriggers } from '../../parse/pipeline/github';
import { defineRule } from '../../rule';
import type { FileKind } from '../../types';
import type { WorkspaceView } from '../../workspace/view';

/** How each system makes a job wait for another, as the messages name it. */
const WAIT_FOR: Partial<Record<FileKind, string>> = {
  'github-actions': '`needs:`',
  'gitlab-ci': '`needs:` or an earlier stage',
  circleci: '`requires:`',
  'azure-pipelines': '`dependsOn:`',
  'bitbucket-pipelines': 'an earlier step of the pipeline',
};

const NONE: Checks = { tests: false, analysis: false };

/** The checks that run before a deployment: in the jobs it waits for (`upstream`), and earlier in its own job. */
function checksBefore(workspace: WorkspaceView, upstream: Checks, job: CiJob, deployment: Deployment): Checks {
  let out = upstream;
  for (const step of job.steps.slice(0, deployment.stepIndex)) out = bothChecks(out, stepChecksIn(workspace, step));
  const step = job.steps[deployment.stepIndex];
  for (const command of step.commands.slice(0, deployment.commandIndex ?? 0)) out = bothChecks(out, commandChecks(command));
  return out;
}

export default defineRule({
  id: 'pipeline/require-checks-before-deploy',
  kinds: [...CI_KINDS],
  // Not run on code blocks of plan documents: checks may run in the repository's other workflows.
  scope: 'repository',
  severity: 'warning',
  docs: {
    summary: 'Tests and static analysis run, and must pass, before any job deploys or publishes.',
    rationale:
      'A deploy that does not wait for the tests ships whatever was pushed, passing or not: the tests then only tell you ' +
      'afterwards what production already runs. The job that deploys (`kubectl apply`, `helm upgrade`, `terraform apply`, ' +
      '`aws ecs update-service`, `fly deploy`, a deploy action, orb, task or pipe) or publishes (`docker push`, ' +
      '`npm publish`, `twine upload` …) must come after jobs that test the code and analyse it statically (lint, type ' +
      'check, security scan), or run them itself before it ships.\n\n' +
      '"Before" is what each system enforces: GitHub `needs:`, GitLab `needs:` or else the stage order, CircleCI ' +
      '`requires:`, Azure `dependsOn:` (stages wait for the previous stage by default), Bitbucket\'s step order — ' +
      'followed transitively — and earlier steps of the deploy job itself. Tests and analysis are recognised by the ' +
      'commands (`bun test`, `pytest`, `go test`, `cargo clippy`, `eslint`, `ruff`, `tsc --noEmit`, `npm run lint` …), ' +
      'the actions and tasks (CodeQL, golangci-lint, SonarCloud …) and the names of jobs and steps.\n\n' +
      'A GitHub workflow that only runs when called by another (`workflow_call`) or after another (`workflow_run`) is ' +
      'checked where it is called from; a job that calls a local reusable workflow or action is credited with the ' +
      'checks written there. When GitHub workflows of the repository run the checks on pushes and pull requests — ' +
      'the checks branch protection requires before a merge — a deploy or release in another pipeline file (a tag ' +
      'workflow, a CircleCI publish job) counts them. Previews (a job, environment or command named `preview` or review ' +
      'app) and jobs that only look after an environment (GitLab `environment: action:` `prepare`, `stop`, `verify`, ' +
      '`access`) ship nothing to users and are left alone. Turn either half off with the options `tests` and ' +
      '`staticAnalysis`.',
  },
  options: {
    type: 'object',
    properties: {
      tests: { type: 'boolean', default: true, description: 'Require tests before a deploy.' },
      staticAnalysis: { type: 'boolean', default: true, description: 'Require static analysis (lint, type check, scan) before a deploy.' },
    },
    additionalProperties: false,
  },
  messages: {
    noChecks: 'Job `{job}` ships with `{deploy}` before any tests or static analysis have run; make it wait for jobs that test and lint the code ({wait}).',
    noTests: 'Job `{job}` ships with `{deploy}` before any tests have run; make it wait for a job that runs them ({wait}).',
    noAnalysis: 'Job `{job}` ships with `{deploy}` before any static analysis (lint, type check, scan) has run; make it wait for a job that runs it ({wait}).',
  },
  check(ctx) {
    const pipeline = pipelineOf(ctx.file);
    if (!pipeline) return;
    // An Azure template's jobs join a pipeline written elsewhere, whose order and other jobs it cannot see.
    if (ctx.file.kind === 'azure-pipelines' && !isPipelineEntry(ctx.file, ctx.workspace)) return;
    if (ctx.file.kind === 'github-actions') {
      const events = workflowTriggers(ctx.file).events;
      if (events.has('workflow_run') || (events.size > 0 && [...events].every((e) => e === 'workflow_call'))) return;
    }
    let gates: Checks | undefined;
    let upstream: Map<CiJob, Checks> | undefined;
    for (const job of pipeline.jobs) {
      if (isEnvironmentHousekeeping(job) || isPreviewDeploy(job)) continue;
      const [deployment] = deploymentsOf(job);
      if (!deployment || !job.key?.range) continue;
      upstream ??= foldJobs(pipeline, 'upstream', (j) => jobChecksIn(ctx.workspace, j), bothChecks, NONE);
      const found = checksBefore(ctx.workspace, upstream.get(job) ?? NONE, job, deployment);
      gates ??= repositoryGates(ctx.workspace, ctx.file.path);
      const tests = found.tests || gates.tests || !ctx.options.tests;
      const analysis = found.analysis || gates.analysis || !ctx.options.staticAnalysis;
      if (tests && analysis) continue;
      const messageId = !tests && !analysis ? 'noChecks' : !tests ? 'noTests' : 'noAnalysis';
      const data = { job: job.id, deploy: deployment.label, wait: WAIT_FOR[ctx.file.kind] ?? '' };
      ctx.report({ messageId, data, range: { start: job.key.range[0], end: job.key.range[1] } });
    }
  },
});
