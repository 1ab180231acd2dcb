/**
 * Which resources carry tags, without the providers' schemas (tens of
 * megabytes): a resource that already writes its tag argument is taggable, and
 * so are the common types below, each known to take a top-level `tags` (AWS,
 * Azure) or `labels` (Google) argument. Types not listed and written without the
 * argument are not judged: precision before recall.
 */
import type { HclBlock } from './hcl';

/** The tag argument of each provider's resources. */
export const TAG_ATTRIBUTE: Readonly<Record<string, string>> = { aws: 'tags', azurerm: 'tags', google: 'labels', 'google-beta': 'labels' };

const AWS = [
  'instance', 'vpc', 'subnet', 'security_group', 's3_bucket', 'db_instance', 'rds_cluster', 'eks_cluster', 'eks_node_group',
  'lambda_function', 'lb', 'alb', 'lb_target_group', 'dynamodb_table', 'ecs_cluster', 'ecs_service', 'ecs_task_definition',
  'ecr_repository', 'sqs_queue', 'sns_topic', 'kms_key', 'iam_role', 'iam_policy', 'cloudwatch_log_group', 'nat_gateway',
  'internet_gateway', 'route_table', 'eip', 'efs_file_system', 'elasticache_cluster', 'elasticache_replication_group',
  'cloudfront_distribution', 'secretsmanager_secret', 'launch_template', 'ebs_volume', 'api_gateway_rest_api', 'apigatewayv2_api',
  'sfn_state_machine', 'kinesis_stream', 'msk_cluster', 'opensearch_domain', 'vpc_endpoint', 'route53_zone', 'acm_certificate',
  'ssm_parameter', 'db_subnet_group', 'wafv2_web_acl', 'flow_log', 'network_acl',
];
const AZURE = [
  'resource_group', 'virtual_network', 'kubernetes_cluster', 'storage_account', 'linux_virtual_machine', 'windows_virtual_machine',
  'network_security_group', 'public_ip', 'key_vault', 'mssql_server', 'mssql_database', 'postgresql_flexible_server', 'container_registry',
  'log_analytics_workspace', 'service_plan', 'linux_web_app', 'windows_web_app', 'linux_function_app', 'network_interface', 'lb',
  'application_gateway', 'cosmosdb_account', 'redis_cache', 'user_assigned_identity', 'nat_gateway', 'private_endpoint',
];
const GOOGLE = [
  'compute_instance', 'storage_bucket', 'compute_disk', 'pubsub_topic', 'pubsub_subscription', 'bigquery_dataset',
  'cloudfunctions_function', 'cloudfunctions2_function', 'redis_instance', 'kms_crypto_key', 'secret_manager_secret', 'cloud_run_v2_service',
];

const TAGGABLE = new Map<string, string>([
  ...AWS.map((t) => [`aws_${t}`, 'tags'] as const),
  ...AZURE.map((t) => [`azurerm_${t}`, 'tags'] as const),
  ...GOOGLE.map((t) => [`google_${t}`, 'labels'] as const),
  // A GKE cluster labels its resources with `resource_labels`.
  ['google_container_cluster', 'resource_labels'],
]);

/** The argument that carries the resource's tags, when the resource is taggable (by the list, or because it already has one). */
export function taggableAttribute(type: string, resource: HclBlock): string | undefined {
  const listed = TAGGABLE.get(type);
  if (listed) return listed;
  const provider = type.slice(0, type.indexOf('_'));
  const attr = TAG_ATTRIBUTE[provider];
  return attr && resource.body.attribute(attr) ? attr : undefined;
}
