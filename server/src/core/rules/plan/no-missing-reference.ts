import { namedReferences, type NamedReference } from '../../plan/references';
import { planDocumentKind } from '../../plan/sections';
import { planSentences } from '../../plan/sentences';
import { defineRule } from '../../rule';
import { closest } from '../../suggest';
import type { RepositoryModel } from '../../workspace/model';
import type { WorkspaceView } from '../../workspace/view';

interface Known {
  /** Names the repository has for this kind of reference. */
  names: Set<string>;
  /** What holds them, as the message says it: "any Terraform file". */
  where: string;
}

/**
 * What the repository knows for each kind of reference, or undefined when it
 * cannot tell (no file of that kind at all, or files whose names are templated),
 * in which case the reference is not checked.
 */
function knownFor(ref: NamedReference, model: RepositoryModel, workspace: WorkspaceView): Known | undefined {
  switch (ref.kind) {
    case 'terraform': {
      const resources = model.terraform.resources;
      const providers = new Set([...resources.map((r) => r.provider), ...model.terraform.providers.map((p) => p.name)]);
      const provider = ref.name.replace(/^data\./, '').split('_')[0] as string;
      // `some_name.thing` of a provider this repository never uses is not a resource address.
      if (resources.length === 0 || !providers.has(provider)) return undefined;
      return { names: new Set(resources.map((r) => r.address)), where: 'any Terraform file of the repository' };
    }
    case 'terraform-module':
      if (model.terraform.resources.length === 0 && model.terraform.modules.length === 0) return undefined;
      return { names: new Set(model.terraform.modules.map((m) => m.name)), where: 'any `module` block of the repository' };
    case 'cloudformation-type':
      if (model.cloudformation.length === 0) return undefined;
      return { names: new Set(model.cloudformation.map((r) => r.type)), where: 'any CloudFormation template of the repository' };
    case 'service': {
      const k8s = model.kubernetes;
      if ((model.composeServices.length === 0 && k8s.workloads.length === 0 && k8s.services.length === 0) || workspace.filesOf('helm-template').length > 0) return undefined;
      return {
        names: new Set([
          ...model.composeServices.map((s) => s.name),
          ...k8s.services.map((s) => s.name),
          ...k8s.workloads.map((w) => w.name),
          ...model.terraform.resources.map((r) => r.name),
          ...model.cloudformation.map((r) => r.id),
        ]),
        where: 'any Compose file or Kubernetes manifest of the repository',
      };
    }
    case 'workload': {
      const workloads = model.kubernetes.workloads;
      if (workloads.length === 0 || workspace.filesOf('helm-template').length > 0) return undefined;
      return { names: new Set(workloads.filter((w) => w.kind === ref.workloadKind).map((w) => w.name)), where: 'any Kubernetes manifest of the repository' };
    }
    case 'workflow': {
      const pipelines = model.pipelines;
      // CircleCI and Azure name workflows and stages inside a file, which the model does not list.
      if (pipelines.length === 0 || pipelines.some((p) => p.kind === 'circleci' || p.kind === 'jenkins')) return undefined;
      const names = new Set<string>();
      for (const p of pipelines) {
        const base = p.path.slice(p.path.lastIndexOf('/') + 1);
        for (const n of [p.path, base, base.replace(/\.ya?ml$/i, ''), p.name]) if (n) names.add(n);
      }
      return { names, where: 'the repository, as a workflow file or a workflow `name:`' };
    }
    case 'job': {
      const pipelines = model.pipelines;
      if (pipelines.length === 0 || pipelines.some((p) => p.kind === 'jenkins' || p.jobs.length === 0)) return undefined;
      const names = new Set<string>();
      for (const p of pipelines) {
        for (const j of p.jobs) {
          names.add(j.id);
          if (j.name) names.add(j.name);
          // Bitbucket's `<pipeline> › <step>`: the step's name alone.
          const tail = j.id.split(' › ').pop();
          if (tail) names.add(tail);
        }
      }
      return { names, where: 'any pipeline of the repository' };
    }
  }
}

/**
 * Whether the repository has the name. Terraform addresses and CloudFormation types are identifiers, matched
 * exactly; names of services, workloads, workflows and jobs are matched without case, and a job also by the
 * group its ids share (`deploy` for `deploy:staging` and `deploy:production`).
 */
function isKnown(ref: NamedReference, names: ReadonlySet<string>): boolean {
  if (names.has(ref.name)) return true;
  if (ref.kind === 'terraform' || ref.kind === 'terraform-module' || ref.kind === 'cloudformation-type') return false;
  const lower = ref.name.toLowerCase();
  for (const n of names) {
    const candidate = n.toLowerCase();
    if (candidate === lower) return true;
    if (ref.kind === 'job' && candidate.startsWith(lower) && /[:\-_/ ]/.test(candidate.charAt(lower.length))) return true;
  }
  return false;
}

const LABEL: Record<NamedReference['kind'], string> = {
  terraform: 'Terraform resource',
  'terraform-module': 'Terraform module',
  'cloudformation-type': 'CloudFormation resource type',
  service: 'service',
  workload: 'workload',
  workflow: 'workflow',
  job: 'CI job',
};

export default defineRule({
  id: 'plan/no-missing-reference',
  kinds: ['plan-doc'],
  severity: 'warning',
  docs: {
    summary: 'Every Terraform resource or module, CloudFormation resource type, service, Kubernetes workload, workflow or CI job the plan document names exists in the repository.',
    rationale:
      'A plan document is read as the truth about the system: an engineer on call follows it to `aws_db_instance.primary`, ' +
      'the `payments` service or the `release` workflow. When the document names something the repository does not ' +
      'have (renamed, removed, or never built), it sends that reader to nothing. The rule reads names conservatively — ' +
      'Terraform addresses (`aws_s3_bucket.assets`, `module.vpc`) and CloudFormation types (`AWS::RDS::DBInstance`) in ' +
      'code spans, and code spans the words beside them call a service, a `Deployment`/`StatefulSet`/`DaemonSet`/`CronJob`, ' +
      'a workflow or a job — and checks a kind of name only when the repository has files of that kind (a repository ' +
      'without Terraform is not asked for Terraform resources; Helm charts, whose names are templated, turn the ' +
      'service and workload checks off). Each finding is at the sentence that names it. File paths and links are ' +
      'checked by `plan/no-broken-links`.',
  },
  messages: {
    missing: 'The {label} `{name}` named here is not in {where}.',
    missingSuggest: 'The {label} `{name}` named here is not in {where}; did you mean `{suggestion}`?',
  },
  check(ctx) {
    if (!planDocumentKind(ctx.file.path)) return;
    const refs = namedReferences(planSentences(ctx.file), ctx.file.text);
    if (refs.length === 0) return;
    const model = ctx.workspace.model();
    const reported = new Set<string>();
    for (const ref of refs) {
      const known = knownFor(ref, model, ctx.workspace);
      if (!known || isKnown(ref, known.names)) continue;
      // One finding per name and sentence.
      const key = `${ref.kind}\0${ref.name}\0${ref.sentence.range.start}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const suggestion = closest(ref.name, known.names);
      const label = ref.kind === 'workload' ? (ref.workloadKind ?? LABEL.workload) : LABEL[ref.kind];
      ctx.report({
        messageId: suggestion ? 'missingSuggest' : 'missing',
        data: { label, name: ref.name, where: known.where, ...(suggestion ? { suggestion } : {}) },
        range: ref.sentence.range,
      });
    }
  },
});
