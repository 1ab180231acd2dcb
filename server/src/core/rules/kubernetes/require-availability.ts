import { at, isPlain, type KubernetesResource, kubernetesResources, rangeAt, str } from '../../parse/kubernetes';
import { labelSelectorMatches, mapSelectorMatches } from '../../parse/kubernetes-selectors';
import { defineRule } from '../../rule';
import type { WorkspaceView } from '../../workspace/view';

/** Every resource of the workspace's Kubernetes files, read once per file version. */
function workspaceResources(workspace: WorkspaceView): KubernetesResource[] {
  return workspace.filesOf('kubernetes').flatMap((f) => kubernetesResources(f));
}

const sameNamespace = (a: KubernetesResource, b: KubernetesResource) => {
  const na = str(at(a.value, 'metadata', 'namespace'));
  const nb = str(at(b.value, 'metadata', 'namespace'));
  // A manifest without a namespace goes where it is applied: assume it goes with the others.
  return na === undefined || nb === undefined || na === nb;
};

export default defineRule({
  id: 'kubernetes/require-availability',
  kinds: ['kubernetes'],
  // Not run on code blocks of plan documents: reads the Services, budgets and autoscalers of other manifests.
  scope: 'repository',
  severity: 'warning',
  fix: 'unsafe',
  docs: {
    summary: 'A Deployment that serves a Service runs more than one replica, or has a PodDisruptionBudget.',
    rationale:
      'One replica is one pod: every node drain, cluster upgrade, eviction or rollout of a new image takes the service ' +
      'down until the replacement is ready. Run two or more replicas, and add a PodDisruptionBudget so that voluntary ' +
      'disruptions (drains) never take all of them at once.\n\n' +
      'Not every Deployment is meant to be highly available, so the rule reports only one that looks meant to be: a ' +
      'Service of the workspace selects its pods (it serves traffic), while it runs one replica (`replicas: 1` or unset) ' +
      'and no PodDisruptionBudget of the workspace selects its pods. It is not reported when a HorizontalPodAutoscaler ' +
      'scales it (the autoscaler owns `replicas`), when another manifest of the workspace for the same Deployment (a ' +
      'kustomize overlay\'s patch) sets more replicas, when it uses the `Recreate` strategy (a singleton by design: two ' +
      'copies must never run together), or when `replicas: 0` switches it off. The fix (`replicas: 2`) is never applied ' +
      'by "fix all": the application must be able to run twice.',
  },
  messages: {
    single: 'Deployment `{name}` serves Service `{service}` with a single replica and no PodDisruptionBudget; run more than one replica or add a PodDisruptionBudget.',
  },
  check(ctx) {
    let all: KubernetesResource[] | undefined;
    for (const d of kubernetesResources(ctx.file)) {
      if (d.kind !== 'Deployment' || !d.apiVersion?.startsWith('apps/')) continue;
      const replicas = at(d.value, 'spec', 'replicas');
      if (replicas !== undefined && replicas !== 1) continue;
      if (str(at(d.value, 'spec', 'strategy', 'type')) === 'Recreate') continue;
      const labels = at(d.value, 'spec', 'template', 'metadata', 'labels');
      const name = str(at(d.value, 'metadata', 'name'));
      if (!isPlain(labels) || !name) continue;
      all ??= workspaceResources(ctx.workspace);
      const others = all.filter((r) => r !== d && sameNamespace(r, d));
      const service = others.find((r) => r.kind === 'Service' && mapSelectorMatches(at(r.value, 'spec', 'selector'), labels));
      if (!service) continue;
      if (others.some((r) => r.kind === 'PodDisruptionBudget' && labelSelectorMatches(at(r.value, 'spec', 'selector'), labels))) continue;
      const scaled = others.some((r) => r.kind === 'HorizontalPodAutoscaler' && at(r.value, 'spec', 'scaleTargetRef', 'kind') === 'Deployment' && at(r.value, 'spec', 'scaleTargetRef', 'name') === name);
      if (scaled) continue;
      const patched = others.some((r) => r.kind === 'Deployment' && str(at(r.value, 'metadata', 'name')) === name && typeof at(r.value, 'spec', 'replicas') === 'number' && (at(r.value, 'spec', 'replicas') as number) > 1);
      if (patched) continue;
      const replicasRange = replicas === 1 ? rangeAt(d.yaml, [...d.base, 'spec', 'replicas'], 'value') : undefined;
      const range = replicasRange ?? rangeAt(d.yaml, [...d.base, 'metadata', 'name'], 'value');
      if (!range) continue;
      const fixes = replicasRange ? [{ title: 'Set `replicas: 2`', safe: false, edits: [{ ...replicasRange, newText: '2' }] }] : [];
      ctx.report({ messageId: 'single', data: { name, service: str(at(service.value, 'metadata', 'name')) ?? '' }, range, fixes });
    }
  },
});
