import { expect, test } from 'bun:test';
import { detectKind } from '../../server/src/core/detect';
import type { FileKind } from '../../server/src/core/types';

const K8S = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n';
const CFN = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n';
const CFN_NO_VERSION = 'Resources:\n  Queue:\n    Type: "AWS::SQS::Queue"\n';
const PLAIN = 'name: settings\nvalues:\n  - 1\n';

// [path, text, expected kind]
const CASES: [string, string, FileKind | undefined][] = [
  ['plan/infrastructure.md', '# Plan', 'plan-doc'],
  ['plan/deployment.md', '', 'plan-doc'],
  ['docs/plan/notes.md', '', undefined],
  ['README.md', '', undefined],
  ['.github/workflows/ci.yml', 'on: push', 'github-actions'],
  ['.github/workflows/release.yaml', '', 'github-actions'],
  ['action.yml', '', 'github-actions'],
  ['.github/actions/setup/action.yaml', '', 'github-actions'],
  ['.gitlab-ci.yml', '', 'gitlab-ci'],
  ['ci/deploy.gitlab-ci.yml', '', 'gitlab-ci'],
  ['.circleci/config.yml', '', 'circleci'],
  ['azure-pipelines.yml', '', 'azure-pipelines'],
  ['azure-pipelines-release.yaml', '', 'azure-pipelines'],
  ['.azure-pipelines/templates/build.yml', '', 'azure-pipelines'],
  ['bitbucket-pipelines.yml', '', 'bitbucket-pipelines'],
  ['Jenkinsfile', '', 'jenkins'],
  ['ci/release.jenkinsfile', '', 'jenkins'],
  ['Dockerfile', '', 'dockerfile'],
  ['services/api/Dockerfile.prod', '', 'dockerfile'],
  ['build/api.Dockerfile', '', 'dockerfile'],
  ['Containerfile', '', 'dockerfile'],
  ['compose.yaml', '', 'compose'],
  ['docker-compose.override.yml', '', 'compose'],
  ['infra/main.tf', '', 'terraform'],
  ['infra/prod.tfvars', '', 'terraform'],
  ['infra/generated.tf.json', '{}', 'terraform'],
  ['Pulumi.yaml', '', 'pulumi'],
  ['Pulumi.prod.yaml', '', 'pulumi'],
  ['package.json', '{}', 'package-manifest'],
  ['web/package-lock.json', '{}', 'package-manifest'],
  ['yarn.lock', '', 'package-manifest'],
  ['pnpm-lock.yaml', '', 'package-manifest'],
  ['pyproject.toml', '', 'package-manifest'],
  ['requirements-dev.txt', '', 'package-manifest'],
  ['Pipfile', '', 'package-manifest'],
  ['go.mod', '', 'package-manifest'],
  ['crates/core/Cargo.toml', '', 'package-manifest'],
  ['.roomodes', '', 'roo-modes'],
  ['.roo/rules-devops/01-policy.md', '', 'roo-rules'],
  ['.roo-devops.yaml', '', 'roo-config'],
  ['.roo-devops.json', '{}', 'roo-config'],
  // Ambiguous YAML: content decides between Kubernetes, CloudFormation and plain.
  ['deploy/web.yaml', K8S, 'kubernetes'],
  ['deploy/all.yaml', `${PLAIN}---\n${K8S}`, 'kubernetes'],
  ['templates/stack.yaml', CFN, 'cloudformation'],
  ['templates/queue.yml', CFN_NO_VERSION, 'cloudformation'],
  ['templates/stack.template', CFN, 'cloudformation'],
  ['config/settings.yaml', PLAIN, 'yaml'],
  // A nested `kind:` is not a top-level one.
  ['config/nested.yaml', 'spec:\n  apiVersion: v1\n  kind: Pod\n', 'yaml'],
  // Kubernetes that mentions AWS in an annotation stays Kubernetes.
  ['deploy/sa.yaml', `${K8S}  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::1:role/AWS::x\n`, 'kubernetes'],
  // Path beats content: a workflow is a workflow even if it looks like Kubernetes.
  ['.github/workflows/odd.yml', K8S, 'github-actions'],
  ['azuredeploy.json', '{"$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#","resources":[]}', 'arm'],
  ['stack.json', '{"Resources":{"T":{"Type":"AWS::SNS::Topic"}}}', 'cloudformation'],
  ['pod.json', '{"apiVersion":"v1","kind":"Pod"}', 'kubernetes'],
  ['data.json', '{"a":1}', 'json'],
  ['broken.json', '{"a":', 'json'],
  ['setup.py', '', 'package-manifest'],
  ['Gopkg.toml', '', 'package-manifest'],
  ['glide.yaml', '', 'package-manifest'],
  ['Makefile', '', 'makefile'],
  ['build/rules.mk', '', 'makefile'],
  ['cmd/api/main.go', '', 'go-source'],
  ['src/main.rs', '', 'rust-source'],
  ['src/index.ts', '', undefined],
  ['notes.txt', '', undefined],
];

test.each(CASES)('%s is %s', (path, text, kind) => {
  expect(detectKind(path, text)).toBe(kind);
});

test('user patterns are tried before the built-in ones', () => {
  expect(detectKind('ci/workflows/main.yml', PLAIN)).toBe('yaml');
  expect(detectKind('ci/workflows/main.yml', PLAIN, [['github-actions', ['ci/workflows/*.yml']]])).toBe('github-actions');
  expect(detectKind('deploy/web.yaml', K8S, [['compose', ['deploy/*.yaml']]])).toBe('compose');
});
