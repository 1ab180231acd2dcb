/**
 * A set of workspace-relative file paths that also answers "which files are in
 * this folder" without a scan: the shells keep one per workspace folder and the
 * engine reads it through WorkspaceView.
 */
export class PathIndex extends Set<string> {
  private readonly byDir = new Map<string, Set<string>>();
  /** Sorted listings handed out by `list`, until a file of that folder is added or deleted. */
  private readonly sorted = new Map<string, readonly string[]>();

  override add(path: string): this {
    if (!super.has(path)) {
      super.add(path);
      const dir = dirOf(path);
      let files = this.byDir.get(dir);
      if (!files) {
        files = new Set();
        this.byDir.set(dir, files);
      }
      files.add(path);
      this.sorted?.delete(dir);
    }
    return this;
  }

  override delete(path: string): boolean {
    const had = super.delete(path);
    if (had) {
      const dir = dirOf(path);
      const files = this.byDir.get(dir);
      files?.delete(path);
      if (files && files.size === 0) this.byDir.delete(dir);
      this.sorted.delete(dir);
    }
    return had;
  }

  override clear(): void {
    super.clear();
    this.byDir?.clear();
    this.sorted?.clear();
  }

  /**
   * The files directly inside `dir`, sorted. The same frozen array is returned
   * until the folder changes, so callers may memoise on it.
   */
  list(dir: string): readonly string[] {
    let listing = this.sorted.get(dir);
    if (!listing) {
      listing = Object.freeze([...(this.byDir.get(dir) ?? [])].sort());
      this.sorted.set(dir, listing);
    }
    return listing;
  }
}

export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** `a/b/c.go` → `['a/b', 'a', '']`: the folders that contain a path, innermost first. */
export function ancestorDirs(path: string): string[] {
  const out: string[] = [];
  let dir = dirOf(path);
  for (;;) {
    out.push(dir);
    if (dir === '') break;
    dir = dirOf(dir);
  }
  return out;
}

/** The alphabetically first path of each extension in a listing, per listing array (PathIndex hands out the same array until the folder changes). */
const firstByExtension = new WeakMap<readonly string[], Map<string, string | undefined>>();

/** Whether `path` is the alphabetically first file of its folder with the same extension: one finding per folder. */
export function isFirstOfItsKindInFolder(list: (dir: string) => readonly string[], path: string): boolean {
  const ext = path.slice(path.lastIndexOf('.'));
  const listing = list(dirOf(path));
  let firsts = firstByExtension.get(listing);
  if (!firsts) {
    firsts = new Map();
    firstByExtension.set(listing, firsts);
  }
  if (!firsts.has(ext)) {
    let first: string | undefined;
    for (const p of listing) if (p.endsWith(ext) && (first === undefined || p < first)) first = p;
    firsts.set(ext, first);
  }
  return firsts.get(ext) === path;
}

/** Whether a file named `manifest` sits in the folder of `path` or in any folder above it. */
export function hasManifestAbove(has: (path: string) => boolean, path: string, manifest: string): boolean {
  return ancestorDirs(path).some((d) => has(d ? `${d}/${manifest}` : manifest));
}
