/** The built CLI on plain Node, as CI runs it. Needs `bun run build` first. */
import { beforeAll, expect, test } from 'bun:test';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import { RULES } from '../server/src/core/rules';

const ROOT = join(import.meta.dir, '..');
const CLI = join(ROOT, 'dist', 'cli.js');

function cli(args: string[], cwd = ROOT) {
  const r = spawnSync('node', [CLI, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `bun run build` first');
});

test('text output on the example workspace: file:line:col: severity message [rule-id], exit 1', () => {
  const r = cli(['check', 'examples']);
  expect(r.status).toBe(1);
  const lines = r.stdout.split('\n').filter((l) => /\[[a-z-]+\/[a-z-]+\]$/.test(l));
  expect(lines).toContain(
    'examples/.github/workflows/ci.yml:20:14: error `npm ci` uses npm; use `bun install --frozen-lockfile` instead. [package-manager/js-commands]',
  );
  expect(lines).toContain(
    'examples/web/package-lock.json:1:1: warning `package-lock.json` is the lockfile of npm; this package must be locked by Bun in `bun.lock`. [package-manager/lockfile]',
  );
  expect(lines.some((l) => l.startsWith('examples/deploy/web.yaml:9:9: error') && l.endsWith('[yaml/syntax]'))).toBe(true);
  expect(lines.some((l) => l.startsWith('examples/infra/azuredeploy.json:4:18: error') && l.endsWith('[json/syntax]'))).toBe(true);
  // The echo that only mentions npm is not a finding.
  expect(lines.some((l) => l.includes('ci.yml:23:'))).toBe(false);
});

test('SARIF output is valid SARIF 2.1.0 and names the rules at the right lines', () => {
  const r = cli(['check', 'examples', '--format', 'sarif']);
  expect(r.status).toBe(1);
  const sarif = JSON.parse(r.stdout);
  const schema = JSON.parse(readFileSync(join(ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false, logger: false });
  const validate = ajv.compile(schema);
  expect(validate(sarif) ? [] : validate.errors).toEqual([]);
  expect(sarif.version).toBe('2.1.0');
  const run = sarif.runs[0];
  expect(run.tool.driver.rules.map((x: { id: string }) => x.id)).toEqual(RULES.map((x) => x.id));
  const at = run.results.map(
    (x: { ruleId: string; ruleIndex: number; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }) => {
      expect(run.tool.driver.rules[x.ruleIndex].id).toBe(x.ruleId);
      const loc = x.locations[0].physicalLocation;
      return `${x.ruleId} ${loc.artifactLocation.uri}:${loc.region.startLine}:${loc.region.startColumn}`;
    },
  );
  expect(at).toEqual(
    expect.arrayContaining([
      'package-manager/js-commands examples/.github/workflows/ci.yml:20:14',
      'package-manager/require-js-setup examples/.github/workflows/ci.yml:16:15',
      'package-manager/js-commands examples/Dockerfile:5:5',
      'package-manager/js-commands examples/Jenkinsfile:6:13',
      'package-manager/python-commands examples/.gitlab-ci.yml:18:7',
      'package-manager/go-modules examples/legacy-go/main.go:1:1',
      'yaml/syntax examples/deploy/web.yaml:9:9',
      'json/syntax examples/infra/azuredeploy.json:4:18',
      'package-manager/lockfile examples/web/package-lock.json:1:1',
    ]),
  );
  // The example shows every package-manager rule at least once.
  const shown = new Set(run.results.map((x: { ruleId: string }) => x.ruleId));
  for (const rule of RULES.filter((r) => r.id.startsWith('package-manager/'))) expect([rule.id, shown.has(rule.id)]).toEqual([rule.id, true]);
});

test('JSON output carries ranges and fixes', () => {
  const r = cli(['check', 'examples/.github/workflows/ci.yml', '--format=json']);
  const rows = JSON.parse(r.stdout).filter((row: { ruleId: string }) => row.ruleId === 'package-manager/js-commands');
  expect(rows[0]).toMatchObject({ file: 'examples/.github/workflows/ci.yml', line: 20, column: 14, endLine: 20, endColumn: 20, ruleId: 'package-manager/js-commands' });
  expect(rows[0].fixes[0].edits[0].newText).toBe('bun install --frozen-lockfile');
});

test('exit codes: 0 clean, 2 for usage errors, missing paths and a bad configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'roo-cli-'));
  mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
  writeFileSync(join(dir, '.github/workflows/ci.yml'), 'on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - run: bun run lint\n');
  const clean = cli(['check', dir]);
  expect(clean.status).toBe(0);
  expect(clean.stdout).toBe('No problems found.\n');

  expect(cli(['check', join(dir, 'nope')]).status).toBe(2);
  expect(cli(['check', dir, '--format', 'xml']).stderr).toContain('Unknown format "xml"');
  expect(cli(['frobnicate']).status).toBe(2);
  expect(cli(['check', '--config']).status).toBe(2);
  expect(cli(['check', dir, '--config', join(dir, 'missing.yaml')]).stderr).toContain('Cannot read configuration file');

  writeFileSync(join(dir, '.roo-devops.yaml'), 'rules:\n  package-manager/js-commands: loud\n');
  const bad = cli(['check', dir]);
  expect(bad.status).toBe(2);
  expect(bad.stdout).toContain('.roo-devops.yaml:2:32: error "rules.package-manager/js-commands" must be one of');
  expect(bad.stderr).toContain('the configuration has 1 problem(s)');
});

test('--config from elsewhere applies and is validated', () => {
  const dir = mkdtempSync(join(tmpdir(), 'roo-cli-'));
  writeFileSync(join(dir, 'off.yaml'), `rules:\n${RULES.filter((r) => r.severity === 'error').map((r) => `  ${r.id}: warning\n`).join('')}`);
  expect(cli(['check', 'examples', '--config', join(dir, 'off.yaml')]).status).toBe(0);
});

test('rules lists every rule with its summary', () => {
  const r = cli(['rules']);
  expect(r.status).toBe(0);
  for (const rule of RULES) expect(r.stdout).toContain(`${rule.id}`);
  expect(JSON.parse(cli(['rules', '--format', 'json']).stdout).map((x: { id: string }) => x.id)).toEqual(RULES.map((x) => x.id));
});

test('a subfolder or a repeated file is read within its workspace, once', () => {
  const sub = cli(['check', 'examples/.github/workflows']);
  expect(sub.status).toBe(1);
  expect(sub.stdout).toContain('examples/.github/workflows/ci.yml:20:14: error `npm ci` uses npm');
  expect(sub.stdout).not.toContain('examples/Dockerfile');
  const file = 'examples/.github/workflows/ci.yml';
  const once = cli(['check', file]).stdout;
  expect(cli(['check', file, `./${file}`, file]).stdout).toBe(once);
});

test('JSON with comments is accepted where its tools accept it, and pathological nesting is a finding, not a crash', () => {
  const dir = mkdtempSync(join(tmpdir(), 'roo-cli-'));
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, 'tsconfig.json'), '{\n  // strict mode\n  "compilerOptions": { "strict": true, },\n}\n');
  writeFileSync(join(dir, 'package.json'), `{"scripts":{"i":"bun install"},"x":${'['.repeat(5000)}`);
  const r = cli(['check', dir, '--format', 'json']);
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout).map((row: { file: string; ruleId: string; message: string }) => `${row.file.replace(/^.*\//, '')} ${row.ruleId} ${row.message}`)).toEqual([
    'package.json json/syntax JSON nested deeper than 1000 levels.',
  ]);
});

/** A workspace with safe fixes (Makefile), unsafe ones only (Dockerfile, package.json) and a BOM to keep. */
function fixWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'roo-cli-fix-'));
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, 'Makefile'), '\uFEFFinstall:\n\t@npm install\n\nbuild: install\n\tnpm run build\n');
  chmodSync(join(dir, 'Makefile'), 0o640);
  writeFileSync(join(dir, 'Dockerfile'), 'FROM node:20-alpine\nCOPY . .\nRUN npm ci\n');
  writeFileSync(join(dir, 'package.json'), '{\n  "name": "w",\n  "packageManager": "yarn@4.1.0",\n  "scripts": { "build": "tsc" }\n}\n');
  writeFileSync(join(dir, 'bun.lock'), '{\n  "lockfileVersion": 1,\n}\n');
  return dir;
}

const snapshot = (dir: string) => new Map(readdirSync(dir).filter((f) => f !== '.git').map((f) => [f, readFileSync(join(dir, f))]));

test('check --fix applies safe fixes in place, leaves unsafe ones, keeps mode and BOM, and reports what remains', () => {
  const dir = fixWorkspace();
  const before = snapshot(dir);
  const r = cli(['check', '.', '--fix'], dir);
  expect(r.stderr).toBe('roo-devops: fixed 2 problems in 1 file.\n');
  expect(readFileSync(join(dir, 'Makefile'), 'utf8')).toBe('\uFEFFinstall:\n\t@bun install\n\nbuild: install\n\tbun run build\n');
  expect(statSync(join(dir, 'Makefile')).mode & 0o777).toBe(0o640);
  // Only unsafe fixes there: byte for byte as they were.
  for (const f of ['Dockerfile', 'package.json', 'bun.lock']) expect(readFileSync(join(dir, f)).equals(before.get(f) ?? Buffer.alloc(1))).toBe(true);
  // No temporary file left behind.
  expect(readdirSync(dir).sort()).toEqual([...before.keys(), '.git'].sort());
  // The remaining findings, and the exit code they call for (the Dockerfile's npm ci is an error).
  expect(r.status).toBe(1);
  expect(r.stdout).toContain('Dockerfile:3:5: error `npm ci` uses npm');
  expect(r.stdout).toContain('package.json:3:');
  expect(r.stdout).not.toContain('Makefile');

  // Running again changes nothing and says so.
  const fixed = snapshot(dir);
  const again = cli(['check', '.', '--fix'], dir);
  expect(again.stderr).toBe('roo-devops: fixed 0 problems in 0 files.\n');
  expect(again.stdout).toBe(r.stdout);
  expect(again.status).toBe(1);
  expect(snapshot(dir)).toEqual(fixed);
});

test('check --fix with --format json or sarif prints the findings that remain; exit 0 when none is an error', () => {
  const dir = fixWorkspace();
  const json = cli(['check', '.', '--fix', '--format', 'json'], dir);
  expect(json.stderr).toBe('roo-devops: fixed 2 problems in 1 file.\n');
  expect(JSON.parse(json.stdout).map((row: { file: string; ruleId: string }) => `${row.file} ${row.ruleId}`)).toEqual([
    'Dockerfile package-manager/js-commands',
    'package.json package-manager/js-manager-field',
  ]);
  const sarif = JSON.parse(cli(['check', '.', '--fix', '--format', 'sarif'], dir).stdout);
  expect(sarif.runs[0].results.length).toBe(2);

  const clean = mkdtempSync(join(tmpdir(), 'roo-cli-fix-'));
  mkdirSync(join(clean, '.git'));
  writeFileSync(join(clean, 'Makefile'), 'build:\n\tnpm run build\n');
  const r = cli(['check', '--fix', clean]);
  expect([r.status, r.stdout, r.stderr]).toEqual([0, 'No problems found.\n', 'roo-devops: fixed 1 problem in 1 file.\n']);
  expect(readFileSync(join(clean, 'Makefile'), 'utf8')).toBe('build:\n\tbun run build\n');
});

test('--help documents --fix', () => {
  expect(cli(['--help']).stdout).toContain('--fix applies the safe fixes');
});

test('check --fix through a symbolic link rewrites the file it names and keeps the link', () => {
  const dir = mkdtempSync(join(tmpdir(), 'roo-cli-fix-'));
  mkdirSync(join(dir, '.git'));
  mkdirSync(join(dir, 'shared'));
  writeFileSync(join(dir, 'shared', 'build.mk'), 'build:\n\tnpm run build\n');
  symlinkSync(join('shared', 'build.mk'), join(dir, 'Makefile'));
  const r = cli(['check', '--fix', join(dir, 'Makefile')]);
  expect(r.stderr).toBe('roo-devops: fixed 1 problem in 1 file.\n');
  expect(lstatSync(join(dir, 'Makefile')).isSymbolicLink()).toBe(true);
  expect(readFileSync(join(dir, 'shared', 'build.mk'), 'utf8')).toBe('build:\n\tbun run build\n');
  expect(readdirSync(join(dir, 'shared'))).toEqual(['build.mk']);
});

/** Writes `files` (path → text) into a fresh workspace folder and returns it. */
function workspaceOf(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'roo-cli-'));
  mkdirSync(join(dir, '.git'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

test('a Helm chart gives no syntax findings: its templates are Go templates, recognised before YAML parsing', () => {
  const dir = workspaceOf({
    'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\ndescription: The web front end\ntype: application\nversion: 0.1.0\nappVersion: "1.0.0"\n',
    'charts/web/values.yaml': 'replicaCount: 2\nimage:\n  repository: registry.example.com/web\n  tag: ""\nresources: {}\nnodeSelector: {}\n',
    'charts/web/templates/_helpers.tpl': '{{- define "web.fullname" -}}\n{{ .Release.Name }}-{{ .Chart.Name }}\n{{- end }}\n',
    'charts/web/templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "web.fullname" . }}
  labels:
    {{- include "web.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "web.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      {{- with .Values.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          ports:
            - containerPort: {{ .Values.service.port }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
      {{- with .Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
`,
    'charts/web/templates/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: {{ include "web.fullname" . }}
spec:
  type: {{ .Values.service.type }}
  ports:
    - port: {{ .Values.service.port }}
`,
  });
  const r = cli(['check', dir, '--format', 'json']);
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual([]);
  expect(r.status).toBe(0);
});

test('files of a known kind under names only their content reveals are checked', () => {
  const dir = workspaceOf({
    '.ci/publish.yml': 'trigger: none\npool:\n  vmImage: ubuntu-latest\nsteps:\n  - script: npm ci\n',
    'services/web/Dockerfile-development': 'FROM oven/bun:1\nRUN npm ci\n',
    // Look-alikes: a playbook and a Taskfile with steps-like keys, and notes about a Dockerfile.
    'ansible/site.yml': '- hosts: web\n  tasks:\n    - script: npm ci\n',
    'Taskfile.yml': "version: '3'\ntasks:\n  build:\n    cmds:\n      - npm ci\n",
    'docs/Dockerfile-notes.txt': 'FROM node:20\nRUN npm ci\n',
  });
  const r = cli(['check', dir, '--format', 'json']);
  expect(r.stderr).toBe('');
  const rows = JSON.parse(r.stdout).map((row: { file: string; line: number; ruleId: string }) => `${row.file.slice(dir.length + 1)}:${row.line} ${row.ruleId}`);
  expect(rows).toEqual(['.ci/publish.yml:5 package-manager/js-commands', 'services/web/Dockerfile-development:2 package-manager/js-commands']);
});
