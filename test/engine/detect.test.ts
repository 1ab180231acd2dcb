import { expect, test } from 'bun:test';
import { detectKind, isKind, mayHaveKind, pathsOfKind, patternsOf } from '../../server/src/core/detect';
import { type Format, formatOf, formatsOfKind, kindsWithFormat } from '../../server/src/core/formats';
import { FILE_KINDS, type FileKind, PIPELINE_KINDS } from '../../server/src/core/types';

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
  ['compose.override.yaml', '', 'compose'],
  ['deploy/compose.prod.yml', '', 'compose'],
  ['compose-notes.yaml', PLAIN, 'yaml'],
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
  ['.roomodes', '', 'roomodes'],
  ['settings/custom_modes.yaml', 'customModes: []\n', 'roomodes'],
  ['settings/custom_modes.json', '{"customModes": []}', 'roomodes'],
  ['.roorules-devops', '', 'roo-rules'],
  ['.roo/rules-devops/01-policy.md', '', 'roo-rules'],
  ['.roo-devops.yaml', '', 'roo-config'],
  ['.roo-devops.json', '{}', 'roo-config'],
  // Ambiguous YAML: content decides between Kubernetes, CloudFormation and plain.
  ['deploy/web.yaml', K8S, 'kubernetes'],
  ['deploy/all.yaml', `${PLAIN}---\n${K8S}`, 'kubernetes'],
  ['templates/stack.yaml', CFN, 'cloudformation'],
  ['templates/queue.yml', CFN_NO_VERSION, 'cloudformation'],
  ['templates/stack.template', CFN, 'cloudformation'],
  // SAM without a version line, its type quoted; and a JSON SAM template.
  ['template.yaml', "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: 'AWS::Serverless::Function'\n", 'cloudformation'],
  ['sam.json', '{"Transform":"AWS::Serverless-2016-10-31","Resources":{"F":{"Type":"AWS::Serverless::Function"}}}', 'cloudformation'],
  ['config/settings.yaml', PLAIN, 'yaml'],
  // A nested `kind:` is not a top-level one.
  ['config/nested.yaml', 'spec:\n  apiVersion: v1\n  kind: Pod\n', 'yaml'],
  // Kubernetes that mentions AWS in an annotation stays Kubernetes.
  ['deploy/sa.yaml', `${K8S}  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::1:role/AWS::x\n`, 'kubernetes'],
  // Path beats content: a workflow is a workflow even if it looks like Kubernetes.
  ['.github/workflows/odd.yml', K8S, 'github-actions'],
  ['azuredeploy.json', '{"$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#","resources":[]}', 'arm'],
  // Resource Manager reads comments, so a template with them is still a template; parameter files are ARM too.
  ['main.json', '{\n  // generated\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n  "resources": []\n}', 'arm'],
  ['azuredeploy.parameters.json', '{"$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#","parameters":{}}', 'arm'],
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

// --- Detection by content, where the name says nothing -------------------------------------------

const AZURE_PIPELINE = `trigger:
  branches:
    include: [main]
pool:
  vmImage: ubuntu-latest
steps:
  - task: NodeTool@0
    inputs:
      versionSpec: '20.x'
  - script: npm ci
    displayName: Install
`;

const AZURE_RELEASE = `# Release pipeline
trigger: none
pr: none
stages:
  - stage: Publish
    jobs:
      - job: Pack
        steps:
          - bash: yarn install --frozen-lockfile
          - pwsh: ./scripts/pack.ps1
`;

const AZURE_TEMPLATE = `parameters:
  - name: nodeVersion
    type: string
    default: '20.x'
steps:
  - checkout: self
  - script: npm install
    workingDirectory: $(Build.SourcesDirectory)/web
`;

const AZURE_JOBS_TEMPLATE = `parameters:
  jobName: build
jobs:
- job: \${{ parameters.jobName }}
  steps:
  - template: steps/install.yml
`;

const AZURE_EXTENDS = `resources:
  repositories:
    - repository: templates
      type: git
      name: Platform/pipeline-templates
extends:
  template: secure-pipeline.yml@templates
  parameters:
    buildSteps:
      - script: npm run build
`;

const AZURE_CONDITIONAL = `\${{ if eq(parameters.publish, true) }}:
  steps:
    - script: npm publish
`;

const CASES_BY_CONTENT: [string, string, FileKind | undefined][] = [
  // Azure Pipelines under names of their own.
  ['azure-pipeline.release.yml', AZURE_RELEASE, 'azure-pipelines'],
  ['build/azure-pipeline.stable.yml', '', 'azure-pipelines'],
  ['.ci/publish.yml', AZURE_PIPELINE, 'azure-pipelines'],
  ['.ci/release.yaml', AZURE_RELEASE, 'azure-pipelines'],
  ['common/config/azure-pipelines/templates/build.yaml', AZURE_TEMPLATE, 'azure-pipelines'],
  ['eng/templates/jobs.yml', AZURE_JOBS_TEMPLATE, 'azure-pipelines'],
  ['pipelines/secure.yml', AZURE_EXTENDS, 'azure-pipelines'],
  ['eng/publish-steps.yml', AZURE_CONDITIONAL, 'azure-pipelines'],
  ['ci/windows.yml', AZURE_PIPELINE.replace(/\n/g, '\r\n'), 'azure-pipelines'],
  // Dockerfiles under names of their own: by pattern, or by a first instruction FROM.
  ['build.dockerfile', '', 'dockerfile'],
  ['docker/dev.Dockerfile', '', 'dockerfile'],
  ['services/web/Dockerfile-development', 'FROM node:20-alpine\nRUN npm ci\n', 'dockerfile'],
  ['Dockerfile_prod', '# syntax=docker/dockerfile:1\n# escape=\\\n\nARG NODE=20\nARG BASE=node:${NODE} \\\n  # continued\nFROM --platform=$BUILDPLATFORM ${BASE} AS build\n', 'dockerfile'],
  ['docker/dockerfile', 'from python:3.12-slim\n', 'dockerfile'],
  ['prod-dockerfile', '\n\nFROM scratch\n', 'dockerfile'],
  // Names that mention Dockerfiles without being one.
  ['Dockerfile.dockerignore', 'node_modules\n', undefined],
  ['web/Dockerfile-notes', 'Use FROM node:20 in the final stage.\n', undefined],
  ['scripts/build-dockerfile.sh', '#!/bin/sh\ndocker build -f Dockerfile .\n', undefined],
  ['Dockerfile.md', '# Dockerfile\nFROM node:20\n', undefined],
  ['Dockerfile-empty', '', undefined],
  ['Dockerfile-args-only', 'ARG VERSION=1\n', undefined],
];

test.each(CASES_BY_CONTENT)('by content: %s is %s', (path, text, kind) => {
  expect(detectKind(path, text)).toBe(kind);
});

// YAML files with `steps:` (and look-alikes of Azure's markers) that are not Azure Pipelines.
const LOOK_ALIKES: [string, string, FileKind][] = [
  [
    'Ansible playbook (a top-level sequence, whose tasks may run `script:`)',
    `- hosts: web
  become: true
  tasks:
    - name: Install
      script: install.sh
    - name: Build
      shell: npm ci
`,
    'yaml',
  ],
  [
    'Tekton Task',
    `apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: build
spec:
  steps:
    - name: build
      image: node:20
      script: |
        npm ci
`,
    'kubernetes',
  ],
  [
    'Taskfile',
    `version: '3'
tasks:
  build:
    cmds:
      - npm ci
      - task: lint
`,
    'yaml',
  ],
  [
    'GitHub Actions workflow outside .github/workflows',
    `name: CI
on: [push]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm ci
        shell: bash
      - run: echo \${{ github.sha }}
`,
    'yaml',
  ],
  [
    'GitHub composite action under another name',
    `name: setup
runs:
  using: composite
  steps:
    - run: npm ci
      shell: pwsh
`,
    'yaml',
  ],
  [
    'Google Cloud Build',
    `steps:
  - name: gcr.io/cloud-builders/npm
    args: [ci]
  - name: ubuntu
    script: |
      echo done
timeout: 600s
`,
    'yaml',
  ],
  [
    'Minimal Cloud Build with only steps',
    `steps:
- name: 'gcr.io/cloud-builders/docker'
  args: ['build', '-t', 'gcr.io/p/app', '.']
`,
    'yaml',
  ],
  [
    'Buildkite pipeline',
    `steps:
  - label: ":npm: install"
    command: npm ci
  - wait
  - command: npm test
`,
    'yaml',
  ],
  [
    'Concourse pipeline (tasks without @version)',
    `resources:
- name: repo
  type: git
jobs:
- name: test
  plan:
  - get: repo
  - task: unit
    file: repo/ci/unit.yml
`,
    'yaml',
  ],
  [
    'Woodpecker pipeline',
    `steps:
  - name: build
    image: node:20
    commands:
      - npm ci
`,
    'yaml',
  ],
  [
    'GitLab CI include file (stages and jobs, `- template:` under include)',
    `include:
  - template: Security/SAST.gitlab-ci.yml
stages: [build]
build:
  stage: build
  script:
    - npm ci
`,
    'yaml',
  ],
  [
    'Bitbucket-like file with steps',
    `image: node:20
pipelines:
  default:
    - step:
        script:
          - npm ci
`,
    'yaml',
  ],
  [
    'Settings with a steps list and no Azure spelling',
    `steps:
  - name: lint
  - name: test
`,
    'yaml',
  ],
];

test.each(LOOK_ALIKES)('not Azure Pipelines: %s', (_name, text, kind) => {
  expect(detectKind('ci/pipeline.yml', text)).toBe(kind);
});

// --- Helm templates --------------------------------------------------------------------------------

const HELM_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.fullname" . }}
  labels:
    {{- include "app.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
`;

const HELM_CASES: [string, string, FileKind][] = [
  ['charts/app/templates/deployment.yaml', HELM_DEPLOYMENT, 'helm-template'],
  ['templates/service.yml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: "{{ .Release.Name }}"\n', 'helm-template'],
  // Outside templates/: a control directive on a line of its own is no YAML.
  ['deploy/rendered-later.yaml', `{{- if .Values.enabled }}\nkey: value\n{{- end }}\n`, 'helm-template'],
  // Helm's own objects, wherever the file is (an editor buffer outside any folder is seen by its name alone).
  ['deployment.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n', 'helm-template'],
  // Chart metadata and values are plain YAML.
  ['charts/app/Chart.yaml', 'apiVersion: v2\nname: app\nversion: 0.1.0\n', 'yaml'],
  ['charts/app/values.yaml', 'replicaCount: 1\nimage:\n  tag: ""\n', 'yaml'],
  // Even with a string that `tpl` renders, or an environment's values file.
  ['charts/app/values.yaml', 'fullnameOverride: "{{ .Release.Name }}-app"\n', 'yaml'],
  ['charts/app/values-production.yaml', 'podAnnotations:\n  checksum/config: "{{ .Values.x }}"\n', 'yaml'],
  // A template folder without directives holds plain manifests.
  ['charts/app/templates/namespace.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: app\n', 'kubernetes'],
  // `${{ }}` is a GitHub Actions or Azure expression, not a Go template.
  ['.azure-pipelines/templates/build.yml', 'steps:\n  - script: echo ${{ parameters.x }}\n', 'azure-pipelines'],
  ['ci/templates/steps.yml', AZURE_TEMPLATE.replace('$(Build.SourcesDirectory)', '${{ parameters.dir }}'), 'azure-pipelines'],
  // A quoted `{{ }}` outside templates/ (goreleaser, Ansible) is a string of valid YAML.
  ['.goreleaser.yaml', 'archives:\n  - name_template: "{{ .ProjectName }}_{{ .Version }}"\n', 'yaml'],
  ['playbooks/site.yml', '- hosts: all\n  vars:\n    app: "{{ name }}"\n', 'yaml'],
];

test.each(HELM_CASES)('helm: %s is %s', (path, text, kind) => {
  expect(detectKind(path, text)).toBe(kind);
});

test('path patterns come before content, and the user can claim any file', () => {
  // An Azure-looking file where a GitLab pattern claims the path stays GitLab.
  expect(detectKind('ci/build.gitlab-ci.yml', AZURE_PIPELINE)).toBe('gitlab-ci');
  // A Helm template the user maps to Kubernetes is Kubernetes.
  expect(detectKind('charts/app/templates/deployment.yaml', HELM_DEPLOYMENT, [['kubernetes', ['charts/**/*.yaml']]])).toBe('kubernetes');
  // A Dockerfile under any name, by a user pattern.
  expect(detectKind('images/web.build', 'RUN echo\n', [['dockerfile', ['images/*.build']]])).toBe('dockerfile');
});

test('content detection reads a bounded head: huge and pathological inputs stay fast', () => {
  const cases = [
    // Millions of top-level keys: the scan stops at the head.
    `steps:\n${'a: 1\n'.repeat(1_000_000)}`,
    // One huge line of near-markers.
    `${'- task: Npm@'.repeat(200_000)}\n`,
    `steps:\n  - task: ${'a.'.repeat(500_000)}\n`,
    `${'{{'.repeat(500_000)}`,
    `${'FROM '.repeat(10)}${' '.repeat(2_000_000)}`,
    `${'ARG X=1 \\\n'.repeat(200_000)}FROM scratch\n`,
    `${'${{ '.repeat(300_000)}`,
  ];
  for (const text of cases) {
    for (const path of ['ci/huge.yml', 'templates/huge.yaml', 'Dockerfile-huge']) {
      const started = performance.now();
      detectKind(path, text);
      expect(performance.now() - started).toBeLessThan(500);
    }
  }
});

// --- Formats ---------------------------------------------------------------------------------------

const FORMAT_CASES: [FileKind, string, Format][] = [
  ['github-actions', '.github/workflows/ci.yml', 'yaml'],
  ['kubernetes', 'deploy/pod.json', 'json'],
  ['kubernetes', 'deploy/pod.yaml', 'yaml'],
  ['terraform', 'infra/main.tf', 'hcl'],
  ['terraform', 'infra/main.tf.json', 'json'],
  ['cloudformation', 'stack.template', 'yaml'],
  ['package-manifest', 'package.json', 'json'],
  ['package-manifest', 'bun.lock', 'jsonc'],
  ['package-manifest', 'pyproject.toml', 'toml'],
  ['package-manifest', 'crates/a/Cargo.toml', 'toml'],
  ['package-manifest', 'Pipfile', 'toml'],
  ['package-manifest', 'Pipfile.lock', 'json'],
  ['package-manifest', 'pnpm-lock.yaml', 'yaml'],
  ['package-manifest', 'requirements-dev.txt', 'text'],
  ['package-manifest', 'go.mod', 'text'],
  ['package-manifest', 'yarn.lock', 'text'],
  ['json', 'tsconfig.build.json', 'jsonc'],
  ['json', 'data.json', 'json'],
  ['dockerfile', 'Dockerfile-dev', 'dockerfile'],
  ['jenkins', 'Jenkinsfile', 'groovy'],
  ['plan-doc', 'plan/deployment.md', 'markdown'],
  ['makefile', 'Makefile', 'makefile'],
  ['helm-template', 'charts/a/templates/x.yaml', 'text'],
  ['roo-config', '.roo-devops.json', 'json'],
];

test.each(FORMAT_CASES)('a %s file at %s is %s', (kind, path, format) => {
  expect(formatOf(kind, path)).toBe(format);
});

test('.roomodes is YAML or JSON by its first character', () => {
  expect(formatOf('roomodes', '.roomodes', 'customModes:\n')).toBe('yaml');
  expect(formatOf('roomodes', '.roomodes', '  {"customModes": []}')).toBe('json');
});

test('every detected file has a format its kind declares, and the syntax rules cover exactly their formats', () => {
  for (const [path, text] of [...CASES, ...CASES_BY_CONTENT, ...HELM_CASES]) {
    const kind = detectKind(path, text);
    if (kind) expect([path, formatsOfKind(kind).includes(formatOf(kind, path, text))]).toEqual([path, true]);
  }
  for (const kind of FILE_KINDS) expect(formatsOfKind(kind).length).toBeGreaterThan(0);
  expect(kindsWithFormat('toml')).toEqual(['package-manifest']);
  expect(kindsWithFormat('yaml')).toContain('azure-pipelines');
  expect(kindsWithFormat('yaml')).not.toContain('helm-template');
  expect(kindsWithFormat('json', 'jsonc')).toContain('terraform');
  expect(kindsWithFormat('json', 'jsonc')).not.toContain('github-actions');
});

test('path helpers: isKind, pathsOfKind, patternsOf, mayHaveKind', () => {
  const paths = ['.github/workflows/ci.yml', 'azure-pipeline.release.yml', 'Jenkinsfile', 'src/index.ts', 'Dockerfile'];
  expect(isKind('Jenkinsfile', 'jenkins')).toBe(true);
  expect(isKind('Jenkinsfile', PIPELINE_KINDS)).toBe(true);
  expect(isKind('Dockerfile', PIPELINE_KINDS)).toBe(false);
  expect(pathsOfKind(paths, PIPELINE_KINDS)).toEqual(['.github/workflows/ci.yml', 'azure-pipeline.release.yml', 'Jenkinsfile']);
  expect(pathsOfKind(paths, 'dockerfile')).toEqual(['Dockerfile']);
  // User patterns count, and win over the built-in ones.
  expect(isKind('ci/main.yml', 'github-actions', [['github-actions', ['ci/*.yml']]])).toBe(true);
  expect(isKind('Jenkinsfile', 'jenkins', [['makefile', ['Jenkinsfile']]])).toBe(false);
  expect(patternsOf('circleci', [['circleci', ['ci/circle.yml']]])).toEqual(['ci/circle.yml', '**/.circleci/config.{yml,yaml}']);
  // Files that only their content can place are still read.
  expect(mayHaveKind('.ci/publish.yml')).toBe(true);
  expect(mayHaveKind('services/web/Dockerfile-development')).toBe(true);
  expect(mayHaveKind('docs/Dockerfile-guide.md')).toBe(false);
  expect(mayHaveKind('src/index.ts')).toBe(false);
});
