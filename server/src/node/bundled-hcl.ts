import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { KindPatterns } from '../core/detect';
import { HCL_WASM_FILES, type HclRuntime, loadHclParser, loadHclRuntimeWith, locateHclWasmWith } from '../core/parse/hcl';

/**
 * A bundle (dist/server.js, dist/cli.js) keeps the tree-sitter runtime and the
 * HCL grammars beside itself in `wasm/` (copied by scripts/build.ts), and the
 * runtime's JavaScript in `hcl-runtime.js`. Run from the sources, the core finds
 * them in the installed packages.
 */
export function useBundledHclWasm(): void {
  // The bundler fixes `__dirname` at build time; the main module's own path is where this bundle runs from.
  const main = require.main?.filename;
  if (!main) return;
  const dir = join(dirname(main), 'wasm');
  if (HCL_WASM_FILES.every((name) => existsSync(join(dir, name)))) locateHclWasmWith((name) => join(dir, name));
  // The tree-sitter runtime's JavaScript, in its own file: required when the parser is first needed.
  const runtime = join(dirname(main), 'hcl-runtime.js');
  if (existsSync(runtime)) loadHclRuntimeWith(() => require(runtime) as HclRuntime);
}

/**
 * Loads the HCL parser for a shell; a failure is logged once and not thrown:
 * Terraform files then get a `terraform/syntax` finding that says they were not
 * checked, and every other file is checked as usual.
 */
export async function loadHclForShell(log: (message: string) => void): Promise<void> {
  try {
    await loadHclParser();
  } catch (error) {
    log(`roo-devops: the HCL parser could not be loaded, Terraform files are not checked: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Whether a path (or file URI) is Terraform's by the default patterns (`*.tf`, `*.tfvars`, `*.tf.json`
 * in any folder), as one regular expression: a workspace without Terraform has every path of
 * its listing tested at start-up, where the glob tables cost a thousand times more. A test
 * holds it to the pattern table.
 */
export function isTerraformPath(path: string): boolean {
  return /\.(?:tf|tfvars|tf\.json)$/.test(path);
}

/** A folder as the gate sees it: its paths and its kind patterns (`kinds:` may make any file Terraform). */
export interface HclFolder {
  readonly paths: Iterable<string>;
  readonly config: { readonly kinds: KindPatterns };
}

/**
 * The HCL parser for the language server, loaded on first need rather than before
 * `initialize` is answered: a workspace without Terraform never loads it, and one with
 * Terraform starts loading as soon as the folder is listed, while the handshake goes on.
 * A lint that may read HCL (the file itself, or its folder's Terraform through a rule or
 * the workspace model) awaits `before()` first, so its first findings are right.
 */
export class HclOnDemand {
  private loading: Promise<void> | undefined;
  private loaded = false;
  /** Folders already looked at, with the kind patterns they were looked at under. */
  private readonly seen = new WeakMap<HclFolder, HclFolder['config']['kinds']>();

  constructor(private readonly log: (message: string) => void) {}

  /** Starts the load (once); resolves when it is done, whether it succeeded or not (a failure is logged). */
  load(): Promise<void> {
    this.loading ??= loadHclForShell(this.log).finally(() => {
      this.loaded = true;
    });
    return this.loading;
  }

  /** New paths came into reach (a folder listed, files created): a Terraform file among them starts the load. */
  notice(paths: Iterable<string>): void {
    if (this.loading) return;
    for (const path of paths) {
      if (isTerraformPath(path)) {
        void this.load();
        return;
      }
    }
  }

  /**
   * What a lint of `path` (in `folder`, if any) must await first: the load, started now if the
   * path or its folder has Terraform; undefined when there is nothing to wait for.
   */
  before(folder: HclFolder | undefined, path?: string): Promise<void> | undefined {
    if (this.loaded) return undefined;
    if (!this.loading) {
      if (path !== undefined && isTerraformPath(path)) void this.load();
      else if (folder && this.seen.get(folder) !== folder.config.kinds) {
        this.seen.set(folder, folder.config.kinds);
        if (folder.config.kinds.some(([kind]) => kind === 'terraform')) void this.load();
        else this.notice(folder.paths);
      }
    }
    return this.loaded ? undefined : this.loading;
  }
}
