/**
 * The client bundle loads on plain Node with only `vscode` provided (a stub):
 * everything else it needs is inside it. A dependency reached through a build
 * that resolves its own modules at run time (jsonc-parser's UMD `main`) would
 * leave a `require('./impl/…')` behind and fail here, as it fails the editor.
 * Run after `bun run build`.
 */
import { expect, test } from 'bun:test';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BUNDLE = join(import.meta.dir, '../../dist/extension.js');

test('dist/extension.js loads with nothing but a vscode stub', () => {
  const dir = mkdtempSync(join(tmpdir(), 'roo-client-'));
  try {
    mkdirSync(join(dir, 'vscode'));
    writeFileSync(join(dir, 'vscode', 'index.js'), 'module.exports = new Proxy({}, { get: () => function () { return {}; } });\n');
    const run = spawnSync('node', ['-e', `const m = require(${JSON.stringify(BUNDLE)}); process.stdout.write(typeof m.activate);`], {
      env: { ...process.env, NODE_PATH: dir },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('function');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
