/**
 * The repository as the generators and the cross-file rules see it: which
 * ecosystems it holds and with which managers, its pipelines and their jobs,
 * its Dockerfiles and their stages. Derived from the parsed files of the
 * repository only (a query over `WorkspaceView`), so it is recomputed exactly
 * when one of the files it read changes. Later issues grow it.
 */
import { dockerfileAst } from '../parse/dockerfile';
import { gitlabJobs } from '../parse/gitlab-jobs';
import { declaresDependencies } from '../parse/package-json';
import { workflowJobs } from '../parse/github-actions';
import { dirOf } from '../path-index';
import type { SourceFile } from '../source';
import { type FileKind, PIPELINE_KINDS, type PipelineKind } from '../types';

export type Language = 'javascript' | 'python' | 'go' | 'rust';

export interface Ecosystem {
  language: Language;
  /** Folder of the project ('' for the root). */
  dir: string;
  /** Manifests of the project in that folder (`package.json`, `pyproject.toml`, `go.mod`…). */
  manifests: string[];
  /** Lockfiles beside them, each with the manager that writes it. */
  lockfiles: { path: string; manager: string }[];
  /** Managers the folder shows signs of, from its manifests and lockfiles, sorted. */
  managers: string[];
  /** Whether installing does anything: false for a `package.json` without dependencies or workspaces. */
  hasDependencies: boolean;
}

export interface PipelineJob {
  id: string;
  /** Jobs this one waits for (`needs:`), as written. */
  needs: string[];
}

export interface Pipeline {
  path: string;
  kind: PipelineKind;
  jobs: PipelineJob[];
}

export interface DockerStage {
  /** Base image as written after `FROM` (`node:20-alpine`, `builder`, `$BASE`). */
  image: string;
  /** `AS name`, when given. */
  name: string | undefined;
  /** Offset of the `FROM` instruction in the file. */
  offset: number;
}

export interface DockerfileInfo {
  path: string;
  stages: DockerStage[];
}

export interface RepositoryModel {
  ecosystems: Ecosystem[];
  pipelines: Pipeline[];
  dockerfiles: DockerfileInfo[];
}

/** What each manifest or lockfile name tells: its ecosystem and, when it says so, its manager. */
const MANIFESTS: Record<string, { language: Language; manager?: string; lock?: boolean }> = {
  'package.json': { language: 'javascript' },
  'package-lock.json': { language: 'javascript', manager: 'npm', lock: true },
  'npm-shrinkwrap.json': { language: 'javascript', manager: 'npm', lock: true },
  'yarn.lock': { language: 'javascript', manager: 'yarn', lock: true },
  'pnpm-lock.yaml': { language: 'javascript', manager: 'pnpm', lock: true },
  'bun.lock': { language: 'javascript', manager: 'bun', lock: true },
  'bun.lockb': { language: 'javascript', manager: 'bun', lock: true },
  'pyproject.toml': { language: 'python' },
  'setup.py': { language: 'python', manager: 'pip' },
  'setup.cfg': { language: 'python' },
  Pipfile: { language: 'python', manager: 'pipenv' },
  'Pipfile.lock': { language: 'python', manager: 'pipenv', lock: true },
  'poetry.lock': { language: 'python', manager: 'poetry', lock: true },
  'uv.lock': { language: 'python', manager: 'uv', lock: true },
  'pdm.lock': { language: 'python', manager: 'pdm', lock: true },
  'go.mod': { language: 'go', manager: 'modules' },
  'go.sum': { language: 'go', manager: 'modules', lock: true },
  'Gopkg.toml': { language: 'go', manager: 'dep' },
  'Gopkg.lock': { language: 'go', manager: 'dep', lock: true },
  'glide.yaml': { language: 'go', manager: 'glide' },
  'glide.lock': { language: 'go', manager: 'glide', lock: true },
  'Cargo.toml': { language: 'rust', manager: 'cargo' },
  'Cargo.lock': { language: 'rust', manager: 'cargo', lock: true },
};

const REQUIREMENTS = /^requirements[^/]*\.(?:txt|in)$/;

function manifestInfo(file: SourceFile): { language: Language; manager?: string; lock?: boolean } | undefined {
  const known = MANIFESTS[file.basename];
  if (file.basename === 'pyproject.toml') {
    return { language: 'python', manager: isPoetryProject(file) ? 'poetry' : undefined };
  }
  if (known) return known;
  if (REQUIREMENTS.test(file.basename)) return { language: 'python', manager: 'pip' };
  return undefined;
}

const POETRY_BACKEND = 'poetry.core.masonry.api';

/** Whether a `pyproject.toml` is managed by Poetry (`[tool.poetry]` or Poetry's build backend); memoised on the file. */
export function isPoetryProject(file: SourceFile): boolean {
  return file.memo('pyproject.isPoetry', () => {
    // The file's shared TOML parse; text that is not valid TOML (toml/syntax reports it) is judged by its table headers.
    const doc = file.toml.value as { tool?: { poetry?: unknown }; 'build-system'?: { 'build-backend'?: unknown } } | undefined;
    if (!doc) return /^\[tool\.poetry[\].]/m.test(file.text);
    return doc.tool?.poetry !== undefined || doc['build-system']?.['build-backend'] === POETRY_BACKEND;
  });
}

/** What the model is built from: the repository's files by kind. */
export interface ModelSource {
  filesOf(kind: FileKind): readonly SourceFile[];
}

/** The parts of the model, each built (and invalidated) on its own: a rule that needs the ecosystems reads no pipeline. */
export const MODEL_PARTS = {
  ecosystems: buildEcosystems,
  pipelines: buildPipelines,
  dockerfiles: buildDockerfiles,
} satisfies { [K in keyof RepositoryModel]: (view: ModelSource) => RepositoryModel[K] };

export type ModelPart = keyof RepositoryModel;

export function buildModel(view: ModelSource): RepositoryModel {
  return { ecosystems: buildEcosystems(view), pipelines: buildPipelines(view), dockerfiles: buildDockerfiles(view) };
}

function buildEcosystems(view: ModelSource): Ecosystem[] {
  const byFolder = new Map<string, Ecosystem>();
  for (const file of view.filesOf('package-manifest')) {
    const info = manifestInfo(file);
    if (!info) continue;
    const dir = dirOf(file.path);
    const key = `${info.language}\0${dir}`;
    let eco = byFolder.get(key);
    if (!eco) {
      eco = { language: info.language, dir, manifests: [], lockfiles: [], managers: [], hasDependencies: info.language !== 'javascript' };
      byFolder.set(key, eco);
    }
    if (info.lock) eco.lockfiles.push({ path: file.path, manager: info.manager ?? '' });
    else eco.manifests.push(file.path);
    if (file.basename === 'package.json' && declaresDependencies(file)) eco.hasDependencies = true;
    if (info.manager && !eco.managers.includes(info.manager)) eco.managers.push(info.manager);
  }
  return [...byFolder.values()]
    .filter((e) => e.manifests.length > 0)
    .map((e) => ({ ...e, managers: e.managers.sort() }))
    .sort((a, b) => a.dir.localeCompare(b.dir) || a.language.localeCompare(b.language));
}

function buildPipelines(view: ModelSource): Pipeline[] {
  const pipelines: Pipeline[] = [];
  for (const kind of PIPELINE_KINDS) {
    for (const file of view.filesOf(kind)) pipelines.push({ path: file.path, kind, jobs: pipelineJobs(file, kind) });
  }
  return pipelines.sort((a, b) => a.path.localeCompare(b.path));
}

function buildDockerfiles(view: ModelSource): DockerfileInfo[] {
  // The file's own AST, shared with the rules (the FROM line's keyword offset, its image as written, its AS name).
  return view.filesOf('dockerfile').map((file) => ({
    path: file.path,
    stages: dockerfileAst(file).stages.map((s) => ({ image: s.image?.text ?? '', name: s.name, offset: s.from.range.start })),
  }));
}

function pipelineJobs(file: SourceFile, kind: PipelineKind): PipelineJob[] {
  if (kind === 'github-actions') {
    return workflowJobs(file)
      .filter((j) => j.id !== 'runs')
      .map((j) => ({ id: j.id, needs: needsOf(j.node) }));
  }
  if (kind === 'gitlab-ci') return gitlabJobs(file).map((j) => ({ id: j.id, needs: needsOf(j.node) }));
  return [];
}

/** `needs: build` or `needs: [a, b]` (GitLab also `- job: a`), as job ids. */
function needsOf(node: unknown): string[] {
  const needs = (node as { get?: (k: string) => unknown } | undefined)?.get?.('needs');
  const value = needs && typeof (needs as { toJSON?: unknown }).toJSON === 'function' ? (needs as { toJSON(): unknown }).toJSON() : needs;
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.flatMap((n) => (typeof n === 'string' ? [n] : n && typeof n === 'object' && typeof (n as { job?: unknown }).job === 'string' ? [(n as { job: string }).job] : []));
}
