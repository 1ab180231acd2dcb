/**
 * What a rule may know of the rest of the repository: which files exist and,
 * parsed once and shared, the files themselves. Rules ask; they never read a
 * disk or run a parser on another file's text. Shells fill it in (the
 * `Repository` of this folder), and record what each lint asked for so that a
 * change re-lints exactly the files that read it.
 */
import type { SourceFile } from '../source';
import type { FileKind } from '../types';
import type { RepositoryModel } from './model/types';

export interface WorkspaceView {
  /** Whether a workspace file exists at this workspace-relative POSIX path. */
  has(path: string): boolean;
  /** Paths of the files directly inside `dir` ('' for the root), sorted. */
  list(dir: string): readonly string[];
  /**
   * The file at `path`, detected and parsed lazily, shared with every other
   * reader of the same version; undefined when missing, unreadable or of no kind.
   */
  file(path: string): SourceFile | undefined;
  /** Every file of the repository of that kind, sorted by path. */
  filesOf(kind: FileKind): readonly SourceFile[];
  /** Facts about the whole repository (ecosystems, pipelines, containers), derived from its files. */
  model(): RepositoryModel;
}

/** The model of a repository of no file (written out: importing the builders here would make an import cycle). */
const NO_MODEL: RepositoryModel = Object.freeze({
  ecosystems: [],
  pipelines: [],
  dockerfiles: [],
  composeServices: [],
  kubernetes: { workloads: [], services: [], ingresses: [] },
  terraform: { resources: [], modules: [], providers: [], backends: [] },
  cloudformation: [],
  runtimes: [],
  regions: [],
  deployTargets: [],
  monitoring: [],
  backups: [],
  rooModes: { modes: [], rulesFolders: [] },
});

/** A repository of no other file: for a text linted on its own. */
export const EMPTY_WORKSPACE: WorkspaceView = Object.freeze({
  has: () => false,
  list: () => [],
  file: () => undefined,
  filesOf: () => [],
  model: () => NO_MODEL,
});
