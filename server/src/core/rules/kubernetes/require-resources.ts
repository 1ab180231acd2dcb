import { containerSubject, containerRange, isPlain, rangeAt } from '../../parse/kubernetes';
import { judgedContainers } from '../../parse/kubernetes-schema';
import { defineRule } from '../../rule';

const set = (v: unknown) => isPlain(v) && Object.keys(v).length > 0;

export default defineRule({
  id: 'kubernetes/require-resources',
  kinds: ['kubernetes'],
  severity: 'warning',
  docs: {
    summary: 'Every container of a workload sets resource `requests` and `limits`.',
    rationale:
      'The scheduler places a pod by its requests: a container without them is scheduled as if it needed nothing, lands ' +
      'on a full node and is the first evicted under pressure (QoS class BestEffort). Without a memory limit one leaking ' +
      'container can take the node down with its neighbours. Set `resources.requests` (what the container needs) and ' +
      '`resources.limits` (what it may take) on each container of a Deployment, StatefulSet, DaemonSet, Job, CronJob or ' +
      'Pod. Which resources to limit is yours to judge: a memory limit alone (no CPU limit, to avoid throttling) counts. ' +
      'Init containers are not reported: they run before the others and seldom decide what the pod is given.',
  },
  messages: {
    none: '{container} sets no resource requests or limits.',
    missing: '{container} sets resource {present} but no {missing}.',
  },
  check(ctx) {
    for (const c of judgedContainers(ctx.file, ctx.workspace)) {
      if (c.init) continue;
      const resources = c.value.resources;
      const requests = set(at(resources, 'requests'));
      const limits = set(at(resources, 'limits'));
      if (requests && limits) continue;
      const range = resources !== undefined ? rangeAt(c.resource.yaml, [...c.path, 'resources']) : containerRange(c, ctx.file.text);
      if (!range) continue;
      const container = containerSubject(c);
      if (!requests && !limits) ctx.report({ messageId: 'none', data: { container }, range });
      else ctx.report({ messageId: 'missing', data: { container, present: requests ? '`requests`' : '`limits`', missing: requests ? '`limits`' : '`requests`' }, range });
    }
  },
});

function at(v: unknown, key: string): unknown {
  return isPlain(v) ? v[key] : undefined;
}
