/**
 * The repository model, part by part, on small repositories: every fact with
 * the path and the text its range covers.
 */
import { describe, expect, test } from 'bun:test';
import { Repository } from '../../server/src/core/workspace/repository';
import type { OffsetRange } from '../../server/src/core/types';

function repoOf(files: Record<string, string>) {
  const disk = new Map(Object.entries(files));
  const repo = new Repository({ read: (p) => disk.get(p) }).addPaths(disk.keys());
  /** The text a fact's range covers in its file. */
  const at = (fact: { path: string; range: OffsetRange }) => (disk.get(fact.path) ?? '').slice(fact.range.start, fact.range.end);
  return { repo, disk, at };
}

const GITHUB = `name: Release
on:
  push:
    branches: [main]
    tags: ['v*']
  pull_request:
  schedule:
    - cron: '0 3 * * *'
  workflow_dispatch:
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: bun test
  deploy:
    needs: [test]
    runs-on: ubuntu-latest
    environment: production
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-region: eu-west-1
          role-to-assume: \${{ secrets.DEPLOY_ROLE }}
      - run: |
          echo "$NPM_TOKEN" > /dev/null
          helm upgrade --install api ./chart --wait
`;

const GITLAB = `stages: [build, deploy]
workflow:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_TAG
build:
  stage: build
  script: [make]
deploy:
  stage: deploy
  environment:
    name: staging
  when: manual
  script:
    - terraform apply -auto-approve
`;

describe('pipelines', () => {
  test('GitHub Actions: jobs and graph, triggers, environments, secret names, deploys', () => {
    const { repo, at } = repoOf({ '.github/workflows/release.yml': GITHUB });
    const [p] = repo.model().pipelines;
    expect(p?.name).toBe('Release');
    expect(p?.jobs.map((j) => [j.id, j.needs, j.after, j.environment ?? null])).toEqual([
      ['test', [], [], null],
      ['deploy', ['test'], ['test'], 'production'],
    ]);
    expect(p?.triggers.map((t) => [t.kind, t.event, at({ path: p.path, range: t.range })])).toEqual([
      ['push', 'push', 'push'],
      ['tag', 'push: tags', 'tags'],
      ['pull-request', 'pull_request', 'pull_request'],
      ['schedule', 'schedule', 'schedule'],
      ['manual', 'workflow_dispatch', 'workflow_dispatch'],
    ]);
    expect(p?.environments.map((e) => [e.name, e.job, at({ path: p.path, range: e.range })])).toEqual([['production', 'deploy', 'production']]);
    expect(p?.secrets.map((s) => [s.name, at({ path: p.path, range: s.range })])).toEqual([
      ['DEPLOY_ROLE', 'secrets.DEPLOY_ROLE'],
      ['NPM_TOKEN', 'NPM_TOKEN'],
    ]);
    const deploy = p?.jobs[1]?.deploys[0];
    expect(deploy?.label).toBe('helm upgrade');
    expect(at({ path: p?.path ?? '', range: deploy?.range ?? { start: 0, end: 0 } })).toBe('helm upgrade --install api ./chart --wait');
  });

  test('GitLab CI: the stage graph, manual jobs, workflow sources as triggers', () => {
    const { repo } = repoOf({ '.gitlab-ci.yml': GITLAB });
    const [p] = repo.model().pipelines;
    expect(p?.jobs.map((j) => [j.id, j.stage, j.after, j.manual, j.environment ?? null])).toEqual([
      ['build', 'build', [], false, null],
      ['deploy', 'deploy', ['build'], true, 'staging'],
    ]);
    expect(p?.triggers.map((t) => t.kind).sort()).toEqual(['pull-request', 'push', 'tag']);
    expect(p?.jobs[1]?.deploys.map((d) => d.label)).toEqual(['terraform apply']);
  });

  test('Azure Pipelines and Bitbucket: triggers from their own keys', () => {
    const { repo } = repoOf({
      'azure-pipelines.yml': 'trigger: none\npr: [main]\nschedules:\n  - cron: "0 0 * * *"\n    branches: { include: [main] }\njobs:\n  - deployment: web\n    environment: staging.web-namespace\n    strategy:\n      runOnce:\n        deploy:\n          steps:\n            - script: make\n',
      'bitbucket-pipelines.yml': 'pipelines:\n  default:\n    - step:\n        script: [make]\n  custom:\n    release:\n      - step:\n          deployment: production\n          script: [make release]\n',
    });
    const [azure, bitbucket] = repo.model().pipelines;
    expect(azure?.triggers.map((t) => t.kind)).toEqual(['pull-request', 'schedule']);
    expect(azure?.environments.map((e) => e.name)).toEqual(['staging']);
    expect(bitbucket?.triggers.map((t) => t.kind)).toEqual(['push', 'manual']);
    expect(bitbucket?.environments.map((e) => e.name)).toEqual(['production']);
  });
});

describe('containers', () => {
  test('Dockerfiles: base images with ARG defaults, final-stage ports and user', () => {
    const { repo, at } = repoOf({
      'Dockerfile': 'ARG NODE=20-alpine\nFROM node:${NODE} AS build\nRUN bun install\nFROM gcr.io/distroless/nodejs20:nonroot\nEXPOSE 8080/tcp 9090\nUSER 65532\n',
    });
    const [d] = repo.model().dockerfiles;
    expect(d?.baseImages.map((b) => [b.image, b.tag, at({ path: d.path, range: b.range })])).toEqual([
      ['node:20-alpine', '20-alpine', 'node:${NODE}'],
      ['gcr.io/distroless/nodejs20:nonroot', 'nonroot', 'gcr.io/distroless/nodejs20:nonroot'],
    ]);
    expect(d?.exposedPorts).toEqual(['8080/tcp', '9090']);
    expect(d?.user).toBe('65532');
  });

  test('Compose: services with images, builds, ports and depends_on', () => {
    const { repo, at } = repoOf({
      'compose.yaml': 'services:\n  api:\n    build: ./api\n    ports: ["8080:80", { target: 9000, published: "9000" }]\n    depends_on:\n      db: { condition: service_healthy }\n  db:\n    image: postgres:16\n',
      'api/Dockerfile': 'FROM golang:1.22\n',
    });
    const services = repo.model().composeServices;
    expect(services.map((s) => [s.name, s.image ?? null, s.dockerfile ?? null, s.ports, s.dependsOn, at(s)])).toEqual([
      ['api', null, 'api/Dockerfile', ['8080:80', '9000:9000'], ['db'], 'api'],
      ['db', 'postgres:16', null, [], [], 'db'],
    ]);
  });
});

describe('kubernetes', () => {
  test('workloads with namespace, images and replicas; Services and Ingresses', () => {
    const { repo, at } = repoOf({
      'k8s/app.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: 3
  template:
    spec:
      initContainers: [{ name: migrate, image: "ghcr.io/acme/migrate:1.2.0" }]
      containers: [{ name: web, image: "ghcr.io/acme/web:1.2.0" }]
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  type: LoadBalancer
  ports: [{ port: 80, targetPort: 8080 }]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web }
spec:
  rules:
    - host: shop.example.com
      http:
        paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }]
`,
    });
    const k = repo.model().kubernetes;
    expect(k.workloads.map((w) => [w.kind, w.name, w.namespace, w.images, w.replicas, at(w)])).toEqual([
      ['Deployment', 'web', 'shop', ['ghcr.io/acme/migrate:1.2.0', 'ghcr.io/acme/web:1.2.0'], 3, 'web'],
    ]);
    expect(k.services.map((s) => [s.name, s.type, s.ports])).toEqual([['web', 'LoadBalancer', ['80→8080']]]);
    expect(k.ingresses.map((i) => [i.name, i.hosts, i.backends])).toEqual([['web', ['shop.example.com'], ['web']]]);
  });
});

const MAIN_TF = `terraform {
  backend "s3" {
    bucket = "acme-tfstate"
    key    = "prod/terraform.tfstate"
    region = "us-east-1"
  }
}

provider "aws" {
  region = var.region
}

variable "region" {
  type    = string
  default = "us-east-1"
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.8.1"
}

resource "aws_s3_bucket" "assets" {
  bucket = "acme-assets"
}

resource "aws_s3_bucket_versioning" "assets" {
  bucket = aws_s3_bucket.assets.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_db_instance" "main" {
  backup_retention_period = 7
  db_subnet_group_name    = module.vpc.database_subnet_group
}

resource "aws_cloudwatch_metric_alarm" "cpu" {
  alarm_name          = "db-cpu-high"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 80
  dimensions = { DBInstanceIdentifier = aws_db_instance.main.id }
}
`;

describe('terraform', () => {
  test('resources with references, modules, providers with their region, the backend', () => {
    const { repo, at } = repoOf({ 'infra/main.tf': MAIN_TF });
    const tf = repo.model().terraform;
    expect(tf.resources.map((r) => [r.address, r.provider, r.references])).toEqual([
      ['aws_s3_bucket.assets', 'aws', []],
      ['aws_s3_bucket_versioning.assets', 'aws', ['aws_s3_bucket.assets']],
      ['aws_db_instance.main', 'aws', ['module.vpc']],
      ['aws_cloudwatch_metric_alarm.cpu', 'aws', ['aws_db_instance.main']],
    ]);
    expect(at(tf.resources[0] as { path: string; range: OffsetRange })).toBe('"aws_s3_bucket" "assets"');
    expect(tf.modules.map((m) => [m.name, m.source, m.module])).toEqual([['vpc', 'terraform-aws-modules/vpc/aws', 'infra']]);
    expect(tf.providers.map((p) => [p.name, p.region])).toEqual([['aws', 'us-east-1']]);
    expect(tf.backends.map((b) => [b.type, b.settings.bucket, b.settings.region])).toEqual([['s3', 'acme-tfstate', 'us-east-1']]);
  });

  test('.tf.json files give their resources and data sources too', () => {
    const { repo, at } = repoOf({ 'gen/main.tf.json': '{ "resource": { "aws_sqs_queue": { "jobs": { "name": "jobs" } } }, "data": { "aws_caller_identity": { "me": {} } } }' });
    const tf = repo.model().terraform;
    expect(tf.resources.map((r) => [r.address, r.module, at(r)])).toEqual([
      ['aws_sqs_queue.jobs', 'gen', '"jobs"'],
      ['data.aws_caller_identity.me', 'gen', '"me"'],
    ]);
  });

  test('monitoring, backups and regions read from it', () => {
    const { repo } = repoOf({ 'infra/main.tf': MAIN_TF });
    const model = repo.model();
    expect(model.monitoring.map((m) => [m.kind, m.name, m.detail])).toEqual([['cloudwatch-alarm', 'db-cpu-high', 'GreaterThanThreshold 80']]);
    expect(model.backups.map((b) => [b.kind, b.subject, b.detail])).toEqual([
      ['state-backend', 'backend "s3"', 'acme-tfstate'],
      ['bucket-versioning', 'aws_s3_bucket_versioning.assets', 'Enabled'],
      ['database-backups', 'aws_db_instance.main', '7 days'],
    ]);
    expect(model.regions.map((r) => [r.region, r.source])).toEqual([
      ['us-east-1', 'provider "aws"'],
      ['us-east-1', 'backend "s3"'],
    ]);
  });
});

describe('cloudformation', () => {
  test('resources by type with Ref, GetAtt, Sub and DependsOn references; alarms, backups, regions', () => {
    const { repo, at } = repoOf({
      'template.yaml': `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration: { Status: Enabled }
  Role:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyDocument:
            Statement:
              - Resource: !Sub "\${Bucket.Arn}/*"
  Fn:
    Type: AWS::Lambda::Function
    DependsOn: Bucket
    Properties:
      Role: !GetAtt Role.Arn
      Environment: { Variables: { BUCKET: !Ref Bucket, HOME_REGION: eu-central-1 } }
  Errors:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Threshold: 5
      ComparisonOperator: GreaterThanOrEqualToThreshold
`,
    });
    const model = repo.model();
    expect(model.cloudformation.map((r) => [r.id, r.type, r.references, at(r)])).toEqual([
      ['Bucket', 'AWS::S3::Bucket', [], 'Bucket'],
      ['Role', 'AWS::IAM::Role', ['Bucket'], 'Role'],
      ['Fn', 'AWS::Lambda::Function', ['Bucket', 'Role'], 'Fn'],
      ['Errors', 'AWS::CloudWatch::Alarm', [], 'Errors'],
    ]);
    expect(model.monitoring.map((m) => [m.kind, m.name, m.detail])).toEqual([['cloudwatch-alarm', 'Errors', 'GreaterThanOrEqualToThreshold 5']]);
    expect(model.backups.map((b) => [b.kind, b.subject, b.detail])).toEqual([['bucket-versioning', 'Bucket', 'Enabled']]);
    expect(model.regions.map((r) => [r.region, r.source])).toEqual([['eu-central-1', 'CloudFormation']]);
  });
});

describe('runtimes, regions, deploy targets', () => {
  test('runtime versions from version files, manifests, setup actions and base images', () => {
    const { repo, at } = repoOf({
      '.nvmrc': 'v20.11.1\n',
      'package.json': '{ "name": "x", "engines": { "node": ">=20" }, "packageManager": "bun@1.1.30" }',
      'api/pyproject.toml': '[tool.poetry]\nname = "api"\n\n[tool.poetry.dependencies]\nrequests = { version = "^2", extras = ["socks"] }\npython = "^3.12"\n',
      'svc/go.mod': 'module example.com/svc\n\ngo 1.22\n\ntoolchain go1.22.4\n',
      'rust-toolchain.toml': '[toolchain]\nchannel = "1.79.0"\n',
      '.github/workflows/ci.yml': GITHUB,
      'Dockerfile': 'FROM python:3.12-slim\n',
    });
    const runtimes = repo.model().runtimes;
    expect(runtimes.map((r) => [r.runtime, r.version, r.source, at(r)])).toEqual([
      ['node', '20.11.1', '.nvmrc', '20.11.1'],
      ['python', '^3.12', 'tool.poetry.dependencies.python', '^3.12'],
      ['node', '>=20', 'engines', '>=20'],
      ['bun', '1.1.30', 'packageManager', '1.1.30'],
      ['rust', '1.79.0', 'rust-toolchain.toml', '1.79.0'],
      ['go', '1.22', 'go.mod', '1.22'],
      ['go', '1.22.4', 'go.mod toolchain', '1.22.4'],
      ['node', '20', 'actions/setup-node', '20'],
      ['python', '3.12', 'FROM python:3.12-slim', 'python:3.12-slim'],
    ]);
  });

  test('regions from pipeline settings; deploy targets judged from commands and actions', () => {
    const { repo, at } = repoOf({
      '.github/workflows/release.yml': GITHUB,
      '.gitlab-ci.yml': GITLAB.replace('terraform apply -auto-approve', 'aws ecs update-service --cluster prod --service api --region ap-southeast-2'),
    });
    const model = repo.model();
    expect(model.regions.map((r) => [r.region, r.source, r.path])).toEqual([
      ['eu-west-1', 'aws-region', '.github/workflows/release.yml'],
      ['ap-southeast-2', 'region', '.gitlab-ci.yml'],
    ]);
    expect(model.deployTargets.map((d) => [d.path, d.job, d.target, d.label, d.environment ?? null])).toEqual([
      ['.github/workflows/release.yml', 'deploy', 'helm', 'helm upgrade', 'production'],
      ['.gitlab-ci.yml', 'deploy', 'ecs', 'aws ecs update-service', 'staging'],
    ]);
    expect(at(model.deployTargets[1] as { path: string; range: OffsetRange })).toStartWith('aws ecs update-service');
  });
});

describe('monitoring files', () => {
  test('Prometheus rule files, PrometheusRule and ServiceMonitor resources, Grafana dashboards, Velero schedules', () => {
    const { repo } = repoOf({
      'monitoring/alerts.yml': 'groups:\n  - name: api\n    rules:\n      - alert: HighErrorRate\n        expr: rate(http_errors_total[5m]) > 0.05\n      - record: job:latency:p95\n        expr: histogram_quantile(0.95, x)\n',
      'k8s/monitoring.yaml': 'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: { name: api }\nspec:\n  groups:\n    - name: api\n      rules:\n        - alert: PodCrashLooping\n          expr: kube_pod_container_status_restarts_total > 3\n---\napiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: { name: api }\nspec: { selector: { matchLabels: { app: api } }, endpoints: [{ port: http }] }\n---\napiVersion: velero.io/v1\nkind: Schedule\nmetadata: { name: nightly, namespace: velero }\nspec: { schedule: "0 2 * * *", template: { ttl: 720h } }\n',
      'dashboards/api.json': '{ "title": "API overview", "schemaVersion": 39, "panels": [] }',
    });
    const model = repo.model();
    expect(model.monitoring.map((m) => [m.kind, m.name, m.detail ?? null, m.path])).toEqual([
      ['prometheus-alert', 'HighErrorRate', 'rate(http_errors_total[5m]) > 0.05', 'monitoring/alerts.yml'],
      ['prometheus-recording', 'job:latency:p95', 'histogram_quantile(0.95, x)', 'monitoring/alerts.yml'],
      ['grafana-dashboard', 'API overview', null, 'dashboards/api.json'],
      ['prometheus-alert', 'PodCrashLooping', 'kube_pod_container_status_restarts_total > 3', 'k8s/monitoring.yaml'],
      ['service-monitor', 'api', null, 'k8s/monitoring.yaml'],
    ]);
    expect(model.backups.map((b) => [b.kind, b.subject, b.detail])).toEqual([['velero-schedule', 'Schedule nightly', '0 2 * * *']]);
  });
});

describe('incremental', () => {
  test('a part is rebuilt when a file it read changes, and only then', () => {
    const { repo, disk } = repoOf({ 'compose.yaml': 'services:\n  api:\n    image: a:1\n', 'infra/main.tf': MAIN_TF });
    const compose = repo.model().composeServices;
    const terraform = repo.model().terraform;
    disk.set('compose.yaml', 'services:\n  api:\n    image: a:2\n');
    repo.apply([{ path: 'compose.yaml', type: 'changed' }]);
    expect(repo.model().composeServices[0]?.image).toBe('a:2');
    expect(repo.model().terraform).toBe(terraform);
    expect(repo.model().composeServices).not.toBe(compose);
  });
});
