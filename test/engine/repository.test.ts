/**
 * The repository layer: files parsed once and shared, buffers winning over the
 * disk, and exactly the dependents of a change handed back for re-linting.
 */
import { describe, expect, test } from 'bun:test';
import { lint } from '../../server/src/core/engine';
import { Repository } from '../../server/src/core/workspace/repository';

/** A repository over an in-memory disk that counts reads. */
function memoryRepo(files: Record<string, string>) {
  const disk = new Map(Object.entries(files));
  const reads = new Map<string, number>();
  const repo = new Repository({
    read: (p) => {
      reads.set(p, (reads.get(p) ?? 0) + 1);
      return disk.get(p);
    },
  }).addPaths(disk.keys());
  /** Lints a file as the shells do: its repository parse, its reads recorded. */
  const lintOf = (path: string) => {
    const file = repo.file(path);
    if (!file) throw new Error(`${path} has no kind`);
    return repo.track(path, (workspace) => lint(file, { workspace }));
  };
  return { disk, reads, repo, lintOf };
}

const WORKFLOW = 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: oven-sh/setup-bun@v2\n      - run: bun test\n';
const ids = (r: ReturnType<typeof lint>) => r.findings.map((f) => f.ruleId);

describe('repository', () => {
  test('a file read by several lints is read from disk and parsed once', () => {
    const { reads, repo, lintOf } = memoryRepo({
      'package.json': '{ "dependencies": { "a": "1" } }',
      '.github/workflows/a.yml': WORKFLOW,
      '.github/workflows/b.yml': WORKFLOW,
    });
    lintOf('.github/workflows/a.yml');
    lintOf('.github/workflows/b.yml');
    expect(reads.get('package.json')).toBe(1);
    expect(repo.file('package.json')).toBe(repo.file('package.json'));
  });

  test('a buffer wins over the disk, and its change returns exactly the readers of it', () => {
    const { repo, lintOf } = memoryRepo({
      'package.json': '{ "name": "x" }',
      '.github/workflows/a.yml': WORKFLOW,
      'cmd/api/main.go': 'package main\n',
      'Dockerfile': 'FROM alpine:3\n',
    });
    expect(ids(lintOf('.github/workflows/a.yml'))).not.toContain('package-manager/require-ci-steps');
    lintOf('cmd/api/main.go');
    lintOf('Dockerfile');
    const readers = repo.setBuffer('package.json', '{ "name": "x", "devDependencies": { "t": "1" } }');
    expect([...readers].sort()).toEqual(['.github/workflows/a.yml']);
    expect(ids(lintOf('.github/workflows/a.yml'))).toContain('package-manager/require-ci-steps');
    // Closing the buffer gives the disk's text back, and the same readers are told.
    expect([...repo.closeBuffer('package.json')]).toEqual(['.github/workflows/a.yml']);
    expect(ids(lintOf('.github/workflows/a.yml'))).not.toContain('package-manager/require-ci-steps');
  });

  test('the same text again changes nothing', () => {
    const { repo, lintOf } = memoryRepo({ 'package.json': '{}', '.github/workflows/a.yml': WORKFLOW });
    lintOf('.github/workflows/a.yml');
    expect(repo.setBuffer('package.json', '{}').size).toBe(0);
  });

  test('creating go.mod re-lints the Go files below it that asked for it, and nothing else', () => {
    const { disk, repo, lintOf } = memoryRepo({
      'cmd/api/main.go': 'package main\n',
      'web/app.go': 'package web\n',
      'README.yaml': 'a: 1\n',
    });
    expect(ids(lintOf('cmd/api/main.go'))).toContain('package-manager/go-modules');
    lintOf('web/app.go');
    lintOf('README.yaml');
    disk.set('cmd/go.mod', 'module x\n');
    const readers = repo.apply([{ path: 'cmd/go.mod', type: 'created' }]);
    expect([...readers]).toEqual(['cmd/api/main.go']);
    expect(ids(lintOf('cmd/api/main.go'))).not.toContain('package-manager/go-modules');
  });

  test('files of a kind follow creations, deletions and content changes of that kind', () => {
    const { disk, repo } = memoryRepo({ '.github/workflows/a.yml': WORKFLOW, 'k8s.yaml': 'a: 1\n' });
    expect(repo.filesOf('github-actions').map((f) => f.path)).toEqual(['.github/workflows/a.yml']);
    expect(repo.filesOf('kubernetes')).toEqual([]);
    disk.set('k8s.yaml', 'apiVersion: v1\nkind: ConfigMap\n');
    repo.apply([{ path: 'k8s.yaml', type: 'changed' }]);
    expect(repo.filesOf('kubernetes').map((f) => f.path)).toEqual(['k8s.yaml']);
    disk.set('.github/workflows/b.yml', WORKFLOW);
    repo.apply([{ path: '.github/workflows/b.yml', type: 'created' }]);
    expect(repo.filesOf('github-actions').map((f) => f.path)).toEqual(['.github/workflows/a.yml', '.github/workflows/b.yml']);
    disk.delete('.github/workflows/a.yml');
    repo.apply([{ path: '.github/workflows/a.yml', type: 'deleted' }]);
    expect(repo.filesOf('github-actions').map((f) => f.path)).toEqual(['.github/workflows/b.yml']);
  });

  test('a lint that read the files of a kind is re-linted when one joins', () => {
    const { disk, repo, lintOf } = memoryRepo({
      'package.json': '{ "scripts": { "build": "tsc" }, "devDependencies": { "typescript": "5" } }',
      '.github/workflows/a.yml': WORKFLOW.replace('bun test', 'bun install && bun test'),
    });
    expect(ids(lintOf('package.json'))).toContain('package-manager/require-ci-steps');
    disk.set('.github/workflows/release.yml', WORKFLOW.replace('bun test', 'bun run build'));
    const readers = repo.apply([{ path: '.github/workflows/release.yml', type: 'created' }]);
    expect(readers.has('package.json')).toBe(true);
    expect(ids(lintOf('package.json'))).not.toContain('package-manager/require-ci-steps');
  });

  test('the model lists ecosystems with their managers, pipelines with their jobs, Dockerfiles with their stages', () => {
    const { disk, repo } = memoryRepo({
      'package.json': '{}',
      'yarn.lock': '',
      'api/pyproject.toml': '[tool.poetry]\nname = "api"\n',
      'api/poetry.lock': '',
      '.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    runs-on: x\n    steps: []\n  deploy:\n    needs: [test]\n    runs-on: x\n    steps: []\n',
      'Dockerfile': 'FROM node:20 AS build\nRUN true\nFROM gcr.io/distroless/nodejs20\n',
    });
    const model = repo.model();
    expect(model.ecosystems).toEqual([
      { language: 'javascript', dir: '', manifests: ['package.json'], lockfiles: [{ path: 'yarn.lock', manager: 'yarn' }], managers: ["yarn"], hasDependencies: false },
      { language: 'python', dir: 'api', manifests: ['api/pyproject.toml'], lockfiles: [{ path: 'api/poetry.lock', manager: 'poetry' }], managers: ["poetry"], hasDependencies: true },
    ]);
    expect(model.pipelines).toMatchObject([
      { path: '.github/workflows/ci.yml', kind: 'github-actions', jobs: [{ id: 'test', needs: [] }, { id: 'deploy', needs: ['test'] }] },
    ]);
    expect(model.dockerfiles).toMatchObject([
      { path: 'Dockerfile', stages: [{ image: 'node:20', name: 'build', offset: 0 }, { image: 'gcr.io/distroless/nodejs20', name: undefined, offset: 31 }] },
    ]);
    // Each part is built once, and a change rebuilds only the parts that read the file.
    const { ecosystems, pipelines, dockerfiles } = model;
    expect(repo.model().dockerfiles).toBe(dockerfiles);
    // A change that leaves the part's value as it was keeps its object (early cut-off).
    expect(repo.apply([{ path: 'Dockerfile', type: 'changed' }]).size).toBe(0);
    expect(repo.model().dockerfiles).toBe(dockerfiles);
    disk.set('Dockerfile', 'FROM node:22\n');
    repo.apply([{ path: 'Dockerfile', type: 'changed' }]);
    expect(repo.model().dockerfiles).toMatchObject([{ path: 'Dockerfile', stages: [{ image: 'node:22', name: undefined, offset: 0 }] }]);
    expect(repo.model().ecosystems).toBe(ecosystems);
    expect(repo.model().pipelines).toBe(pipelines);
  });
});

describe('plan documents', () => {
  test('a plan document depends on the model parts it read: a provider region change re-lints it, an unrelated file does not', () => {
    const { disk, repo, lintOf } = memoryRepo({
      'infra/main.tf': 'provider "aws" {\n  region = "eu-west-1"\n}\n',
      'compose.yaml': 'services:\n  api:\n    image: a:1\n',
      'plan/infrastructure.md': '# Plan\n\n## Infrastructure Architecture\n\nEverything runs in eu-west-1, and the `api` service serves the shop.\n',
      'README.yaml': 'a: 1\n',
    });
    const plan = 'plan/infrastructure.md';
    const planRules = (r: ReturnType<typeof lint>) => ids(r).filter((id) => id.startsWith('plan/no-'));
    expect(planRules(lintOf(plan))).toEqual([]);
    lintOf('README.yaml');
    // A change to a file no part of the model read re-lints nothing.
    disk.set('README.yaml', 'a: 2\n');
    expect([...repo.apply([{ path: 'README.yaml', type: 'changed' }])]).toEqual([]);
    disk.set('infra/main.tf', 'provider "aws" {\n  region = "us-east-1"\n}\n');
    expect([...repo.apply([{ path: 'infra/main.tf', type: 'changed' }])]).toContain(plan);
    expect(planRules(lintOf(plan))).toEqual(['plan/no-contradiction']);
    // A Compose service renamed: the reference goes missing.
    disk.set('compose.yaml', 'services:\n  web:\n    image: a:1\n');
    expect([...repo.apply([{ path: 'compose.yaml', type: 'changed' }])]).toContain(plan);
    expect(planRules(lintOf(plan)).sort()).toEqual(['plan/no-contradiction', 'plan/no-missing-reference', 'plan/no-undocumented']);
  });
});

describe('reads recorded elsewhere', () => {
  test('a lint run on a worker that read a model part is re-linted when that part changes here', () => {
    const { disk, repo } = memoryRepo({ 'infra/main.tf': 'provider "aws" {\n  region = "eu-west-1"\n}\n', 'plan/infrastructure.md': '# Plan\n' });
    // The worker's record: this repository never built the part itself.
    repo.recordReads('plan/infrastructure.md', new Map([['plan/no-contradiction', new Set(['m:regions'])]]));
    disk.set('infra/main.tf', 'provider "aws" {\n  region = "us-east-1"\n}\n');
    expect([...repo.apply([{ path: 'infra/main.tf', type: 'changed' }])]).toEqual(['plan/infrastructure.md']);
  });
});

describe('GitLab includes', () => {
  test('a file pulled in by include: is GitLab CI, whatever its name, and follows the include', () => {
    const { disk, repo, lintOf } = memoryRepo({
      '.gitlab-ci.yml': 'include:\n  - local: /ci/build.yml\n  - "ci/templates/*.yml"\n  - remote: https://example.com/x.yml\n',
      'ci/build.yml': 'include: ci/deep.yaml\nbuild:\n  script:\n    - npm ci\n',
      'ci/deep.yaml': 'deep:\n  script:\n    - yarn install\n',
      'ci/templates/test.yml': 'test:\n  script: [pnpm install]\n',
      'ci/other.yml': 'other:\n  script:\n    - npm ci\n',
    });
    expect(repo.kindOf('ci/build.yml')).toBe('gitlab-ci');
    expect(repo.kindOf('ci/deep.yaml')).toBe('gitlab-ci');
    expect(repo.kindOf('ci/templates/test.yml')).toBe('gitlab-ci');
    expect(repo.kindOf('ci/other.yml')).toBe('yaml');
    expect(ids(lintOf('ci/build.yml'))).toContain('package-manager/js-commands');
    expect(ids(lintOf('ci/other.yml'))).toEqual([]);
    // The root file stops including build.yml: it (and what only it included) is plain YAML again, and re-linted.
    disk.set('.gitlab-ci.yml', 'include:\n  - local: ci/other.yml\n');
    const readers = repo.apply([{ path: '.gitlab-ci.yml', type: 'changed' }]);
    expect([...readers].sort()).toEqual(['ci/build.yml', 'ci/deep.yaml', 'ci/other.yml', 'ci/templates/test.yml']);
    expect(repo.kindOf('ci/build.yml')).toBe('yaml');
    expect(repo.kindOf('ci/deep.yaml')).toBe('yaml');
    expect(ids(lintOf('ci/other.yml'))).toContain('package-manager/js-commands');
    expect(repo.filesOf('gitlab-ci').map((f) => f.path)).toEqual(['.gitlab-ci.yml', 'ci/other.yml']);
  });

  test('a new file matching an include glob joins', () => {
    const { disk, repo } = memoryRepo({ '.gitlab-ci.yml': 'include: "jobs/*.yml"\n', 'jobs/a.yml': 'a:\n  script: [true]\n' });
    expect(repo.filesOf('gitlab-ci').map((f) => f.path)).toEqual(['.gitlab-ci.yml', 'jobs/a.yml']);
    disk.set('jobs/b.yml', 'b:\n  script: [true]\n');
    repo.apply([{ path: 'jobs/b.yml', type: 'created' }]);
    expect(repo.kindOf('jobs/b.yml')).toBe('gitlab-ci');
    expect(repo.filesOf('gitlab-ci').map((f) => f.path)).toEqual(['.gitlab-ci.yml', 'jobs/a.yml', 'jobs/b.yml']);
  });
});

describe('rule-level re-use', () => {
  test('a change elsewhere runs again only the rules that read it; the others keep their findings', async () => {
    const { RepositoryLinter } = await import('../../server/src/core/linter');
    const { DEFAULT_CONFIG } = await import('../../server/src/core/config');
    const { RULES } = await import('../../server/src/core/rules');
    const { disk, repo } = memoryRepo({
      'package.json': '{ "name": "x" }',
      '.github/workflows/a.yml': WORKFLOW.replace('bun test', 'npm test'),
    });
    const linter = new RepositoryLinter(repo);
    const first = linter.lint('.github/workflows/a.yml', DEFAULT_CONFIG);
    expect(first?.findings.map((f) => f.ruleId)).toContain('package-manager/js-commands');
    // Count the rule runs of the next lint.
    const runs: string[] = [];
    const originals = RULES.map((r) => r.check);
    RULES.forEach((r, i) => {
      (r as { check: typeof r.check }).check = (ctx) => {
        runs.push(r.id);
        return originals[i](ctx);
      };
    });
    try {
      disk.set('package.json', '{ "name": "x", "devDependencies": { "t": "1" } }');
      const readers = repo.apply([{ path: 'package.json', type: 'changed' }]);
      expect([...readers]).toEqual(['.github/workflows/a.yml']);
      expect([...repo.staleRules('.github/workflows/a.yml')]).toEqual(['package-manager/require-ci-steps']);
      const second = linter.lint('.github/workflows/a.yml', DEFAULT_CONFIG);
      expect(runs).toEqual(['package-manager/require-ci-steps']);
      // js-commands's finding is the same object, kept; require-ci-steps now reports the missing install.
      expect(second?.findings.find((f) => f.ruleId === 'package-manager/js-commands')).toBe(first?.findings.find((f) => f.ruleId === 'package-manager/js-commands'));
      expect(second?.findings.map((f) => f.ruleId)).toContain('package-manager/require-ci-steps');
      // A new configuration object runs every rule.
      runs.length = 0;
      linter.lint('.github/workflows/a.yml', { ...DEFAULT_CONFIG });
      expect(runs.length).toBeGreaterThan(3);
    } finally {
      RULES.forEach((r, i) => {
        (r as { check: typeof r.check }).check = originals[i];
      });
    }
  });
});

describe('early cut-off', () => {
  test('a manifest edit that leaves the ecosystems as they were re-lints no pipeline; one that changes them does', () => {
    const { disk, repo, lintOf } = memoryRepo({
      'web/package.json': '{ "name": "web", "dependencies": { "hono": "4" } }',
      '.github/workflows/a.yml': WORKFLOW,
    });
    lintOf('.github/workflows/a.yml');
    disk.set('web/package.json', '{ "name": "web", "description": "x", "dependencies": { "hono": "4" } }');
    expect([...repo.apply([{ path: 'web/package.json', type: 'changed' }])]).toEqual([]);
    disk.set('web/package.json', '{ "name": "web" }');
    expect([...repo.apply([{ path: 'web/package.json', type: 'changed' }])]).toEqual(['.github/workflows/a.yml']);
  });
});
