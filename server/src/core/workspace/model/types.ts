/**
 * The shapes of the repository model, apart from the code that builds them, so
 * that what only needs the types (`WorkspaceView`) imports no parser.
 */
import type { DeployKind } from '../../parse/pipeline/deploys';
import type { OffsetRange, PipelineKind } from '../../types';

export type Language = 'javascript' | 'python' | 'go' | 'rust';

export interface Ecosystem {
  language: Language;
  /** Folder of the project ('' for the root). */
  dir: string;
  /** Manifests of the project in that folder (`package.json`, `pyproject.toml`, `go.mod`…). */
  manifests: string[];
  /** Lockfiles beside them, each with the manager that writes it. */
  lockfiles: { path: string; manager: string }[];
  /** Managers the folder shows signs of, from its manifests and lockfiles, sorted. */
  managers: string[];
  /** Whether installing does anything: false for a `package.json` without dependencies or workspaces. */
  hasDependencies: boolean;
}

export interface RepositoryModel {
  ecosystems: Ecosystem[];
  pipelines: Pipeline[];
  dockerfiles: DockerfileInfo[];
  composeServices: ComposeServiceInfo[];
  kubernetes: KubernetesPart;
  terraform: TerraformPart;
  cloudformation: CloudFormationResource[];
  runtimes: RuntimeVersion[];
  regions: RegionFact[];
  deployTargets: DeployTarget[];
  monitoring: MonitoringFact[];
  backups: BackupFact[];
  rooModes: RooModesPart;
}

/** Roo Code's project modes and the rules folders beside them (model/roo-modes.ts). */
export interface RooModesPart {
  /** Modes of the root `.roomodes`, each at its `slug`. */
  modes: { slug: string; path: string; range: OffsetRange }[];
  /** `.roo/rules-<slug>/` folders (and `.roorules-<slug>` files) at the root, with their files. */
  rulesFolders: { slug: string; folder: string; files: string[] }[];
}

// ---- pipelines

export type TriggerKind = 'push' | 'pull-request' | 'schedule' | 'manual' | 'tag' | 'other';

export interface PipelineTrigger {
  kind: TriggerKind;
  /** The event as the file names it: `push`, `pull_request`, `merge_request_event`, `schedules`, `custom`. */
  event: string;
  range: OffsetRange;
}

export interface PipelineDeploy {
  kind: DeployKind;
  /** What ships it: `kubectl apply`, `terraform apply`, `aws ecs update-service`, `actions/deploy-pages`. */
  label: string;
  range: OffsetRange;
}

export interface PipelineJob {
  id: string;
  /** Display name (`name:`, `displayName:`), when given. */
  name?: string;
  /** Jobs this one waits for (`needs:`), as written (GitHub Actions and GitLab CI). */
  needs: string[];
  /** Every job that must finish first, by id, whatever the system calls it (needs, earlier stages, requires, dependsOn). */
  after: string[];
  /** Stage, for the systems that have stages. */
  stage?: string;
  /** Deployment environment the job targets (`environment:`, `deployment:`, an Azure deployment job). */
  environment?: string;
  /** A person starts the job (`when: manual`, `trigger: manual`, a custom Bitbucket pipeline). */
  manual: boolean;
  /** What the job deploys or publishes, from its commands and the actions it uses. */
  deploys: PipelineDeploy[];
  /** The job's key in the file. */
  range?: OffsetRange;
}

export interface PipelineEnvironment {
  name: string;
  job: string;
  range: OffsetRange;
}

export interface SecretReference {
  /** The secret's name (`NPM_TOKEN`, `secrets.DEPLOY_KEY` → `DEPLOY_KEY`); never its value. */
  name: string;
  range: OffsetRange;
}

export interface Pipeline {
  path: string;
  kind: PipelineKind;
  /** The workflow's `name:`, when it has one (GitHub Actions, Azure Pipelines). */
  name?: string;
  jobs: PipelineJob[];
  triggers: PipelineTrigger[];
  environments: PipelineEnvironment[];
  secrets: SecretReference[];
}

// ---- containers

export interface DockerStage {
  /** Base image as written after `FROM` (`node:20-alpine`, `builder`, `$BASE`). */
  image: string;
  /** `AS name`, when given. */
  name: string | undefined;
  /** Offset of the `FROM` instruction in the file. */
  offset: number;
}

export interface BaseImage {
  /** The image pulled, `ARG` defaults substituted (`node:20-alpine`). */
  image: string;
  name: string;
  tag?: string;
  digest?: string;
  range: OffsetRange;
}

export interface DockerfileInfo {
  path: string;
  stages: DockerStage[];
  /** Images of other repositories the stages are built on (not `scratch`, not another stage of the file). */
  baseImages: BaseImage[];
  /** `EXPOSE` of the final stage: `8080`, `8080/tcp`. */
  exposedPorts: string[];
  /** The last `USER` of the final stage, when it sets one (the image runs as root otherwise, unless its base says else). */
  user?: string;
}

export interface ComposeServiceInfo {
  path: string;
  name: string;
  /** The service's key. */
  range: OffsetRange;
  image?: string;
  /** The Dockerfile `build:` names, as a workspace path. */
  dockerfile?: string;
  /** Published ports as written (`8080:80`, `127.0.0.1:5432:5432`). */
  ports: string[];
  /** Services it starts after (`depends_on`, list or mapping). */
  dependsOn: string[];
}

// ---- kubernetes

export interface KubernetesObject {
  path: string;
  kind: string;
  name: string;
  namespace?: string;
  /** `metadata.name`, or the resource's first line. */
  range: OffsetRange;
}

export interface KubernetesWorkload extends KubernetesObject {
  /** Images of its containers, init containers included, in order. */
  images: string[];
  /** `spec.replicas` when written as a number. */
  replicas?: number;
}

export interface KubernetesService extends KubernetesObject {
  /** `spec.type`: `ClusterIP` (the default), `LoadBalancer`, `NodePort`. */
  type: string;
  /** `port` or `port→targetPort`, as written. */
  ports: string[];
}

export interface KubernetesIngress extends KubernetesObject {
  hosts: string[];
  /** Services its rules send traffic to. */
  backends: string[];
}

export interface KubernetesPart {
  workloads: KubernetesWorkload[];
  services: KubernetesService[];
  ingresses: KubernetesIngress[];
}

// ---- terraform

export interface TerraformResource {
  path: string;
  /** The folder (Terraform module) it belongs to. */
  module: string;
  mode: 'resource' | 'data';
  type: string;
  name: string;
  /** `aws_s3_bucket.assets`, `data.aws_iam_policy_document.read`. */
  address: string;
  provider: string;
  /** The block's labels. */
  range: OffsetRange;
  /** Addresses of the same module it references: `aws_iam_role.app`, `data.aws_ami.ubuntu`, `module.vpc`. */
  references: string[];
}

export interface TerraformModuleCall {
  path: string;
  module: string;
  name: string;
  source?: string;
  range: OffsetRange;
}

export interface TerraformProvider {
  path: string;
  module: string;
  name: string;
  alias?: string;
  /** `region` as written, or the default of the variable it names. */
  region?: string;
  range: OffsetRange;
}

export interface TerraformBackend {
  path: string;
  module: string;
  /** `s3`, `gcs`, `azurerm`, `remote`, `cloud`, `local`… */
  type: string;
  /** Literal settings of the backend that say where the state lives: `bucket`, `region`, `key`, `container_name`… */
  settings: Record<string, string>;
  range: OffsetRange;
}

export interface TerraformPart {
  resources: TerraformResource[];
  modules: TerraformModuleCall[];
  providers: TerraformProvider[];
  backends: TerraformBackend[];
}

// ---- cloudformation

export interface CloudFormationResource {
  path: string;
  /** Logical id. */
  id: string;
  type: string;
  range: OffsetRange;
  /** Logical ids of the template's other resources it references. */
  references: string[];
}

// ---- runtimes

export type Runtime = 'node' | 'bun' | 'deno' | 'python' | 'go' | 'rust' | 'java';

export interface RuntimeVersion {
  runtime: Runtime;
  /** As written: `20`, `>=18`, `^3.11`, `1.22.3`, `lts/iron`. */
  version: string;
  /** What says it: `.nvmrc`, `engines`, `requires-python`, `go.mod`, `actions/setup-node`, `FROM node:20`. */
  source: string;
  path: string;
  range: OffsetRange;
}

// ---- regions

export interface RegionFact {
  region: string;
  cloud: 'aws' | 'gcp';
  /** What says it: `provider "aws"`, `backend "s3"`, `AWS_REGION`, `CloudFormation`, `aws:region`. */
  source: string;
  path: string;
  range: OffsetRange;
}

// ---- deploy-targets

export type DeployTargetKind =
  | 'kubernetes'
  | 'helm'
  | 'terraform'
  | 'pulumi'
  | 'cloudformation'
  | 'ecs'
  | 'lambda'
  | 'elastic-beanstalk'
  | 'app-runner'
  | 's3'
  | 'cloud-run'
  | 'app-engine'
  | 'cloud-functions'
  | 'azure'
  | 'fly'
  | 'vercel'
  | 'netlify'
  | 'cloudflare'
  | 'heroku'
  | 'firebase'
  | 'github-pages'
  | 'registry'
  | 'other';

export interface DeployTarget {
  target: DeployTargetKind;
  kind: DeployKind;
  /** What ships it, as written: `kubectl apply`, `aws ecs update-service`, `aws-actions/amazon-ecs-deploy-task-definition`. */
  label: string;
  path: string;
  job: string;
  environment?: string;
  range: OffsetRange;
}

// ---- operations

export type MonitoringKind = 'prometheus-alert' | 'prometheus-recording' | 'service-monitor' | 'grafana-dashboard' | 'cloudwatch-alarm' | 'alert-policy';

export interface MonitoringFact {
  kind: MonitoringKind;
  /** Alert, alarm, dashboard or monitor name. */
  name: string;
  /** The alert's expression or the alarm's threshold, when written (`rate(errors[5m]) > 0.01`, `GreaterThanThreshold 80`). */
  detail?: string;
  path: string;
  range: OffsetRange;
}

export type BackupKind = 'state-backend' | 'database-backups' | 'bucket-versioning' | 'backup-plan' | 'velero-schedule';

export interface BackupFact {
  kind: BackupKind;
  /** The resource or backend: `aws_db_instance.main`, `backend "s3"`, `Schedule nightly`. */
  subject: string;
  /** What it keeps: `7 days`, `Enabled`, the bucket, the cron schedule. */
  detail?: string;
  path: string;
  range: OffsetRange;
}

export interface OperationsPart {
  monitoring: MonitoringFact[];
  backups: BackupFact[];
}
