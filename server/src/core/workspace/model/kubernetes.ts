/**
 * Kubernetes in the repository model: the workloads (Deployments, StatefulSets,
 * DaemonSets, Jobs, CronJobs, Pods…) with their namespace, images and replicas,
 * and the Services and Ingresses that route to them. Read from the resources
 * the `kubernetes/*` rules share; Helm templates (Go templates, not YAML) are
 * not read.
 */
import { at, isPlain, kubernetesContainers, kubernetesResources, podSpecOf, rangeAt, str } from '../../parse/kubernetes';
import type { ModelSource } from './source';
import type { KubernetesObject, KubernetesPart, KubernetesWorkload } from './types';

export function buildKubernetes(view: ModelSource): KubernetesPart {
  const out: KubernetesPart = { workloads: [], services: [], ingresses: [] };
  for (const file of view.filesOf('kubernetes')) {
    const containers = kubernetesContainers(file);
    for (const resource of kubernetesResources(file)) {
      const kind = resource.kind;
      const name = str(at(resource.value, 'metadata', 'name'));
      if (!kind || !name) continue;
      const range = rangeAt(resource.yaml, [...resource.base, 'metadata', 'name'], 'value') ?? { start: 0, end: 0 };
      const base: KubernetesObject = { path: file.path, kind, name, range };
      const namespace = str(at(resource.value, 'metadata', 'namespace'));
      if (namespace) base.namespace = namespace;
      if (podSpecOf(resource)) {
        const workload: KubernetesWorkload = { ...base, images: [] };
        for (const c of containers) if (c.resource === resource && typeof c.value.image === 'string') workload.images.push(c.value.image);
        const replicas = at(resource.value, 'spec', 'replicas');
        if (typeof replicas === 'number') workload.replicas = replicas;
        out.workloads.push(workload);
      } else if (kind === 'Service' && !resource.apiVersion?.includes('/')) {
        const ports = at(resource.value, 'spec', 'ports');
        out.services.push({
          ...base,
          type: str(at(resource.value, 'spec', 'type')) ?? 'ClusterIP',
          ports: (Array.isArray(ports) ? ports : []).flatMap((p) => {
            if (!isPlain(p) || p.port === undefined) return [];
            return [p.targetPort !== undefined && p.targetPort !== p.port ? `${String(p.port)}→${String(p.targetPort)}` : String(p.port)];
          }),
        });
      } else if (kind === 'Ingress') {
        const rules = at(resource.value, 'spec', 'rules');
        const hosts: string[] = [];
        const backends = new Set<string>();
        for (const rule of Array.isArray(rules) ? rules : []) {
          const host = str(at(rule, 'host'));
          if (host && !hosts.includes(host)) hosts.push(host);
          const paths = at(rule, 'http', 'paths');
          for (const p of Array.isArray(paths) ? paths : []) {
            const service = str(at(p, 'backend', 'service', 'name')) ?? str(at(p, 'backend', 'serviceName'));
            if (service) backends.add(service);
          }
        }
        const fallback = str(at(resource.value, 'spec', 'defaultBackend', 'service', 'name'));
        if (fallback) backends.add(fallback);
        out.ingresses.push({ ...base, hosts, backends: [...backends].sort() });
      }
    }
  }
  return out;
}
