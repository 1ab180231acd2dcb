/**
 * What a pipeline does around a deploy: whether something checks the new
 * version once it is out (a health request, a smoke test, `kubectl rollout
 * status`), and whether it has a way back (a rollback job, `helm rollback`,
 * `--atomic`, a deployment strategy's failure hook, a manual redeploy of a chosen
 * version).
 */
import type { FoundCommand } from '../script-commands';
import { stepChecks } from './checks';
import type { AzureJob } from './azure';
import type { Deployment } from './deploys';
import { invocation } from './invocation';
import { type CiJob, type CiPipeline, type CiStep, foldJobs } from './model';
import { inputsText } from './inputs';

const VERIFY_WORDS = /smoke|health|verif|sanity|e2e|acceptance|synthetic|readiness|liveness|probe|post-?deploy|rollout status|uptime|ping/i;
const VERIFY_TOOLS = new Set(['k6', 'newman', 'hurl', 'wait-on', 'goss', 'dgoss', 'artillery', 'linkinator', 'http', 'https', 'xh', 'blackbox_exporter']);
/** `curl`/`wget` that send data or notify a chat are no check of the service. */
const SENDS_DATA = /^(?:-X|--request|-d|--data\S*|-F|--form\S*|-T|--upload-file|--json|--post-data|--post-file|--method)$/;
const NOTIFY_URL = /hooks\.slack\.com|discord(?:app)?\.com\/api\/webhooks|webhook|api\.telegram\.org|outlook\.office\.com|chat\.googleapis\.com|sentry|datadog|newrelic|honeycomb|grafana.*annotations/i;

/** Whether a command checks a deployed service. */
export function verifiesCommand(found: FoundCommand): boolean {
  const { tool, args, script } = invocation(found);
  if (tool === 'curl' || tool === 'wget') return !args.some((a) => SENDS_DATA.test(a) || NOTIFY_URL.test(a));
  if (tool === 'kubectl' || tool === 'oc') return (args.includes('rollout') && args.includes('status')) || args.includes('wait');
  if (tool === 'helm') return args[0] === 'test';
  if (tool === 'aws') return args.includes('wait');
  if (tool === 'az') return args.includes('wait');
  if (VERIFY_TOOLS.has(tool) || VERIFY_WORDS.test(tool)) return true;
  return script !== undefined && VERIFY_WORDS.test(script);
}

function verifiesStep(step: CiStep, fromCommand = 0): boolean {
  if (fromCommand === 0) {
    if (step.name && VERIFY_WORDS.test(step.name)) return true;
    if (step.ref && /health|smoke|url-check|uptime|cypress-io|playwright/i.test(step.ref.value)) return true;
  }
  return step.commands.slice(fromCommand).some(verifiesCommand);
}

/** Whether a job checks what was deployed before it: named for it, verifying steps, or tests. */
function jobVerifies(job: CiJob): boolean {
  return VERIFY_WORDS.test(`${job.id} ${job.name ?? ''}`) || job.steps.some((s) => verifiesStep(s) || stepChecks(s).tests);
}

const verifiedBelow = new WeakMap<CiPipeline, Map<CiJob, boolean>>();

/**
 * Whether the deploy is checked once it is out: by the deploy itself, by a later
 * command or step of its job, or by a job that runs after it (a job of smoke or
 * end-to-end tests, or one named for verifying).
 */
export function isVerified(pipeline: CiPipeline, job: CiJob, deployment: Deployment): boolean {
  if (deployment.verifies) return true;
  const step = job.steps[deployment.stepIndex];
  if (deployment.commandIndex !== undefined && verifiesStep(step, deployment.commandIndex + 1)) return true;
  if (job.steps.slice(deployment.stepIndex + 1).some((s) => verifiesStep(s))) return true;
  let below = verifiedBelow.get(pipeline);
  if (!below) {
    below = foldJobs(pipeline, 'downstream', jobVerifies, (a, b) => a || b, false);
    verifiedBelow.set(pipeline, below);
  }
  return below.get(job) === true;
}

const ROLLBACK_WORDS = /roll[- ]?back|revert|undo/i;
const ROLLBACK_ARGS = /^--(?:atomic|rollback-on-failure|auto-rollback\S*|enable-rollback\S*)$|rollback=true/i;

/** Whether a command rolls back, or deploys so that a failure rolls back by itself. */
export function rollsBack(found: FoundCommand): boolean {
  const { tool, args, script } = invocation(found);
  if (args.some((a) => ROLLBACK_ARGS.test(a))) return true;
  if (script !== undefined && ROLLBACK_WORDS.test(script)) return true;
  if (ROLLBACK_WORDS.test(tool)) return true;
  const words = args.filter((a) => !a.startsWith('-')).join(' ');
  if (/^(?:helm|argocd|heroku|vercel|netlify|wrangler|cf|flyctl|fly)$/.test(tool) && /\brollback\b|releases:rollback|\bpromote\b/.test(words)) return true;
  if ((tool === 'kubectl' || tool === 'oc') && /rollout undo|rollouts (?:undo|abort)/.test(words)) return true;
  if (tool === 'aws' && /deploy stop-deployment|lambda update-alias/.test(words)) return true;
  if (tool === 'gcloud' && /run services update-traffic/.test(words)) return true;
  if (tool === 'az' && /webapp deployment slot swap/.test(words)) return true;
  return false;
}

/**
 * Whether a pipeline file has a way back from a bad deploy: a job or step named for
 * it, a rollback command or self-rolling-back deploy, a rollback input, a deployment
 * strategy's `on: failure:` hook, or (GitLab environments, Bitbucket deployments)
 * the CI system's own re-deploy of an earlier deployment.
 */
export function hasRollbackPath(pipeline: CiPipeline): boolean {
  for (const job of pipeline.jobs) {
    if (ROLLBACK_WORDS.test(`${job.id} ${job.name ?? ''} ${job.runs ?? ''}`)) return true;
    if ((job as AzureJob).rollbackSteps?.length) return true;
    if (job.environment && (pipeline.kind === 'gitlab-ci' ? job.environmentAction !== 'stop' : pipeline.kind === 'bitbucket-pipelines')) return true;
    for (const step of job.steps) {
      if (step.name && ROLLBACK_WORDS.test(step.name)) return true;
      if (step.ref && ROLLBACK_WORDS.test(step.ref.value)) return true;
      if (/rollback/i.test(inputsText(step.inputs))) return true;
      if (step.commands.some(rollsBack)) return true;
    }
  }
  return false;
}
