/**
 * `roo-devops check` on worker threads prints exactly what it prints on the main
 * thread alone: same findings, same order, same stderr, same exit code. The
 * number of threads is forced with ROO_DEVOPS_CHECK_THREADS (0 = main thread),
 * on a workspace that has findings of every kind, an unreadable file, a named
 * file and a rule reading other files (Kubernetes Services, Terraform modules).
 * Needs `bun run build` first.
 */
import { beforeAll, expect, test } from 'bun:test';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kindByPath } from '../server/src/core/detect';
import { indexedGroup, planBatches } from '../server/src/node/check-files';

const ROOT = join(import.meta.dir, '..');
const CLI = join(ROOT, 'dist', 'cli.js');

function cli(args: string[], cwd: string, threads: number) {
  const r = spawnSync('node', [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ROO_DEVOPS_CHECK_THREADS: String(threads) } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let work: string;
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `bun run build` first');
  work = mkdtempSync(join(tmpdir(), 'roo-devops-threads-'));
  cpSync(join(ROOT, 'examples'), join(work, 'ws'), { recursive: true });
  // Cross-file reads: a Deployment served by a Service of another file; a module calling another by a local path.
  mkdirSync(join(work, 'ws/k8s'), { recursive: true });
  writeFileSync(join(work, 'ws/k8s/deploy.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels: { app: web }\n  template:\n    metadata:\n      labels: { app: web, tier: front }\n    spec:\n      containers:\n        - name: web\n          image: registry.example.com/web:1.0.0\n');
  writeFileSync(join(work, 'ws/k8s/service.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: { app: web }\n  ports:\n    - port: 80\n');
  mkdirSync(join(work, 'ws/tf/root'), { recursive: true });
  mkdirSync(join(work, 'ws/tf/net'), { recursive: true });
  writeFileSync(join(work, 'ws/tf/root/main.tf'), 'provider "aws" {\n  region = "eu-west-1"\n}\n\nmodule "net" {\n  source = "../net"\n}\n');
  writeFileSync(join(work, 'ws/tf/net/main.tf'), 'provider "aws" {\n  region = "eu-west-1"\n}\n');
  // Binary where a workflow is expected: said on stderr, and the check is incomplete.
  mkdirSync(join(work, 'ws/.github/workflows'), { recursive: true });
  writeFileSync(join(work, 'ws/.github/workflows/bad.yml'), Buffer.from([0x6f, 0x6e, 0x3a, 0x00, 0x41]));
  return () => rmSync(work, { recursive: true, force: true });
});

for (const format of ['text', 'json', 'sarif']) {
  test(`check --format ${format}: the same output on 2 worker threads as on the main thread`, () => {
    const alone = cli(['check', '.', 'Dockerfile', '--format', format], join(work, 'ws'), 0);
    const threads = cli(['check', '.', 'Dockerfile', '--format', format], join(work, 'ws'), 2);
    expect(alone.stdout.length).toBeGreaterThan(1000);
    expect(alone.stderr).toContain('not checked');
    expect(threads).toEqual(alone);
  }, 120_000);
}

test('the Kubernetes and Terraform rules that read other files report the same through workers', () => {
  const alone = cli(['check', '.', '--format', 'json'], join(work, 'ws'), 0);
  const threads = cli(['check', '.', '--format', 'json'], join(work, 'ws'), 3);
  const ids = (out: string) => (JSON.parse(out) as { ruleId: string; file: string }[]).map((f) => `${f.file} ${f.ruleId}`);
  expect(ids(alone.stdout)).toContain('k8s/deploy.yaml kubernetes/require-availability');
  expect(ids(threads.stdout)).toEqual(ids(alone.stdout));
}, 120_000);

test('batches: every path once, each group on one thread, groups spread by size, the rest shared in path order', () => {
  const rels = [
    ...Array.from({ length: 130 }, (_, i) => `svc${String(i).padStart(3, '0')}/main.tf`),
    ...Array.from({ length: 70 }, (_, i) => `k8s/app${String(i).padStart(3, '0')}.yaml`),
    ...Array.from({ length: 100 }, (_, i) => `src/file${String(i).padStart(3, '0')}.ts`),
    'package.json',
  ].sort();
  const { own, shared } = planBatches(rels, 2, (rel) => indexedGroup(rel, kindByPath(rel)));
  const at = [...own.flat(), ...shared].flatMap((b) => b.at);
  expect(at.sort((a, b) => a - b)).toEqual(rels.map((_, i) => i));
  for (const b of [...own.flat(), ...shared]) expect(b.paths).toEqual(b.at.map((i) => rels[i]));
  const groupsOf = (batches: { paths: string[] }[]) => new Set(batches.flatMap((b) => b.paths.map((p) => indexedGroup(p, kindByPath(p)) ?? 'none')));
  // The larger group (Terraform) on one thread, the other (YAML read by content) on the other.
  expect([...groupsOf(own[0])]).toEqual(['terraform']);
  expect([...groupsOf(own[1])]).toEqual(['by-content']);
  expect([...groupsOf(shared)]).toEqual(['none']);
  expect(shared.flatMap((b) => b.at)).toEqual([...shared.flatMap((b) => b.at)].sort((a, b) => a - b));
  // One thread: everything on it.
  const single = planBatches(rels, 1, (rel) => indexedGroup(rel, kindByPath(rel)));
  expect(single.own.length).toBe(1);
  expect(single.own[0].length + single.shared.length).toBeGreaterThan(0);
});
