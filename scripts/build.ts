/**
 * Bundles the extension client, the language server and the CLI, one file each,
 * for plain Node 20 (the runtime inside VS Code): CommonJS, `vscode` external.
 * Usage: bun run build [--watch-free; no flags]
 */
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { HCL_WASM_FILES } from '../server/src/core/parse/hcl';
import { CLOUDFORMATION_SPEC_FILE, writeCloudFormationSpec } from './cloudformation-spec';
import { compiledValidatorFiles, compileSchemas } from './compile-schemas';

const entries = [
  { entry: 'client/src/extension.ts', out: 'extension.js' },
  // The server bundle, and the small entry editors start, which loads it through V8's code cache.
  { entry: 'server/src/server.ts', out: 'server-main.js' },
  { entry: 'server/src/server-entry.ts', out: 'server.js' },
  // The same for the CLI: the bundle, and the `roo-devops` command that loads it through the cache.
  { entry: 'server/src/cli.ts', out: 'cli-main.js' },
  { entry: 'server/src/cli-entry.ts', out: 'cli.js', bin: true },
];

rmSync('dist', { recursive: true, force: true });
const started = performance.now();
const schemas = await compileSchemas();
// The CloudFormation resource specification as a compact table, beside the server like the validators.
const cfn = writeCloudFormationSpec();
// The validators: one bundle each beside the server, required when a file of their kind is first validated.
const validators = await Bun.build({
  entrypoints: compiledValidatorFiles(),
  outdir: 'dist/validators',
  naming: '[name].js',
  target: 'node',
  format: 'cjs',
  minify: true,
});
if (!validators.success) {
  for (const log of validators.logs) console.error(log);
  process.exit(1);
}
const validatorBytes = validators.outputs.reduce((n, o) => n + o.size, 0);
// @mermaid-js/parser (langium + chevrotain) in a file of its own, required on the first diagram of a type it covers.
const mermaid = await Bun.build({ entrypoints: ['server/src/core/parse/mermaid/library-entry.ts'], outdir: 'dist', naming: 'mermaid-parser.js', target: 'node', format: 'cjs', minify: true });
if (!mermaid.success) {
  for (const log of mermaid.logs) console.error(log);
  process.exit(1);
}
console.log(`${'dist/mermaid-parser.js'.padEnd(20)} ${(mermaid.outputs[0].size / 1024).toFixed(0).padStart(6)} KiB (@mermaid-js/parser)`);
// The Markdown preview's script: ours with mermaid bundled in, one classic script for the browser
// (the preview loads it by nonce: no modules, no chunks fetched later, no eval).
const preview = await Bun.build({ entrypoints: ['client/preview/mermaid-preview.ts'], outdir: 'dist/preview', naming: 'mermaid-preview.js', target: 'browser', format: 'iife', minify: true });
if (!preview.success) {
  for (const log of preview.logs) console.error(log);
  process.exit(1);
}
copyFileSync('client/preview/mermaid-preview.css', 'dist/preview/mermaid-preview.css');
console.log(`${'dist/preview/'.padEnd(20)} ${(preview.outputs[0].size / 1024).toFixed(0).padStart(6)} KiB (Markdown preview script with mermaid)`);
// The tree-sitter runtime (JavaScript) in a file of its own, required when the HCL parser is first needed (server/src/node/bundled-hcl.ts).
const hclRuntime = await Bun.build({ entrypoints: ['server/src/core/parse/hcl-runtime-entry.ts'], outdir: 'dist', naming: 'hcl-runtime.js', target: 'node', format: 'cjs', minify: true });
if (!hclRuntime.success) {
  for (const log of hclRuntime.logs) console.error(log);
  process.exit(1);
}
console.log(`${'dist/hcl-runtime.js'.padEnd(20)} ${(hclRuntime.outputs[0].size / 1024).toFixed(0).padStart(6)} KiB (tree-sitter runtime)`);
// The MCP SDK and zod with the protocol side of `roo-devops mcp`, required by the CLI only when it serves (server/src/mcp/start.ts).
const mcp = await Bun.build({ entrypoints: ['server/src/mcp/protocol.ts'], outdir: 'dist', naming: 'mcp.js', target: 'node', format: 'cjs', minify: true });
if (!mcp.success) {
  for (const log of mcp.logs) console.error(log);
  process.exit(1);
}
console.log(`${'dist/mcp.js'.padEnd(20)} ${(mcp.outputs[0].size / 1024).toFixed(0).padStart(6)} KiB (MCP SDK and zod)`);
mkdirSync('dist', { recursive: true });
copyFileSync(CLOUDFORMATION_SPEC_FILE, 'dist/cloudformation-spec.js');
console.log(`cloudformation spec ${cfn.version}: ${cfn.types} resource types, ${(cfn.bytes / 1024).toFixed(0)} KiB in dist/cloudformation-spec.js`);
console.log(`schemas: ${schemas.ids.length} compiled, ${(validatorBytes / 1024).toFixed(0)} KiB of validators in dist/validators/`);
for (const { entry, out, bin } of entries) {
  const result = await Bun.build({
    entrypoints: [entry],
    outdir: 'dist',
    naming: out,
    target: 'node',
    format: 'cjs',
    external: ['vscode'],
    minify: true,
    sourcemap: 'linked',
  });
  if (!result.success) {
    for (const log of result.logs) console.error(log);
    process.exit(1);
  }
  const path = `dist/${out}`;
  if (bin) {
    const code = readFileSync(path, 'utf8');
    if (!code.startsWith('#!')) writeFileSync(path, `#!/usr/bin/env node\n${code}`);
    chmodSync(path, 0o755);
  }
  // The server runs from V8's code cache (server/src/node/code-cache.ts), where a dynamic import() cannot run.
  if ((out === 'server-main.js' || out === 'cli-main.js') && /\bimport\(/.test(readFileSync(path, 'utf8'))) {
    console.error(`${path} has a dynamic import(), which fails when loaded from the code cache; require it from a bundle of its own`);
    process.exit(1);
  }
  const size = Bun.file(path).size;
  console.log(`${path.padEnd(20)} ${(size / 1024).toFixed(0).padStart(6)} KiB`);
}
// The tree-sitter runtime and the HCL grammars: WebAssembly the bundles load from `dist/wasm/` (server/src/node/bundled-hcl.ts).
mkdirSync('dist/wasm', { recursive: true });
let wasmBytes = 0;
for (const name of HCL_WASM_FILES) {
  const from = name === 'web-tree-sitter.wasm' ? require.resolve('web-tree-sitter/web-tree-sitter.wasm') : require.resolve(`@tree-sitter-grammars/tree-sitter-hcl/${name}`);
  copyFileSync(from, `dist/wasm/${name}`);
  wasmBytes += Bun.file(`dist/wasm/${name}`).size;
}
console.log(`${'dist/wasm/'.padEnd(20)} ${(wasmBytes / 1024).toFixed(0).padStart(6)} KiB (tree-sitter runtime and HCL grammars)`);
console.log(`built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
