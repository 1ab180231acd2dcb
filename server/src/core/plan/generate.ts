/**
 * The plan documents written from the repository model: `plan/infrastructure.md`
 * and `plan/deployment.md`, each with the eight sections of `sections.ts`, in
 * order, filled with what the files say — diagrams, tables, linked and excerpted
 * files, the initialization commands in the policy's managers — and, where the
 * files cannot answer (objectives, thresholds, on-call), a visible question for
 * the author instead of an invented value or a placeholder.
 *
 * Pure and deterministic: the same model and options give the same text, byte
 * for byte (everything sorted, no dates), so running the generator twice and
 * merging (`merge.ts`) changes nothing the second time.
 */
import { DEFAULT_PACKAGE_MANAGERS, type PackageManagers, type PipelineKind } from '../types';
import type { Pipeline, RepositoryModel } from '../workspace/model';
import { initCommand, LANGUAGE_NAMES, lockfileOf, managerName, policyManager } from './init-commands';
import { Flowchart } from './mermaid-text';
import { PLAN_SECTIONS, type PlanDocumentKind } from './sections';

export interface GenerateOptions {
  /** The policy's managers (`packageManagers` of the configuration); the product's defaults when omitted. */
  packageManagers?: PackageManagers;
  /** A repository file's text, for excerpts; without it files are linked, not excerpted. */
  readFile?: (path: string) => string | undefined;
}

/** The prefix of every question the generator leaves for the author; `merge.ts` and the tests know it. */
export const QUESTION_PREFIX = '> **Question for the author:**';

/** Nodes drawn in one diagram at most: past that a diagram stops being read, and the tables list everything. */
const MAX_DIAGRAM_NODES = 60;
/** Files excerpted per section at most; the tables link every one. */
const MAX_EXCERPTS = 4;
/** Lines of one excerpt. */
const EXCERPT_LINES = 12;

const PIPELINE_SYSTEMS: Record<PipelineKind, string> = {
  'github-actions': 'GitHub Actions',
  'gitlab-ci': 'GitLab CI',
  circleci: 'CircleCI',
  'azure-pipelines': 'Azure Pipelines',
  'bitbucket-pipelines': 'Bitbucket Pipelines',
  jenkins: 'Jenkins',
};

interface Context {
  kind: PlanDocumentKind;
  model: RepositoryModel;
  managers: PackageManagers;
  readFile: ((path: string) => string | undefined) | undefined;
}

type SectionWriter = (ctx: Context) => string[];

export function generatePlan(kind: PlanDocumentKind, model: RepositoryModel, options: GenerateOptions = {}): string {
  const ctx: Context = { kind, model, managers: options.packageManagers ?? DEFAULT_PACKAGE_MANAGERS, readFile: options.readFile };
  const out: string[] = [];
  out.push(kind === 'infrastructure' ? '# Infrastructure' : '# Deployment', '');
  out.push(
    kind === 'infrastructure'
      ? 'How this repository is built, where it runs and how it is operated, written by Roo DevOps from the files of the repository. Facts come from the files linked below; every question for the author marks something the files cannot tell.'
      : 'How a change travels from a commit to the environments it runs in, written by Roo DevOps from the pipelines of the repository. Facts come from the files linked below; every question for the author marks something the files cannot tell.',
    '',
  );
  const writers = kind === 'infrastructure' ? INFRASTRUCTURE : DEPLOYMENT;
  for (const section of PLAN_SECTIONS) {
    out.push(`## ${section.title}`, '', ...trimBlank(writers[section.id](ctx)), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

// ---- sections of plan/infrastructure.md -------------------------------------

const INFRASTRUCTURE: Record<string, SectionWriter> = {
  'infrastructure-architecture': (ctx) => [
    ...architectureSummary(ctx),
    '',
    ...architectureDiagram(ctx),
    '',
    ...componentTable(ctx),
    '',
    question(
      ctx.model.dockerfiles.length > 0
        ? 'Where do the container images run (cloud provider, account, region, orchestrator), and which registry holds them? The repository holds no infrastructure-as-code that says so.'
        : 'Where does this system run (cloud provider, account, region), and which of its parts are managed services? The repository holds no infrastructure-as-code that says so.',
    ),
  ],
  'deployment-pipelines': (ctx) => [...pipelineSummary(ctx), '', ...pipelineDiagram(ctx), '', ...pipelineTable(ctx), '', ...excerpts(ctx, ctx.model.pipelines.map((p) => p.path))],
  'environment-configuration': (ctx) => [
    ...environmentTable(ctx),
    '',
    ...packageManagerSection(ctx),
  ],
  'security-controls': (ctx) => [
    ...securityFacts(ctx),
    '',
    question('Where are secrets stored, who can read the production ones, and how often are they rotated?'),
    '',
    question('Which network boundaries separate the environments, and how is access to them granted and audited?'),
  ],
  'monitoring-setup': () => [
    'The repository holds no monitoring or alerting configuration the generator reads (Prometheus rules, Grafana dashboards, cloud alarms).',
    '',
    question('What is monitored (availability, latency, error rate, saturation), and at which thresholds does an alert page someone?'),
  ],
  'scaling-strategy': (ctx) => [
    ...scalingFacts(ctx),
    '',
    question('How does each service scale (fixed replicas or auto-scaling, on which metric, between which bounds), and what load is the system sized for?'),
  ],
  'disaster-recovery': () => [
    'The repository configures no backups the generator reads.',
    '',
    question('What are the recovery time objective (RTO) and the recovery point objective (RPO), and how are backups taken, kept and restored?'),
    '',
    question('When was a restore last tested, and where is the recovery procedure written down?'),
  ],
  'operations-guide': (ctx) => [
    ...workstationSetup(ctx),
    '',
    question('Who is on call, how is an incident declared and escalated, and where are the runbooks for the common failures?'),
  ],
};

// ---- sections of plan/deployment.md ------------------------------------------

const DEPLOYMENT: Record<string, SectionWriter> = {
  'infrastructure-architecture': (ctx) => [
    'What the pipelines deliver: the projects of the repository and the container images built from it.',
    '',
    ...architectureDiagram(ctx),
    '',
    ...componentTable(ctx),
    '',
    question('Which deploy target receives each artifact (cluster, service, function, static host), and in which account and region?'),
  ],
  'deployment-pipelines': (ctx) => [
    ...pipelineSummary(ctx),
    '',
    ...pipelineDiagram(ctx),
    '',
    ...pipelineTable(ctx),
    '',
    ...excerpts(ctx, ctx.model.pipelines.map((p) => p.path)),
    '',
    question('Which branches and tags start a deployment, and which checks must pass before one starts?'),
  ],
  'environment-configuration': (ctx) => [
    ...environmentTable(ctx),
    '',
    question('In which order is a change promoted through the environments, and who approves the production step?'),
    '',
    ...packageManagerSection(ctx),
  ],
  'security-controls': (ctx) => [
    ...securityFacts(ctx),
    '',
    question('Which credentials do the deploy jobs use, how narrowly are they scoped, and how are they rotated?'),
  ],
  'monitoring-setup': () => [
    'The pipelines hold no deployment verification the generator reads (smoke tests, health checks after release, canary analysis).',
    '',
    question('How is a release verified once deployed, and at which error rate or latency threshold is it rolled back?'),
  ],
  'scaling-strategy': (ctx) => [
    ...scalingFacts(ctx),
    '',
    question('Which rollout strategy does each deployment use (rolling, blue-green, canary), with how much spare capacity during the switch?'),
  ],
  'disaster-recovery': () => [
    question('How is a release rolled back (redeploy of the previous artifact, revert commit, database migrations backwards), and how long may it take?'),
    '',
    question('What are the recovery time objective (RTO) and the recovery point objective (RPO) a failed release must stay within?'),
  ],
  'operations-guide': (ctx) => [
    ...workstationSetup(ctx),
    '',
    question('How does a person deploy by hand when the pipeline is unavailable, and who may do it?'),
  ],
};

// ---- facts ------------------------------------------------------------------

function architectureSummary(ctx: Context): string[] {
  const { ecosystems, pipelines, dockerfiles } = ctx.model;
  const parts = [
    count(ecosystems.length, 'project'),
    count(pipelines.length, 'pipeline file'),
    count(dockerfiles.length, 'Dockerfile'),
  ];
  return [`The repository holds ${listWords(parts)}.`];
}

function architectureDiagram(ctx: Context): string[] {
  const chart = new Flowchart('LR');
  const repo = chart.node('repo', 'Repository', 'round');
  let budget = MAX_DIAGRAM_NODES;
  const { ecosystems, pipelines, dockerfiles } = ctx.model;
  if (ecosystems.length) {
    chart.group('Projects', () => {
      for (const eco of ecosystems) {
        if (budget-- <= 0) break;
        const id = chart.node(`eco:${eco.language}:${eco.dir}`, `${eco.dir || '(root)'}: ${LANGUAGE_NAMES[eco.language]}, ${managerName(policyManager(eco.language, ctx.managers))}`);
        chart.edge(repo, id);
      }
    });
  }
  const systems = [...new Set(pipelines.map((p) => p.kind))];
  if (systems.length) {
    chart.group('CI/CD', () => {
      for (const kind of systems) {
        if (budget-- <= 0) break;
        const n = pipelines.filter((p) => p.kind === kind).length;
        chart.edge(repo, chart.node(`ci:${kind}`, `${PIPELINE_SYSTEMS[kind]} (${count(n, 'file')})`));
      }
    });
  }
  if (dockerfiles.length) {
    chart.group('Container images', () => {
      for (const d of dockerfiles) {
        if (budget-- <= 0) break;
        chart.edge(repo, chart.node(`docker:${d.path}`, d.path));
      }
    });
    // Base images from outside the repository, each once (a stage built on an earlier stage is no dependency).
    for (const d of dockerfiles) {
      if (!chart.has(`docker:${d.path}`)) continue;
      const stageNames = new Set(d.stages.map((s) => s.name).filter((n): n is string => !!n));
      const id = chart.node(`docker:${d.path}`, d.path);
      for (const image of [...new Set(d.stages.map((s) => s.image))].sort()) {
        if (!image || stageNames.has(image) || image === 'scratch') continue;
        if (!chart.has(`image:${image}`) && budget-- <= 0) break;
        chart.edge(chart.node(`image:${image}`, image, 'round'), id, 'FROM');
      }
    }
  }
  return [chart.toFence()];
}

function componentTable(ctx: Context): string[] {
  const rows: string[][] = [];
  for (const eco of ctx.model.ecosystems) rows.push([`project ${LANGUAGE_NAMES[eco.language]}`, link(eco.manifests[0] ?? eco.dir), eco.dir || '(root)']);
  for (const p of ctx.model.pipelines) rows.push([`pipeline ${PIPELINE_SYSTEMS[p.kind]}`, link(p.path), jobWords(p)]);
  for (const d of ctx.model.dockerfiles) {
    const finalStage = d.stages[d.stages.length - 1];
    rows.push(['container image', link(d.path), `${count(d.stages.length, 'stage')}${finalStage?.image ? `, final stage from \`${finalStage.image}\`` : ''}`]);
  }
  if (!rows.length) return ['The repository holds no project manifest, pipeline or Dockerfile the generator reads.'];
  return table(['Component', 'File', 'Details'], rows);
}

function pipelineSummary(ctx: Context): string[] {
  const { pipelines } = ctx.model;
  if (!pipelines.length) return ['The repository holds no pipeline file (GitHub Actions, GitLab CI, CircleCI, Azure Pipelines, Bitbucket Pipelines, Jenkins).'];
  const bySystem = [...new Set(pipelines.map((p) => p.kind))].map((k) => `${PIPELINE_SYSTEMS[k]} (${count(pipelines.filter((p) => p.kind === k).length, 'file')})`);
  const jobs = pipelines.reduce((n, p) => n + p.jobs.length, 0);
  return [`The repository runs ${listWords(bySystem)}, with ${count(jobs, 'job')} read from their job graphs. Each arrow below is a \`needs\` dependency: a job starts once the jobs before it succeeded.`];
}

function pipelineDiagram(ctx: Context): string[] {
  const chart = new Flowchart('LR');
  let budget = MAX_DIAGRAM_NODES;
  for (const [i, p] of ctx.model.pipelines.entries()) {
    if (budget <= 0) break;
    chart.group(p.path, () => {
      if (!p.jobs.length) {
        budget--;
        chart.node(`p${i}`, `${PIPELINE_SYSTEMS[p.kind]} file`);
        return;
      }
      for (const job of p.jobs) {
        if (budget-- <= 0) return;
        chart.node(`p${i}:${job.id}`, job.id);
      }
    });
    for (const job of p.jobs) {
      for (const need of job.needs) {
        const from = `p${i}:${need}`;
        const to = `p${i}:${job.id}`;
        if (chart.has(from) && chart.has(to)) chart.edge(chart.node(from, need), chart.node(to, job.id));
      }
    }
  }
  if (chart.empty) return [];
  return [chart.toFence()];
}

function pipelineTable(ctx: Context): string[] {
  if (!ctx.model.pipelines.length) return [question('How are changes built, tested and deployed today? No pipeline file was found in the repository.')];
  return table(
    ['Pipeline', 'System', 'Jobs'],
    ctx.model.pipelines.map((p) => [link(p.path), PIPELINE_SYSTEMS[p.kind], p.jobs.length ? p.jobs.map((j) => (j.needs.length ? `\`${j.id}\` (after ${j.needs.map((n) => `\`${n}\``).join(', ')})` : `\`${j.id}\``)).join(', ') : 'not read']),
  );
}

function environmentTable(_ctx: Context): string[] {
  return [
    'The pipelines name no deployment environment the generator reads.',
    '',
    question('Which environments exist (for example development, staging, production), what differs between them (size, data, access), and where are their variables kept?'),
  ];
}

function packageManagerSection(ctx: Context): string[] {
  const { ecosystems } = ctx.model;
  if (!ecosystems.length) return ['No package manifest was found, so no package manager is required.'];
  const rows = ecosystems.map((eco) => {
    const manager = policyManager(eco.language, ctx.managers);
    return [eco.dir || '(root)', LANGUAGE_NAMES[eco.language], managerName(manager), `\`${initCommand(manager, eco.dir)}\``];
  });
  const out = [
    'Package managers, by the repository’s policy: every install and build, on a workstation and in CI, goes through the manager named here.',
    '',
    ...table(['Project', 'Language', 'Package manager', 'Initialization'], rows),
    '',
    'The policy as configured in `.roo-devops.yaml`, which the editor, the CLI and CI read:',
    '',
    '```yaml',
    'packageManagers:',
    ...[...new Set(ecosystems.map((e) => e.language))].sort().map((l) => `  ${l}: ${ctx.managers[l]}`),
    '```',
  ];
  // Files of the repository that belong to another manager than the policy's: a fact the author must decide on, not one to hide.
  for (const eco of ecosystems) {
    const manager = policyManager(eco.language, ctx.managers);
    if (!eco.managers.some((m) => m !== manager)) continue;
    const foreignLocks = eco.lockfiles.filter((l) => l.manager && l.manager !== manager).map((l) => l.path);
    const files = (foreignLocks.length ? foreignLocks : eco.manifests).sort().map(link);
    out.push('', question(`${listWords(files)} ${files.length === 1 ? 'belongs' : 'belong'} to another package manager than ${managerName(manager)}, which the policy requires for ${LANGUAGE_NAMES[eco.language]}; when does ${eco.dir ? `\`${eco.dir}\`` : 'the root project'} move to ${managerName(manager)} (\`${lockfileOf(manager)}\`)?`));
  }
  return out;
}

function securityFacts(ctx: Context): string[] {
  const runAs = ctx.model.dockerfiles.length;
  if (!runAs) return ['The repository builds no container image; the controls below are those of its pipelines and hosts.'];
  return [`${count(runAs, 'Dockerfile')} ${runAs === 1 ? 'builds' : 'build'} the images listed under Infrastructure Architecture, from the base images named in their \`FROM\` lines.`];
}

function scalingFacts(_ctx: Context): string[] {
  return ['The repository configures no replica count or auto-scaling rule the generator reads.'];
}

function workstationSetup(ctx: Context): string[] {
  const { ecosystems } = ctx.model;
  if (!ecosystems.length) return ['The repository has no project to install; a clone is all a workstation needs.'];
  const commands = ecosystems.map((eco) => initCommand(policyManager(eco.language, ctx.managers), eco.dir));
  return ['Set up a workstation from a fresh clone, at the repository’s root:', '', '```bash', ...[...new Set(commands)], '```'];
}

function excerpts(ctx: Context, paths: string[]): string[] {
  if (!ctx.readFile) return [];
  const out: string[] = [];
  let shown = 0;
  for (const path of paths) {
    if (shown >= MAX_EXCERPTS) break;
    const text = ctx.readFile(path);
    if (text === undefined) continue;
    const lines = text.replace(/\r\n?/g, '\n').split('\n');
    while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
    if (!lines.length) continue;
    const head = lines.slice(0, EXCERPT_LINES);
    while (head.length && head[head.length - 1].trim() === '') head.pop();
    shown++;
    const fence = '`'.repeat(Math.max(3, longestRun(head.join('\n'), '`') + 1));
    out.push(
      head.length < lines.length ? `${link(path)}, lines 1 to ${head.length} of ${lines.length}:` : `${link(path)}:`,
      '',
      `${fence}text`,
      ...head,
      fence,
      '',
    );
  }
  return out;
}

// ---- Markdown pieces ----------------------------------------------------------

export function question(text: string): string {
  return `${QUESTION_PREFIX} ${text}`;
}

/** A link from `plan/` to a repository file. */
function link(path: string): string {
  return `[\`${escapeCode(path)}\`](../${encodeURI(path).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)})`;
}

function table(header: string[], rows: string[][]): string[] {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
  return [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

function jobWords(p: Pipeline): string {
  return p.jobs.length ? count(p.jobs.length, 'job') : 'jobs not read';
}

function escapeCode(text: string): string {
  return text.replace(/`/g, "'");
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function listWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function longestRun(text: string, char: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

function trimBlank(lines: string[]): string[] {
  const out = [...lines];
  // Collapse runs of blank lines (an empty fact list leaves two), and none at either end.
  const collapsed = out.filter((l, i) => !(l === '' && (i === 0 || out[i - 1] === '')));
  while (collapsed.length && collapsed[collapsed.length - 1] === '') collapsed.pop();
  return collapsed;
}

