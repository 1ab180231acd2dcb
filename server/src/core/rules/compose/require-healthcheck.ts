import { isMap, isScalar } from 'yaml';
import { buildDockerfilePath, combinedValue, companionServices, composeOf, definesService, isOneShot } from '../../parse/compose';
import { defineRule } from '../../rule';
import { closest } from '../../suggest';

/** A `HEALTHCHECK` instruction other than `HEALTHCHECK NONE`: the image checks itself. */
const DOCKERFILE_HEALTHCHECK = /^[ \t]*HEALTHCHECK[ \t]+(?!NONE\b)/im;

export default defineRule({
  id: 'compose/require-healthcheck',
  kinds: ['compose'],
  // Not run on code blocks of plan documents: an override file or the service's Dockerfile may give the health check.
  scope: 'repository',
  severity: 'warning',
  docs: {
    summary: 'Long-running services declare a `healthcheck`, so that Compose knows when they are ready and when they fail.',
    rationale:
      'Without a health check a container is "running" as soon as its process starts: a service that `depends_on` a ' +
      'database starts before the database accepts connections, a deadlocked server is never noticed, and ' +
      '`condition: service_healthy` cannot be used. A `healthcheck:` (`test: ["CMD-SHELL", "pg_isready -U app"]`) ' +
      'gives Compose, Swarm and every platform that reads the file a signal to wait on and restart by.\n\n' +
      'Judged where the service is defined (the file with its `image:` or `build:`), with the health check looked up in ' +
      'the files Compose combines with it (overrides, includes). Not reported: services that run once and exit — ' +
      '`restart: "no"`, `deploy.restart_policy.condition: none`, a tool profile (`tools`, `cli`, `debug`, `test`, ' +
      '`migrate`, `setup`…), a one-shot name (`migrate`, `seed`, `init`, `setup`, `createbuckets`…), an idle container (`command: sleep infinity`, as a dev container\'s workspace), or another service ' +
      'waiting for it with `condition: service_completed_successfully`; services that `extends:` another (the check may ' +
      'be inherited); and services built from a Dockerfile of the workspace that has its own `HEALTHCHECK`. ' +
      '`healthcheck: { disable: true }` is an explicit choice and is accepted.',
  },
  messages: {
    missing: 'Service `{service}` runs without a `healthcheck`, so nothing knows when it is ready or stuck; add one (`test: ["CMD-SHELL", "…"]`).',
  },
  check(ctx) {
    const { services } = composeOf(ctx.file);
    if (services.length === 0) return;
    const companions = companionServices(ctx.file, ctx.workspace);
    for (const service of services) {
      if (!definesService(service) || service.get('extends') !== undefined) continue;
      if (combinedValue(service, companions, 'healthcheck') !== undefined) continue;
      // A misspelt `healtcheck:` is one mistake, reported by `compose/schema`.
      const keys = isMap(service.node) ? service.node.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')) : [];
      if (keys.some((k) => closest(k, ['healthcheck']) === 'healthcheck')) continue;
      if (isOneShot(service, services) || (companions.get(service.name) ?? []).some((s) => isOneShot(s, [s]))) continue;
      const dockerfile = buildDockerfilePath(ctx.file, service);
      const text = dockerfile ? ctx.workspace.file(dockerfile)?.text : undefined;
      if (text !== undefined && DOCKERFILE_HEALTHCHECK.test(text)) continue;
      // `scale: 0` / `replicas: 0`: defined but not started.
      const deploy = service.get('deploy');
      const replicas = isMap(deploy) ? deploy.items.find((p) => isScalar(p.key) && p.key.value === 'replicas')?.value : undefined;
      if (String((service.get('scale') as { value?: unknown } | undefined)?.value) === '0' || (isScalar(replicas) && String(replicas.value) === '0')) continue;
      ctx.report({ messageId: 'missing', data: { service: service.name }, range: { start: service.key.range?.[0] ?? 0, end: service.key.range?.[1] ?? 0 } });
    }
  },
});
