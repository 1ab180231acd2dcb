/**
 * The repository as the generators and the cross-file rules see it: which
 * ecosystems it holds and with which managers, its pipelines (jobs, graph,
 * triggers, environments, secret names, deploys), containers, Compose services,
 * Kubernetes workloads, Terraform and CloudFormation resources, runtime
 * versions, regions, deploy targets, monitoring and backups. Every fact carries
 * the path and range it was read at. Each part is a query over the parsed files
 * of the repository (`ModelSource`, which a `WorkspaceView` is), built and
 * invalidated on its own by the repository layer: it is recomputed exactly when
 * one of the files it read changes. Each part's builder lives in `model/`.
 */
import { declaresDependencies } from '../parse/package-json';
import { dirOf } from '../path-index';
import type { SourceFile } from '../source';
import { buildCloudFormation } from './model/cloudformation';
import { buildComposeServices, buildDockerfiles } from './model/containers';
import { buildDeployTargets } from './model/deploy-targets';
import { buildKubernetes } from './model/kubernetes';
import { buildOperations } from './model/operations';
import { buildPipelines } from './model/pipelines';
import { buildRegions } from './model/regions';
import { buildRooModes } from './model/roo-modes';
import { buildRuntimes } from './model/runtimes';
import type { ModelSource } from './model/source';
import { buildTerraform } from './model/terraform';
import type { Ecosystem, Language, RepositoryModel } from './model/types';

export type * from './model/types';
export type { ModelSource } from './model/source';

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

/** The parts of the model, each built (and invalidated) on its own: a rule that needs the ecosystems reads no pipeline. */
export const MODEL_PARTS = {
  ecosystems: buildEcosystems,
  pipelines: buildPipelines,
  dockerfiles: buildDockerfiles,
  composeServices: buildComposeServices,
  kubernetes: buildKubernetes,
  terraform: buildTerraform,
  cloudformation: buildCloudFormation,
  runtimes: buildRuntimes,
  regions: buildRegions,
  deployTargets: buildDeployTargets,
  monitoring: (view: ModelSource) => buildOperations(view).monitoring,
  backups: (view: ModelSource) => buildOperations(view).backups,
  rooModes: buildRooModes,
} satisfies { [K in keyof RepositoryModel]: (view: ModelSource) => RepositoryModel[K] };

export type ModelPart = keyof RepositoryModel;

export const MODEL_PART_NAMES = Object.keys(MODEL_PARTS) as ModelPart[];

export function buildModel(view: ModelSource): RepositoryModel {
  const model = {} as Record<ModelPart, unknown>;
  for (const name of MODEL_PART_NAMES) model[name] = MODEL_PARTS[name](view);
  return model as RepositoryModel;
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
