/**
 * The plan-document rules beyond their fixtures: fix-all over several missing
 * sections in a row, the queries they share (setup commands, manager mentions,
 * code-span paths, stated values), heading offers, and which plan files get
 * which rules.
 */
import { expect, test } from 'bun:test';
import { lint } from '../../server/src/core/engine';
import { fixUntilStable } from '../../server/src/core/fixes';
import { isSetupCommand } from '../../server/src/core/parse/plan-commands';
import { looksLikeRepoPath } from '../../server/src/core/parse/plan-links';
import { foreignManagerMentions } from '../../server/src/core/parse/plan-managers';
import { DURATION, THRESHOLD } from '../../server/src/core/parse/plan-values';
import { headingOffers } from '../../server/src/core/plan/heading-completion';
import { PLAN_SECTIONS } from '../../server/src/core/plan/sections';
import { SourceFile } from '../../server/src/core/source';
import { DEFAULT_PACKAGE_MANAGERS } from '../../server/src/core/types';

const planFindings = (path: string, text: string) => lint({ path, text }).findings.filter((f) => f.ruleId.startsWith('plan/'));

test('fix-all fills a run of missing sections in order, one per pass, and keeps what the author wrote', () => {
  const text = '# Infrastructure\n\n## Operations Guide\n\nSet up a workstation:\n\n```bash\nbun install\n```\n';
  const done = fixUntilStable(text, (t) => ({ findings: planFindings('plan/infrastructure.md', t).filter((f) => f.ruleId === 'plan/sections') }), {
    safeOnly: true,
    maxPasses: 20,
  });
  expect(done.result.findings).toEqual([]);
  const headings = done.text.split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3));
  expect(headings).toEqual(PLAN_SECTIONS.map((s) => s.title));
  expect(done.text).toContain('## Operations Guide\n\nSet up a workstation:\n\n```bash\nbun install\n```\n');
});

test('CRLF documents get CRLF skeletons', () => {
  const text = '# Plan\r\n\r\n## Infrastructure Architecture\r\n\r\nALB.\r\n';
  const f = planFindings('plan/deployment.md', text).find((x) => x.ruleId === 'plan/sections');
  expect(f?.fixes[0].edits[0].newText).toBe('\r\n## Deployment Pipelines\r\n\r\nTODO: The CI/CD workflows and the stages a change goes through.\r\n');
});

test('other plan/*.md files get only plan/no-broken-links', () => {
  const text = '# Notes\n\nTODO: everything. See [x](#nowhere).\n';
  expect(planFindings('plan/notes.md', text).map((f) => f.ruleId)).toEqual(['plan/no-broken-links']);
  expect(new Set(planFindings('plan/infrastructure.md', text).map((f) => f.ruleId)).size).toBeGreaterThan(3);
});

test('setup commands: install, init, apply, deploy; not tests, builds or words in echo', () => {
  for (const c of ['bun install', 'poetry install --no-root', 'terraform -chdir=infra init', 'kubectl apply -f k8s/', 'helm upgrade --install api ./chart', 'docker compose up -d', 'go mod download', 'aws cloudformation deploy --template-file t.yaml', 'make bootstrap', './scripts/deploy.sh', 'ansible-playbook site.yml', 'npm ci']) {
    expect([c, isSetupCommand(c.split(' '))]).toEqual([c, true]);
  }
  for (const c of ['bun test', 'docker build -t x .', 'echo install', 'terraform plan', 'kubectl get pods', 'cat install.md']) {
    expect([c, isSetupCommand(c.split(' '))]).toEqual([c, false]);
  }
});

test('code spans that name repository paths, and those that do not', () => {
  for (const p of ['infra/main.tf', '.github/workflows/deploy.yml', './scripts/deploy.sh', '../README.md', 'charts/api/', '.github/workflows']) expect([p, looksLikeRepoPath(p)]).toEqual([p, true]);
  for (const p of ['main.tf', 'actions/checkout', 'ghcr.io/acme/api', 'oven-sh/setup-bun@v2', 'github.com/acme/x/blob/main/a.go', '/etc/nginx/nginx.conf', '~/.aws/config', 'infra/*.tf', '${DIR}/a.yml', 'go build ./...', 'https://x.io/a.md', 'k8s/overlays/<env>/kustomization.yaml']) {
    expect([p, looksLikeRepoPath(p)]).toEqual([p, false]);
  }
});

test('manager mentions: recommendations, not refusals, bootstraps or registries', () => {
  const mentions = (prose: string) => foreignManagerMentions(new SourceFile('plan/infrastructure.md', 'plan-doc', `# P\n\n${prose}\n`), DEFAULT_PACKAGE_MANAGERS).map((m) => m.manager);
  expect(mentions('Install the dependencies with npm.')).toEqual(['npm']);
  expect(mentions('Run `yarn install` in `web/`.')).toEqual(['yarn']);
  expect(mentions('Pipenv manages nothing here; use Poetry. The API uses pipenv install for now.')).toEqual(['pipenv']);
  expect(mentions('Do not use npm or Yarn.')).toEqual([]);
  expect(mentions('We moved away from pnpm last year.')).toEqual([]);
  expect(mentions('Run `npm install -g bun` once, then `pip install poetry`.')).toEqual([]);
  expect(mentions('The SDK is published to the npm registry.')).toEqual([]);
  expect(mentions('Someone suggested `pip install -r requirements.txt`. We will not.')).toEqual([]);
  expect(mentions('Vendor with `dep ensure` as before.')).toEqual(['dep']);
});

test('durations and thresholds', () => {
  for (const d of ['4 hours', '15min', '1h', 'PT4H', 'an hour', 'zero', 'RPO: 0', 'near-zero']) expect([d, DURATION.test(d)]).toEqual([d, true]);
  for (const d of ['TBD', 'to be agreed', '2024', 'v0.1']) expect([d, DURATION.test(d)]).toEqual([d, false]);
  for (const t of ['p95 > 500 ms', 'error rate above 1%', 'CPU 80%', 'expr: up == 0 or x >= 0.9', 'memory over 2 GiB', '100 rps']) expect([t, THRESHOLD.test(t)]).toEqual([t, true]);
  for (const t of ['we alert on high latency', 'port 9090', 'Prometheus 2 and Grafana']) expect([t, THRESHOLD.test(t)]).toEqual([t, false]);
});

test('heading offers: at the level the document uses, not in code, not after text', () => {
  const doc = (text: string) => {
    const offset = text.indexOf('|');
    return headingOffers(new SourceFile('plan/deployment.md', 'plan-doc', text.replace('|', '')), offset);
  };
  // One level under the title; without a title, the level of the sections already written.
  expect(doc('# D\n\n### Infrastructure Architecture\n\nx\n\n#|\n')[0].heading).toBe('## Deployment Pipelines');
  expect(doc('### Infrastructure Architecture\n\nx\n\n#|\n')[0].heading).toBe('### Deployment Pipelines');
  expect(doc('# D\n\n##|\n')[0].heading).toBe('## Infrastructure Architecture');
  expect(doc('# D\n\n```md\n##|\n```\n')).toEqual([]);
  expect(doc('# D\n\ntext ##|\n')).toEqual([]);
  expect(doc('# D\n\n##| trailing\n')).toEqual([]);
  expect(new SourceFile('plan/notes.md', 'plan-doc', '##').path && headingOffers(new SourceFile('plan/notes.md', 'plan-doc', '##'), 2)).toEqual([]);
});

test('hostile plans: many sentences with code spans, unclosed tags, many mermaid blocks — no pass over the document per item', () => {
  const text = [
    '# Plan',
    '',
    '## Monitoring Setup',
    '',
    Array.from({ length: 5_000 }, (_, i) => `Use \`npm ci\` in step ${i}.`).join('\n'),
    '',
    '<a '.repeat(20_000),
    '',
    ...Array.from({ length: 1_000 }, () => '```mermaid\ngraph LR\n  a --> b\n```\n'),
    '## Disaster Recovery',
    '',
    'RTO '.repeat(20_000),
    '',
  ].join('\n');
  const file = new SourceFile('plan/infrastructure.md', 'plan-doc', text);
  // The Markdown parse is shared by every rule of the kind and timed elsewhere; this times the plan rules' own work.
  void file.markdown;
  const started = performance.now();
  const findings = lint(file).findings.filter((f) => f.ruleId.startsWith('plan/'));
  // Generous: through the quadratic paths these inputs took seconds; linear work takes a small part of this.
  expect(performance.now() - started).toBeLessThan(3000);
  // Each sentence recommends npm; the engine keeps the first thousand findings of a file.
  expect(findings.filter((f) => f.ruleId === 'plan/package-manager-requirements').length).toBeGreaterThan(900);
  expect(findings.some((f) => f.ruleId === 'plan/monitoring-thresholds')).toBe(true);
}, 30_000);
