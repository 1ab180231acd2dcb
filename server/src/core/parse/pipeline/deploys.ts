/**
 * What a job ships, and where: deploy commands (`kubectl apply`, `helm upgrade`,
 * `terraform apply`, `aws ecs update-service`, `fly deploy`, `vercel --prod` …),
 * published artifacts (`docker push`, `npm publish`, `twine upload` …) and the
 * actions, orbs, tasks and pipes that do the same. Each is one `Deployment`
 * with its kind: a running service replaced, a static site uploaded, infrastructure
 * changed, an artifact published, or a deploy of unknown kind (a reference whose
 * name says `deploy`).
 */
import type { FoundCommand } from '../script-commands';
import { inputsSetTrue, inputsText, inputValue } from './inputs';
import { type Invocation, invocation } from './invocation';
import type { CiJob, CiStep } from './model';

export type DeployKind = 'service' | 'static' | 'infrastructure' | 'publish' | 'other';

export interface Deployment {
  kind: DeployKind;
  /** What ships it, as the messages quote it: `kubectl apply`, `docker push`, `actions/deploy-pages`. */
  label: string;
  /** Index of the step in the job, and of the command in the step when a command ships it. */
  stepIndex: number;
  commandIndex?: number;
  command?: FoundCommand;
  step: CiStep;
  /** The command or the inputs name production (`--prod`, `-f k8s/production/`, `production-deploy: true`). */
  production: boolean;
  /** Whether the deploy itself waits for the new version to be healthy (`helm --wait`, `fly deploy`, `wait-for-service-stability`). */
  verifies: boolean;
}

const PRODUCTION = /(?:^|[\s=/:._,-])(?:prod|production|live|prd)(?:$|[\s/:._,-])/i;

/** `[tool, subcommand pattern, kind, label words]`: the subcommand is the first word that is no option. */
const COMMAND_DEPLOYS: [string, RegExp, DeployKind][] = [
  ['kubectl', /^(?:apply|replace|set|patch|rollout restart)\b/, 'service'],
  ['oc', /^(?:apply|replace|set|patch|rollout)\b/, 'service'],
  ['helm', /^(?:upgrade|install)\b/, 'service'],
  ['helmfile', /^(?:apply|sync|deploy)\b/, 'service'],
  ['argocd', /^app (?:sync|set)\b/, 'service'],
  ['skaffold', /^(?:run|deploy)\b/, 'service'],
  ['terraform', /^apply\b/, 'infrastructure'],
  ['tofu', /^apply\b/, 'infrastructure'],
  ['terragrunt', /^(?:apply|run-all apply)\b/, 'infrastructure'],
  ['pulumi', /^up\b/, 'infrastructure'],
  ['cdk', /^deploy\b/, 'infrastructure'],
  ['aws', /^(?:cloudformation (?:deploy|create-stack|update-stack))\b/, 'infrastructure'],
  ['aws', /^(?:ecs update-service|lambda update-function-code|deploy create-deployment|elasticbeanstalk update-environment|apprunner start-deployment)\b/, 'service'],
  ['aws', /^(?:s3 sync|amplify start-deployment)\b/, 'static'],
  ['az', /^(?:deployment (?:group|sub|mg|tenant) create)\b/, 'infrastructure'],
  ['az', /^(?:webapp (?:deploy|up|deployment source config-zip|config container set)|functionapp deployment|containerapp (?:update|up)|spring app deploy)\b/, 'service'],
  ['gcloud', /^(?:run (?:deploy|services update)|app deploy|functions deploy)\b/, 'service'],
  ['sam', /^deploy\b/, 'service'],
  ['serverless', /^deploy\b/, 'service'],
  ['sls', /^deploy\b/, 'service'],
  ['sst', /^deploy\b/, 'service'],
  ['copilot', /^(?:deploy|svc deploy)\b/, 'service'],
  ['ecspresso', /^deploy\b/, 'service'],
  ['eb', /^deploy\b/, 'service'],
  ['fly', /^deploy\b/, 'service'],
  ['flyctl', /^deploy\b/, 'service'],
  ['firebase', /^deploy\b/, 'service'],
  ['heroku', /^(?:container:release|releases:promote)\b/, 'service'],
  ['cf', /^push\b/, 'service'],
  ['kamal', /^deploy\b/, 'service'],
  ['railway', /^up\b/, 'service'],
  ['nomad', /^job run\b/, 'service'],
  ['docker', /^stack deploy\b/, 'service'],
  ['wrangler', /^(?:pages (?:deploy|publish))\b/, 'static'],
  ['wrangler', /^(?:deploy|publish|versions deploy)\b/, 'service'],
  ['netlify', /^deploy\b/, 'static'],
  ['netlify-cli', /^deploy\b/, 'static'],
  ['surge', /^/, 'static'],
  ['gh-pages', /^/, 'static'],
  ['docker', /^(?:push|image push|manifest push)\b/, 'publish'],
  ['podman', /^push\b/, 'publish'],
  ['buildah', /^push\b/, 'publish'],
  ['crane', /^(?:push|copy)\b/, 'publish'],
  ['npm', /^publish\b/, 'publish'],
  ['yarn', /^(?:publish|npm publish)\b/, 'publish'],
  ['pnpm', /^publish\b/, 'publish'],
  ['bun', /^publish\b/, 'publish'],
  ['twine', /^upload\b/, 'publish'],
  ['poetry', /^publish\b/, 'publish'],
  ['uv', /^publish\b/, 'publish'],
  ['flit', /^publish\b/, 'publish'],
  ['hatch', /^publish\b/, 'publish'],
  ['cargo', /^publish\b/, 'publish'],
  ['gem', /^push\b/, 'publish'],
  ['dotnet', /^nuget push\b/, 'publish'],
  ['nuget', /^push\b/, 'publish'],
  // Maven and Gradle run several goals or tasks in one command: `mvn clean deploy`, `gradle build publish`.
  ['mvn', /(?:^|\s)deploy(?:\s|$)/, 'publish'],
  ['gradle', /(?:^|\s)publish\w*(?:\s|$)/, 'publish'],
  ['goreleaser', /^(?:release\b|$)/, 'publish'],
  ['vsce', /^publish\b/, 'publish'],
  ['ovsx', /^publish\b/, 'publish'],
];

/** Options that take a value and may stand before a tool's subcommand (`kubectl -n web apply`, `aws --region x ecs …`). */
const VALUE_OPTIONS = new Set(['-n', '--namespace', '--context', '--kubeconfig', '--region', '--profile', '--project', '--endpoint-url', '-o', '--output', '--subscription', '-g', '--resource-group', '-C', '--chdir', '--cwd', '--config', '-a', '--app', '--stack', '-s', '--org', '--account', '--token', '-t', '--cluster', '--service', '-f', '--file', '--filename', '-c', '--values']);

/** The words of a command that are neither options nor their values: `ecs update-service`, `upgrade app ./chart`. */
function positionalWords(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('-')) {
      if (!a.includes('=') && VALUE_OPTIONS.has(a)) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

/** Local clusters made for tests (`kind create cluster`): what is applied to them deploys nothing. */
const LOCAL_CLUSTER_TOOLS: Record<string, RegExp> = { kind: /^create$/, minikube: /^start$/, k3d: /^cluster$/, ctlptl: /^(?:create|apply)$/ };
const CLUSTER_TOOLS = new Set(['kubectl', 'oc', 'helm', 'helmfile', 'skaffold']);

/** The deployment a command performs, if it performs one. */
export function commandDeployment(found: FoundCommand): Omit<Deployment, 'stepIndex' | 'step'> | undefined {
  const inv = invocation(found);
  const { tool, args } = inv;
  if (args.some((a) => /^--dry-?run\b/.test(a))) return undefined;
  const words = positionalWords(args);
  const sub = words.join(' ');
  const joined = args.join(' ');
  let kind: DeployKind | undefined;
  for (const [name, pattern, k] of COMMAND_DEPLOYS) {
    if (name === tool && pattern.test(sub)) {
      kind = k;
      break;
    }
  }
  if ((tool === 'docker' || tool === 'podman') && /^(?:buildx )?(?:build|bake)\b/.test(sub) && args.some((a) => a === '--push' || /^--output=.*type=registry/.test(a))) kind = 'publish';
  if (tool === 'executor' && /kaniko/.test(found.command.words[found.program]?.value ?? '') && args.some((a) => a.startsWith('--destination') || a === '-d')) kind = 'publish';
  if (tool === 'git' && words[0] === 'push' && /heroku|dokku/.test(joined)) kind = 'service';
  if (tool === 'vercel') kind = words.length === 0 || words[0] === 'deploy' || args.includes('--prod') ? 'static' : undefined;
  if (tool === 'goreleaser' && args.includes('--snapshot')) kind = undefined;
  if (kind === 'publish' && /^(?:docker|podman|buildah) push$/.test(`${tool} ${words[0]}`) && /^(?:localhost|127\.0\.0\.1)[:/]/.test(words[1] ?? '')) kind = undefined;
  if (tool === 'aws' && /^s3 sync$/.test(words.slice(0, 2).join(' ')) && !/^s3:\/\//.test(words[3] ?? '')) kind = undefined;
  if (!kind) return undefined;
  const production = PRODUCTION.test(joined) || args.includes('--prod');
  return { kind, label: labelOf(inv, words, kind), command: found, production, verifies: selfVerifying(inv) };
}

function labelOf(inv: Invocation, words: readonly string[], kind: DeployKind): string {
  if (kind === 'publish' && inv.args.includes('--push')) return `${inv.tool} ${words.slice(0, words[0] === 'buildx' ? 2 : 1).join(' ')} --push`;
  if (inv.tool === 'executor') return 'kaniko --destination';
  if (inv.tool === 'mvn') return 'mvn deploy';
  if (inv.tool === 'gradle') return `gradle ${words.find((w) => w.startsWith('publish')) ?? 'publish'}`;
  const count = ['aws', 'az', 'gcloud', 'wrangler', 'argocd', 'nomad', 'copilot'].includes(inv.tool) || words[0] === 'rollout' ? 2 : inv.tool === 'vercel' ? 0 : 1;
  const shown = [inv.tool, ...words.slice(0, count)];
  if (inv.tool === 'vercel' && inv.args.includes('--prod')) shown.push('--prod');
  return shown.join(' ');
}

/** Deploy commands that wait until the new version is healthy, unless told not to. */
function selfVerifying(inv: Invocation): boolean {
  const { tool, args } = inv;
  if (tool === 'helm' || tool === 'helmfile') return args.some((a) => /^--(?:wait|atomic|rollback-on-failure)\b/.test(a));
  if (tool === 'fly' || tool === 'flyctl') return !args.includes('--detach');
  if (tool === 'gcloud') return !args.includes('--async') && !args.includes('--no-promote');
  if (tool === 'copilot' || tool === 'ecspresso' || tool === 'kamal') return !args.includes('--no-wait');
  if (tool === 'aws' && args[0] === 'ecs') return false;
  return false;
}

/** Known actions, orbs, tasks and pipes, by the name without its version. */
const REFERENCE_DEPLOYS: [RegExp, DeployKind][] = [
  [/^actions\/deploy-pages$|^peaceiris\/actions-gh-pages$|^jamesives\/github-pages-deploy-action$|^cloudflare\/pages-action$|^nwtgck\/actions-netlify$|^amondnet\/vercel-action$/i, 'static'],
  [/^atlassian\/(?:aws-s3-deploy|google-cloud-storage-deploy|sftp-deploy|scp-deploy|rsync-deploy|azure-storage-deploy)$|^aws-s3\/(?:sync|copy)$|^AzureStaticWebApp$|^AzureFileCopy$/i, 'static'],
  [/^aws-actions\/aws-cloudformation-github-deploy$|^atlassian\/aws-cloudformation-deploy$|^(?:AzureResourceManagerTemplateDeployment|AzureResourceGroupDeployment)$/i, 'infrastructure'],
  [
    /^azure\/(?:webapps-deploy|functions-action|k8s-deploy|container-apps-deploy-action|aks-set-context-deploy)$|^aws-actions\/amazon-ecs-deploy-task-definition$|^google-github-actions\/deploy-(?:cloudrun|appengine|cloud-functions)$|^akhileshns\/heroku-deploy$/i,
    'service',
  ],
  [/^atlassian\/(?:aws-lambda-deploy|aws-ecs-deploy|aws-code-deploy|aws-elasticbeanstalk-deploy|azure-web-apps-deploy|azure-functions-deploy|azure-aks-deploy|google-app-engine-deploy|google-cloud-run-deploy|heroku-deploy|firebase-deploy)$/i, 'service'],
  [/^(?:aws-ecs\/(?:deploy-service-update|update-service|deploy_service_update)|kubernetes\/create-or-update-resource|helm\/(?:upgrade-helm-chart|install-helm-chart)|heroku\/deploy-via-git|gcp-cloud-run\/deploy|azure-aks\/\w+)$/i, 'service'],
  [/^(?:AzureWebApp|AzureRmWebAppDeployment|AzureFunctionApp|AzureWebAppContainer|AzureFunctionAppContainer|AzureContainerApps|AzureSpringCloud)$/i, 'service'],
  [/^pypa\/gh-action-pypi-publish$|^js-devtools\/npm-publish$|^atlassian\/(?:npm-publish|pypi-publish|aws-ecr-push-image|docker-push)$|^(?:aws-ecr\/(?:build-and-push-image|push-image|build_and_push_image)|docker\/publish|gcp-gcr\/(?:build-and-push-image|push-image))$/i, 'publish'],
];

/** Setup, login and rendering steps of deploy tools deploy nothing themselves. */
const NOT_A_DEPLOY = /setup|login|auth|set-context|render|configure|install|credentials|version/i;

/** The deployment a step's action, orb command, task or pipe performs, if it performs one. */
export function referenceDeployment(step: CiStep): Omit<Deployment, 'stepIndex' | 'step'> | undefined {
  if (!step.ref) return undefined;
  const name = step.ref.value.replace(/^docker:\/\//, '').replace(/[@:][^/]*$/, '');
  const input = (key: string) => inputValue(step.inputs, key);
  const inputs = inputsText(step.inputs);
  const production = PRODUCTION.test(inputs) || /--prod\b|production-deploy:\s*true/i.test(inputs);
  const done = (kind: DeployKind, verifies = false) => ({ kind, label: name, production, verifies });
  const lower = name.toLowerCase();
  // Actions, tasks and orbs whose inputs decide what they do.
  // `push: ${{ github.event_name != 'pull_request' }}` pushes on the runs that matter.
  if (lower === 'docker/build-push-action') return /^true$|\$\{\{/i.test(input('push')) || /type=registry/.test(input('outputs')) ? done('publish') : undefined;
  if (lower === 'goreleaser/goreleaser-action') return /\brelease\b/.test(input('args')) && !/--snapshot/.test(input('args')) ? done('publish') : undefined;
  if (lower === 'superfly/flyctl-actions' || lower === 'superfly/flyctl-actions/setup-flyctl') return /\bdeploy\b/.test(input('args')) ? done('service', !/--detach/.test(input('args'))) : undefined;
  if (lower === 'cloudflare/wrangler-action') return done(/pages (?:deploy|publish)/.test(input('command')) ? 'static' : 'service');
  if (lower === 'pulumi/actions') return input('command') === 'up' ? done('infrastructure') : undefined;
  if (/^Docker$/i.test(name)) return /^(?:push|buildAndPush)$/i.test(input('command')) ? done('publish') : undefined;
  if (/^KubernetesManifest$/i.test(name)) return /^(?:deploy|promote|)$/i.test(input('action')) ? done('service', true) : undefined;
  if (/^Kubernetes$/i.test(name)) return /^(?:apply|set|rollout)$/i.test(input('command')) ? done('service') : undefined;
  if (/^HelmDeploy$/i.test(name)) return /^(?:upgrade|install)$/i.test(input('command')) ? done('service', /--wait|--atomic/.test(input('arguments'))) : undefined;
  if (/^Terraform(?:TaskV\d+|CLI|Task)$/i.test(name)) return /^apply$/i.test(input('command')) ? done('infrastructure') : undefined;
  if (/^(?:DotNetCoreCLI|NuGetCommand)$/i.test(name)) return /^push$/i.test(input('command')) ? done('publish') : undefined;
  if (/^Npm$/i.test(name)) return /^publish$/i.test(input('command')) ? done('publish') : undefined;
  for (const [pattern, kind] of REFERENCE_DEPLOYS) {
    if (pattern.test(name)) {
      const verifies = inputsSetTrue(step.inputs).some((k) => /^(?:wait[-_]for[-_]service[-_]stability|verify[-_]revision[-_]is[-_]deployed|WAIT)$/i.test(k)) || /^(?:azure\/k8s-deploy|google-github-actions\/deploy-cloudrun)$/i.test(name);
      return done(kind, verifies);
    }
  }
  if (NOT_A_DEPLOY.test(name)) return undefined;
  const last = lower.slice(lower.lastIndexOf('/') + 1);
  return /deploy/.test(last) ? done('other') : undefined;
}

/**
 * Whether a job only looks after an environment rather than deploying to it:
 * GitLab's `environment: action:` `stop`, `prepare`, `verify` or `access`.
 */
export function isEnvironmentHousekeeping(job: CiJob): boolean {
  return job.environmentAction !== undefined && job.environmentAction !== 'start';
}

/** Whether a job calls a reusable workflow: the environment, checks of its own jobs are set where it is written. */
export function callsWorkflow(job: CiJob): boolean {
  return job.steps.some((s) => s.ref?.kind === 'reusable-workflow');
}

const PREVIEW = /preview|(?:^|[^a-z])review(?:$|[^a-z])|review[-_]?app|ephemeral/i;

/**
 * Whether a job deploys a short-lived preview (a pull request's site, a GitLab
 * review app): by its name, its environment, its steps' names or its commands
 * (`vercel pull --environment=preview`). Such deploys ship nothing to users.
 */
export function isPreviewDeploy(job: CiJob): boolean {
  if (PREVIEW.test(`${job.id} ${job.name ?? ''} ${job.environment?.name ?? ''}`)) return true;
  return job.steps.some((s) => (s.name !== undefined && PREVIEW.test(s.name)) || s.commands.some((c) => c.command.words.some((w) => PREVIEW.test(w.value))));
}

const memo = new WeakMap<CiJob, Deployment[]>();

/** Every deployment a job performs, in the order it runs them. */
export function deploymentsOf(job: CiJob): Deployment[] {
  let out = memo.get(job);
  if (out) return out;
  out = [];
  const local = job.steps.some(
    (step) => /kind|minikube|k3d|k3s|microk8s/i.test(step.ref?.value ?? '') || step.commands.some((c) => LOCAL_CLUSTER_TOOLS[invocation(c).tool]?.test(invocation(c).args[0] ?? '')),
  );
  job.steps.forEach((step, stepIndex) => {
    const byRef = referenceDeployment(step);
    if (byRef) (out as Deployment[]).push({ ...byRef, stepIndex, step });
    step.commands.forEach((command, commandIndex) => {
      const found = commandDeployment(command);
      if (found && local && CLUSTER_TOOLS.has(invocation(command).tool)) return;
      if (found) (out as Deployment[]).push({ ...found, stepIndex, commandIndex, step });
    });
  });
  memo.set(job, out);
  return out;
}
