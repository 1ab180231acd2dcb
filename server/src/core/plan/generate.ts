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
import type { Ecosystem, Pipeline, RepositoryModel } from '../workspace/model';
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
    ...stateStorage(ctx),
    '',
    ...excerpts(ctx, iacFiles(ctx)),
    '',
    hostingQuestion(ctx),
  ],
  'deployment-pipelines': (ctx) => [
    ...pipelineSummary(ctx),
    '',
    ...pipelineDiagram(ctx),
    '',
    ...pipelineTable(ctx),
    '',
    ...deployTargetTable(ctx),
    '',
    ...excerpts(ctx, ctx.model.pipelines.map((p) => p.path)),
  ],
  'environment-configuration': (ctx) => [
    ...environmentTable(ctx),
    '',
    question(
      environmentsOf(ctx).length
        ? 'What differs between the environments (size, data, access), and where are their variables kept?'
        : 'Which environments exist (for example development, staging, production), what differs between them (size, data, access), and where are their variables kept?',
    ),
    '',
    ...runtimeTable(ctx),
    '',
    ...regionTable(ctx),
    '',
    ...packageManagerSection(ctx),
  ],
  'security-controls': (ctx) => [
    ...secretTable(ctx),
    '',
    ...containerUserTable(ctx),
    '',
    question('Where are secrets stored, who can read the production ones, and how often are they rotated?'),
    '',
    question('Which network boundaries separate the environments, and how is access to them granted and audited?'),
  ],
  'monitoring-setup': (ctx) => [
    ...monitoringTable(ctx),
    '',
    question(
      ctx.model.monitoring.length
        ? 'Which of these alerts page someone, and which further thresholds (latency, error rate, saturation) should raise an alert?'
        : 'What is monitored (availability, latency, error rate, saturation), and at which thresholds does an alert page someone?',
    ),
  ],
  'scaling-strategy': (ctx) => [
    ...scalingFacts(ctx),
    '',
    question('How does each service scale (fixed replicas or auto-scaling, on which metric, between which bounds), and what load is the system sized for?'),
  ],
  'disaster-recovery': (ctx) => [
    ...backupTable(ctx),
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
    'What the pipelines deliver, and where to: the projects of the repository, the images built from it and the targets its deploy jobs ship to.',
    '',
    ...architectureDiagram(ctx),
    '',
    ...deployTargetTable(ctx),
    '',
    ctx.model.deployTargets.length
      ? question('Which account, cluster or service does each deploy target stand for, and who owns it?')
      : question('Which deploy target receives each artifact (cluster, service, function, static host), and in which account and region? No pipeline job of the repository deploys anything the generator recognises.'),
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
    question('Which checks must pass before a deployment starts, and how often is production deployed?'),
  ],
  'environment-configuration': (ctx) => [
    ...environmentTable(ctx),
    '',
    question('In which order is a change promoted through the environments, who approves the production step, and where are each environment’s variables kept?'),
    '',
    ...runtimeTable(ctx),
    '',
    ...packageManagerSection(ctx),
  ],
  'security-controls': (ctx) => [
    ...secretTable(ctx),
    '',
    question('Which credentials do the deploy jobs use, how narrowly are they scoped, and how are they rotated?'),
  ],
  'monitoring-setup': (ctx) => [
    ...monitoringTable(ctx),
    '',
    question('How is a release verified once deployed, and at which thresholds (error rate, latency) is it rolled back?'),
  ],
  'scaling-strategy': (ctx) => [
    ...scalingFacts(ctx),
    '',
    question('Which rollout strategy does each deployment use (rolling, blue-green, canary), with how much spare capacity during the switch?'),
  ],
  'disaster-recovery': (ctx) => [
    ...backupTable(ctx),
    '',
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
  const m = ctx.model;
  const parts = [
    count(m.ecosystems.length, 'project'),
    count(m.pipelines.length, 'pipeline file'),
    count(m.dockerfiles.length, 'Dockerfile'),
    m.composeServices.length && count(m.composeServices.length, 'Compose service'),
    m.kubernetes.workloads.length && count(m.kubernetes.workloads.length, 'Kubernetes workload'),
    m.terraform.resources.length && count(m.terraform.resources.length, 'Terraform resource'),
    m.cloudformation.length && count(m.cloudformation.length, 'CloudFormation resource'),
  ].filter((p): p is string => !!p);
  return [`The repository holds ${listWords(parts)}.`];
}

function architectureDiagram(ctx: Context): string[] {
  const m = ctx.model;
  const chart = new Flowchart('LR');
  const room = () => chart.size < MAX_DIAGRAM_NODES;
  const repo = chart.node('repo', 'Repository', 'round');
  if (m.ecosystems.length) {
    chart.group('Projects', () => {
      for (const eco of m.ecosystems) {
        if (!room()) break;
        chart.edge(repo, chart.node(`eco:${eco.language}:${eco.dir}`, `${eco.dir || '(root)'}: ${LANGUAGE_NAMES[eco.language]}, ${managerName(policyManager(eco.language, ctx.managers))}`));
      }
    });
  }
  const systems = [...new Set(m.pipelines.map((p) => p.kind))];
  if (systems.length) {
    chart.group('CI/CD', () => {
      for (const kind of systems) {
        if (!room()) break;
        chart.edge(repo, chart.node(`ci:${kind}`, `${PIPELINE_SYSTEMS[kind]} (${count(m.pipelines.filter((p) => p.kind === kind).length, 'file')})`));
      }
    });
  }
  if (m.dockerfiles.length) {
    chart.group('Container images', () => {
      for (const d of m.dockerfiles) if (room()) chart.node(`docker:${d.path}`, d.path);
    });
    for (const d of m.dockerfiles) {
      if (!chart.has(`docker:${d.path}`)) continue;
      for (const image of [...new Set(d.baseImages.map((b) => b.image))].sort()) {
        if (!chart.has(`image:${image}`) && !room()) break;
        chart.edge(chart.node(`image:${image}`, image, 'round'), chart.node(`docker:${d.path}`, d.path), 'FROM');
      }
    }
  }
  for (const file of [...new Set(m.composeServices.map((c) => c.path))]) {
    const services = m.composeServices.filter((c) => c.path === file);
    chart.group(`Compose: ${file}`, () => {
      for (const svc of services) if (room()) chart.node(`compose:${file}:${svc.name}`, `service ${svc.name}${svc.image ? ` (${svc.image})` : ''}`);
    });
    for (const svc of services) {
      const id = `compose:${file}:${svc.name}`;
      if (!chart.has(id)) continue;
      for (const dep of svc.dependsOn) if (chart.has(`compose:${file}:${dep}`)) chart.edge(chart.node(id, ''), chart.node(`compose:${file}:${dep}`, ''), 'depends on');
      if (svc.dockerfile && chart.has(`docker:${svc.dockerfile}`)) chart.edge(chart.node(`docker:${svc.dockerfile}`, ''), chart.node(id, ''), 'builds');
    }
  }
  const k8s = m.kubernetes;
  if (k8s.workloads.length || k8s.services.length || k8s.ingresses.length) {
    chart.group('Kubernetes', () => {
      for (const w of k8s.workloads) if (room()) chart.node(`k8s:${w.namespace ?? ''}:${w.kind}:${w.name}`, `${w.kind} ${w.name}${w.replicas !== undefined ? ` (${count(w.replicas, 'replica')})` : ''}`);
      for (const svc of k8s.services) if (room()) chart.node(`k8s:${svc.namespace ?? ''}:Service:${svc.name}`, `Service ${svc.name} (${svc.type})`);
      for (const ing of k8s.ingresses) if (room()) chart.node(`k8s:${ing.namespace ?? ''}:Ingress:${ing.name}`, `Ingress ${ing.name}${ing.hosts.length ? ` (${ing.hosts.join(', ')})` : ''}`);
    });
    for (const ing of k8s.ingresses) {
      const id = `k8s:${ing.namespace ?? ''}:Ingress:${ing.name}`;
      for (const b of ing.backends) if (chart.has(id) && chart.has(`k8s:${ing.namespace ?? ''}:Service:${b}`)) chart.edge(chart.node(id, ''), chart.node(`k8s:${ing.namespace ?? ''}:Service:${b}`, ''));
    }
  }
  for (const module of [...new Set([...m.terraform.resources.map((r) => r.module), ...m.terraform.modules.map((c) => c.module)])].sort()) {
    const resources = m.terraform.resources.filter((r) => r.module === module && r.mode === 'resource');
    const calls = m.terraform.modules.filter((c) => c.module === module);
    if (!resources.length && !calls.length) continue;
    chart.group(`Terraform: ${module || '(root)'}`, () => {
      for (const r of resources) if (room()) chart.node(`tf:${module}:${r.address}`, r.address);
      for (const c of calls) if (room()) chart.node(`tf:${module}:module.${c.name}`, `module.${c.name}${c.source ? ` (${c.source})` : ''}`);
    });
    for (const r of resources) {
      for (const ref of r.references) {
        if (chart.has(`tf:${module}:${r.address}`) && chart.has(`tf:${module}:${ref}`)) chart.edge(chart.node(`tf:${module}:${r.address}`, ''), chart.node(`tf:${module}:${ref}`, ''));
      }
    }
  }
  for (const file of [...new Set(m.cloudformation.map((r) => r.path))]) {
    const resources = m.cloudformation.filter((r) => r.path === file);
    chart.group(`CloudFormation: ${file}`, () => {
      for (const r of resources) if (room()) chart.node(`cfn:${file}:${r.id}`, `${r.id} (${r.type})`);
    });
    for (const r of resources) {
      for (const ref of r.references) if (chart.has(`cfn:${file}:${r.id}`) && chart.has(`cfn:${file}:${ref}`)) chart.edge(chart.node(`cfn:${file}:${r.id}`, ''), chart.node(`cfn:${file}:${ref}`, ''));
    }
  }
  // Where the pipelines ship to, from the CI system that ships.
  for (const t of m.deployTargets) {
    const kind = m.pipelines.find((p) => p.path === t.path)?.kind;
    if (!kind || !chart.has(`ci:${kind}`)) continue;
    if (!chart.has(`target:${t.target}`) && !room()) break;
    chart.edge(chart.node(`ci:${kind}`, ''), chart.node(`target:${t.target}`, `deploy target: ${TARGET_NAMES[t.target] ?? t.target}`, 'round'), t.environment ?? 'deploys');
  }
  const out = [chart.toFence()];
  if (!room()) out.push('', `The diagram shows the first ${MAX_DIAGRAM_NODES} components; the table lists every one.`);
  return out;
}

const TARGET_NAMES: Partial<Record<string, string>> = {
  kubernetes: 'Kubernetes',
  helm: 'Helm release',
  terraform: 'Terraform',
  pulumi: 'Pulumi',
  cloudformation: 'CloudFormation',
  ecs: 'Amazon ECS',
  lambda: 'AWS Lambda',
  'elastic-beanstalk': 'Elastic Beanstalk',
  'app-runner': 'App Runner',
  s3: 'Amazon S3',
  'cloud-run': 'Cloud Run',
  'app-engine': 'App Engine',
  'cloud-functions': 'Cloud Functions',
  azure: 'Azure',
  fly: 'Fly.io',
  vercel: 'Vercel',
  netlify: 'Netlify',
  cloudflare: 'Cloudflare',
  heroku: 'Heroku',
  firebase: 'Firebase',
  'github-pages': 'GitHub Pages',
  registry: 'image registry',
  other: 'other',
};

function componentTable(ctx: Context): string[] {
  const m = ctx.model;
  const rows: string[][] = [];
  for (const eco of m.ecosystems) rows.push([`project ${LANGUAGE_NAMES[eco.language]}`, link(eco.manifests[0] ?? eco.dir), eco.dir || '(root)']);
  for (const p of m.pipelines) rows.push([`pipeline ${PIPELINE_SYSTEMS[p.kind]}`, link(p.path), jobWords(p)]);
  for (const d of m.dockerfiles) {
    const details = [count(d.stages.length, 'stage'), d.exposedPorts.length ? `exposes ${d.exposedPorts.map(code).join(', ')}` : ''].filter(Boolean);
    rows.push(['container image', link(d.path), details.join(', ')]);
  }
  for (const c of m.composeServices) rows.push([`Compose service \`${c.name}\``, link(c.path), [c.image && `image ${code(c.image)}`, c.dockerfile && `built from ${code(c.dockerfile)}`, c.ports.length && `ports ${c.ports.map(code).join(', ')}`, c.dependsOn.length && `after ${c.dependsOn.map(code).join(', ')}`].filter(Boolean).join('; ')]);
  for (const w of m.kubernetes.workloads) rows.push([`Kubernetes ${w.kind} \`${w.name}\``, link(w.path), [w.namespace && `namespace ${code(w.namespace)}`, w.replicas !== undefined && count(w.replicas, 'replica'), w.images.length && `images ${w.images.map(code).join(', ')}`].filter(Boolean).join('; ')]);
  for (const s of m.kubernetes.services) rows.push([`Kubernetes Service \`${s.name}\``, link(s.path), [s.type, s.ports.length && `ports ${s.ports.map(code).join(', ')}`].filter(Boolean).join('; ')]);
  for (const i of m.kubernetes.ingresses) rows.push([`Kubernetes Ingress \`${i.name}\``, link(i.path), [i.hosts.length && `hosts ${i.hosts.map(code).join(', ')}`, i.backends.length && `to ${i.backends.map(code).join(', ')}`].filter(Boolean).join('; ')]);
  // Resources grouped by module and type: a module of forty buckets is one row, not forty.
  const groups = new Map<string, typeof m.terraform.resources>();
  for (const r of m.terraform.resources) {
    if (r.mode !== 'resource') continue;
    const key = `${r.module}\0${r.type}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const group of groups.values()) {
    const { module, type, path } = group[0];
    const names = group.map((r) => code(r.name));
    rows.push([`Terraform \`${type}\` in \`${module || '.'}\``, link(path), `${group.length === 1 ? 'resource' : `${group.length} resources`} ${names.length > 6 ? `${names.slice(0, 6).join(', ')} and ${names.length - 6} more` : names.join(', ')}`]);
  }
  for (const c of m.terraform.modules) rows.push([`Terraform \`module.${c.name}\``, link(c.path), c.source ? `source ${code(c.source)}` : '']);
  for (const r of m.cloudformation) rows.push([`CloudFormation \`${r.id}\``, link(r.path), code(r.type)]);
  if (!rows.length) return ['The repository holds no project manifest, pipeline, container or infrastructure file the generator reads.'];
  return table(['Component', 'File', 'Details'], rows);
}

function stateStorage(ctx: Context): string[] {
  const backends = ctx.model.terraform.backends;
  if (!backends.length) return [];
  return [
    'Terraform state:',
    '',
    ...table(
      ['Module', 'Backend', 'Where', 'File'],
      backends.map((b) => [code(b.module || '.'), code(b.type), Object.entries(b.settings).sort(([a], [b2]) => a.localeCompare(b2)).map(([k, v]) => `${k} ${plain(v)}`).join(', '), link(b.path)]),
    ),
  ];
}

function hostingQuestion(ctx: Context): string {
  const m = ctx.model;
  const iac = m.terraform.resources.length + m.cloudformation.length > 0;
  const regions = [...new Set(m.regions.map((r) => r.region))].sort();
  if (iac && regions.length) return question(`Which accounts or subscriptions hold these resources, and is ${listWords(regions.map(code))} the only region they run in?`);
  if (iac) return question('Which accounts or subscriptions and which regions hold these resources?');
  if (m.dockerfiles.length || m.composeServices.length || m.kubernetes.workloads.length)
    return question('Where do the containers run in production (cloud provider, account, region, orchestrator), and which registry holds their images? The repository holds no infrastructure-as-code that says so.');
  return question('Where does this system run (cloud provider, account, region), and which of its parts are managed services? The repository holds no infrastructure-as-code that says so.');
}

function iacFiles(ctx: Context): string[] {
  const m = ctx.model;
  return [
    ...new Set([
      ...m.terraform.backends.map((b) => b.path),
      ...m.terraform.resources.map((r) => r.path),
      ...m.cloudformation.map((r) => r.path),
      ...m.composeServices.map((c) => c.path),
      ...m.kubernetes.workloads.map((w) => w.path),
    ]),
  ];
}

function pipelineSummary(ctx: Context): string[] {
  const { pipelines } = ctx.model;
  if (!pipelines.length) return ['The repository holds no pipeline file (GitHub Actions, GitLab CI, CircleCI, Azure Pipelines, Bitbucket Pipelines, Jenkins).'];
  const bySystem = [...new Set(pipelines.map((p) => p.kind))].map((k) => `${PIPELINE_SYSTEMS[k]} (${count(pipelines.filter((p) => p.kind === k).length, 'file')})`);
  const jobs = pipelines.reduce((n, p) => n + p.jobs.length, 0);
  return [`The repository runs ${listWords(bySystem)}, with ${count(jobs, 'job')} read from their job graphs. Each arrow below leads from a job to one that waits for it (\`needs\`, an earlier stage, \`requires\`, \`dependsOn\`).`];
}

function pipelineDiagram(ctx: Context): string[] {
  const chart = new Flowchart('LR');
  const room = () => chart.size < MAX_DIAGRAM_NODES;
  for (const [i, p] of ctx.model.pipelines.entries()) {
    if (!room()) break;
    chart.group(p.path, () => {
      if (!p.jobs.length) {
        chart.node(`p${i}`, `${PIPELINE_SYSTEMS[p.kind]} file`);
        return;
      }
      for (const job of p.jobs) {
        if (!room()) return;
        const marks = [job.manual ? 'manual' : '', job.environment ? `to ${job.environment}` : ''].filter(Boolean);
        chart.node(`p${i}:${job.id}`, marks.length ? `${job.id} (${marks.join(', ')})` : job.id);
      }
    });
    for (const job of p.jobs) {
      for (const before of job.after) {
        if (chart.has(`p${i}:${before}`) && chart.has(`p${i}:${job.id}`)) chart.edge(chart.node(`p${i}:${before}`, ''), chart.node(`p${i}:${job.id}`, ''));
      }
    }
  }
  if (chart.empty) return [];
  const out = [chart.toFence()];
  if (!room()) out.push('', `The diagram shows the first ${MAX_DIAGRAM_NODES} jobs; the table lists every pipeline.`);
  return out;
}

function pipelineTable(ctx: Context): string[] {
  if (!ctx.model.pipelines.length) return [question('How are changes built, tested and deployed today? No pipeline file was found in the repository.')];
  return table(
    ['Pipeline', 'System', 'Started by', 'Jobs'],
    ctx.model.pipelines.map((p) => [
      link(p.path),
      PIPELINE_SYSTEMS[p.kind],
      [...new Set(p.triggers.map((t) => TRIGGER_WORDS[t.kind]))].join(', ') || 'not read',
      p.jobs.length ? p.jobs.map((j) => (j.after.length ? `${code(j.id)} (after ${j.after.map(code).join(', ')})` : code(j.id))).join(', ') : 'not read',
    ]),
  );
}

const TRIGGER_WORDS: Record<string, string> = { push: 'push', 'pull-request': 'pull request', schedule: 'schedule', manual: 'by hand', tag: 'tag', other: 'other events' };

function deployTargetTable(ctx: Context): string[] {
  const targets = ctx.model.deployTargets;
  if (!targets.length) return ['No pipeline job deploys or publishes anything the generator recognises (kubectl, Helm, Terraform, cloud CLIs, deploy actions).'];
  return [
    'What the pipelines deploy or publish:',
    '',
    ...table(
      ['Target', 'Run by', 'Pipeline', 'Job', 'Environment'],
      targets.map((t) => [TARGET_NAMES[t.target] ?? t.target, plain(t.label), link(t.path), code(t.job), t.environment ? code(t.environment) : 'none']),
    ),
  ];
}

function environmentsOf(ctx: Context): { name: string; pipeline: string; jobs: string[]; manual: boolean }[] {
  const out = new Map<string, { name: string; pipeline: string; jobs: string[]; manual: boolean }>();
  for (const p of ctx.model.pipelines) {
    for (const job of p.jobs) {
      if (!job.environment) continue;
      const key = `${job.environment}\0${p.path}`;
      const entry = out.get(key) ?? { name: job.environment, pipeline: p.path, jobs: [], manual: false };
      entry.jobs.push(job.id);
      entry.manual ||= job.manual;
      out.set(key, entry);
    }
  }
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name) || a.pipeline.localeCompare(b.pipeline));
}

function environmentTable(ctx: Context): string[] {
  const envs = environmentsOf(ctx);
  if (!envs.length) return ['The pipelines name no deployment environment the generator reads.'];
  return [
    'Deployment environments the pipelines name:',
    '',
    ...table(
      ['Environment', 'Pipeline', 'Jobs', 'Started'],
      envs.map((e) => [code(e.name), link(e.pipeline), e.jobs.map(code).join(', '), e.manual ? 'by hand' : 'by the pipeline']),
    ),
  ];
}

function runtimeTable(ctx: Context): string[] {
  const runtimes = ctx.model.runtimes;
  if (!runtimes.length) return [];
  const rows = new Map<string, string[]>();
  for (const r of runtimes) {
    const row = [RUNTIME_NAMES[r.runtime] ?? r.runtime, code(r.version), `${code(r.source)} in ${link(r.path)}`];
    rows.set(row.join('\0'), row);
  }
  return ['Runtime versions the files state:', '', ...table(['Runtime', 'Version', 'Stated by'], [...rows.values()])];
}

const RUNTIME_NAMES: Record<string, string> = { node: 'Node.js', bun: 'Bun', deno: 'Deno', python: 'Python', go: 'Go', rust: 'Rust', java: 'Java' };

function regionTable(ctx: Context): string[] {
  const regions = ctx.model.regions;
  if (!regions.length) return [];
  const rows = new Map<string, string[]>();
  for (const r of regions) {
    const row = [code(r.region), r.cloud.toUpperCase(), `${code(r.source)} in ${link(r.path)}`];
    rows.set(row.join('\0'), row);
  }
  return ['Regions the files name:', '', ...table(['Region', 'Cloud', 'Stated by'], [...rows.values()])];
}

function packageManagerSection(ctx: Context): string[] {
  const { ecosystems } = ctx.model;
  if (!ecosystems.length) return ['No package manifest was found, so no package manager is required.'];
  const rows = ecosystems.map((eco) => {
    const manager = policyManager(eco.language, ctx.managers);
    const owner = workspaceOwner(ecosystems, eco);
    return [eco.dir || '(root)', LANGUAGE_NAMES[eco.language], managerName(manager), owner === undefined ? code(initCommand(manager, eco.dir)) : `with ${owner.dir || 'the root'} (its lockfile covers it)`];
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
    out.push('', question(`${listWords(files)} ${files.length === 1 ? 'belongs' : 'belong'} to another package manager than ${managerName(manager)}, which the policy requires for ${LANGUAGE_NAMES[eco.language]}; when does ${eco.dir ? code(eco.dir) : 'the root project'} move to ${managerName(manager)} (${code(lockfileOf(manager))})?`));
  }
  return out;
}

/**
 * The JavaScript project whose install covers this one: a package without a lockfile of its own inside a folder whose
 * project has one (a Bun, npm, Yarn or pnpm workspace installs its members from the root). Other ecosystems install per
 * project.
 */
function workspaceOwner(ecosystems: readonly Ecosystem[], eco: Ecosystem): Ecosystem | undefined {
  if (eco.language !== 'javascript' || eco.lockfiles.length) return undefined;
  return ecosystems
    .filter((o) => o !== eco && o.language === 'javascript' && o.lockfiles.length > 0 && (o.dir === '' || eco.dir.startsWith(`${o.dir}/`)))
    .sort((a, b) => b.dir.length - a.dir.length)[0];
}

function secretTable(ctx: Context): string[] {
  const rows = new Map<string, string[]>();
  for (const p of ctx.model.pipelines) for (const s of p.secrets) rows.set(`${s.name}\0${p.path}`, [code(s.name), link(p.path)]);
  if (!rows.size) return ['The pipelines reference no secret by name.'];
  return ['Secrets the pipelines reference, by name (their values live in the CI system, never in the repository):', '', ...table(['Secret', 'Referenced in'], [...rows.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, r]) => r))];
}

function containerUserTable(ctx: Context): string[] {
  const files = ctx.model.dockerfiles;
  if (!files.length) return [];
  return [
    'The user each image runs as (the last `USER` of its final stage):',
    '',
    ...table(['Image', 'Runs as'], files.map((d) => [link(d.path), d.user ? code(d.user) : 'root, or the base image’s user (no `USER` in the final stage)'])),
  ];
}

function monitoringTable(ctx: Context): string[] {
  const facts = ctx.model.monitoring;
  if (!facts.length) return ['The repository holds no monitoring or alerting configuration the generator reads (Prometheus rules, Grafana dashboards, cloud alarms).'];
  return [
    'Monitoring and alerting found in the repository:',
    '',
    ...table(['Kind', 'Name', 'Condition', 'File'], facts.map((f) => [MONITORING_WORDS[f.kind] ?? f.kind, code(f.name), f.detail ? code(readableCondition(f.detail)) : 'not stated', link(f.path)])),
  ];
}

/** CloudWatch's comparison operators as the comparison they name (`GreaterThanThreshold 80` → `> 80`); other conditions as written. */
function readableCondition(detail: string): string {
  const m = /^(GreaterThanOrEqualToThreshold|GreaterThanThreshold|LessThanOrEqualToThreshold|LessThanThreshold)\s+(.+)$/.exec(detail);
  if (!m) return detail;
  const op = { GreaterThanOrEqualToThreshold: '>=', GreaterThanThreshold: '>', LessThanOrEqualToThreshold: '<=', LessThanThreshold: '<' }[m[1] as 'GreaterThanThreshold'];
  return `${op} ${m[2]}`;
}

const MONITORING_WORDS: Record<string, string> = {
  'prometheus-alert': 'Prometheus alert',
  'prometheus-recording': 'Prometheus recording rule',
  'service-monitor': 'ServiceMonitor',
  'grafana-dashboard': 'Grafana dashboard',
  'cloudwatch-alarm': 'CloudWatch alarm',
  'alert-policy': 'alert policy',
};

function scalingFacts(ctx: Context): string[] {
  const workloads = ctx.model.kubernetes.workloads;
  const services = ctx.model.composeServices;
  const out: string[] = [];
  if (workloads.length) {
    out.push(
      'Kubernetes workloads and their replica counts:',
      '',
      ...table(['Workload', 'Replicas', 'File'], workloads.map((w) => [`${w.kind} ${code(w.name)}`, w.replicas === undefined ? 'not set' : String(w.replicas), link(w.path)])),
    );
  }
  if (services.length) {
    if (out.length) out.push('');
    out.push(`Compose runs one container per service (${services.map((s) => code(s.name)).join(', ')}) unless it is scaled by hand.`);
  }
  if (!out.length) out.push('The repository configures no replica count or auto-scaling rule the generator reads.');
  return out;
}

function backupTable(ctx: Context): string[] {
  const facts = ctx.model.backups;
  if (!facts.length) return ['The repository configures no backups the generator reads (database backup retention, bucket versioning, backup plans, Velero schedules).'];
  return [
    'Backups and state storage found in the repository:',
    '',
    ...table(['Kind', 'Subject', 'Keeps', 'File'], facts.map((f) => [BACKUP_WORDS[f.kind] ?? f.kind, code(f.subject), f.detail ? code(f.detail) : 'not stated', link(f.path)])),
  ];
}

const BACKUP_WORDS: Record<string, string> = {
  'state-backend': 'Terraform state backend',
  'database-backups': 'database backups',
  'bucket-versioning': 'bucket versioning',
  'backup-plan': 'backup plan',
  'velero-schedule': 'Velero schedule',
};

function workstationSetup(ctx: Context): string[] {
  const { ecosystems } = ctx.model;
  if (!ecosystems.length) return ['The repository has no project to install; a clone is all a workstation needs.'];
  const commands = ecosystems.filter((eco) => !workspaceOwner(ecosystems, eco)).map((eco) => initCommand(policyManager(eco.language, ctx.managers), eco.dir));
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

/**
 * A value as plain text, Markdown's punctuation escaped. For values that are not paths of the repository nor commands to
 * run (a state key, a deploy command as the pipeline runs it): a code span would read as a path to resolve or a command
 * recommended to the reader.
 */
function plain(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, (c) => `\\${c}`);
}

/** A value as inline code (backticks in it turned into quotes, so the span cannot end early). */
function code(text: string): string {
  return `\`${escapeCode(text)}\``;
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

