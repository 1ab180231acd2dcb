import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HCL_WASM_FILES, loadHclParser, locateHclWasmWith } from '../core/parse/hcl';

/**
 * A bundle (dist/server.js, dist/cli.js) keeps the tree-sitter runtime and the
 * HCL grammars beside itself in `wasm/` (copied by scripts/build.ts). Run from
 * the sources, the core finds them in the installed packages.
 */
export function useBundledHclWasm(): void {
  // The bundler fixes `__dirname` at build time; the main module's own path is where this bundle runs from.
  const main = require.main?.filename;
  if (!main) return;
  const dir = join(dirname(main), 'wasm');
  if (HCL_WASM_FILES.every((name) => existsSync(join(dir, name)))) locateHclWasmWith((name) => join(dir, name));
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
