import { isMap, isScalar } from 'yaml';
import { awsDefaultTagsConfigured, pulumiResources } from '../../parse/pulumi';
import { get, getKey } from '../../parse/yaml';
import { defineRule } from '../../rule';
import { closest } from '../../suggest';

/**
 * AWS resource types (`module:Type`) that take a `tags` property: the ones
 * programs create most, a heuristic list rather than the provider's schema.
 */
export const AWS_TAGGABLE = new Set([
  'acm:Certificate',
  'alb:LoadBalancer',
  'alb:TargetGroup',
  'apigateway:RestApi',
  'apigateway:Stage',
  'apigatewayv2:Api',
  'apigatewayv2:Stage',
  'autoscaling:Group',
  'cloudfront:Distribution',
  'cloudwatch:LogGroup',
  'cloudwatch:MetricAlarm',
  'cloudwatch:EventRule',
  'dynamodb:Table',
  'ec2:Eip',
  'ec2:Instance',
  'ec2:InternetGateway',
  'ec2:LaunchTemplate',
  'ec2:NatGateway',
  'ec2:NetworkAcl',
  'ec2:RouteTable',
  'ec2:SecurityGroup',
  'ec2:Subnet',
  'ec2:Volume',
  'ec2:Vpc',
  'ec2:VpcEndpoint',
  'ecr:Repository',
  'ecs:Cluster',
  'ecs:Service',
  'ecs:TaskDefinition',
  'efs:FileSystem',
  'eks:Cluster',
  'eks:NodeGroup',
  'elasticache:Cluster',
  'elasticache:ReplicationGroup',
  'elasticache:SubnetGroup',
  'iam:Policy',
  'iam:Role',
  'iam:User',
  'kinesis:Stream',
  'kms:Key',
  'lambda:Function',
  'lb:LoadBalancer',
  'lb:TargetGroup',
  'opensearch:Domain',
  'rds:Cluster',
  'rds:Instance',
  'rds:SubnetGroup',
  'route53:Zone',
  's3:Bucket',
  's3:BucketV2',
  'secretsmanager:Secret',
  'sfn:StateMachine',
  'sns:Topic',
  'sqs:Queue',
  'ssm:Parameter',
  'wafv2:WebAcl',
]);

/** `aws:s3/bucket:Bucket` and `aws:s3:Bucket` as `s3:Bucket`; undefined for other providers. */
function awsType(token: string): string | undefined {
  const m = /^aws:([A-Za-z0-9]+)(?:\/[A-Za-z0-9]+)?:([A-Za-z0-9]+)$/.exec(token);
  return m ? `${m[1]}:${m[2]}` : undefined;
}

export default defineRule({
  id: 'pulumi/require-tags',
  kinds: ['pulumi'],
  // Not run on code blocks of plan documents: default tags may be set in the project's configuration.
  scope: 'repository',
  severity: 'warning',
  docs: {
    summary: 'AWS resources of a Pulumi YAML program carry the required tags (default `Environment`, `Owner`, `CostCenter`), unless the provider sets `aws:defaultTags`.',
    rationale:
      'Tags are how a bill is split between teams, how an owner is found for a resource nobody remembers creating, and ' +
      'how automation tells production from staging. The practice asks for consistent tags on everything that takes ' +
      'them. The simplest way is the AWS provider\'s `defaultTags` (`aws:defaultTags` in the stack or project ' +
      'configuration), which tags every resource; otherwise each resource needs its own `tags:`.\n\n' +
      'Checked on the `resources:` of a Pulumi YAML program, for AWS resource types known to take `tags` (a list of ' +
      'the common ones: S3 buckets, EC2 instances, VPCs, subnets, security groups, gateways, route tables, volumes, ' +
      'launch templates, RDS instances and clusters, DynamoDB tables, Lambda functions, IAM roles, users and policies, ' +
      'ECS, ECR, EKS, ElastiCache, EFS, SQS, SNS, KMS keys, CloudWatch log groups and alarms, load balancers and ' +
      'target groups, API Gateway, CloudFront, Route 53 zones, ACM certificates, Secrets Manager, SSM parameters, ' +
      'Step Functions, Kinesis, OpenSearch, WAF); other types and providers are not judged. Not reported when ' +
      '`aws:defaultTags` is set in `Pulumi.yaml` or any `Pulumi.<stack>.yaml` beside it, or when the resource uses an ' +
      'explicit provider (`options.provider`), whose own `defaultTags` may apply, or is read with `get:` (an existing resource the program does not create). Tags given as an expression ' +
      '(`${commonTags}`, `fn::…`) are accepted, since their keys are known only when the program runs.',
  },
  messages: {
    missing: 'Resource `{name}` ({type}) has no `tags`; add {keys} or set `aws:defaultTags` in the stack configuration.',
    keys: 'Resource `{name}` ({type}) lacks the tag(s) {keys}.',
  },
  options: {
    type: 'object',
    properties: {
      keys: { type: 'array', items: { type: 'string' }, default: ['Environment', 'Owner', 'CostCenter'], description: 'Tag keys every taggable resource must carry.' },
    },
  },
  check(ctx) {
    const resources = pulumiResources(ctx.file);
    if (resources.length === 0 || awsDefaultTagsConfigured(ctx.file, ctx.workspace)) return;
    const required = ctx.options.keys;
    const list = (keys: readonly string[]) => keys.map((k) => `\`${k}\``).join(', ');
    for (const r of resources) {
      const type = awsType(r.type);
      if (!type || !AWS_TAGGABLE.has(type) || r.read || get(r.options, 'provider') !== undefined) continue;
      const tags = get(r.properties, 'tags');
      const range = { start: r.key.range?.[0] ?? 0, end: r.key.range?.[1] ?? 0 };
      if (tags === undefined) {
        // A misspelt `propertes:` is one mistake, reported by `pulumi/schema`.
        if (r.properties === undefined && r.keys.some((k) => k !== 'properties' && closest(k, ['properties']) === 'properties')) continue;
        if (isMap(r.properties) || r.properties === undefined) ctx.report({ messageId: 'missing', data: { name: r.name, type: r.type, keys: list(required) }, range });
        continue;
      }
      if (!isMap(tags)) continue;
      const present = new Set(tags.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')));
      const missing = required.filter((k) => !present.has(k));
      const key = getKey(r.properties, 'tags');
      const at = key?.range ? { start: key.range[0], end: key.range[1] } : range;
      if (missing.length) ctx.report({ messageId: 'keys', data: { name: r.name, type: r.type, keys: list(missing) }, range: at });
    }
  },
});
