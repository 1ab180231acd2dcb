import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import { companionServices, composeOf, isInterpolated, nodeRange } from '../../parse/compose';
import { defineRule } from '../../rule';
import { closest } from '../../suggest';

interface Reference {
  name: string;
  node: Scalar;
  /** Where the name starts inside the scalar's text (after `service:`), for the range and the fix. */
  offset: number;
  how: string;
}

/** The names a service refers to: `depends_on`, `links`, `volumes_from`, `network_mode: service:x`, `extends` within the file. */
function references(get: (key: string) => Node | undefined): Reference[] {
  const out: Reference[] = [];
  const scalar = (n: unknown): n is Scalar => isScalar(n) && typeof n.value === 'string' && n.range !== undefined;
  const dependsOn = get('depends_on');
  if (isSeq(dependsOn)) for (const item of dependsOn.items) if (scalar(item)) out.push({ name: item.value as string, node: item, offset: 0, how: 'depends on' });
  if (isMap(dependsOn)) for (const pair of dependsOn.items) if (scalar(pair.key)) out.push({ name: pair.key.value as string, node: pair.key, offset: 0, how: 'depends on' });
  const links = get('links');
  if (isSeq(links)) {
    for (const item of links.items) if (scalar(item)) out.push({ name: (item.value as string).split(':')[0], node: item, offset: 0, how: 'links to' });
  }
  const volumesFrom = get('volumes_from');
  if (isSeq(volumesFrom)) {
    for (const item of volumesFrom.items) {
      if (!scalar(item)) continue;
      const v = item.value as string;
      // `container:name` names a container outside the project; `service:name` and a bare name name a service.
      if (v.startsWith('container:')) continue;
      const offset = v.startsWith('service:') ? 'service:'.length : 0;
      out.push({ name: v.slice(offset).split(':')[0], node: item, offset, how: 'takes volumes from' });
    }
  }
  for (const key of ['network_mode', 'pid', 'ipc']) {
    const mode = get(key);
    if (scalar(mode) && (mode.value as string).startsWith('service:')) out.push({ name: (mode.value as string).slice(8), node: mode, offset: 8, how: `shares the ${key === 'network_mode' ? 'network' : key} of` });
  }
  const ext = get('extends');
  if (scalar(ext)) out.push({ name: ext.value as string, node: ext, offset: 0, how: 'extends' });
  return out;
}

/** Where the scalar's text starts in the file: after its opening quote, if any. */
function valueStart(text: string, node: Scalar): number {
  const start = (node.range as [number, number, number])[0];
  return text[start] === '"' || text[start] === "'" ? start + 1 : start;
}

export default defineRule({
  id: 'compose/no-undefined-service',
  kinds: ['compose'],
  // Not run on code blocks of plan documents: services may be defined in the files Compose combines with this one.
  scope: 'repository',
  severity: 'error',
  docs: {
    summary: 'Every service a service depends on, links to, extends or shares a namespace with is defined.',
    rationale:
      'Compose refuses to start a project in which a service `depends_on` a service that does not exist ' +
      '(`service "web" depends on undefined service "dbb"`), and the same holds for `links`, `volumes_from`, ' +
      '`network_mode: service:…` and an `extends:` that names a service of the same file. A typo there stops ' +
      '`docker compose up` for everyone.\n\n' +
      'The services Compose combines with the file count as defined: those of the other compose files in the same ' +
      'folder (`compose.yaml` with `compose.override.yaml`, `docker-compose.prod.yml`…) and of the files it ' +
      '`include:`s. `extends:` with a `file:` names a service of that other file and is not checked; names written as ' +
      'interpolations (`${SERVICE}`) are left alone. When a defined name is close, it is offered as a fix that is ' +
      'never applied unasked.',
  },
  messages: {
    undefined: 'Service `{service}` {how} `{name}`, which is not defined{tail}',
  },
  fix: 'unsafe',
  check(ctx) {
    const { services } = composeOf(ctx.file);
    if (services.length === 0) return;
    const defined = new Set(services.map((s) => s.name));
    for (const name of companionServices(ctx.file, ctx.workspace).keys()) defined.add(name);
    for (const service of services) {
      for (const ref of references((k) => service.get(k))) {
        if (defined.has(ref.name) || ref.name === '' || isInterpolated(ref.name)) continue;
        const suggestion = closest(ref.name, [...defined].filter((n) => n !== service.name));
        const start = valueStart(ctx.file.text, ref.node) + ref.offset;
        const range = ref.offset === 0 && ref.node.value === ref.name ? (nodeRange(ref.node) ?? { start, end: start }) : { start, end: start + ref.name.length };
        const nameRange = { start, end: start + ref.name.length };
        ctx.report({
          messageId: 'undefined',
          data: { service: service.name, how: ref.how, name: ref.name, tail: suggestion ? `; did you mean \`${suggestion}\`?` : '.' },
          range,
          fixes: suggestion ? [{ title: `Use \`${suggestion}\``, safe: false, edits: [{ ...nameRange, newText: suggestion }] }] : [],
        });
      }
    }
  },
});
