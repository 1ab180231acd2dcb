import { containerSubject, containerRange, LONG_RUNNING_KINDS, str } from '../../parse/kubernetes';
import { judgedContainers } from '../../parse/kubernetes-schema';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'kubernetes/require-probes',
  kinds: ['kubernetes'],
  severity: 'warning',
  docs: {
    summary: 'Containers of long-running workloads have a `livenessProbe` and a `readinessProbe`.',
    rationale:
      'Without a readiness probe a pod receives traffic as soon as its process starts, before it can answer, and a rolling ' +
      'update moves on to the next pod while the new one is still failing; without a liveness probe a process that hangs ' +
      'without exiting is never restarted. Each container of a Deployment, StatefulSet, DaemonSet or ReplicaSet (and of ' +
      'a Pod that restarts, `restartPolicy: Always`) should say how Kubernetes tells it is alive and ready: an `httpGet`, ' +
      '`tcpSocket`, `grpc` or `exec` probe. Jobs and CronJobs run to completion and are not reported, nor are init ' +
      'containers, which must finish before the others start.',
  },
  messages: {
    both: '{container} has no `livenessProbe` and no `readinessProbe`.',
    one: '{container} has no `{probe}`.',
  },
  check(ctx) {
    for (const c of judgedContainers(ctx.file, ctx.workspace)) {
      if (c.init) continue;
      const kind = c.resource.kind ?? '';
      const restarts = kind === 'Pod' && (str(c.podSpec.restartPolicy) ?? 'Always') === 'Always';
      if (!LONG_RUNNING_KINDS.has(kind) && !restarts) continue;
      const liveness = c.value.livenessProbe !== undefined;
      const readiness = c.value.readinessProbe !== undefined;
      if (liveness && readiness) continue;
      const range = containerRange(c, ctx.file.text);
      if (!range) continue;
      const container = containerSubject(c);
      if (!liveness && !readiness) ctx.report({ messageId: 'both', data: { container }, range });
      else ctx.report({ messageId: 'one', data: { container, probe: liveness ? 'readinessProbe' : 'livenessProbe' }, range });
    }
  },
});
