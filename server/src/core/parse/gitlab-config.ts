/**
 * What one GitLab CI file declares, as the rules about names need it: its jobs
 * and hidden jobs (the later of two same-named entries, as GitLab keeps it),
 * its `stages:`, and what it includes. A file may start with a `spec:` header
 * document; the pipeline is the document after it.
 */
import { type Document, isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { SourceFile } from '../source';
import { getMerged, resolve } from './yaml-scripts';
import { entries, get } from './yaml';

/** Top-level keys that configure the pipeline rather than name a job (`types` is the old `stages`). */
export const GITLAB_GLOBAL_KEYWORDS: ReadonlySet<string> = new Set([
  'default',
  'include',
  'stages',
  'types',
  'variables',
  'workflow',
  'image',
  'services',
  'cache',
  'before_script',
  'after_script',
  'spec',
]);

/** Stages every pipeline has, and those it has when `stages:` is not written. */
export const GITLAB_FIXED_STAGES: readonly string[] = ['.pre', '.post'];
export const GITLAB_DEFAULT_STAGES: readonly string[] = ['.pre', 'build', 'test', 'deploy', '.post'];

export interface GitlabDefinition {
  name: string;
  hidden: boolean;
  key: Scalar;
  node: Node | undefined;
  doc: Document.Parsed;
  file: SourceFile;
}

export interface GitlabInclude {
  /** Workspace-relative path or glob of a local include; undefined for anything else. */
  local?: string;
  /** The include may bring configuration this repository does not hold (remote, project, template, component, a variable). */
  external: boolean;
  /** The scalar that names a local file. */
  node?: Node;
  /** Whether `rules:` decide if the file is included at all. */
  conditional?: boolean;
}

export interface GitlabConfig {
  /** Jobs and hidden jobs by name; a name written twice is its later entry. */
  definitions: ReadonlyMap<string, GitlabDefinition>;
  /** Values of `stages:` (or `types:`), undefined when the file declares none. */
  stages: string[] | undefined;
  includes: GitlabInclude[];
  /** Whether some name is built from `$[[ inputs ]]` and so not known until the file is included. */
  interpolated: boolean;
}

/**
 * The folder a project's `include: local` paths are relative to: the folder of
 * its `.gitlab-ci.yml` (the repository's root in a real project; a sub-folder
 * when a folder of example projects is linted as one workspace). '' for the top.
 */
export function gitlabProjectRoot(rootPath: string): string {
  const i = rootPath.lastIndexOf('/');
  return i < 0 ? '' : rootPath.slice(0, i);
}

/** Pipeline documents of the file: every document but a `spec:` header. */
export function gitlabDocuments(file: SourceFile): Document.Parsed[] {
  return file.yaml.documents.filter((doc) => !isHeader(doc));
}

function isHeader(doc: Document.Parsed): boolean {
  const root = doc.contents;
  return isMap(root) && root.items.length > 0 && root.items.every((p) => isScalar(p.key) && p.key.value === 'spec');
}

/** Text of a string (or number) scalar after aliases, else undefined. */
export function scalarText(doc: Document.Parsed, node: unknown): string | undefined {
  const value = resolve(doc, node);
  if (!isScalar(value)) return undefined;
  return typeof value.value === 'string' || typeof value.value === 'number' ? String(value.value) : undefined;
}

/** Whether a name is written with a placeholder GitLab fills in later (`$[[ inputs.x ]]`, `$VAR`). */
export function isPlaceholder(name: string): boolean {
  return name.includes('$');
}

export function gitlabConfig(file: SourceFile): GitlabConfig {
  return file.memo('gitlab-ci.config', () => {
    const definitions = new Map<string, GitlabDefinition>();
    let stages: string[] | undefined;
    const includes: GitlabInclude[] = [];
    let interpolated = false;
    for (const doc of gitlabDocuments(file)) {
      const root = doc.contents;
      for (const { key, value } of entries(root)) {
        const name = String(key.value);
        if (GITLAB_GLOBAL_KEYWORDS.has(name)) continue;
        if (isPlaceholder(name)) interpolated = true;
        // GitLab keeps the later of two same-named entries.
        definitions.delete(name);
        definitions.set(name, { name, hidden: name.startsWith('.'), key, node: value, doc, file });
      }
      const declared = resolve(doc, get(root, 'stages') ?? get(root, 'types'));
      if (isSeq(declared)) stages = declared.items.map((item) => scalarText(doc, item)).filter((s): s is string => s !== undefined);
      for (const item of includeItems(doc, get(root, 'include'))) includes.push(item);
    }
    return { definitions, stages, includes, interpolated };
  });
}

function includeItems(doc: Document.Parsed, node: unknown): GitlabInclude[] {
  const value = resolve(doc, node);
  if (value === undefined) return [];
  const list = isSeq(value) ? value.items : [value];
  return list.map((item) => includeOf(doc, item));
}

function includeOf(doc: Document.Parsed, node: unknown): GitlabInclude {
  const value = resolve(doc, node);
  // `include: path` is local unless it is a URL.
  if (isScalar(value)) return localOrExternal(value, typeof value.value === 'string' ? value.value : undefined, false, /^[a-z][a-z0-9+.-]*:\/\//i);
  if (isMap(value)) {
    const local = resolve(doc, getMerged(doc, value, 'local'));
    if (local !== undefined) return localOrExternal(local, scalarText(doc, local), getMerged(doc, value, 'rules') !== undefined);
  }
  return { external: true };
}

function localOrExternal(node: Node, path: string | undefined, conditional: boolean, remote?: RegExp): GitlabInclude {
  if (path === undefined || path === '' || isPlaceholder(path) || remote?.test(path)) return { external: true };
  return { local: path.replace(/^\/+/, '').replace(/^\.\//, ''), external: false, node, conditional };
}

/** Names in `extends:` (a name or a list of names), each with its node. */
export function extendsNames(doc: Document.Parsed, job: unknown): { name: string; node: Node }[] {
  const value = resolve(doc, getMerged(doc, job, 'extends'));
  const list = isSeq(value) ? value.items : value === undefined ? [] : [value];
  const out: { name: string; node: Node }[] = [];
  for (const item of list) {
    const name = scalarText(doc, item);
    if (name !== undefined) out.push({ name, node: (resolve(doc, item) ?? item) as Node });
  }
  return out;
}
