import { at, kubernetesResources, rangeAt } from '../../parse/kubernetes';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'kubernetes/no-default-namespace',
  kinds: ['kubernetes'],
  severity: 'warning',
  docs: {
    summary: 'Resources are not placed in the `default` namespace.',
    rationale:
      'The `default` namespace is where everything lands that nobody placed: workloads there share one set of quotas, ' +
      'network policies and RBAC grants with whatever else was applied without thought, so nothing isolates them. ' +
      'Give each application or environment a namespace of its own.\n\n' +
      'Only an explicit `namespace: default` is reported. A manifest without `metadata.namespace` is the usual shape of ' +
      'a reusable one: its namespace comes from `kubectl apply -n`, from kustomize\'s `namespace:` or from Helm ' +
      '(`--namespace`), so its absence says nothing about where it will run.',
  },
  messages: { explicit: '{resource} is placed in the `default` namespace; give the application a namespace of its own.' },
  check(ctx) {
    for (const r of kubernetesResources(ctx.file)) {
      if (at(r.value, 'metadata', 'namespace') !== 'default') continue;
      const range = rangeAt(r.yaml, [...r.base, 'metadata', 'namespace'], 'value');
      const name = at(r.value, 'metadata', 'name');
      const resource = `${r.kind ?? 'Resource'}${typeof name === 'string' ? ` \`${name}\`` : ''}`;
      if (range) ctx.report({ messageId: 'explicit', data: { resource }, range });
    }
  },
});
