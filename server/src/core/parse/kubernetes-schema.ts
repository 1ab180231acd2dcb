/**
 * The core kinds of a Kubernetes file validated against the schema generated from
 * Kubernetes' OpenAPI definitions (scripts/kubernetes-schema.ts): each resource
 * of each document, `List` items included, by its `apiVersion` and `kind`.
 * Other kinds and custom resources have no schema here and pass.
 */
import { ancestorDirs } from '../path-index';
import { associationOf } from '../schema/associations';
import { compiledValidator } from '../schema/compiled';
import { problemsOf, type SchemaProblem } from '../schema/validate';
import type { SourceFile } from '../source';
import type { WorkspaceView } from '../workspace/view';
import { at, isPlain, type KubernetesContainer, type KubernetesResource, kubernetesContainers, kubernetesResources, nodeAt, str } from './kubernetes';

/** The schema problems of every resource of a file, each at its node; memoised per file version. */
export function kubernetesSchemaProblems(file: SourceFile): SchemaProblem[] {
  return file.memo('kubernetes:schema', () => {
    const choose = associationOf('kubernetes')?.documentSchema;
    const out: SchemaProblem[] = [];
    for (const r of kubernetesResources(file)) {
      const id = choose?.(r.value, r.document, file.yaml.documents.length);
      const validator = id === undefined ? undefined : compiledValidator(id);
      if (!validator) continue;
      const root = r.base.length ? (nodeAt(r.yaml, r.base, 'value') ?? null) : r.yaml.root;
      out.push(...problemsOf(validator, { ...r.yaml, value: r.value, root, rootOpaque: false }, file.text));
    }
    return out.sort((a, b) => a.start - b.start || a.end - b.end);
  });
}

/**
 * The problems to report, the workspace considered: a strategic-merge patch that a
 * kustomization lists names only what it changes (no required key is missing from
 * it) and may carry `$patch` directives.
 */
export function reportedSchemaProblems(file: SourceFile, workspace: WorkspaceView): SchemaProblem[] {
  const problems = kubernetesSchemaProblems(file);
  if (problems.length === 0 || !isKustomizePatch(file.path, workspace)) return problems;
  return problems.filter((p) => p.keyword !== 'required' && !(p.keyword === 'additionalProperties' && file.text[p.start] === '$'));
}

/**
 * The containers the practice rules judge: none in a kustomize patch, which
 * names only what it changes in a container defined (and judged) elsewhere.
 */
export function judgedContainers(file: SourceFile, workspace: WorkspaceView): KubernetesContainer[] {
  return isKustomizePatch(file.path, workspace) ? [] : kubernetesContainers(file);
}

const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/**
 * Whether a manifest is a patch that kustomize applies to a resource defined
 * elsewhere: a `kustomization.yaml` in its folder or above lists it under
 * `patches`, `patchesStrategicMerge` or `components`' patches.
 */
export function isKustomizePatch(path: string, workspace: WorkspaceView): boolean {
  for (const base of ancestorDirs(path)) {
    for (const name of KUSTOMIZATION_NAMES) {
      const k = workspace.file(base ? `${base}/${name}` : name);
      if (!k) continue;
      for (const r of kustomizationValues(k)) {
        const listed = [...asList(r.patchesStrategicMerge), ...asList(r.patches).map((p) => (isPlain(p) ? p.path : p))];
        for (const p of listed) if (typeof p === 'string' && joinRelative(base, p) === path) return true;
      }
    }
  }
  return false;
}

/** A path written relative to a folder, as a workspace path (`.` and `..` resolved). */
function joinRelative(dir: string, rel: string): string {
  const parts = dir ? dir.split('/') : [];
  for (const seg of rel.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The kustomization documents of a file (a kustomization may omit `apiVersion` and `kind`). */
export function kustomizationValues(file: SourceFile): Record<string, unknown>[] {
  return file.memo('kubernetes:kustomization', () => {
    if (!file.isYamlLike) return [];
    const out: Record<string, unknown>[] = [];
    for (const doc of file.yaml.documents) {
      if (doc.errors.length > 0) continue;
      let v: unknown;
      try {
        v = doc.toJS({ maxAliasCount: 1000 });
      } catch {
        continue; // an alias bomb is no kustomization
      }
      if (isPlain(v) && (str(v.kind) ?? 'Kustomization') === 'Kustomization') out.push(v);
    }
    return out;
  });
}

/** Every kustomization of the workspace (for the images its `images:` retags). */
export function workspaceKustomizations(workspace: WorkspaceView): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const kind of ['kubernetes', 'yaml'] as const) {
    for (const f of workspace.filesOf(kind)) if (KUSTOMIZATION_NAMES.includes(f.basename)) out.push(...kustomizationValues(f));
  }
  return out;
}

export type { KubernetesResource };
export { at };
