import { admits, type Claim, planClaims } from '../../plan/claims';
import { planDocumentKind } from '../../plan/sections';
import { planSentences } from '../../plan/sentences';
import { defineRule } from '../../rule';
import type { RepositoryModel } from '../../workspace/model';

const RUNTIME_NAMES: Record<string, string> = { node: 'Node.js', python: 'Python', go: 'Go', rust: 'Rust', bun: 'Bun', deno: 'Deno', java: 'Java' };

/** Deploy tools that change infrastructure: what they deploy to is in the IaC, not in the command. */
const INFRASTRUCTURE_TOOLS: ReadonlySet<string> = new Set(['terraform', 'pulumi', 'cloudformation', 'other']);

/** Resource types that put the application on a target, for a repository that deploys it through IaC. */
const TARGET_RESOURCES: Record<string, RegExp> = {
  kubernetes: /^(?:aws_eks_|google_container_cluster|azurerm_kubernetes_|AWS::EKS::)/,
  ecs: /^(?:aws_ecs_service|AWS::ECS::Service)/,
  lambda: /^(?:aws_lambda_function|AWS::Lambda::Function|AWS::Serverless::Function)/,
  'cloud-run': /^google_cloud_run_/,
  'app-engine': /^google_app_engine_/,
  'elastic-beanstalk': /^(?:aws_elastic_beanstalk_|AWS::ElasticBeanstalk::)/,
  'app-runner': /^(?:aws_apprunner_service|AWS::AppRunner::Service)/,
};

const quote = (list: readonly string[]) => list.map((s) => `\`${s}\``).join(', ');

/** "`.nvmrc`", "`provider "aws"` in `infra/main.tf`": what states a fact, and where. */
const whereOf = (fact: { source: string; path: string }) => (fact.path.endsWith(fact.source) ? `\`${fact.path}\`` : `\`${fact.source}\` in \`${fact.path}\``);

export default defineRule({
  id: 'plan/no-contradiction',
  kinds: ['plan-doc'],
  severity: 'warning',
  docs: {
    summary: 'What the plan document states about regions, runtime versions and deploy targets agrees with the repository.',
    rationale:
      'A plan document drifts from the repository one edit at a time: the provider moves to `us-east-1` and the document ' +
      'still says `eu-west-1`; `.nvmrc` says 20 and the document says Node.js 18; the pipelines deploy with `helm` and the ' +
      'document says ECS. The reader trusts the document and is misled. The rule reads what a sentence states — a region, ' +
      'a runtime with its version, "deployed to" a platform — and reports it when the repository states otherwise: the regions ' +
      'of the Terraform providers and backends, pipelines and CloudFormation templates, the versions of `.nvmrc`, ' +
      '`engines`, `pyproject.toml`, `go.mod`, `setup-*` actions and base images, and what the pipelines\' deploy commands ' +
      'deploy to. It says nothing where the repository says nothing, where a version is a range it does not read (`>=18`), ' +
      'or where the sentence compares or negates ("not in eu-west-1", "migrated from ECS"). Package managers are not ' +
      'judged here, so that one problem gets one finding: a document that recommends another manager than the policy is ' +
      '`plan/package-manager-requirements`\' finding, and files of another manager than the policy (`package-lock.json` ' +
      'in a Bun repository) are the `package-manager/*` rules\' findings, at the files. Each finding is at the sentence ' +
      'that says it.',
  },
  messages: {
    region: 'This sentence names the region `{stated}`, but the repository uses {actual} ({where}).',
    runtime: 'This sentence says {runtime} {stated}, but the repository states {actual} ({where}).',
    target: 'This sentence says the application is deployed to {stated}, but the pipelines deploy with {actual} ({where}).',
  },
  check(ctx) {
    if (!planDocumentKind(ctx.file.path)) return;
    const claims = planClaims(planSentences(ctx.file));
    if (claims.length === 0) return;
    const model = ctx.workspace.model();
    const reported = new Set<string>();
    for (const claim of claims) {
      const finding = judge(claim, model);
      if (!finding) continue;
      const key = `${finding.messageId}\0${claim.sentence.range.start}\0${finding.data.stated}`;
      if (reported.has(key)) continue;
      reported.add(key);
      ctx.report({ ...finding, range: claim.sentence.range });
    }
  },
});

type Finding = { messageId: 'region' | 'runtime' | 'target'; data: Record<string, string> };

function judge(claim: Claim, model: RepositoryModel): Finding | undefined {
  switch (claim.type) {
    case 'region': {
      const facts = model.regions.filter((r) => r.cloud === claim.cloud);
      if (facts.length === 0 || facts.some((r) => r.region === claim.region)) return undefined;
      const regions = [...new Set(facts.map((r) => r.region))].sort();
      const first = facts[0] as (typeof facts)[number];
      return { messageId: 'region', data: { stated: claim.region, actual: regions.map((r) => `\`${r}\``).join(', '), where: whereOf(first) } };
    }
    case 'runtime': {
      const facts = model.runtimes.filter((r) => r.runtime === claim.runtime);
      if (facts.length === 0 || facts.some((r) => admits(r.version, claim.version))) return undefined;
      const first = facts[0] as (typeof facts)[number];
      const versions = [...new Set(facts.map((r) => r.version))];
      return { messageId: 'runtime', data: { runtime: RUNTIME_NAMES[claim.runtime] ?? claim.runtime, stated: claim.version, actual: versions.map((v) => `\`${v}\``).join(', '), where: whereOf(first) } };
    }
    case 'deploy-target': {
      const deploys = model.deployTargets.filter((d) => d.kind === 'service' || d.kind === 'static' || d.kind === 'infrastructure');
      if (deploys.length === 0 || deploys.some((d) => INFRASTRUCTURE_TOOLS.has(d.target))) return undefined;
      const targets: ReadonlySet<string> = new Set(deploys.map((d) => (d.target === 'helm' ? 'kubernetes' : d.target)));
      if (targets.has(claim.target)) return undefined;
      // The IaC of the repository may run it there even when the pipelines only roll out a new version.
      const resources = TARGET_RESOURCES[claim.target];
      if (resources && [...model.terraform.resources.map((r) => r.type), ...model.cloudformation.map((r) => r.type)].some((t) => resources.test(t))) return undefined;
      if (claim.target === 'kubernetes' && model.kubernetes.workloads.length > 0) return undefined;
      const labels = [...new Set(deploys.map((d) => d.label))];
      const first = deploys[0] as (typeof deploys)[number];
      return { messageId: 'target', data: { stated: claim.written, actual: quote(labels.slice(0, 3)), where: `\`${first.path}\`` } };
    }
  }
}
