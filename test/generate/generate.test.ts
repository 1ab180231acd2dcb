/**
 * The plan generators: expected documents for the example workspace and three
 * repository shapes (`<shape>/repo/` → `<shape>/expected/{infrastructure,deployment}.md`,
 * rewritten by `UPDATE_FIXTURES=1` for review), each linted again as the plan
 * document of its repository to zero findings of every rule; the merge into an
 * existing document, which must never lose a byte the author wrote.
 */
import { describe, expect, test } from 'bun:test';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lint } from '../../server/src/core/engine';
import { generatePlan, QUESTION_PREFIX } from '../../server/src/core/plan/generate';
import { mergePlan } from '../../server/src/core/plan/merge';
import { proposePlan } from '../../server/src/core/plan/propose';
import { PLAN_SECTIONS, type PlanDocumentKind, sectionOfHeading } from '../../server/src/core/plan/sections';
import { parseMarkdown } from '../../server/src/core/parse/markdown-doc';
import type { RepositoryModel } from '../../server/src/core/workspace/model';
import { EMPTY_WORKSPACE } from '../../server/src/core/workspace/view';
import { listFiles, loadConfig, workspaceView } from '../../server/src/node/workspace';

const HERE = import.meta.dir;
const UPDATE = process.env.UPDATE_FIXTURES === '1';
const KINDS: PlanDocumentKind[] = ['infrastructure', 'deployment'];

/** Each shape: where its repository is, and where its expected documents go. */
const SHAPES = [
  { name: 'examples', repo: join(HERE, '../../examples') },
  ...readdirSync(HERE)
    .filter((d) => existsSync(join(HERE, d, 'repo')))
    .sort()
    .map((name) => ({ name, repo: join(HERE, name, 'repo') })),
];

function open(root: string) {
  const loaded = loadConfig(root);
  const repository = workspaceView(listFiles(root, loaded.config.ignore), root, loaded.config.kinds);
  return { config: loaded.config, repository };
}

test('the three repository shapes of the issue are there', () => {
  expect(SHAPES.map((s) => s.name).sort()).toEqual(['bun-monorepo-terraform-aws', 'examples', 'go-rust-compose', 'poetry-kubernetes-helm']);
});

for (const shape of SHAPES) {
  describe(shape.name, () => {
    for (const kind of KINDS) {
      test(`${kind}.md is the expected document, and generating again gives the same bytes`, () => {
        const { config, repository } = open(shape.repo);
        // From the repository alone: the example workspace's own (deliberately broken) plan document is not merged in.
        const first = proposePlan(kind, repository, config.packageManagers, undefined).text;
        const again = proposePlan(kind, open(shape.repo).repository, config.packageManagers, undefined).text;
        expect(again).toBe(first);
        const expectedPath = join(HERE, shape.name, 'expected', `${kind}.md`);
        if (UPDATE || !existsSync(expectedPath)) {
          mkdirSync(join(HERE, shape.name, 'expected'), { recursive: true });
          writeFileSync(expectedPath, first);
        }
        expect(first).toBe(readFileSync(expectedPath, 'utf8'));
      });

      test(`${kind}.md, linted as the repository's plan/${kind}.md, has no finding of any rule`, () => {
        const { config, repository } = open(shape.repo);
        const text = readFileSync(join(HERE, shape.name, 'expected', `${kind}.md`), 'utf8');
        const path = `plan/${kind}.md`;
        repository.addPaths([path]);
        repository.setBuffer(path, text);
        const result = lint(repository.file(path)!, { config, workspace: repository });
        expect(result.crashes).toEqual([]);
        expect(result.findings.map((f) => `${f.range.start} ${f.ruleId} ${f.message}`)).toEqual([]);
      });

      test(`${kind}.md has the eight sections in order, a diagram, and no placeholder`, () => {
        const text = readFileSync(join(HERE, shape.name, 'expected', `${kind}.md`), 'utf8');
        const doc = parseMarkdown(text);
        const sections = doc.headings.filter((h) => h.depth === 2).map((h) => sectionOfHeading(h.text)?.id);
        expect(sections).toEqual(PLAN_SECTIONS.map((s) => s.id));
        expect(doc.fences.filter((f) => f.language === 'mermaid').length).toBeGreaterThan(0);
        expect(text).not.toMatch(/\b(?:TODO|TBD|FIXME)\b/);
        expect(text).toContain(QUESTION_PREFIX);
      });
    }
  });
}

const R = { start: 0, end: 0 };
const job = (id: string, after: string[] = []) => ({ id, needs: after, after, manual: false, deploys: [] });

const MODEL: RepositoryModel = {
  ...EMPTY_WORKSPACE.model(),
  ecosystems: [
    { language: 'javascript', dir: '', manifests: ['package.json'], lockfiles: [{ path: 'bun.lock', manager: 'bun' }], managers: ['bun'], hasDependencies: true },
    { language: 'python', dir: 'svc "api"', manifests: ['svc "api"/pyproject.toml'], lockfiles: [], managers: ['poetry'], hasDependencies: true },
  ],
  pipelines: [
    {
      path: '.github/workflows/ci.yml',
      kind: 'github-actions',
      jobs: [job('build'), job('test<1>', ['build']), { ...job('deploy "prod"', ['test<1>', 'missing']), environment: 'production', manual: true }],
      triggers: [{ kind: 'push', event: 'push', range: R }],
      environments: [{ name: 'production', job: 'deploy "prod"', range: R }],
      secrets: [{ name: 'DEPLOY_TOKEN', range: R }],
    },
  ],
  dockerfiles: [
    {
      path: 'Dockerfile',
      stages: [
        { image: 'oven/bun:1.1', name: 'build', offset: 0 },
        { image: 'build', name: undefined, offset: 40 },
      ],
      baseImages: [{ image: 'oven/bun:1.1', name: 'oven/bun', tag: '1.1', range: R }],
      exposedPorts: ['3000'],
    },
  ],
};

describe('generatePlan', () => {
  test('quotes every label and draws each `needs` edge between generated ids', () => {
    const text = generatePlan('deployment', MODEL);
    const diagrams = parseMarkdown(text).fences.filter((f) => f.language === 'mermaid').map((f) => f.value);
    const pipeline = diagrams.find((d) => d.includes('subgraph') && d.includes('#quot;prod#quot;') && !d.includes('Repository'))!;
    expect(pipeline).toContain('["test#lt;1#gt;"]');
    expect(pipeline).toContain('["deploy #quot;prod#quot; (manual, to production)"]');
    expect(pipeline).toMatch(/n\d+ --> n\d+/);
    // A need naming no job of the file draws nothing.
    expect(pipeline).not.toContain('missing');
    for (const d of diagrams) for (const line of d.split('\n').slice(1)) expect(line).toMatch(/^\s*(?:n\d+|subgraph g\d+\[".*"\]|end)(?:\W|$)/);
  });

  test('init commands in the policy’s managers, with the folder quoted for the shell', () => {
    const text = generatePlan('infrastructure', MODEL);
    expect(text).toContain('bun install --frozen-lockfile');
    expect(text).toContain(`(cd 'svc "api"' && poetry install)`);
    const pip = generatePlan('infrastructure', MODEL, { packageManagers: { javascript: 'bun', python: 'uv', go: 'modules', rust: 'cargo' } });
    expect(pip).toContain('uv sync --frozen');
    expect(pip).toContain('pyproject.toml`](../svc%20%22api%22/pyproject.toml) belongs to another package manager than uv');
  });

  test('a stage built on an earlier stage is no base image of the diagram', () => {
    const text = generatePlan('infrastructure', MODEL);
    expect(text).toContain('("oven/bun:1.1")');
    expect(text).not.toContain('("build")');
  });
});

describe('mergePlan', () => {
  const generated = generatePlan('infrastructure', MODEL);

  test('into nothing: the generated document', () => {
    expect(mergePlan('', generated).text).toBe(generated);
    const blank = mergePlan('\n\n', generated);
    expect(blank.additions).toEqual(['the whole document']);
    expect(blank.text).toBe(`${generated}\n\n`);
    expect(mergePlan(blank.text, generated).additions).toEqual([]);
  });

  test('into itself: nothing to add', () => {
    expect(mergePlan(generated, generated)).toEqual({ text: generated, additions: [], edits: [] });
  });

  test('over a document the author edited: every line kept byte for byte, missing sections added in order, twice is once', () => {
    const edited = [
      '# Our platform',
      '',
      'Intro written by hand.   ',
      '',
      '## 1. Infrastructure Architecture',
      '',
      'We run on two VMs. Nothing generated here.',
      '',
      '## Appendix (ours)',
      '',
      'Keep me.',
      '',
      '## Disaster Recovery',
      '',
      '- RTO: 4 hours',
      '- RPO: 15 minutes',
      '',
      '| Component | File | Details |',
      '| --- | --- | --- |',
    ].join('\r\n');
    const once = mergePlan(edited, generated);
    // Every line of the author, in order, byte for byte (CRLF kept).
    const lines = once.text.split('\r\n');
    let at = 0;
    for (const line of edited.split('\r\n')) {
      at = lines.indexOf(line, at);
      expect(at).toBeGreaterThanOrEqual(0);
    }
    expect(once.text.replace(/\r\n/g, '')).not.toContain('\n');
    const order = parseMarkdown(once.text).headings.map((h) => sectionOfHeading(h.text)?.id ?? h.text);
    expect(order).toEqual([
      'Our platform',
      'infrastructure-architecture',
      // Right after the previous section present, as the plan/sections quick fix inserts them.
      'deployment-pipelines',
      'environment-configuration',
      'security-controls',
      'monitoring-setup',
      'scaling-strategy',
      'Appendix (ours)',
      'disaster-recovery',
      'operations-guide',
    ]);
    expect(once.additions).toContain('a diagram in Infrastructure Architecture');
    expect(once.additions).toContain('section Operations Guide');
    // The author's section keeps its text; the diagram comes after it.
    expect(once.text).toContain('We run on two VMs. Nothing generated here.\r\n\r\n```mermaid');
    const twice = mergePlan(once.text, generated);
    expect(twice.additions).toEqual([]);
    expect(twice.text).toBe(once.text);
    // The edits are the whole diff.
    let rebuilt = edited;
    for (const e of [...once.edits].reverse()) rebuilt = rebuilt.slice(0, e.offset) + e.text + rebuilt.slice(e.offset);
    expect(rebuilt).toBe(once.text);
  });

  test('table rows for new items, after the author’s rows', () => {
    const base = generatePlan('infrastructure', { ...MODEL, dockerfiles: [] });
    const richer = generatePlan('infrastructure', MODEL);
    const merged = mergePlan(base, richer);
    expect(merged.additions).toContain('1 row in the table of Infrastructure Architecture');
    expect(merged.text).toContain('| pipeline GitHub Actions | [`.github/workflows/ci.yml`](../.github/workflows/ci.yml) | 3 jobs |\n| container image | [`Dockerfile`](../Dockerfile) |');
    expect(mergePlan(merged.text, richer).additions).toEqual([]);
  });

  test('sections at the document’s own heading level', () => {
    const merged = mergePlan('# Deployment Pipelines\n\nOurs.\n', generated);
    const depths = parseMarkdown(merged.text).headings.filter((h) => sectionOfHeading(h.text)).map((h) => h.depth);
    expect(new Set(depths)).toEqual(new Set([1]));
    expect(merged.text.startsWith('# Infrastructure Architecture')).toBe(true);
  });

  test('a table the author reshaped (another column) gets no rows; a heading inside a code block is no section', () => {
    const base = generatePlan('infrastructure', { ...MODEL, dockerfiles: [] });
    const reshaped = base.replace('| Component | File | Details |\n| --- | --- | --- |', '| Component | File | Details | Owner |\n| --- | --- | --- | --- |');
    const merged = mergePlan(reshaped, generatePlan('infrastructure', MODEL));
    expect(merged.additions.some((a) => a.includes('row'))).toBe(false);
    const fenced = mergePlan('# Plan\n\n```markdown\n## Disaster Recovery\n```\n', generated);
    expect(fenced.additions).toContain('section Disaster Recovery');
    expect(fenced.text.startsWith('# Plan\n\n```markdown\n## Disaster Recovery\n```\n')).toBe(true);
  });

  test('seeded random edits of a generated document: every remaining line kept in order, and a second merge adds nothing', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (let round = 0; round < 60; round++) {
      const lines = generated.split('\n');
      const edited: string[] = [];
      for (const line of lines) {
        const r = random();
        if (r < 0.15) continue; // deleted
        if (r < 0.25) edited.push(`${line} (edited ${round})`);
        else edited.push(line);
        if (random() < 0.03) edited.push(`A line the author added in round ${round}.`);
      }
      const mine = edited.join(random() < 0.3 ? '\r\n' : '\n');
      const eol = mine.includes('\r\n') ? '\r\n' : '\n';
      const once = mergePlan(mine, generated);
      const out = once.text.split(eol);
      let at = 0;
      for (const line of mine.split(eol)) {
        at = out.indexOf(line, at);
        expect(at).toBeGreaterThanOrEqual(0);
        at++;
      }
      expect(mergePlan(once.text, generated).additions).toEqual([]);
    }
  });
});
