/**
 * Kubernetes manifests read once per file version: every document of a
 * multi-document file (and every item of a `List`) as a resource with its plain
 * value, anchors and merges resolved, and the way back to the node each part was
 * written at. Workloads expose their containers (init containers apart) and the
 * pod spec that holds them. The schema rule, the practice rules and the
 * package-manager policy all read this model.
 */
import { isScalar, type Node } from 'yaml';
import { locate, type YamlValue, yamlValue } from '../schema/yaml-value';
import type { SourceFile } from '../source';
import type { OffsetRange } from '../types';

export type Plain = Record<string, unknown>;

export interface KubernetesResource {
  apiVersion?: string;
  kind?: string;
  /** The resource as the API server decodes it: a `null` value is an unset key. */
  value: Plain;
  /** The document it was read from. */
  yaml: YamlValue;
  /** Where the resource sits in its document: `[]`, or `['items', '3']` in a `List`. */
  base: string[];
  /** Index of the document in the file. */
  document: number;
}

export interface KubernetesContainer {
  resource: KubernetesResource;
  value: Plain;
  name?: string;
  /** Segments of the container from the document's root. */
  path: string[];
  /** Segments of the pod spec that holds it. */
  podSpecPath: string[];
  podSpec: Plain;
  init: boolean;
}

export const isPlain = (v: unknown): v is Plain => v !== null && typeof v === 'object' && !Array.isArray(v);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A mapping's value at a path of keys, or undefined. */
export function at(value: unknown, ...keys: string[]): unknown {
  let v = value;
  for (const k of keys) v = isPlain(v) ? v[k] : undefined;
  return v;
}

/** Plain scalars YAML 1.1 reads as booleans, as Kubernetes' YAML decoder does (`readOnly: yes`). */
const YAML11_BOOLEAN = /^(?:y|Y|yes|Yes|YES|on|On|ON|n|N|no|No|NO|off|Off|OFF)$/;
const YAML11_TRUE = /^(?:y|Y|yes|Yes|YES|on|On|ON)$/;

/**
 * The value as the API server decodes it, in place: a key whose value is `null` is unset,
 * and an unquoted `yes`/`no`/`on`/`off` is a boolean (Kubernetes reads YAML 1.1 scalars).
 */
function asDecoded(yaml: YamlValue, value: unknown, seen = new Set<object>()): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  const origins = yaml.origins.get(value);
  const record = value as Record<string, unknown>;
  const boolean = (k: string): boolean | undefined => {
    const v = record[k];
    if (typeof v !== 'string' || !YAML11_BOOLEAN.test(v)) return undefined;
    const node = origins?.get(k)?.value;
    return isScalar(node) && node.type === 'PLAIN' ? YAML11_TRUE.test(v) : undefined;
  };
  for (const k of Object.keys(record)) {
    if (record[k] === null && !Array.isArray(value)) {
      delete record[k];
      continue;
    }
    const b = boolean(k);
    if (b !== undefined) record[k] = b;
    else asDecoded(yaml, record[k], seen);
  }
}

/** The resources of a Kubernetes file, in document order; documents that do not parse are left to the syntax rule. */
export function kubernetesResources(file: SourceFile): KubernetesResource[] {
  return file.memo('kubernetes:resources', () => {
    const out: KubernetesResource[] = [];
    if (!file.isYamlLike) return out;
    file.yaml.documents.forEach((doc, document) => {
      if (doc.errors.length > 0 || doc.contents === null) return;
      const yaml = yamlValue(doc);
      if (!yaml || !isPlain(yaml.value)) return;
      asDecoded(yaml, yaml.value);
      const value = yaml.value;
      out.push({ apiVersion: str(value.apiVersion), kind: str(value.kind), value, yaml, base: [], document });
      // `kind: List` (what `kubectl get -o yaml` prints): each item is a resource of its own.
      if (str(value.kind)?.endsWith('List') && Array.isArray(value.items)) {
        value.items.forEach((item, i) => {
          if (isPlain(item)) out.push({ apiVersion: str(item.apiVersion), kind: str(item.kind), value: item, yaml, base: ['items', String(i)], document });
        });
      }
    });
    return out;
  });
}

/** The pod spec of a workload, by kind: where each controller keeps its pod template. */
const POD_SPEC_PATH: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** Workload kinds whose pods run until stopped (services, agents), as opposed to Jobs that run to completion. */
export const LONG_RUNNING_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController']);

/** Whether a resource is one of Kubernetes' own workloads (an API group of the project, not a custom resource of the same name). */
function isCoreWorkload(r: KubernetesResource): boolean {
  if (!r.kind || !POD_SPEC_PATH[r.kind]) return false;
  const group = r.apiVersion?.includes('/') ? r.apiVersion.slice(0, r.apiVersion.indexOf('/')) : '';
  return ['', 'apps', 'batch', 'extensions'].includes(group);
}

/** The pod spec of a workload resource, with its path from the document's root. */
export function podSpecOf(r: KubernetesResource): { value: Plain; path: string[] } | undefined {
  if (!isCoreWorkload(r)) return undefined;
  const rel = POD_SPEC_PATH[r.kind as string];
  const value = at(r.value, ...rel);
  return isPlain(value) ? { value, path: [...r.base, ...rel] } : undefined;
}

/** Every container of the file's workloads, init containers included (marked). */
export function kubernetesContainers(file: SourceFile): KubernetesContainer[] {
  return file.memo('kubernetes:containers', () => {
    const out: KubernetesContainer[] = [];
    for (const resource of kubernetesResources(file)) {
      const spec = podSpecOf(resource);
      if (!spec) continue;
      for (const [key, init] of [['initContainers', true], ['containers', false]] as const) {
        const list = spec.value[key];
        if (!Array.isArray(list)) continue;
        list.forEach((c, i) => {
          if (!isPlain(c)) return;
          out.push({ resource, value: c, name: str(c.name), path: [...spec.path, key, String(i)], podSpecPath: spec.path, podSpec: spec.value, init });
        });
      }
    }
    return out;
  });
}

/** The YAML node at a path of a resource's document: its key for a mapping entry, or the value. */
export function nodeAt(yaml: YamlValue, segments: readonly string[], prefer: 'key' | 'value' = 'key'): Node | undefined {
  const found = locate(yaml, segments);
  if (!found.origin || found.depth !== segments.length) return undefined;
  const { key, value } = found.origin;
  return (prefer === 'key' ? (key ?? value) : (value ?? key)) ?? undefined;
}

/** The range of the node at a path, or of the deepest node on the way to it. */
export function rangeAt(yaml: YamlValue, segments: readonly string[], prefer: 'key' | 'value' = 'key'): OffsetRange | undefined {
  for (let n = segments.length; n >= 0; n--) {
    const node = n === 0 ? yaml.root : nodeAt(yaml, segments.slice(0, n), prefer);
    if (node?.range) {
      // A mapping or list is shown by its first line, not its whole body.
      const [start, end] = node.range;
      return { start, end: Math.max(start, end) };
    }
  }
  return undefined;
}

/** Where a container is named: its `name` value, else the first line of its item. */
export function containerRange(c: KubernetesContainer, text: string): OffsetRange | undefined {
  const name = nodeAt(c.resource.yaml, [...c.path, 'name'], 'value');
  if (name?.range) return { start: name.range[0], end: name.range[1] };
  const r = rangeAt(c.resource.yaml, c.path, 'value');
  if (!r) return undefined;
  const nl = text.indexOf('\n', r.start);
  return { start: r.start, end: nl < 0 || nl > r.end ? r.end : nl };
}

/** "container `web`" or "container 2 of the deployment `api`". */
export function containerLabel(c: KubernetesContainer): string {
  const kind = c.init ? 'init container' : 'container';
  return c.name ? `${kind} \`${c.name}\`` : `${kind} ${Number(c.path[c.path.length - 1]) + 1} of ${resourceLabel(c.resource)}`;
}

/** The same, to start a sentence: "Container `web`". */
export function containerSubject(c: KubernetesContainer): string {
  const label = containerLabel(c);
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** "Deployment `api`". */
export function resourceLabel(r: KubernetesResource): string {
  const name = str(at(r.value, 'metadata', 'name'));
  return `${r.kind ?? 'resource'}${name ? ` \`${name}\`` : ''}`;
}
