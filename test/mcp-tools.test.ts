/**
 * The MCP tools from the sources, for the edges of the root the bundle test does
 * not reach: a link to a file outside, a link inside that `fix` writes through,
 * a plan folder that leads out, and a missing file outside said as "outside".
 */
import { afterAll, expect, test } from 'bun:test';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveInRoot } from '../server/src/mcp/root';
import { workspaceTools } from '../server/src/mcp/tools';

const scratch = mkdtempSync(join(tmpdir(), 'roo-devops-mcp-tools-'));
const root = join(scratch, 'ws');
const outside = join(scratch, 'outside');
mkdirSync(join(root, 'real'), { recursive: true });
mkdirSync(join(outside, 'plan'), { recursive: true });
writeFileSync(join(outside, 'Makefile'), 'i:\n\tnpm install\n');
writeFileSync(join(outside, 'plan', 'deployment.md'), '# Deployment\n');
writeFileSync(join(root, 'real', 'Makefile'), 'i:\n\tnpm install\n');
symlinkSync(join(outside, 'Makefile'), join(root, 'Makefile'));
symlinkSync(join(root, 'real', 'Makefile'), join(root, 'GNUmakefile'));
symlinkSync(join(outside, 'plan'), join(root, 'plan'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const tools = workspaceTools(root);

test('a file link out of the root is refused by name and left out of the walk', () => {
  expect(() => tools.check(['Makefile'])).toThrow(/outside the workspace root \(a symbolic link/);
  expect(tools.check().findings.some((f) => f.file === 'Makefile')).toBe(false);
  expect(() => tools.fix(['Makefile'])).toThrow(/outside/);
  expect(readFileSync(join(outside, 'Makefile'), 'utf8')).toBe('i:\n\tnpm install\n');
});

test('a missing path outside is "outside", not "missing"; inside it is "no such file"', () => {
  expect(() => resolveInRoot(tools.root, '../nothing-here')).toThrow(/outside the workspace root/);
  expect(() => resolveInRoot(tools.root, '/nothing-here')).toThrow(/outside the workspace root/);
  expect(() => resolveInRoot(tools.root, 'nothing-here')).toThrow(/No such file/);
  expect(resolveInRoot(tools.root, 'real/../real/Makefile')).toMatchObject({ rel: 'real/Makefile', folder: false });
  expect(resolveInRoot(tools.root, '.')).toMatchObject({ rel: '', folder: true });
});

test('fix through a link that stays inside rewrites the file it names and keeps the link', () => {
  const r = tools.fix(['GNUmakefile']);
  expect(r.changed).toEqual([{ file: 'real/Makefile', fixesApplied: 1 }]);
  expect(readFileSync(join(root, 'real', 'Makefile'), 'utf8')).toBe('i:\n\tbun install\n');
  expect(lstatSync(join(root, 'GNUmakefile')).isSymbolicLink()).toBe(true);
});

test('generate_plan refuses a plan folder that leads out of the root', () => {
  expect(() => tools.generatePlan('deployment')).toThrow(/outside the workspace root/);
});

test('a root that is not a folder cannot be served', () => {
  expect(() => workspaceTools(join(root, 'real', 'Makefile'))).toThrow(/cannot be used/);
});
