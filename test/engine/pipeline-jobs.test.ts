/**
 * The shared pipeline reader: every CI system's jobs in one shape (order, stage,
 * environment, gates, steps, images, references), and the classifications the
 * delivery-practice rules build on, as inline tables.
 */
import { describe, expect, test } from 'bun:test';
import { commandsOf } from '../../server/src/core/parse/script-commands';
import { sliceScript } from '../../server/src/core/parse/script';
import { type CiPipeline, pipelineOf, upstreamOf } from '../../server/src/core/parse/pipeline';
import { invocationChecks } from '../../server/src/core/parse/pipeline/checks';
import { hasRollbackPath, rollsBack, verifiesCommand } from '../../server/src/core/parse/pipeline/delivery';
import { commandDeployment, deploymentsOf } from '../../server/src/core/parse/pipeline/deploys';
import { imagePushes } from '../../server/src/core/parse/pipeline/image-pushes';
import { invocationOf } from '../../server/src/core/parse/pipeline/invocation';
import { echoedSecret, isCredentialLike, isSecretName, plainSecrets } from '../../server/src/core/parse/pipeline/secrets';
import { SourceFile } from '../../server/src/core/source';
import type { FileKind } from '../../server/src/core/types';

function read(kind: FileKind, path: string, text: string): CiPipeline {
  const pipeline = pipelineOf(new SourceFile(path, kind, text));
  if (!pipeline) throw new Error('no pipeline');
  return pipeline;
}

/** `id<-a,b env=x manual approval` per job, for compact expectations. */
function shape(p: CiPipeline): string[] {
  return p.jobs.map((j) => {
    const parts = [j.after.length ? `${j.id}<-${j.after.map((a) => a.id).join(',')}` : j.id];
    if (j.stage) parts.push(`stage=${j.stage}`);
    if (j.environment) parts.push(`env=${j.environment.name}`);
    if (j.manual) parts.push('manual');
    if (j.approval) parts.push('approval');
    return parts.join(' ');
  });
}

function command(text: string) {
  const [found] = commandsOf(sliceScript(text, 0, text.length), text);
  return found;
}

describe('one shape for every system', () => {
  test('GitHub Actions: needs, environment, container and service images, action and workflow references', () => {
    const p = read(
      'github-actions',
      '.github/workflows/ci.yml',
      [
        'on: push',
        'jobs:',
        '  test:',
        '    runs-on: ubuntu-latest',
        '    container: node:20',
        '    services:',
        '      db: { image: postgres:16 }',
        '    steps:',
        '      - uses: actions/checkout@v4',
        '      - run: bun test',
        '  deploy:',
        '    needs: [test]',
        '    environment: { name: production, url: https://x }',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - uses: docker://alpine:3.19',
        '  shared:',
        '    needs: deploy',
        '    uses: acme/workflows/.github/workflows/notify.yml@main',
      ].join('\n'),
    );
    expect(shape(p)).toEqual(['test', 'deploy<-test env=production', 'shared<-deploy']);
    expect(p.images.map((i) => `${i.role}:${i.value}`)).toEqual(['container:node:20', 'service:postgres:16']);
    expect(p.references.map((r) => `${r.kind}:${r.value}`)).toEqual(['action:actions/checkout@v4', 'docker-action:docker://alpine:3.19', 'reusable-workflow:acme/workflows/.github/workflows/notify.yml@main']);
    expect([...upstreamOf(p.jobs[2])].map((j) => j.id).sort()).toEqual(['deploy', 'test']);
  });

  test('GitLab CI: stage order unless needs, inherited environment and manual rules, images where written', () => {
    const p = read(
      'gitlab-ci',
      '.gitlab-ci.yml',
      [
        'stages: [build, test, deploy]',
        'default:',
        '  image: node:20',
        '.deploy:',
        '  image: { name: alpine/helm:3.15.3 }',
        '  environment: { name: production, action: start }',
        '  rules:',
        '    - if: $CI_COMMIT_TAG',
        '      when: manual',
        'build:',
        '  stage: build',
        '  script: [make]',
        'test:',
        '  script: [make test]',
        'deploy:',
        '  extends: .deploy',
        '  stage: deploy',
        '  script: [helm upgrade app ./chart]',
        'hotfix:',
        '  stage: deploy',
        '  needs: [build]',
        '  script: [echo]',
        'early:',
        '  stage: deploy',
        '  needs: []',
        '  script: [echo]',
      ].join('\n'),
    );
    expect(shape(p)).toEqual([
      'build stage=build',
      'test<-build stage=test',
      'deploy<-build,test stage=deploy env=production manual',
      'hotfix<-build stage=deploy',
      'early stage=deploy',
    ]);
    expect(p.jobs[2].environmentAction).toBe('start');
    expect(p.images.map((i) => i.value)).toEqual(['node:20', 'alpine/helm:3.15.3']);
  });

  test('CircleCI: workflow entries with requires and approvals, steps of the definition and of reusable commands', () => {
    const p = read(
      'circleci',
      '.circleci/config.yml',
      [
        'version: 2.1',
        'orbs:',
        '  aws-ecs: circleci/aws-ecs@4.0.0',
        'commands:',
        '  ship:',
        '    steps:',
        '      - run: kubectl -n << parameters.ns >> apply -f k8s/',
        'executors:',
        '  go: { docker: [{ image: cimg/go:1.22 }] }',
        'jobs:',
        '  test:',
        '    executor: go',
        '    steps: [checkout, { run: go test ./... }]',
        '  deploy:',
        '    docker: [{ image: cimg/base:2024.01 }]',
        '    steps: [ship]',
        'workflows:',
        '  main:',
        '    jobs:',
        '      - test',
        '      - hold: { type: approval, requires: [test] }',
        '      - deploy: { name: deploy-prod, requires: [hold] }',
        '      - aws-ecs/deploy-service-update: { requires: [hold] }',
      ].join('\n'),
    );
    expect(shape(p)).toEqual(['test', 'hold<-test approval', 'deploy-prod<-hold', 'aws-ecs/deploy-service-update<-hold']);
    expect(p.images.map((i) => i.value)).toEqual(['cimg/go:1.22', 'cimg/base:2024.01']);
    expect(p.references.map((r) => r.value)).toEqual(['circleci/aws-ecs@4.0.0']);
    expect(deploymentsOf(p.jobs[2]).map((d) => `${d.kind} ${d.label}`)).toEqual(['service kubectl apply']);
    expect(deploymentsOf(p.jobs[3]).map((d) => `${d.kind} ${d.label}`)).toEqual(['service aws-ecs/deploy-service-update']);
  });

  test('Azure Pipelines: stages in order unless dependsOn, deployment jobs, strategy hooks, resource containers', () => {
    const p = read(
      'azure-pipelines',
      'azure-pipelines.yml',
      [
        'resources:',
        '  containers:',
        '    - container: py',
        '      image: python:3.12',
        'stages:',
        '  - stage: Build',
        '    jobs:',
        '      - job: unit',
        '        container: py',
        '        steps: [{ script: pytest }]',
        '      - job: lint',
        '        container: { image: node:latest }',
        '        dependsOn: unit',
        '        steps: [{ script: ruff check . }]',
        '  - stage: Approve',
        '    jobs:',
        '      - job: wait',
        '        pool: server',
        '        steps: [{ task: ManualValidation@0 }]',
        '  - stage: Prod',
        '    jobs:',
        '      - deployment: web',
        '        environment: production',
        '        strategy:',
        '          runOnce:',
        '            deploy:',
        '              steps: [{ task: AzureWebApp@1 }]',
        '            on:',
        '              failure:',
        '                steps: [{ script: echo rolling back }]',
        '  - stage: Side',
        '    dependsOn: []',
        '    jobs: [{ job: docs, steps: [{ script: make docs }] }]',
      ].join('\n'),
    );
    expect(shape(p)).toEqual(['unit stage=Build', 'lint<-unit stage=Build', 'wait<-unit,lint stage=Approve approval', 'web<-wait stage=Prod env=production', 'docs stage=Side']);
    expect(p.images.map((i) => i.value)).toEqual(['python:3.12', 'node:latest']);
    expect(hasRollbackPath(p)).toBe(true);
    expect(deploymentsOf(p.jobs[3]).map((d) => d.kind)).toEqual(['service']);
  });

  test('Bitbucket Pipelines: steps in order per pipeline, parallel groups, stages lending deployment, custom pipelines manual', () => {
    const p = read(
      'bitbucket-pipelines',
      'bitbucket-pipelines.yml',
      [
        'image: node:20',
        'definitions:',
        '  steps:',
        '    - step: &test',
        '        name: Test',
        '        script: [bun test]',
        'pipelines:',
        '  branches:',
        '    main:',
        '      - parallel:',
        '          - step: *test',
        '          - step: { name: Lint, script: [bun run lint] }',
        '      - stage:',
        '          name: Ship',
        '          deployment: production',
        '          steps:',
        '            - step:',
        '                name: Deploy',
        '                image: { name: amazon/aws-cli:2.17.0 }',
        '                script:',
        '                  - pipe: atlassian/aws-ecs-deploy:1.12.1',
        '  custom:',
        '    rollback:',
        '      - step: { name: Roll back, script: [./rollback.sh] }',
      ].join('\n'),
    );
    expect(shape(p)).toEqual([
      'branches: main › Test',
      'branches: main › Lint',
      'branches: main › Deploy<-branches: main › Test,branches: main › Lint env=production',
      'custom: rollback › Roll back manual',
    ]);
    expect(p.images.map((i) => i.value)).toEqual(['node:20', 'amazon/aws-cli:2.17.0']);
    expect(p.references.map((r) => `${r.kind}:${r.value}`)).toEqual(['pipe:atlassian/aws-ecs-deploy:1.12.1']);
  });
});

describe('what a command runs', () => {
  test.each([
    ['npx --yes netlify-cli deploy --prod', 'netlify-cli', undefined],
    ['poetry run pytest -q', 'pytest', undefined],
    ['python3 -m mypy app', 'mypy', undefined],
    ['./gradlew test', 'gradle', undefined],
    ['npm run lint -- --max-warnings=0', 'npm', 'lint'],
    ['yarn workspace @acme/ui typecheck', 'yarn', 'typecheck'],
    ['pnpm --filter web test', 'pnpm', 'test'],
    ['make check', 'make', 'check'],
    ['nx affected -t lint', 'nx', 'lint'],
    ['bun test', 'bun', 'test'],
  ])('%p runs %p (script %p)', (text, tool, script) => {
    const inv = invocationOf(text.split(' '));
    expect(inv.tool).toBe(tool);
    expect(inv.script).toBe(script);
  });

  test.each([
    ['bun test', 'T'],
    ['go test ./...', 'T'],
    ['mvn -B verify', 'T'],
    ['mvn -B package -DskipTests', ''],
    ['npm run test:e2e', 'T'],
    ['sphinx-build -b linkcheck docs out', 'T'],
    ['eslint .', 'A'],
    ['tsc --noEmit', 'A'],
    ['tsc -p .', ''],
    ['ruff format .', ''],
    ['ruff format --check .', 'A'],
    ['cargo clippy -- -D warnings', 'A'],
    ['terraform plan -out plan.tfplan', 'TA'],
    ['bun run build', ''],
  ])('%p checks %p', (text, expected) => {
    const c = invocationChecks(invocationOf(text.split(' ')));
    expect(`${c.tests ? 'T' : ''}${c.analysis ? 'A' : ''}`).toBe(expected);
  });
});

describe('deploys, verification, rollback', () => {
  test.each([
    ['kubectl -n web apply -f k8s/production/', 'service kubectl apply prod'],
    ['helm upgrade --install api ./chart --atomic', 'service helm upgrade verifies'],
    ['terraform apply -auto-approve plan.tfplan', 'infrastructure terraform apply'],
    ['aws --region eu-west-1 ecs update-service --cluster c --service s', 'service aws ecs update-service'],
    ['fly deploy', 'service fly deploy verifies'],
    ['fly deploy --detach', 'service fly deploy'],
    ['vercel --prod', 'static vercel --prod prod'],
    ['vercel pull --yes', undefined],
    ['docker push ghcr.io/acme/api:1.2.3', 'publish docker push'],
    ['docker push localhost:5000/api', undefined],
    ['docker buildx build --push -t x:1 .', 'publish docker buildx build --push'],
    ['npm publish --dry-run', undefined],
    ['goreleaser release --snapshot --clean', undefined],
    ['aws s3 sync s3://bucket ./local', undefined],
    ['aws s3 sync ./dist s3://bucket', 'static aws s3 sync'],
    ['kubectl get pods', undefined],
  ])('%p deploys as %p', (text, expected) => {
    const d = commandDeployment(command(text));
    const shown = d && [d.kind, d.label, d.production ? 'prod' : '', d.verifies ? 'verifies' : ''].filter((x) => x !== '').join(' ');
    expect(shown).toBe(expected);
  });

  test.each([
    ['curl -fsS https://api.example.com/healthz', true],
    ['curl -X POST -d @payload.json https://hooks.slack.com/services/x', false],
    ['curl https://hooks.slack.com/services/x', false],
    ['kubectl rollout status deployment/web', true],
    ['aws ecs wait services-stable --cluster c --services s', true],
    ['npm run smoke', true],
    ['./scripts/smoke-test.sh', true],
    ['kubectl apply -f x.yml', false],
  ])('%p verifies: %p', (text, expected) => {
    expect(verifiesCommand(command(text))).toBe(expected);
  });

  test.each([
    ['helm rollback api 0', true],
    ['helm upgrade api ./chart --atomic', true],
    ['kubectl rollout undo deployment/web', true],
    ['aws ecs update-service --deployment-configuration deploymentCircuitBreaker={enable=true,rollback=true}', true],
    ['helm upgrade api ./chart', false],
  ])('%p rolls back: %p', (text, expected) => {
    expect(rollsBack(command(text))).toBe(expected);
  });

  test('a kubectl apply to a cluster the job creates for its tests deploys nothing', () => {
    const p = read('github-actions', '.github/workflows/e2e.yml', ['on: push', 'jobs:', '  e2e:', '    steps:', '      - uses: helm/kind-action@v1', '      - run: kubectl apply -f k8s/', ''].join('\n'));
    expect(deploymentsOf(p.jobs[0])).toEqual([]);
  });
});

describe('secrets', () => {
  test.each([
    ['NPM_TOKEN', true],
    ['githubToken', true],
    ['registry-password', true],
    ['AWS_SECRET_ACCESS_KEY', true],
    ['AWS_ACCESS_KEY_ID', false],
    ['TOKEN_URL', false],
    ['PASSWORD_FILE', false],
    ['COMPASS_URL', false],
    ['BYPASS_CACHE', false],
  ])('%p names a secret: %p', (name, expected) => {
    expect(isSecretName(name)).toBe(expected);
  });

  test.each([
    ['s3cr3tP@ssw0rd', true],
    ['postgres', false],
    ['${{ secrets.X }}', false],
    ['$(dbPassword)', false],
    ['changeme123', false],
    ['test-session-secret', false],
    ['supersecretjwtkey123', false],
    ['Tr0ub4dor&3-prod', true],
    ['AWS_SECRET_ACCESS_KEY', false],
    ['true', false],
  ])('%p looks like a credential: %p', (value, expected) => {
    expect(isCredentialLike(value)).toBe(expected);
  });

  test('credentials found by shape, but not a local test database URL', () => {
    const text = 'A: postgres://app:s3cr3t-Pw9@db.internal.example.com/app\nB: postgres://postgres:postgres@localhost:5432/app\nC: AKIA2E0A8F3B244C9986\nD: AKIAIOSFODNN7EXAMPLE\n';
    expect(plainSecrets(text).map((s) => s.kind)).toEqual(['URL credentials', 'AWS access key']);
  });

  test.each([
    ['echo "$NPM_TOKEN"', 'NPM_TOKEN'],
    ['echo ${{ secrets.DEPLOY_KEY }}', 'DEPLOY_KEY'],
    ['echo "$DOCKER_PASSWORD" | docker login -u me --password-stdin', undefined],
    ['echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > ~/.npmrc', undefined],
    ['echo "::add-mask::$API_TOKEN"', undefined],
    ['echo "Deploying $APP_NAME"', undefined],
  ])('%p prints %p', (text, expected) => {
    expect(echoedSecret(command(text))).toBe(expected);
  });
});

describe('published images', () => {
  const job = (run: string) => read('github-actions', '.github/workflows/x.yml', `on: push\njobs:\n  j:\n    steps:\n      - run: |\n${run.split('\n').map((l) => `          ${l}`).join('\n')}\n`).jobs[0];

  test.each([
    ['docker build -t acme/api .\ndocker push acme/api', 'acme/api[latest]'],
    ['docker build -t acme/api:$GITHUB_SHA -t acme/api:latest .\ndocker push --all-tags acme/api', 'acme/api[$GITHUB_SHA,latest]'],
    ['docker pull acme/api:$GITHUB_SHA\ndocker tag acme/api:$GITHUB_SHA acme/api:latest\ndocker push acme/api:latest', 'acme/api[latest] versioned'],
    ['docker push $IMAGE', '$IMAGE[$]'],
  ])('%p publishes %p', (run, expected) => {
    const { pushes, versioned } = imagePushes(job(run));
    expect(pushes.map((p) => `${p.repository}[${p.tags.join(',')}]${versioned.has(p.repository) ? ' versioned' : ''}`).join(' ')).toBe(expected);
  });
});
