/**
 * What a plan document names of the repository, read conservatively: Terraform
 * addresses (`aws_s3_bucket.assets`, `module.vpc`) and CloudFormation resource
 * types (`AWS::RDS::DBInstance`) written as code spans, and names in code spans
 * that the words around them say are a service (`service `api``, `the `api`
 * service`), a Kubernetes workload (`Deployment `web``), a workflow or a CI job.
 * Never a guess from a prose word. File paths are not read here: links and paths
 * are the business of `plan/no-broken-links`.
 */
import type { OffsetRange } from '../types';
import type { Sentence } from './sentences';

export type ReferenceKind = 'terraform' | 'terraform-module' | 'cloudformation-type' | 'service' | 'workload' | 'workflow' | 'job';

export interface NamedReference {
  kind: ReferenceKind;
  /** As the document writes it: `aws_s3_bucket.assets` (an index or attribute after it dropped), `api`, `Deployment`'s name. */
  name: string;
  /** For a workload: the kind the sentence gives it (`Deployment`). */
  workloadKind?: string;
  /** The code span. */
  range: OffsetRange;
  sentence: Sentence;
}

/** `aws_s3_bucket.assets`, `data.aws_iam_policy_document.read`, `aws_instance.web[0].id`. */
const TERRAFORM_ADDRESS = /^(data\.)?([a-z][a-z0-9]*)_([a-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_-]*)(?:\[[^\]]*\])?(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const MODULE_ADDRESS = /^module\.([A-Za-z_][A-Za-z0-9_-]*)(?:\[[^\]]*\])?(?:\.[A-Za-z_][A-Za-z0-9_.]*)?$/;
const CFN_TYPE = /^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/;
/** The last part of a file name: `some_file.json` is a file, not a resource. */
const FILE_EXTENSION = /^(?:json|ya?ml|tf|tfvars|hcl|txt|md|sh|py|js|ts|mjs|cjs|toml|lock|env|cfg|conf|ini|xml|csv|log|sql|go|rs|html|css|png|svg|zip|tgz|gz)$/i;

const WORKLOAD_KINDS = 'Deployment|StatefulSet|DaemonSet|CronJob';

/** Words before or after a code span that say what it names. */
const CUES: { kind: ReferenceKind; before?: RegExp; after?: RegExp }[] = [
  { kind: 'service', before: /\bservices?\s*$/i, after: /^\s*(?:service|container)s?\b/i },
  { kind: 'workload', before: new RegExp(`\\b(${WORKLOAD_KINDS})s?\\s*$`), after: new RegExp(`^\\s*(${WORKLOAD_KINDS})\\b`) },
  { kind: 'workflow', before: /\bworkflows?\s*$/i, after: /^\s*workflows?\b/i },
  { kind: 'job', before: /(?<![A-Za-z])jobs?\s*$/i, after: /^\s*jobs?\b/i },
];

export function namedReferences(sentences: readonly Sentence[], text: string): NamedReference[] {
  const out: NamedReference[] = [];
  for (const sentence of sentences) {
    for (const span of sentence.code) {
      const value = span.value.trim();
      const address = TERRAFORM_ADDRESS.exec(value);
      if (address) {
        const [, data, provider, rest, name] = address as unknown as [string, string | undefined, string, string, string];
        if (!FILE_EXTENSION.test(name)) out.push({ kind: 'terraform', name: `${data ?? ''}${provider}_${rest}.${name}`, range: span.range, sentence });
        continue;
      }
      const module = MODULE_ADDRESS.exec(value);
      if (module) {
        out.push({ kind: 'terraform-module', name: module[1] as string, range: span.range, sentence });
        continue;
      }
      if (CFN_TYPE.test(value)) {
        out.push({ kind: 'cloudformation-type', name: value, range: span.range, sentence });
        continue;
      }
      // A name in a code span, said by the words beside it to be a service, workload, workflow or job.
      if (/\s/.test(value) || value === '') continue;
      const before = text.slice(Math.max(sentence.range.start, span.range.start - 40), span.range.start);
      const after = text.slice(span.range.end, Math.min(sentence.range.end, span.range.end + 40));
      for (const cue of CUES) {
        const b = cue.before?.exec(before);
        const a = b ? undefined : cue.after?.exec(after);
        if (!b && !a) continue;
        const ref: NamedReference = { kind: cue.kind, name: value, range: span.range, sentence };
        if (cue.kind === 'workload') ref.workloadKind = (b ?? a)?.[1];
        out.push(ref);
        break;
      }
    }
  }
  return out;
}
