/**
 * Builds the bundles, packages the extension with vsce and checks the .vsix:
 * it must hold the three bundles, the manifest, LICENSE, schemas and snippets,
 * and nothing else that smells of sources (node_modules/, .ts files, src/,
 * test/, source maps), and stay under 5 MB. Exit 1 on any failure.
 * Usage: bun run package [--skip-build]   (--skip-build packages the dist/ already there)
 */
import { readFileSync, statSync } from 'node:fs';

const MAX_BYTES = 5 * 1024 * 1024;
const REQUIRED = [
  'extension/package.json',
  'extension/dist/extension.js',
  'extension/dist/server.js',
  'extension/dist/server-main.js',
  'extension/dist/cli.js',
  'extension/dist/cli-main.js',
  // The MCP SDK for `roo-devops mcp`, required by the CLI when it serves.
  'extension/dist/mcp.js',
  'extension/dist/validators/config.js',
  'extension/dist/validators/rule-options.js',
  'extension/LICENSE.txt',
  'extension/schemas/config.schema.json',
  'extension/languages/terraform.language-configuration.json',
  // The HCL parser: tree-sitter's runtime and the two grammars, loaded from beside the bundles.
  'extension/dist/hcl-runtime.js',
  'extension/dist/wasm/web-tree-sitter.wasm',
  'extension/dist/wasm/tree-sitter-terraform.wasm',
  'extension/dist/wasm/tree-sitter-hcl.wasm',
  // The Markdown preview's diagrams: our script with mermaid inside, and its stylesheet.
  'extension/dist/preview/mermaid-preview.js',
  'extension/dist/preview/mermaid-preview.css',
];
const FORBIDDEN: readonly (readonly [RegExp, string])[] = [
  [/(^|\/)node_modules\//, 'node_modules/'],
  [/\.(c|m)?ts$/, 'TypeScript source'],
  [/(^|\/)src\//, 'src/'],
  [/(^|\/)test\//, 'test/'],
  [/\.map$/, 'source map'],
  [/\.vsix$/, 'nested .vsix'],
];

function run(cmd: string[], capture = false): string {
  console.log(`$ ${cmd.join(' ')}`);
  const proc = Bun.spawnSync(cmd, {
    // No stdin: vsce must never wait for an answer. With stdout not a TTY it
    // answers its own "continue?" prompts with yes, so its output is checked below.
    stdin: 'ignore',
    stdout: capture ? 'pipe' : 'inherit',
    stderr: capture ? 'pipe' : 'inherit',
  });
  const out = capture ? `${proc.stdout?.toString() ?? ''}${proc.stderr?.toString() ?? ''}` : '';
  if (out) process.stdout.write(out);
  if (proc.exitCode !== 0) fail(`${cmd.join(' ')} exited with ${proc.exitCode}`);
  return out;
}

function fail(message: string): never {
  console.error(`package: ${message}`);
  process.exit(1);
}

/** Entry names from a zip's central directory (the .vsix is a plain zip). */
export function zipEntries(zip: Uint8Array): string[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  // End of central directory record: 22 bytes plus a comment of up to 64 KiB.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  const names: string[] = [];
  const decoder = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (view.getUint32(offset, true) !== 0x02014b50) throw new Error(`bad central directory entry ${n}`);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    names.push(decoder.decode(zip.subarray(offset + 46, offset + 46 + nameLength)));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(0)} KB`;
}

if (import.meta.main) {
  const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  const out = `roo-devops-${version}.vsix`;

  // Rebuild unless told not to: cheaper than proving dist/ is newer than every source.
  if (!process.argv.includes('--skip-build')) run(['bun', 'run', 'build']);
  const log = run(['node', 'node_modules/@vscode/vsce/vsce', 'package', '--no-dependencies', '--out', out], true);
  if (/Do you want to continue\?/.test(log)) fail('vsce raised a warning it would normally ask about (see above)');

  const size = statSync(out).size;
  const entries = zipEntries(readFileSync(out)).filter((name) => !name.endsWith('/'));
  const problems: string[] = [];
  for (const name of entries) {
    for (const [pattern, what] of FORBIDDEN) {
      if (pattern.test(name)) problems.push(`${name}: ${what} must not be packaged`);
    }
  }
  for (const name of REQUIRED) {
    if (!entries.includes(name)) problems.push(`${name}: missing`);
  }
  if (!entries.some((name) => name.startsWith('extension/snippets/'))) problems.push('extension/snippets/: missing');
  if (size >= MAX_BYTES) problems.push(`${out} is ${formatSize(size)}, at or over the ${formatSize(MAX_BYTES)} limit`);

  console.log(`\n${out}: ${formatSize(size)}, ${entries.length} entries`);
  for (const name of entries) console.log(`  ${name}`);
  if (problems.length > 0) {
    for (const problem of problems) console.error(`package: ${problem}`);
    process.exit(1);
  }
  console.log('package: ok');
}
