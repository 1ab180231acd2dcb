import { isMap, isScalar } from 'yaml';
import { combinedValue, companionServices, composeOf, definesService, isOneShot } from '../../parse/compose';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'compose/require-resource-limits',
  kinds: ['compose'],
  // Not run on code blocks of plan documents: an override file may set the limits.
  scope: 'repository',
  severity: 'info',
  docs: {
    summary: 'Long-running services set memory or CPU limits (`deploy.resources.limits`, or `mem_limit`/`cpus`).',
    rationale:
      'A container without limits may take all the memory and CPU of its host: one leaking service gets every other ' +
      'service of the host killed by the kernel\'s out-of-memory killer, or starves them. `deploy.resources.limits` ' +
      '(`cpus`, `memory`, `pids`) is what Compose and Swarm read today; the older service keys `mem_limit`, `cpus` and ' +
      '`memswap_limit` are accepted too. Sizing resources to the environment is part of the practice the plan documents ' +
      'describe.\n\n' +
      'Advice, judged where the service is defined (its `image:` or `build:`), with the limits looked up in the files ' +
      'Compose combines with it (a production override is the usual place). Services that run once and exit (see ' +
      '`compose/require-healthcheck`) and services that `extends:` another are not reported.',
  },
  messages: {
    missing: 'Service `{service}` has no memory or CPU limit; set `deploy.resources.limits` (`memory`, `cpus`).',
  },
  check(ctx) {
    const { services } = composeOf(ctx.file);
    if (services.length === 0) return;
    const companions = companionServices(ctx.file, ctx.workspace);
    for (const service of services) {
      if (!definesService(service) || service.get('extends') !== undefined) continue;
      if (['mem_limit', 'cpus', 'memswap_limit'].some((k) => combinedValue(service, companions, k) !== undefined)) continue;
      const deploys = [service.get('deploy'), ...(companions.get(service.name) ?? []).map((s) => s.get('deploy'))];
      const limited = deploys.some((d) => {
        const resources = isMap(d) ? d.items.find((p) => isScalar(p.key) && p.key.value === 'resources')?.value : undefined;
        return isMap(resources) && resources.items.some((p) => isScalar(p.key) && p.key.value === 'limits');
      });
      if (limited || isOneShot(service, services)) continue;
      ctx.report({ messageId: 'missing', data: { service: service.name }, range: { start: service.key.range?.[0] ?? 0, end: service.key.range?.[1] ?? 0 } });
    }
  },
});
