/**
 * Every snippet the extension contributes must expand to text that this product
 * lints clean. Each snippet is expanded the way VS Code inserts it when the user
 * just tabs through (placeholders and choices at their defaults, variables at
 * sensible values), placed as the file it is meant for inside a small repository
 * of the shape a real one would have (the `TARGETS` table below: path, the
 * surrounding text it is inserted into, the other files), and the whole
 * repository is checked as `roo-devops check <folder>` checks it. Zero findings.
 */
import { afterAll, describe, expect, test } from 'bun:test';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCorpus } from '../scripts/corpus-report';
import { lint } from '../server/src/core/engine';
import { PLAN_SECTIONS } from '../server/src/core/plan/sections';
import type { FileKind } from '../server/src/core/types';

const ROOT = join(import.meta.dir, '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { snippets: { language: string; path: string }[] };
};

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description?: string;
}

const bodyText = (s: Snippet) => (Array.isArray(s.body) ? s.body.join('\n') : s.body);

// ---------------------------------------------------------------------------
// Expansion, as VS Code does it when every tab stop keeps its default.

/** Values of the snippet variables a person would see for a file at `path`. */
function variables(path: string): Record<string, string> {
  const base = path.split('/').pop() ?? path;
  return {
    TM_FILENAME: base,
    TM_FILENAME_BASE: base.replace(/\.[^.]*$/, ''),
    TM_DIRECTORY: dirname(path),
    TM_FILEPATH: path,
    RELATIVE_FILEPATH: path,
    WORKSPACE_NAME: 'app',
    WORKSPACE_FOLDER: 'app',
    TM_SELECTED_TEXT: '',
    TM_CURRENT_LINE: '',
    TM_CURRENT_WORD: '',
    TM_LINE_INDEX: '0',
    TM_LINE_NUMBER: '1',
    CLIPBOARD: '',
    CURRENT_YEAR: '2026',
    CURRENT_YEAR_SHORT: '26',
    CURRENT_MONTH: '01',
    CURRENT_DATE: '15',
    LINE_COMMENT: '#',
  };
}

/**
 * Expands a snippet body: `${1:x}` → x (nested placeholders expanded), `${1|a,b|}` → a,
 * `$1`/`${1}` → the default given to tab stop 1 elsewhere in the body (VS Code mirrors
 * it), else empty; `$0` → empty; `$VAR`/`${VAR}`/`${VAR:default}` → the variable's value;
 * `\$`, `\}`, `\\` → the character.
 */
export function expandSnippet(body: string, vars: Record<string, string>): string {
  const defaults = new Map<string, string>();
  let i = 0;
  // Parses until `stop` (a character ending the enclosing construct) or the end.
  const parse = (stop?: string): string => {
    let out = '';
    while (i < body.length) {
      const c = body[i];
      if (c === '\\' && i + 1 < body.length && '$}\\,|'.includes(body[i + 1])) {
        out += body[i + 1];
        i += 2;
        continue;
      }
      if (stop && c === stop) return out;
      if (c !== '$') {
        out += c;
        i++;
        continue;
      }
      const rest = body.slice(i);
      let m: RegExpExecArray | null;
      if ((m = /^\$(\d+)/.exec(rest)) || (m = /^\$\{(\d+)\}/.exec(rest))) {
        i += m[0].length;
        out += `\u0000${m[1]}\u0000`; // resolved once every default is known
        continue;
      }
      if ((m = /^\$\{(\d+)\|/.exec(rest))) {
        i += m[0].length;
        const end = body.indexOf('|}', i);
        const first = body.slice(i, end).split(/(?<!\\),/)[0].replace(/\\(.)/g, '$1');
        i = end + 2;
        defaults.set(m[1], first);
        out += first;
        continue;
      }
      if ((m = /^\$\{(\d+):/.exec(rest))) {
        i += m[0].length;
        const inner = parse('}');
        i++;
        if (!defaults.has(m[1])) defaults.set(m[1], inner);
        out += inner;
        continue;
      }
      if ((m = /^\$([A-Z_][A-Z_0-9]*)/.exec(rest)) || (m = /^\$\{([A-Z_][A-Z_0-9]*)\}/.exec(rest))) {
        i += m[0].length;
        out += vars[m[1]] ?? '';
        continue;
      }
      if ((m = /^\$\{([A-Z_][A-Z_0-9]*):/.exec(rest))) {
        i += m[0].length;
        const inner = parse('}');
        i++;
        out += vars[m[1]] ?? inner;
        continue;
      }
      out += c;
      i++;
    }
    return out;
  };
  const text = parse();
  return text.replace(/\u0000(\d+)\u0000/g, (_, n: string) => (n === '0' ? '' : (defaults.get(n) ?? '')));
}

// ---------------------------------------------------------------------------
// Where each snippet goes.

const PACKAGE_JSON = `${JSON.stringify({ name: 'app', private: true, packageManager: 'bun@1.2.23', scripts: { build: 'bun build src/index.ts --outdir dist', test: 'bun test' } }, null, 2)}\n`;
const BUN_LOCK = `{\n  "lockfileVersion": 1,\n  "workspaces": {\n    "": {\n      "name": "app",\n    },\n  },\n  "packages": {},\n}\n`;
const BUN = { 'package.json': PACKAGE_JSON, 'bun.lock': BUN_LOCK, 'src/index.ts': 'console.log("ready");\n' };
const PYPROJECT = `[tool.poetry]\nname = "app"\nversion = "0.1.0"\ndescription = "An example service"\nauthors = ["Team <team@example.com>"]\npackages = [{ include = "app" }]\n\n[tool.poetry.dependencies]\npython = "^3.12"\n\n[tool.poetry.group.dev.dependencies]\npytest = "^8.3"\n\n[build-system]\nrequires = ["poetry-core>=1.9"]\nbuild-backend = "poetry.core.masonry.api"\n`;
const POETRY = { 'pyproject.toml': PYPROJECT, 'poetry.lock': '# This file is generated by Poetry and should not be changed by hand.\npackage = []\n\n[metadata]\nlock-version = "2.0"\npython-versions = "^3.12"\ncontent-hash = "0000"\n', 'app/__init__.py': '' };
const GO = { 'go.mod': 'module example.com/app\n\ngo 1.23\n', 'go.sum': '', 'main.go': 'package main\n\nfunc main() {}\n' };
const CARGO = {
  'Cargo.toml': '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n',
  'Cargo.lock': '# This file is automatically @generated by Cargo.\n# It is not intended for manual editing.\nversion = 4\n\n[[package]]\nname = "app"\nversion = "0.1.0"\n',
  'src/main.rs': 'fn main() {}\n',
};
const DOCKERIGNORE = { '.dockerignore': '.git\nnode_modules\ntarget\n' };

/** The root module the Terraform resource and variable snippets are added to: the backend snippet at its defaults. */
const TF_MAIN = expandSnippet(
  bodyText((JSON.parse(readFileSync(join(ROOT, 'snippets/terraform.json'), 'utf8')) as Record<string, Snippet>)['Terraform: remote state and tagged provider']),
  {},
);

/** Indents every non-empty line. */
const indent = (text: string, n: number) => text.replace(/^(?=.)/gm, ' '.repeat(n));

const GHA_HEAD = 'name: CI\n\non:\n  push:\n    branches: [main]\n  pull_request:\n\npermissions:\n  contents: read\n\njobs:\n';

/** A clean text per plan section, in which a section snippet's expansion takes the place of one. */
const PLAN_BODIES: Record<string, string> = {
  'Infrastructure Architecture': [
    '## Infrastructure Architecture',
    '',
    '```mermaid',
    'flowchart LR',
    '  lb[Load balancer] --> api[API containers]',
    '  api --> db[(PostgreSQL)]',
    '```',
    '',
    'The API runs as containers behind a load balancer in one region; PostgreSQL is managed.',
  ].join('\n'),
  'Deployment Pipelines': [
    '## Deployment Pipelines',
    '',
    'Every push to `main` runs `bun install --frozen-lockfile`, `bun run build` and `bun test`, then deploys to staging;',
    'production follows after an approval. A failed smoke test rolls staging back to the previous image.',
  ].join('\n'),
  'Environment Configuration': [
    '## Environment Configuration',
    '',
    '| Setting | staging | production |',
    '|---|---|---|',
    '| API replicas | 1 | 3 |',
    '| Database size | small | large |',
    '',
    '```yaml',
    'LOG_LEVEL: info',
    'DATABASE_URL: from the secret store',
    '```',
  ].join('\n'),
  'Security Controls': [
    '## Security Controls',
    '',
    '- Each service has its own role with the least privileges it needs.',
    '- Secrets live in the cloud secret store and rotate every 90 days.',
    '- Images and dependencies are scanned on every build.',
  ].join('\n'),
  'Monitoring Setup': [
    '## Monitoring Setup',
    '',
    '| Alert | Threshold |',
    '|---|---|',
    '| API p95 latency | above 500 ms for 5 minutes |',
    '| Error rate | above 1% of requests for 5 minutes |',
  ].join('\n'),
  'Scaling Strategy': [
    '## Scaling Strategy',
    '',
    'The API scales on CPU at 70%, between 3 and 10 replicas; the database is sized for twice the peak load.',
  ].join('\n'),
  'Disaster Recovery': [
    '## Disaster Recovery',
    '',
    'Nightly database snapshots are kept for 30 days and copied to a second region.',
    '',
    '- **RTO:** 4 hours.',
    '- **RPO:** 24 hours.',
  ].join('\n'),
  'Operations Guide': [
    '## Operations Guide',
    '',
    'Set up a working copy:',
    '',
    '```bash',
    'bun install --frozen-lockfile',
    'bun run build',
    '```',
    '',
    'To roll back, redeploy the previous image tag.',
  ].join('\n'),
};

/** A complete plan document in which `section` (a heading and its text) replaces the section of the same heading. */
function planWith(section: string): string {
  const heading = /^## (.+)$/m.exec(section)?.[1];
  const parts = PLAN_SECTIONS.map((s) => (s.title === heading ? section.trimEnd() : PLAN_BODIES[s.title]));
  return `# App infrastructure\n\nHow the app is built, deployed and run.\n\n${parts.join('\n\n')}\n`;
}

/** A diagram snippet, inserted at the end of a section of a complete plan document. */
const diagramIn = (title: string): Target => ({
  path: 'plan/infrastructure.md',
  kind: 'plan-doc',
  wrap: (t) => planWith(`${PLAN_BODIES[title]}\n\n${t}`),
  files: BUN,
});

interface Target {
  /** Where the expansion is written, relative to the repository. */
  path: string;
  /** The file kind the engine must read it as. */
  kind: FileKind;
  /** The text around the expansion (identity when the snippet is a whole file). */
  wrap?: (text: string) => string;
  /** The other files of the repository. */
  files?: Record<string, string>;
}

const ECOSYSTEMS = { Bun: BUN, Poetry: POETRY, 'Go modules': GO, Cargo: CARGO } as const;

/** The four pipeline snippets of a CI system, `<system>: <ecosystem> pipeline`, each a whole file in a repository of its ecosystem. */
function pipelines(system: string, path: string, kind: FileKind): Record<string, Target> {
  return Object.fromEntries(Object.entries(ECOSYSTEMS).map(([eco, files]) => [`${system}: ${eco} pipeline`, { path, kind, files }]));
}

const TARGETS: Record<string, Target> = {
  // snippets/yaml.json
  'GitHub Actions: Bun workflow': { path: '.github/workflows/ci.yml', kind: 'github-actions', files: BUN },
  'GitHub Actions: Bun job': { path: '.github/workflows/ci.yml', kind: 'github-actions', wrap: (t) => GHA_HEAD + indent(t, 2), files: BUN },
  'GitHub Actions: Poetry job': { path: '.github/workflows/ci.yml', kind: 'github-actions', wrap: (t) => GHA_HEAD + indent(t, 2), files: POETRY },
  'GitHub Actions: Go job': { path: '.github/workflows/ci.yml', kind: 'github-actions', wrap: (t) => GHA_HEAD + indent(t, 2), files: GO },
  'GitHub Actions: Cargo job': { path: '.github/workflows/ci.yml', kind: 'github-actions', wrap: (t) => GHA_HEAD + indent(t, 2), files: CARGO },
  ...pipelines('GitLab CI', '.gitlab-ci.yml', 'gitlab-ci'),
  ...pipelines('CircleCI', '.circleci/config.yml', 'circleci'),
  ...pipelines('Azure Pipelines', 'azure-pipelines.yml', 'azure-pipelines'),
  ...pipelines('Bitbucket Pipelines', 'bitbucket-pipelines.yml', 'bitbucket-pipelines'),
  'Compose: service': { path: 'compose.yaml', kind: 'compose', wrap: (t) => `services:\n${indent(t, 2)}`, files: { '.env': 'LOG_LEVEL=info\n' } },
  'Kubernetes: Deployment with Service and PodDisruptionBudget': { path: 'k8s/api.yaml', kind: 'kubernetes' },
  'CloudFormation: tagged resource with deletion policies': { path: 'template.yaml', kind: 'cloudformation' },
  // snippets/dockerfile.json
  'Multi-stage Bun image': { path: 'Dockerfile', kind: 'dockerfile', files: { ...BUN, ...DOCKERIGNORE } },
  'Multi-stage Poetry image': { path: 'Dockerfile', kind: 'dockerfile', files: { ...POETRY, ...DOCKERIGNORE } },
  'Multi-stage Go image': { path: 'Dockerfile', kind: 'dockerfile', files: { ...GO, ...DOCKERIGNORE } },
  'Multi-stage Cargo image': { path: 'Dockerfile', kind: 'dockerfile', files: { ...CARGO, ...DOCKERIGNORE } },
  // snippets/terraform.json
  'Terraform: remote state and tagged provider': { path: 'infra/main.tf', kind: 'terraform' },
  'Terraform: tagged resource': { path: 'infra/storage.tf', kind: 'terraform', files: { 'infra/main.tf': TF_MAIN } },
  'Terraform: typed variable': { path: 'infra/variables.tf', kind: 'terraform', files: { 'infra/main.tf': TF_MAIN } },
  // snippets/markdown.json
  'Plan document skeleton': { path: 'plan/infrastructure.md', kind: 'plan-doc', files: BUN },
  'Mermaid flowchart: delivery pipeline': diagramIn('Deployment Pipelines'),
  'Mermaid architecture diagram': diagramIn('Infrastructure Architecture'),
  'Mermaid sequence diagram: deployment': diagramIn('Deployment Pipelines'),
  ...Object.fromEntries(PLAN_SECTIONS.map((s) => [`Plan section: ${s.title}`, { path: 'plan/infrastructure.md', kind: 'plan-doc', wrap: planWith, files: BUN }])),
};

// ---------------------------------------------------------------------------

const snippetFiles = [...new Set(manifest.contributes.snippets.map((s) => s.path))];
const snippets: { file: string; name: string; snippet: Snippet }[] = [];
for (const file of snippetFiles) {
  const data = JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as Record<string, Snippet>;
  for (const [name, snippet] of Object.entries(data)) snippets.push({ file, name, snippet });
}

const work = mkdtempSync(join(tmpdir(), 'roo-snippets-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

test('the expander handles placeholders, choices, mirrors, variables and escapes', () => {
  const vars = { TM_FILENAME: 'x.yml' };
  expect(expandSnippet('a ${1:b ${2:c}} $1 ${3|d,e|} $3 $0 $4 \\$x \\} $TM_FILENAME ${NOPE:f} ${TM_FILENAME}', vars)).toBe('a b c b c d d   $x } x.yml f x.yml');
});

test('every snippet file is contributed, prefixes are roo-…, and each snippet has a target', () => {
  for (const { name, snippet } of snippets) {
    const prefixes = Array.isArray(snippet.prefix) ? snippet.prefix : [snippet.prefix];
    expect(prefixes[0]).toStartWith('roo-');
    expect(snippet.description ?? '').not.toBe('');
    expect(Object.keys(TARGETS)).toContain(name);
  }
  const all = snippets.flatMap(({ snippet }) => (Array.isArray(snippet.prefix) ? snippet.prefix : [snippet.prefix])).filter((p) => p.startsWith('roo-'));
  expect(new Set(all).size).toBe(all.length);
});

/** The text a snippet leaves in its target file, tabbed through at its defaults. */
function expansion(name: string): { target: Target; text: string } {
  const found = snippets.find((s) => s.name === name);
  if (!found) throw new Error(`no snippet ${name}`);
  const target = TARGETS[name];
  return { target, text: (target.wrap ?? ((t: string) => t))(expandSnippet(bodyText(found.snippet), variables(target.path))) };
}

let repos = 0;
/** Writes the target's repository with `text` at its path, checks it as the CLI checks a folder, and returns the findings. */
function check(target: Target, text: string): string[] {
  const root = join(work, String(repos++));
  const repo = join(root, 'repo');
  for (const [rel, content] of Object.entries({ ...(target.files ?? {}), [target.path]: text })) {
    mkdirSync(dirname(join(repo, rel)), { recursive: true });
    writeFileSync(join(repo, rel), content);
  }
  const run = runCorpus(root);
  expect(run.crashes).toEqual([]);
  const lines = text.split('\n');
  return run.findings.map((f) => `${f.path}:${f.line}:${f.column} ${f.finding.ruleId} ${f.finding.message}${f.path === target.path ? ` | ${lines[f.line - 1]}` : ''}`);
}

describe('each snippet lints clean', () => {
  for (const { file, name } of snippets) {
    test(`${file}: ${name}`, () => {
      expect(TARGETS[name]).toBeDefined();
      const { target, text } = expansion(name);
      expect(lint({ path: target.path, text }).kind).toBe(target.kind);
      expect(check(target, text)).toEqual([]);
    });
  }
});

// Controls: the same repositories with one practice broken do get the finding, so a clean
// result above means the rules looked at the snippet (and the generated checkers were built).
describe('a snippet with one mistake put back is reported', () => {
  const controls: [string, (t: string) => string, string][] = [
    ['GitLab CI: Bun pipeline', (t) => t.replaceAll('bun install --frozen-lockfile', 'npm install'), 'package-manager/'],
    ['Multi-stage Cargo image', (t) => t.replace(/^USER .*$/m, ''), 'dockerfile/require-non-root-user'],
    ['Kubernetes: Deployment with Service and PodDisruptionBudget', (t) => t.replace(/^\s+readinessProbe:[\s\S]*?(?=^\s+livenessProbe:)/m, ''), 'kubernetes/require-probes'],
    ['CloudFormation: tagged resource with deletion policies', (t) => t.replace(/^\s+DeletionPolicy: Retain\n/m, ''), 'cloudformation/require-deletion-policy'],
    ['Compose: service', (t) => t.replace(/^\s+healthcheck:[\s\S]*?(?=^\s+deploy:)/m, ''), 'compose/require-healthcheck'],
    ['Plan section: Monitoring Setup', (t) => t.replace(/\| p95 latency[^\n]*\n\| Error rate[^\n]*\n/, '| Latency | watched |\n'), 'plan/monitoring-thresholds'],
  ];
  for (const [name, breakIt, rule] of controls) {
    test(`${name} → ${rule}`, () => {
      const { target, text } = expansion(name);
      const broken = breakIt(text);
      expect(broken).not.toBe(text);
      expect(check(target, broken).some((f) => f.split(' ')[1].startsWith(rule))).toBe(true);
    });
  }
  test('Terraform: tagged resource without the provider default_tags → terraform/require-tags', () => {
    const { target, text } = expansion('Terraform: tagged resource');
    const files = { 'infra/main.tf': TF_MAIN.replace(/^\s+(Owner|CostCenter)\s+=.*\n/gm, '') };
    expect(files['infra/main.tf']).not.toBe(TF_MAIN);
    expect(check({ ...target, files }, text).some((f) => f.includes('terraform/require-tags'))).toBe(true);
  });
});
