/**
 * The repository layer: one cache of parsed files per workspace folder, fed by
 * the shells, read by every rule through `WorkspaceView`.
 *
 * Inputs are the set of paths, the text of each file on disk (read through the
 * shell's host, lazily) and the editor's open buffers, which win over the disk.
 * Every derived fact — a parsed `SourceFile`, the files of a kind, the
 * repository model, a file's findings — is a query that records the inputs it
 * read, as keys:
 *
 *   f:<path>  the text of a file (and whether it exists)
 *   e:<path>  whether a file exists
 *   d:<dir>   which files a folder holds
 *   k:<kind>  which files are of a kind, and their text
 *
 * When an input changes, exactly the queries that read it are invalidated, and
 * the shells re-lint exactly the files whose lint read it (salsa's shape, in
 * miniature). No hand-written list of "files that matter".
 */
import { detectKind, type KindPatterns, kindByPath, matchesGlob, mayHaveContentKind } from '../detect';
import { gitlabLocalIncludes } from '../parse/gitlab-ci';
import { gitlabProjectRoot } from '../parse/gitlab-config';
import { dirOf, PathIndex } from '../path-index';
import { SourceFile } from '../source';
import type { FileKind } from '../types';
import { MODEL_PART_NAMES, MODEL_PARTS, type ModelPart, type RepositoryModel } from './model';
import type { WorkspaceView } from './view';

export interface RepositoryHost {
  /** Text of a workspace file on disk; undefined when missing, unreadable, binary or too large. */
  read(path: string): string | undefined;
}

export type ChangeType = 'created' | 'changed' | 'deleted';

export interface RepositoryChange {
  path: string;
  type: ChangeType;
}

/** Parsed files of disk kept at most; open buffers and files of a listed kind are kept regardless. */
const MAX_CACHED_FILES = 2_000;

const NO_HOST: RepositoryHost = { read: () => undefined };

interface Derived<T> {
  value: T;
  reads: Set<string>;
}

export class Repository implements WorkspaceView {
  readonly paths = new PathIndex();
  private kinds: KindPatterns;
  private readonly buffers = new Map<string, string>();
  /** Parsed files by path, in least-recently-used order; null: missing, unreadable, or of no kind. */
  private readonly files = new Map<string, SourceFile | null>();
  /** Size of `files` above which the next eviction batch runs. */
  private evictAt = MAX_CACHED_FILES;
  /** Detected kind by path; survives eviction of the parsed file, since kind lists depend on it. */
  private readonly kindCache = new Map<string, FileKind | null>();
  private readonly kindLists = new Map<FileKind, SourceFile[]>();
  /** What the path patterns say of each path; cleared with the patterns. */
  private readonly pathKinds = new Map<string, FileKind | null>();
  /** Each part of the model, built on first need, with what it read. */
  private readonly modelParts = new Map<ModelPart, Derived<unknown>>();
  /**
   * YAML files that GitLab CI files pull in with `include: local:` (GitLab CI
   * whatever their name), and the files whose text decided that; computed on
   * first need, recomputed after a change to one of those or to the listing.
   */
  private includes: { paths: Set<string>; sources: Set<string> } | undefined;
  private includesStale = false;
  /** Reader (a linted path) → rule → the keys that rule read in the reader's last lint; and the reverse index. */
  private readonly readsOf = new Map<string, Map<string, Set<string>>>();
  private readonly readersOf = new Map<string, Map<string, Set<string>>>();
  /** Rules of a reader whose reads changed since its last lint. */
  private readonly stale = new Map<string, Set<string>>();

  constructor(
    private readonly host: RepositoryHost = NO_HOST,
    kinds: KindPatterns = [],
  ) {
    this.kinds = kinds;
  }

  /** Adds paths listed by the shell (a fresh walk of the folder); no change events. */
  addPaths(paths: Iterable<string>): this {
    for (const p of paths) this.paths.add(p);
    return this;
  }

  /** Replaces the whole listing (a re-walk) and forgets everything derived. */
  reset(paths: Iterable<string>, kinds: KindPatterns = this.kinds): void {
    this.paths.clear();
    this.addPaths(paths);
    this.setKinds(kinds);
  }

  // ---- inputs -------------------------------------------------------------

  /**
   * The editor's text for a path, which wins over the disk. Returns the readers
   * (linted paths) whose findings may change, or an empty set when the text is
   * what the repository already had.
   */
  setBuffer(path: string, text: string): Set<string> {
    if (this.buffers.get(path) === text) return new Set();
    const before = this.cachedText(path);
    this.buffers.set(path, text);
    if (before === text) return new Set();
    return this.invalidate(this.settleIncludes(this.contentChanged(path)));
  }

  /** The buffer is closed: the disk's text is the file again. */
  closeBuffer(path: string): Set<string> {
    const text = this.buffers.get(path);
    if (text === undefined) return new Set();
    this.buffers.delete(path);
    const disk = this.paths.has(path) ? this.host.read(path) : undefined;
    if (disk === text) {
      // Same text: keep the parsed file, it is still right.
      return new Set();
    }
    return this.invalidate(this.settleIncludes(this.contentChanged(path)));
  }

  isOpen(path: string): boolean {
    return this.buffers.has(path);
  }

  /** Files created, changed or deleted on disk. Returns the readers to lint again. */
  apply(changes: readonly RepositoryChange[]): Set<string> {
    const keys = new Set<string>();
    for (const { path, type } of changes) {
      if (type === 'changed') {
        if (this.buffers.has(path)) continue; // the buffer is what the rules see
        for (const k of this.contentChanged(path)) keys.add(k);
        continue;
      }
      if (type === 'created') {
        if (this.paths.has(path)) {
          for (const k of this.contentChanged(path)) keys.add(k);
          continue;
        }
        this.paths.add(path);
      } else {
        if (!this.paths.has(path)) continue;
        this.paths.delete(path);
      }
      keys.add(`e:${path}`);
      keys.add(`d:${dirOf(path)}`);
      // A new or removed file may match an include glob.
      if (this.includes) this.includesStale = true;
      for (const k of this.contentChanged(path)) keys.add(k);
    }
    return this.invalidate(this.settleIncludes([...keys]));
  }

  /** New kind patterns: every kind may change, so everything derived goes. Returns every reader. */
  setKinds(kinds: KindPatterns): Set<string> {
    this.kinds = kinds;
    this.evictAt = MAX_CACHED_FILES;
    this.pathKinds.clear();
    this.files.clear();
    this.kindCache.clear();
    this.kindLists.clear();
    this.modelParts.clear();
    this.includes = undefined;
    return new Set(this.readsOf.keys());
  }

  // ---- dependency records -------------------------------------------------

  /**
   * Runs a lint of `reader` with a view that records what it reads; the record
   * replaces the reader's previous one.
   */
  track<T>(reader: string, run: (view: WorkspaceView) => T): T {
    return this.trackRules(reader, (viewFor) => run(viewFor('*')), false);
  }

  /**
   * Runs a lint of `reader` that asks one view per rule, so that each rule's
   * reads are recorded apart. With `partial`, rules that ask for no view (they
   * were not run again: their findings were reused) keep their old record.
   */
  trackRules<T>(reader: string, run: (viewFor: (ruleId: string) => WorkspaceView) => T, partial: boolean): T {
    const record = partial ? new Map(this.readsOf.get(reader) ?? []) : new Map<string, Set<string>>();
    this.stale.delete(reader);
    try {
      return run((ruleId) => {
        const reads = new Set<string>();
        record.set(ruleId, reads);
        return this.view(reads);
      });
    } finally {
      this.setReads(reader, record);
    }
  }

  /** Rules of the reader whose reads changed since its last lint ('*' for a lint tracked as a whole). */
  staleRules(reader: string): ReadonlySet<string> {
    return this.stale.get(reader) ?? new Set();
  }

  /** Forgets a reader (its file is gone or no longer linted). */
  forget(reader: string): void {
    this.stale.delete(reader);
    this.setReads(reader, new Map());
  }

  /** The keys a reader's last lint read, all rules together (for tests and diagnostics). */
  readsOfReader(reader: string): ReadonlySet<string> {
    const out = new Set<string>();
    for (const keys of this.readsOf.get(reader)?.values() ?? []) for (const k of keys) out.add(k);
    return out;
  }

  /** A view that records what it reads into `reads` (for a lint run elsewhere, whose reads are handed to `recordReads`). */
  recordingView(reads: Set<string>): WorkspaceView {
    return this.view(reads);
  }

  /** Records, per rule, what a lint of `reader` run elsewhere (a worker) read; it replaces the reader's record. */
  recordReads(reader: string, record: Map<string, Set<string>>): void {
    this.stale.delete(reader);
    this.setReads(reader, record);
    // A model part the lint read elsewhere is built here too: only a part this repository holds, with what it
    // read, tells on a change whether its value moved, and so whether `reader` must be linted again.
    const model = this.modelView(undefined);
    for (const keys of record.values()) for (const k of keys) if (k.startsWith('m:') && k.slice(2) in MODEL_PARTS) void model[k.slice(2) as ModelPart];
  }

  /** A view that records nothing: for one-off lints whose dependencies nobody keeps. */
  untracked(): WorkspaceView {
    return this.view(undefined);
  }

  // ---- queries ------------------------------------------------------------
  // The repository is itself a WorkspaceView that records nothing.

  // Bound, as rules hand `workspace.has` / `workspace.list` on as functions.
  readonly has = (path: string): boolean => this.paths.has(path);

  readonly list = (dir: string): readonly string[] => this.paths.list(dir);

  /** The parsed file at `path` (buffer first, then disk), shared by every reader. */
  file(path: string): SourceFile | undefined {
    const cached = this.files.get(path);
    if (cached !== undefined) {
      // Refresh its place in the LRU order.
      this.files.delete(path);
      this.files.set(path, cached);
      return cached ?? undefined;
    }
    const text = this.buffers.get(path) ?? (this.paths.has(path) ? this.host.read(path) : undefined);
    const kind = text === undefined ? undefined : this.kindOfText(path, text);
    const file = text !== undefined && kind ? new SourceFile(path, kind, text) : null;
    this.kindCache.set(path, file ? file.kind : null);
    this.files.set(path, file);
    this.evict();
    return file ?? undefined;
  }

  /** The kind of a file by its path and, where the path is not enough, its text. */
  kindOf(path: string): FileKind | undefined {
    const cached = this.kindCache.get(path);
    if (cached !== undefined) return cached ?? undefined;
    // Most paths decide their kind (or that they have none) without their text being read.
    const byPath = this.kindByPath(path);
    if (byPath === undefined && !mayHaveContentKind(path)) {
      this.kindCache.set(path, null);
      return undefined;
    }
    if (byPath && byPath !== 'yaml') {
      this.kindCache.set(path, byPath);
      return byPath;
    }
    return this.file(path)?.kind;
  }

  filesOf(kind: FileKind): readonly SourceFile[] {
    let list = this.kindLists.get(kind);
    if (!list) {
      list = [];
      // Listed before it is filled, so that an eviction while it fills keeps the files it already holds.
      this.kindLists.set(kind, list);
      for (const path of [...this.paths].sort()) {
        if (this.kindOf(path) !== kind) continue;
        const file = this.file(path);
        if (file) list.push(file);
      }
    }
    return list;
  }

  model(): RepositoryModel {
    return this.modelView(undefined);
  }

  /** A model whose parts are built when first read, and whose reads go into `reads`. */
  private modelView(reads: Set<string> | undefined): RepositoryModel {
    const part = <K extends ModelPart>(name: K): RepositoryModel[K] => {
      let derived = this.modelParts.get(name);
      if (!derived) {
        const own = new Set<string>();
        derived = { value: MODEL_PARTS[name](this.view(own)), reads: own };
        this.modelParts.set(name, derived);
      }
      // A reader depends on the part's value, not on every file the part read: a change that leaves the value
      // as it was (a manifest's description edited) re-lints nothing (salsa's early cut-off).
      reads?.add(`m:${name}`);
      return derived.value as RepositoryModel[K];
    };
    // One getter per part: reading a part builds (and records) that part only.
    const model = {} as RepositoryModel;
    for (const name of MODEL_PART_NAMES) Object.defineProperty(model, name, { get: () => part(name), enumerable: true });
    return model;
  }

  // ---- internals ----------------------------------------------------------

  private view(reads: Set<string> | undefined): WorkspaceView {
    const note = (key: string) => reads?.add(key);
    return {
      has: (path) => {
        note(`e:${path}`);
        return this.paths.has(path);
      },
      list: (dir) => {
        note(`d:${dir}`);
        return this.paths.list(dir);
      },
      file: (path) => {
        note(`f:${path}`);
        return this.file(path);
      },
      filesOf: (kind) => {
        note(`k:${kind}`);
        return this.filesOf(kind);
      },
      model: () => this.modelView(reads),
    };
  }

  /** Whether the path may be of a kind at all (by its path, or by its text where the path allows): a candidate to lint. */
  mayHaveKind(path: string): boolean {
    return this.kindByPath(path) !== undefined || mayHaveContentKind(path);
  }

  /** The kind the path patterns give, matched once per path while the patterns stand. */
  kindByPath(path: string): FileKind | undefined {
    let hit = this.pathKinds.get(path);
    if (hit === undefined) {
      hit = kindByPath(path, this.kinds) ?? null;
      this.pathKinds.set(path, hit);
    }
    return hit ?? undefined;
  }

  private kindOfText(path: string, text: string): FileKind | undefined {
    const kind = detectKind(path, text, this.kinds, { kind: this.kindByPath(path) });
    // A plain YAML file is GitLab CI when a GitLab CI file includes it.
    if (kind === 'yaml' && this.includedByGitlab().has(path)) return 'gitlab-ci';
    return kind;
  }

  /**
   * Paths pulled in by `include:` from the GitLab CI files (by path), and from
   * the files they include in turn. Included files are read once here and
   * their parse is kept as the repository's.
   */
  private includedByGitlab(): Set<string> {
    if (this.includes) return this.includes.paths;
    const paths = new Set<string>();
    const sources = new Set<string>();
    const sorted = [...this.paths].sort();
    // Local includes are relative to the project's root: the folder of its `.gitlab-ci.yml`.
    const queue = sorted.filter((p) => this.kindByPath(p) === 'gitlab-ci').map((source) => ({ source, root: gitlabProjectRoot(source) }));
    // Set before the walk: files parsed below ask for their kind, which must not recurse.
    this.includes = { paths, sources };
    while (queue.length > 0) {
      const { source, root } = queue.shift() as { source: string; root: string };
      if (sources.has(source)) continue;
      sources.add(source);
      // Safe from recursion: an included file finds itself in `paths` already.
      const file = this.file(source);
      if (file?.kind !== 'gitlab-ci') continue;
      for (const local of gitlabLocalIncludes(file)) {
        const pattern = root ? `${root}/${local}` : local;
        const matches = /[*?[{]/.test(pattern) ? sorted.filter((p) => matchesGlob(p, pattern)) : this.paths.has(pattern) ? [pattern] : [];
        for (const path of matches) {
          if (paths.has(path) || !/\.ya?ml$/i.test(path) || this.kindByPath(path)) continue;
          paths.add(path);
          queue.push({ source: path, root });
        }
      }
    }
    return paths;
  }

  /**
   * After a change, when the include graph may have moved: recompute it, and
   * treat every file that joined or left it as changed (its kind did).
   */
  private settleIncludes(keys: string[]): string[] {
    if (!this.includes || !this.includesStale) return keys;
    this.includesStale = false;
    const before = this.includes.paths;
    this.includes = undefined;
    const after = this.includedByGitlab();
    const out = [...keys];
    for (const path of new Set([...before, ...after])) {
      if (before.has(path) === after.has(path)) continue;
      for (const item of this.contentChanged(path)) out.push(item);
      // The file's own findings change with its kind: it is its own reader here.
      out.push(`self:${path}`);
    }
    return out;
  }

  /** The text the repository holds for a path without reading the disk: buffer or cached parse. */
  private cachedText(path: string): string | undefined {
    return this.buffers.get(path) ?? this.files.get(path)?.text;
  }

  /**
   * Forgets what was derived from a file's text; returns the keys that changed:
   * its text, and the kind lists it left or joined.
   */
  private contentChanged(path: string): string[] {
    const keys = [`f:${path}`];
    if (this.includes?.sources.has(path)) this.includesStale = true;
    const before = this.kindCache.get(path);
    this.files.delete(path);
    this.kindCache.delete(path);
    // The new kind is needed now, to know which kind lists changed; it costs one read and one detection.
    const after = this.kindOf(path);
    if (before) keys.push(`k:${before}`);
    if (after && after !== before) keys.push(`k:${after}`);
    // A file that was never detected may have been of any kind: every list that could hold it is stale.
    if (before === undefined) for (const kind of this.kindLists.keys()) if (kind !== after) keys.push(`k:${kind}`);
    return keys;
  }

  private invalidate(keys: Iterable<string>): Set<string> {
    const changed = new Set(keys);
    for (const k of changed) if (k.startsWith('k:')) this.kindLists.delete(k.slice(2) as FileKind);
    for (const [name, derived] of this.modelParts) {
      if (![...derived.reads].some((k) => changed.has(k))) continue;
      // Built again now, to know whether its value changed; an equal value keeps its old object.
      const own = new Set<string>();
      const value = MODEL_PARTS[name](this.view(own));
      const same = JSON.stringify(value) === JSON.stringify(derived.value);
      this.modelParts.set(name, { value: same ? derived.value : value, reads: own });
      if (!same) changed.add(`m:${name}`);
    }
    const readers = new Set<string>();
    for (const k of changed) {
      if (k.startsWith('self:')) readers.add(k.slice(5));
      for (const [reader, rules] of this.readersOf.get(k) ?? []) {
        readers.add(reader);
        let stale = this.stale.get(reader);
        if (!stale) {
          stale = new Set();
          this.stale.set(reader, stale);
        }
        for (const rule of rules) stale.add(rule);
      }
    }
    return readers;
  }

  private setReads(reader: string, record: Map<string, Set<string>>): void {
    for (const [rule, keys] of this.readsOf.get(reader) ?? []) {
      for (const k of keys) {
        const readers = this.readersOf.get(k);
        const rules = readers?.get(reader);
        rules?.delete(rule);
        if (rules?.size === 0) readers?.delete(reader);
        if (readers?.size === 0) this.readersOf.delete(k);
      }
    }
    for (const [rule, keys] of record) if (keys.size === 0) record.delete(rule);
    if (record.size === 0) {
      this.readsOf.delete(reader);
      return;
    }
    this.readsOf.set(reader, record);
    for (const [rule, keys] of record) {
      for (const k of keys) {
        let readers = this.readersOf.get(k);
        if (!readers) {
          readers = new Map();
          this.readersOf.set(k, readers);
        }
        let rules = readers.get(reader);
        if (!rules) {
          rules = new Set();
          readers.set(reader, rules);
        }
        rules.add(rule);
      }
    }
  }

  /**
   * Drops parsed files of disk, least recently used first, down to three
   * quarters of the bound at once (so the kind lists are scanned once per
   * batch, not once per file read). Open buffers and files of a computed kind
   * list stay.
   */
  private evict(): void {
    if (this.files.size <= this.evictAt) return;
    const target = Math.floor(MAX_CACHED_FILES * 0.75);
    const listed = new Set<SourceFile>();
    for (const list of this.kindLists.values()) for (const f of list) listed.add(f);
    for (const [path, file] of this.files) {
      if (this.files.size <= target) break;
      if (this.buffers.has(path) || (file && listed.has(file))) continue;
      this.files.delete(path);
    }
    // When what must stay is more than the bound, the next batch waits for a quarter more files.
    this.evictAt = Math.max(MAX_CACHED_FILES, this.files.size + MAX_CACHED_FILES / 4);
  }

}
