/**
 * Monitoring and backups in the repository model. Monitoring: Prometheus rule
 * files (and `PrometheusRule` resources) with their alerts, `ServiceMonitor` /
 * `PodMonitor` resources, Grafana dashboards (JSON), CloudWatch alarms and other
 * cloud alert policies in Terraform and CloudFormation. Backups and state: the
 * Terraform backend, database backup retention, bucket versioning, backup plans
 * and Velero schedules.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import { type CfnNode, cloudFormationTemplate, valueOf } from '../../parse/cloudformation';
import { literalString } from '../../parse/hcl';
import { at, kubernetesResources, rangeAt, str } from '../../parse/kubernetes';
import { terraformFacts } from '../../parse/terraform';
import { get, rangeOf } from '../../parse/yaml';
import type { SourceFile } from '../../source';
import type { ModelSource } from './source';
import { buildTerraform } from './terraform';
import type { BackupFact, MonitoringFact, MonitoringKind, OperationsPart } from './types';

const ALARM_TYPES: Record<string, MonitoringKind> = {
  aws_cloudwatch_metric_alarm: 'cloudwatch-alarm',
  aws_cloudwatch_composite_alarm: 'cloudwatch-alarm',
  google_monitoring_alert_policy: 'alert-policy',
  azurerm_monitor_metric_alert: 'alert-policy',
  azurerm_monitor_scheduled_query_rules_alert_v2: 'alert-policy',
};

export function buildOperations(view: ModelSource): OperationsPart {
  const monitoring: MonitoringFact[] = [];
  const backups: BackupFact[] = [];
  // Plain YAML files are read only when their text could be a Prometheus rule file.
  for (const file of view.filesOf('yaml')) if (/^\s*groups:/m.test(file.text) && /\b(?:alert|record):/.test(file.text)) monitoring.push(...prometheusRules(file, file.yaml.documents[0]?.contents));
  for (const file of view.filesOf('json')) if (/"panels"\s*:/.test(file.text) && /"schemaVersion"\s*:/.test(file.text)) monitoring.push(...grafanaDashboard(file));
  for (const file of view.filesOf('kubernetes')) {
    for (const r of kubernetesResources(file)) {
      const name = str(at(r.value, 'metadata', 'name')) ?? '';
      const range = rangeAt(r.yaml, [...r.base, 'metadata', 'name'], 'value') ?? { start: 0, end: 0 };
      if (r.kind === 'PrometheusRule') monitoring.push(...prometheusRules(file, file.yaml.documents[r.document]?.contents ? get(file.yaml.documents[r.document]?.contents, 'spec') : undefined));
      else if (r.kind === 'ServiceMonitor' || r.kind === 'PodMonitor') monitoring.push({ kind: 'service-monitor', name, path: file.path, range });
      else if (r.kind === 'Schedule' && r.apiVersion?.startsWith('velero.io/')) {
        const fact: BackupFact = { kind: 'velero-schedule', subject: `Schedule ${name}`, path: file.path, range };
        const schedule = str(at(r.value, 'spec', 'schedule'));
        if (schedule) fact.detail = schedule;
        backups.push(fact);
      }
    }
  }
  const terraform = buildTerraform(view);
  for (const b of terraform.backends) {
    const where = b.settings.bucket ?? b.settings.storage_account_name ?? b.settings.organization ?? b.settings.path;
    backups.push({ kind: 'state-backend', subject: `backend "${b.type}"`, ...(where ? { detail: where } : {}), path: b.path, range: b.range });
  }
  const byPath = new Map<string, SourceFile>();
  for (const file of view.filesOf('terraform')) byPath.set(file.path, file);
  for (const r of terraform.resources) {
    if (r.mode !== 'resource') continue;
    const file = byPath.get(r.path);
    const block = file ? terraformFacts(file).resources.find((b) => b.labels[0]?.value === r.type && b.labels[1]?.value === r.name) : undefined;
    if (!file || !block) continue;
    const attr = (name: string) => {
      const a = block.body.attribute(name);
      return a ? (literalString(a.expression, file.text) ?? file.text.slice(a.expression.start, a.expression.end)) : undefined;
    };
    const monitor = ALARM_TYPES[r.type];
    if (monitor) {
      const name = literalString(block.body.attribute('alarm_name')?.expression, file.text) ?? literalString(block.body.attribute('display_name')?.expression, file.text) ?? r.address;
      const comparison = attr('comparison_operator');
      const threshold = attr('threshold');
      const fact: MonitoringFact = { kind: monitor, name, path: r.path, range: r.range };
      if (threshold !== undefined) fact.detail = `${comparison ?? ''} ${threshold}`.trim();
      monitoring.push(fact);
    }
    if (r.type === 'aws_db_instance' || r.type === 'aws_rds_cluster' || r.type === 'aws_docdb_cluster') {
      const retention = attr('backup_retention_period');
      if (retention !== undefined) backups.push({ kind: 'database-backups', subject: r.address, detail: `${retention} days`, path: r.path, range: r.range });
    }
    if (r.type === 'aws_s3_bucket_versioning') {
      const status = /status\s*=\s*"([A-Za-z]+)"/.exec(file.text.slice(block.range.start, block.range.end))?.[1];
      backups.push({ kind: 'bucket-versioning', subject: r.address, ...(status ? { detail: status } : {}), path: r.path, range: r.range });
    }
    if (r.type === 'aws_s3_bucket' && block.body.block('versioning')) {
      const enabled = literalOrRaw(block.body.block('versioning')?.body.attribute('enabled')?.expression, file.text);
      backups.push({ kind: 'bucket-versioning', subject: r.address, ...(enabled ? { detail: enabled === 'true' ? 'Enabled' : enabled } : {}), path: r.path, range: r.range });
    }
    if (r.type === 'aws_backup_plan' || (r.type === 'google_sql_database_instance' && /backup_configuration/.test(file.text.slice(block.range.start, block.range.end)))) {
      backups.push({ kind: r.type === 'aws_backup_plan' ? 'backup-plan' : 'database-backups', subject: r.address, path: r.path, range: r.range });
    }
  }
  for (const file of view.filesOf('cloudformation')) {
    for (const r of cloudFormationTemplate(file).resources) {
      const props = r.properties;
      const scalar = (n: CfnNode | undefined) => (n?.type === 'scalar' && n.value !== null && n.value !== undefined ? String(n.value) : undefined);
      if (r.type === 'AWS::CloudWatch::Alarm' || r.type === 'AWS::CloudWatch::CompositeAlarm') {
        const threshold = scalar(valueOf(props, 'Threshold'));
        const fact: MonitoringFact = { kind: 'cloudwatch-alarm', name: scalar(valueOf(props, 'AlarmName')) ?? r.id, path: file.path, range: r.idRange };
        if (threshold !== undefined) fact.detail = `${scalar(valueOf(props, 'ComparisonOperator')) ?? ''} ${threshold}`.trim();
        monitoring.push(fact);
      } else if (r.type === 'AWS::RDS::DBInstance' || r.type === 'AWS::RDS::DBCluster') {
        const retention = scalar(valueOf(props, 'BackupRetentionPeriod'));
        if (retention !== undefined) backups.push({ kind: 'database-backups', subject: r.id, detail: `${retention} days`, path: file.path, range: r.idRange });
      } else if (r.type === 'AWS::S3::Bucket') {
        const status = scalar(valueOf(valueOf(props, 'VersioningConfiguration'), 'Status'));
        if (status !== undefined) backups.push({ kind: 'bucket-versioning', subject: r.id, detail: status, path: file.path, range: r.idRange });
      } else if (r.type === 'AWS::Backup::BackupPlan') backups.push({ kind: 'backup-plan', subject: r.id, path: file.path, range: r.idRange });
    }
  }
  return { monitoring, backups };
}

function literalOrRaw(expression: Parameters<typeof literalString>[0], text: string): string | undefined {
  if (!expression) return undefined;
  return literalString(expression, text) ?? text.slice(expression.start, expression.end).trim();
}

/** `groups: - name: … rules: - alert: X expr: …` (a rule file, or a `PrometheusRule`'s spec). */
function prometheusRules(file: SourceFile, root: unknown): MonitoringFact[] {
  const out: MonitoringFact[] = [];
  const groups = get(root, 'groups');
  for (const group of isSeq(groups) ? groups.items : []) {
    const rules = get(group, 'rules');
    for (const rule of isSeq(rules) ? rules.items : []) {
      if (!isMap(rule)) continue;
      const alert = get(rule, 'alert');
      const record = get(rule, 'record');
      const named = isScalar(alert) ? alert : isScalar(record) ? record : undefined;
      const range = rangeOf(named);
      if (!named || !range) continue;
      const expr = get(rule, 'expr');
      const fact: MonitoringFact = { kind: alert ? 'prometheus-alert' : 'prometheus-recording', name: String(named.value), path: file.path, range };
      if (isScalar(expr) && expr.value !== null) fact.detail = String(expr.value).trim().replace(/\s+/g, ' ');
      out.push(fact);
    }
  }
  return out;
}

function grafanaDashboard(file: SourceFile): MonitoringFact[] {
  const root = file.json;
  if (root?.type !== 'object') return [];
  const title = root.children?.find((p) => p.children?.[0]?.value === 'title')?.children?.[1];
  const name = typeof title?.value === 'string' ? title.value : file.basename;
  const range = title ? { start: title.offset, end: title.offset + title.length } : { start: 0, end: 0 };
  return [{ kind: 'grafana-dashboard', name, path: file.path, range }];
}
