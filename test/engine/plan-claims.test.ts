/**
 * How a plan document's prose is read for the rules that check it against the
 * repository: sentences and their ranges, what they name, what they claim.
 */
import { describe, expect, test } from 'bun:test';
import { admits, planClaims } from '../../server/src/core/plan/claims';
import { namedReferences } from '../../server/src/core/plan/references';
import { planSentences } from '../../server/src/core/plan/sentences';
import { SourceFile } from '../../server/src/core/source';

const doc = (text: string) => new SourceFile('plan/infrastructure.md', 'plan-doc', text);

describe('sentences', () => {
  test('paragraphs, list items and table cells split at sentence ends, never inside code spans or after e.g.', () => {
    const text = '# Plan\n\n## Disaster Recovery\n\nState is in `s3. bucket`. Backups run nightly, e.g. at 02:00! Done\n\n- One item. Two.\n\n| a | b |\n|---|---|\n| x. y | z |\n\n```bash\necho "not prose. at all"\n```\n';
    const sentences = planSentences(doc(text));
    expect(sentences.map((s) => s.text)).toEqual(['Plan', 'Disaster Recovery', 'State is in `s3. bucket`.', 'Backups run nightly, e.g. at 02:00!', 'Done', 'One item.', 'Two.', 'a', 'b', 'x.', 'y', 'z']);
    const state = sentences[2];
    expect(state?.section?.id).toBe('disaster-recovery');
    expect(text.slice(state?.range.start, state?.range.end)).toBe('State is in `s3. bucket`.');
    expect(state?.code.map((c) => c.value)).toEqual(['s3. bucket']);
  });
});

describe('named references', () => {
  const cases: [string, [string, string][]][] = [
    ['Files are in `aws_s3_bucket.assets`.', [['terraform', 'aws_s3_bucket.assets']]],
    ['Its ARN is `aws_s3_bucket.assets.arn` and `aws_instance.web[0].id`.', [['terraform', 'aws_s3_bucket.assets'], ['terraform', 'aws_instance.web']]],
    ['Read `data.aws_iam_policy_document.read`.', [['terraform', 'data.aws_iam_policy_document.read']]],
    ['The network is `module.vpc.private_subnets`.', [['terraform-module', 'vpc']]],
    ['Settings are in `app_settings.json`.', []],
    ['A `AWS::RDS::DBInstance` holds orders.', [['cloudformation-type', 'AWS::RDS::DBInstance']]],
    ['The `api` service calls the service `auth`.', [['service', 'api'], ['service', 'auth']]],
    ['The Deployment `web` and the `cron` CronJob.', [['workload', 'web'], ['workload', 'cron']]],
    ['The `release` workflow runs the job `build`.', [['workflow', 'release'], ['job', 'build']]],
    ['Run `make deploy` to ship.', []],
    ['The deployment `web` is a word, not a kind.', []],
  ];
  for (const [text, expected] of cases) {
    test(text, () => {
      const file = doc(text);
      expect(namedReferences(planSentences(file), file.text).map((r) => [r.kind, r.name])).toEqual(expected);
    });
  }
});

describe('claims', () => {
  const cases: [string, string[]][] = [
    ['Everything runs in eu-west-1.', ['region eu-west-1']],
    ['The bucket is replicated to `us-west-2` and `europe-west4`.', ['region us-west-2', 'region europe-west4']],
    ['We do not run in eu-west-1.', []],
    ['See [the console](https://eu-west-1.console.aws.amazon.com/ecs) for the cluster.', []],
    ['The front end needs Node.js 18.', ['runtime node 18']],
    ['Node 18+ also works.', []],
    ['Node 3 of the cluster drains first.', []],
    ['Node 22 runs the API.', ['runtime node 22']],
    ['Python 3.11 or later.', []],
    ['We test Python 3.11 and Python 3.12.', []],
    ['Go 2 steps back; Go 1.22 builds it.', ['runtime go 1.22']],
    ['Dependencies are installed with Bun.', []],
    ['The service is deployed to ECS on every push.', ['deploy-target ecs']],
    ['It runs on Google Cloud Run.', ['deploy-target cloud-run']],
    ['We migrated from ECS to Kubernetes.', []],
    ['Node.js 16 reached end of life, so the image moved on.', []],
    ['A failover region in eu-central-1 is planned.', []],
    ['Terraform will create everything in eu-west-1.', ['region eu-west-1']],
  ];
  for (const [text, expected] of cases) {
    test(text, () => {
      const claims = planClaims(planSentences(doc(text)));
      expect(
        claims.map((c) =>
          c.type === 'region' ? `region ${c.region}` : c.type === 'runtime' ? `runtime ${c.runtime} ${c.version}` : `deploy-target ${c.target}`,
        ),
      ).toEqual(expected);
    });
  }
});

describe('admits', () => {
  const cases: [string, string, boolean][] = [
    ['20.11.1', '20', true],
    ['20.11.1', '20.11', true],
    ['20.11.1', '18', false],
    ['v20', '20.4', true],
    ['^3.12', '3.12', true],
    ['^3.12', '3.13', true],
    ['^3.12', '3.11', false],
    ['^3.12', '3', true],
    ['~1.22.0', '1.22', true],
    ['~1.22.0', '1.23', false],
    ['>=18', '16', true],
    ['lts/iron', '18', true],
    ['1.79.0', '1.79', true],
    ['3.12-slim', '3.12', true],
  ];
  for (const [stated, claimed, ok] of cases) test(`${stated} ${ok ? 'admits' : 'does not admit'} ${claimed}`, () => expect(admits(stated, claimed)).toBe(ok));
});
