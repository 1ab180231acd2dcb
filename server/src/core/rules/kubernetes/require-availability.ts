import { at, isPlain, type KubernetesResource, kubernetesResources, rangeAt, str } from '../../parse/kubernetes';
import { labelSelectorMatches, mapSelectorMatches } from '../../parse/kubernetes-selectors';
import { defineRule } from '../../rule';
import type { WorkspaceView } from '../../workspace/view';

/**
 * The workspace's Kubernetes resources, indexed for the questions the rule asks of each
 * Deployment: built once per list of Kubernetes files (the repository gives a new list when
 * one of them changes), not once per file — with thousands of manifests, scanning every
 * resource for every Deployment made a check of the workspace quadratic (issue 13).
 */
interface ResourceIndex {
  /** Services by the first entry of their selector (`key\0value`): a Service can only select labels holding that entry. */
  servicesBySelector: Map<string, { r: KubernetesResource; i: number }[]>;
  byKind: Map<string, KubernetesResource[]>;
  deploymentsByName: Map<string, KubernetesResource[]>;
}
const indexes = new WeakMap<readonly unknown[], ResourceIndex>();
const entryKey = (k: string, v: unknown) => `${k}\0${String(v)}`;

function workspaceIndex(workspace: WorkspaceView): ResourceIndex {
  const files = workspace.filesOf('kubernetes');
  let index = indexes.get(files);
  if (!index) {
    index = { servicesBySelector: new Map(), byKind: new Map(), deploymentsByName: new Map() };
    let i = 0;
    for (const r of files.flatMap((f) => kubernetesResources(f))) {
      const n = i++;
      const ofKind = index.byKind.get(r.kind ?? '') ?? [];
      ofKind.push(r);
      index.byKind.set(r.kind ?? '', ofKind);
      if (r.kind === 'Service') {
        const selector = at(r.value, 'spec', 'selector');
        const first = isPlain(selector) ? Object.entries(selector)[0] : undefined;
        if (first) {
          const key = entryKey(first[0], first[1]);
          const list = index.servicesBySelector.get(key) ?? [];
          list.push({ r, i: n });
          index.servicesBySelector.set(key, list);
        }
      }
      if (r.kind === 'Deployment') {
        const name = str(at(r.value, 'metadata', 'name'));
        if (name !== undefined) index.deploymentsByName.set(name, [...(index.deploymentsByName.get(name) ?? []), r]);
      }
    }
    indexes.set(files, index);
  }
  return index;
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
    let index: ResourceIndex | undefined;
    for (const d of kubernetesResources(ctx.file)) {
      if (d.kind !== 'Deployment' || !d.apiVersion?.startsWith('apps/')) continue;
      const replicas = at(d.value, 'spec', 'replicas');
      if (replicas !== undefined && replicas !== 1) continue;
      if (str(at(d.value, 'spec', 'strategy', 'type')) === 'Recreate') continue;
      const labels = at(d.value, 'spec', 'template', 'metadata', 'labels');
      const name = str(at(d.value, 'metadata', 'name'));
      if (!isPlain(labels) || !name) continue;
      index ??= workspaceIndex(ctx.workspace);
      const other = (r: KubernetesResource) => r !== d && sameNamespace(r, d);
      // The first Service of the workspace (in file and document order) that selects the pods.
      let service: { r: KubernetesResource; i: number } | undefined;
      for (const [k, v] of Object.entries(labels)) {
        for (const c of index.servicesBySelector.get(entryKey(k, v)) ?? []) {
          if ((!service || c.i < service.i) && other(c.r) && mapSelectorMatches(at(c.r.value, 'spec', 'selector'), labels)) service = c;
        }
      }
      if (!service) continue;
      const ofKind = (kind: string) => (index?.byKind.get(kind) ?? []).filter(other);
      if (ofKind('PodDisruptionBudget').some((r) => labelSelectorMatches(at(r.value, 'spec', 'selector'), labels))) continue;
      const scaled = ofKind('HorizontalPodAutoscaler').some((r) => at(r.value, 'spec', 'scaleTargetRef', 'kind') === 'Deployment' && at(r.value, 'spec', 'scaleTargetRef', 'name') === name);
      if (scaled) continue;
      const patched = (index.deploymentsByName.get(name) ?? []).some((r) => other(r) && typeof at(r.value, 'spec', 'replicas') === 'number' && (at(r.value, 'spec', 'replicas') as number) > 1);
      if (patched) continue;
      const replicasRange = replicas === 1 ? rangeAt(d.yaml, [...d.base, 'spec', 'replicas'], 'value') : undefined;
      const range = replicasRange ?? rangeAt(d.yaml, [...d.base, 'metadata', 'name'], 'value');
      if (!range) continue;
      const fixes = replicasRange ? [{ title: 'Set `replicas: 2`', safe: false, edits: [{ ...replicasRange, newText: '2' }] }] : [];
      ctx.report({ messageId: 'single', data: { name, service: str(at(service.r.value, 'metadata', 'name')) ?? '' }, range, fixes });
    }
  },
});
