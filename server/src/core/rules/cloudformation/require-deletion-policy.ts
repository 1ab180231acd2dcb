import { cloudFormationTemplate, entryOf, valueOf } from '../../parse/cloudformation';
import { insertAfterEntry } from '../../parse/cloudformation-edits';
import { defineRule } from '../../rule';

/** Stateful types whose data CloudFormation can snapshot on delete; the others keep it only by `Retain`. */
const SNAPSHOT_TYPES = new Set([
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::EC2::Volume',
  'AWS::ElastiCache::CacheCluster',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::Neptune::DBCluster',
  'AWS::DocDB::DBCluster',
  'AWS::Redshift::Cluster',
]);
const RETAIN_TYPES = new Set([
  'AWS::S3::Bucket',
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable',
  'AWS::Serverless::SimpleTable',
  'AWS::EFS::FileSystem',
  'AWS::FSx::FileSystem',
  'AWS::KMS::Key',
  'AWS::Cognito::UserPool',
  'AWS::Backup::BackupVault',
  'AWS::OpenSearchService::Domain',
  'AWS::Elasticsearch::Domain',
]);

export default defineRule({
  id: 'cloudformation/require-deletion-policy',
  kinds: ['cloudformation'],
  severity: 'warning',
  docs: {
    summary: 'Stateful resources (databases, buckets, volumes, tables, file systems, keys) set `DeletionPolicy` and `UpdateReplacePolicy`.',
    rationale:
      'Without them, CloudFormation deletes a database, bucket, volume or table with its data when the stack is deleted, when ' +
      'the resource is removed from the template, or when an update replaces it (a renamed table, a changed engine) — one ' +
      'wrong change set and the data is gone. `Snapshot` keeps a final snapshot where the service supports it (RDS, Aurora, ' +
      'EBS, ElastiCache, Neptune, DocumentDB, Redshift); `Retain` keeps the resource itself. An explicit `Delete` is a ' +
      'decision and is accepted; a database instance inside an Aurora cluster (`DBClusterIdentifier`) is covered by its ' +
      "cluster's policy. The fix adds the missing policies after `Type`.",
  },
  messages: {
    missing: 'Stateful resource {id} ({type}) has no {missing}; its data is deleted with the stack or on replacement.',
  },
  fix: 'unsafe',
  check(ctx) {
    const template = cloudFormationTemplate(ctx.file);
    for (const r of template.resources) {
      if (!r.type || r.node.type !== 'map') continue;
      const snapshot = SNAPSHOT_TYPES.has(r.type);
      if (!snapshot && !RETAIN_TYPES.has(r.type)) continue;
      if (r.type === 'AWS::RDS::DBInstance' && valueOf(r.properties, 'DBClusterIdentifier')) continue;
      const missing = ['DeletionPolicy', 'UpdateReplacePolicy'].filter((k) => !entryOf(r.node, k));
      if (missing.length === 0) continue;
      const policy = snapshot ? 'Snapshot' : 'Retain';
      const typeEntry = entryOf(r.node, 'Type');
      const edit = typeEntry && insertAfterEntry(ctx.file, r.node, typeEntry, missing.map((k) => [k, policy] as const));
      ctx.report({
        messageId: 'missing',
        data: { id: `\`${r.id}\``, type: `\`${r.type}\``, missing: missing.map((k) => `\`${k}\``).join(' or ') },
        range: r.idRange,
        fixes: edit ? [{ title: `Add ${missing.map((k) => `\`${k}: ${policy}\``).join(' and ')}`, safe: false, edits: [edit] }] : [],
      });
    }
  },
});
