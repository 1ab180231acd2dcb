/**
 * Where the pipelines deploy to, judged from what their jobs run: `kubectl`
 * and `helm` (Kubernetes), `terraform apply`, `aws ecs update-service` (ECS),
 * `aws lambda update-function-code`, `gcloud run deploy` (Cloud Run)… and the
 * actions, orbs and pipes that do the same. One fact per place a job ships.
 */
import { CI_KINDS, pipelineOf } from '../../parse/pipeline';
import { type DeployKind, deploymentsOf } from '../../parse/pipeline/deploys';
import { rangeOf } from '../../parse/yaml';
import type { ModelSource } from './source';
import type { DeployTarget, DeployTargetKind } from './types';

/** The target a deploy's label names, by its first words or its action. */
const TARGETS: [RegExp, DeployTargetKind][] = [
  [/helm/i, 'helm'],
  [/^(?:kubectl|oc|argocd|skaffold)\b|kubernetes|k8s|kustomize/i, 'kubernetes'],
  [/^(?:terraform|tofu|terragrunt)\b|terraform/i, 'terraform'],
  [/^pulumi\b|pulumi/i, 'pulumi'],
  [/^(?:aws cloudformation|sam|cdk)\b|cloudformation/i, 'cloudformation'],
  [/^aws ecs\b|^ecspresso\b|^copilot\b|\becs\b|ecs-deploy|amazon-ecs/i, 'ecs'],
  [/^aws lambda\b|^(?:serverless|sls|sst)\b|lambda/i, 'lambda'],
  [/^(?:aws elasticbeanstalk|eb)\b|beanstalk/i, 'elastic-beanstalk'],
  [/^aws apprunner\b|apprunner/i, 'app-runner'],
  [/^aws (?:s3|amplify)\b|s3-deploy|s3/i, 's3'],
  [/^gcloud run\b|deploy-cloudrun|cloud-run/i, 'cloud-run'],
  [/^gcloud app\b|deploy-appengine/i, 'app-engine'],
  [/^gcloud functions\b|deploy-cloud-functions/i, 'cloud-functions'],
  [/^az\b|azure/i, 'azure'],
  [/^(?:fly|flyctl)\b|superfly/i, 'fly'],
  [/vercel/i, 'vercel'],
  [/^netlify|netlify/i, 'netlify'],
  [/^wrangler\b|cloudflare/i, 'cloudflare'],
  [/^heroku\b|heroku/i, 'heroku'],
  [/^firebase\b|firebase/i, 'firebase'],
  [/deploy-pages|gh-pages/i, 'github-pages'],
];

export function targetOfLabel(label: string, kind: DeployKind): DeployTargetKind {
  for (const [re, target] of TARGETS) if (re.test(label)) return target;
  return kind === 'publish' ? 'registry' : 'other';
}

export function buildDeployTargets(view: ModelSource): DeployTarget[] {
  const out: DeployTarget[] = [];
  for (const kind of CI_KINDS) {
    for (const file of view.filesOf(kind)) {
      for (const job of pipelineOf(file)?.jobs ?? []) {
        for (const d of deploymentsOf(job)) {
          const range = d.command
            ? { start: d.command.script.toSource(d.command.command.start), end: d.command.script.toSource(d.command.command.end) }
            : rangeOf(d.step.ref?.node ?? d.step.node);
          if (!range) continue;
          const target: DeployTarget = { target: targetOfLabel(d.label, d.kind), kind: d.kind, label: d.label, path: file.path, job: job.id, range };
          if (job.environment) target.environment = job.environment.name;
          out.push(target);
        }
      }
    }
  }
  return out.sort((a, b) => a.path.localeCompare(b.path) || a.range.start - b.range.start);
}
