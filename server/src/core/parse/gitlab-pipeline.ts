/**
 * The GitLab pipeline a file belongs to: the repository's `.gitlab-ci.yml`
 * that includes it (or the file itself), with every file pulled in by
 * `include: local`. GitLab merges them into one configuration, so a job in one
 * file may extend, need or inherit from a job in another. When some part of
 * the configuration can come from outside the repository (a remote, project,
 * template or component include, a path with a variable, a file nothing here
 * includes) the pipeline is `open`: a name not found may be defined there.
 *
 * Built per rule run from the workspace, never memoised on a file: it reads
 * other files, and the repository re-lints this one when they change.
 */
import type { Node } from 'yaml';
import { matchesGlob } from '../detect';
import type { SourceFile } from '../source';
import type { WorkspaceView } from '../workspace/view';
import { extendsNames, GITLAB_DEFAULT_STAGES, GITLAB_FIXED_STAGES, type GitlabDefinition, gitlabConfig, gitlabProjectRoot } from './gitlab-config';
import { getMerged } from './yaml-scripts';

/** The answer when a name's value depends on a definition this repository does not hold, or on a cycle. */
export const UNKNOWN = Symbol('unknown');

export interface Inherited {
  node: Node;
  def: GitlabDefinition;
}

/** Deepest `extends:` chain followed; GitLab itself stops at 11 levels. */
const MAX_EXTENDS_DEPTH = 11;

export class GitlabPipeline {
  /** Definitions of each name, lowest precedence first (an included file before its includer). */
  private readonly byName = new Map<string, GitlabDefinition[]>();
  /** `parents` of each name, kept for the life of this pipeline (one rule run): `lookup` walks the same chains for every key. */
  private readonly parentsOf = new Map<string, { name: string; node: Node; def: GitlabDefinition }[]>();

  constructor(
    /** Files of the pipeline, lowest precedence first. */
    readonly files: readonly SourceFile[],
    /** Whether configuration from outside the repository may take part. */
    readonly open: boolean,
    /** Root files, whose `stages:` win over those of included files. */
    readonly roots: readonly SourceFile[],
  ) {
    for (const file of files) {
      for (const def of gitlabConfig(file).definitions.values()) {
        let list = this.byName.get(def.name);
        if (!list) {
          list = [];
          this.byName.set(def.name, list);
        }
        list.push(def);
      }
    }
  }

  /** Whether names may be built from inputs: then a name not found proves nothing. */
  get interpolated(): boolean {
    return this.files.some((f) => gitlabConfig(f).interpolated);
  }

  /** Whether every name this pipeline can define is known here. */
  get closed(): boolean {
    return !this.open && !this.interpolated;
  }

  names(): IterableIterator<string> {
    return this.byName.keys();
  }

  definitions(name: string): readonly GitlabDefinition[] {
    return this.byName.get(name) ?? [];
  }

  isJob(name: string): boolean {
    return this.byName.has(name) && !name.startsWith('.');
  }

  /** Names in the `extends:` that applies to `name` (the one of highest precedence). */
  parents(name: string): { name: string; node: Node; def: GitlabDefinition }[] {
    let out = this.parentsOf.get(name);
    if (out) return out;
    out = [];
    const defs = this.definitions(name);
    for (let i = defs.length - 1; i >= 0; i--) {
      const def = defs[i];
      if (getMerged(def.doc, def.node, 'extends') !== undefined) {
        out = extendsNames(def.doc, def.node).map((p) => ({ ...p, def }));
        break;
      }
    }
    this.parentsOf.set(name, out);
    return out;
  }

  /** The node of `key` written in a definition of `name` itself (highest precedence first), without `extends:`. */
  own(name: string, key: string): Inherited | undefined {
    const defs = this.definitions(name);
    for (let i = defs.length - 1; i >= 0; i--) {
      const node = getMerged(defs[i].doc, defs[i].node, key);
      if (node !== undefined) return { node, def: defs[i] };
    }
    return undefined;
  }

  /**
   * `key` as job `name` runs with it: its own, else its `extends:` parents' (a
   * later parent wins over an earlier one). UNKNOWN when the answer may lie in
   * a definition not found here, in a cycle, or past GitLab's depth.
   */
  lookup(name: string, key: string, depth = 0): Inherited | undefined | typeof UNKNOWN {
    const own = this.own(name, key);
    if (own) return own;
    if (depth > MAX_EXTENDS_DEPTH) return UNKNOWN;
    const parents = this.parents(name);
    for (let i = parents.length - 1; i >= 0; i--) {
      if (!this.byName.has(parents[i].name)) return UNKNOWN;
      const found = this.lookup(parents[i].name, key, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** Stage names the pipeline declares (with `.pre` and `.post`), or undefined when they may be declared elsewhere. */
  stages(): ReadonlySet<string> | undefined {
    const declared = this.declaredStages();
    return declared && new Set([...GITLAB_FIXED_STAGES, ...declared.flat()]);
  }

  /** The stages in the order they run, when one list decides it; undefined when unknown or when pipelines differ. */
  stageOrder(): readonly string[] | undefined {
    const declared = this.declaredStages();
    if (!declared || declared.length !== 1) return undefined;
    const inner = declared[0].filter((s) => !GITLAB_FIXED_STAGES.includes(s));
    return [GITLAB_FIXED_STAGES[0], ...inner, GITLAB_FIXED_STAGES[1]];
  }

  /** The `stages:` lists in force: the roots' (which replace those of the files they include), else the files'. */
  private declaredStages(): string[][] | undefined {
    const fromRoots = this.roots.map((f) => gitlabConfig(f).stages).filter((s): s is string[] => s !== undefined);
    if (fromRoots.length > 0) return distinctLists(fromRoots);
    if (this.open) return undefined;
    const fromFiles = this.files.map((f) => gitlabConfig(f).stages).filter((s): s is string[] => s !== undefined);
    return fromFiles.length > 0 ? distinctLists(fromFiles) : [GITLAB_DEFAULT_STAGES.slice(1, -1)];
  }
}

function distinctLists(lists: string[][]): string[][] {
  const seen = new Set<string>();
  return lists.filter((l) => {
    const key = l.join('\u0000');
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** The file names GitLab reads a project's pipeline from. */
function isRootName(path: string): boolean {
  return /(^|\/)\.gitlab-ci\.ya?ml$/.test(path);
}

interface Closure {
  /** Files, lowest precedence first: each included file before the file that includes it. */
  files: SourceFile[];
  open: boolean;
}

/** A file with the files it includes, transitively; `self` stands for its own path (the version being linted). */
function closure(root: SourceFile, workspace: WorkspaceView, self: SourceFile): Closure {
  const base = gitlabProjectRoot(root.path);
  const files: SourceFile[] = [];
  const seen = new Set<string>();
  let open = false;
  const visit = (file: SourceFile, depth: number) => {
    if (seen.has(file.path)) return;
    seen.add(file.path);
    // GitLab allows 150 nested includes; deeper is not a pipeline it would run.
    if (depth > 150) {
      open = true;
      return;
    }
    for (const include of gitlabConfig(file).includes) {
      if (include.local === undefined) {
        open = true;
        continue;
      }
      const targets = includedFiles(base ? `${base}/${include.local}` : include.local, workspace);
      if (targets.length === 0) open = true;
      for (const target of targets) visit(target.path === self.path ? self : target, depth + 1);
    }
    files.push(file);
  };
  visit(root, 0);
  return { files, open };
}

function includedFiles(pattern: string, workspace: WorkspaceView): SourceFile[] {
  if (/[*?[{]/.test(pattern)) return workspace.filesOf('gitlab-ci').filter((f) => matchesGlob(f.path, pattern));
  const file = workspace.file(pattern);
  return file?.isYamlLike ? [file] : [];
}

/** The pipeline(s) `file` takes part in, merged: one view for the rules about names. */
export function gitlabPipeline(file: SourceFile, workspace: WorkspaceView): GitlabPipeline {
  const candidates = workspace.filesOf('gitlab-ci').filter((f) => isRootName(f.path) && f.path !== file.path);
  if (isRootName(file.path)) candidates.unshift(file);
  const closures = new Map<string, Closure>();
  for (const root of candidates) closures.set(root.path, closure(root, workspace, file));
  // A root-named file that another root includes (a monorepo's per-service file) is part of that root's pipeline.
  const included = new Set<string>();
  for (const [path, c] of closures) for (const f of c.files) if (f.path !== path) included.add(f.path);
  const mine = [...closures].filter(([path, c]) => !included.has(path) && c.files.some((f) => f.path === file.path));
  if (mine.length === 0) return new GitlabPipeline([file], true, []);
  const files: SourceFile[] = [];
  const seen = new Set<string>();
  for (const [, c] of mine) {
    for (const f of c.files) {
      if (!seen.has(f.path)) files.push(f);
      seen.add(f.path);
    }
  }
  const roots = mine.map(([path]) => files.find((f) => f.path === path) as SourceFile);
  return new GitlabPipeline(files, mine.some(([, c]) => c.open), roots);
}
