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
  // The Dockerfile's practice findings have no safe fix (its `npm ci` has only an unsafe one): they remain.
  expect(JSON.parse(json.stdout).map((row: { file: string; ruleId: string }) => `${row.file} ${row.ruleId}`)).toEqual([
    'Dockerfile dockerfile/require-non-root-user',
    'Dockerfile dockerfile/require-dockerignore',
    'Dockerfile dockerfile/require-manifests-first',
    'Dockerfile dockerfile/require-multi-stage',
    'Dockerfile package-manager/js-commands',
    'package.json package-manager/js-manager-field',
  ]);
  const sarif = JSON.parse(cli(['check', '.', '--fix', '--format', 'sarif'], dir).stdout);
  expect(sarif.runs[0].results.length).toBe(6);

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
  expect(rows).toEqual([
    '.ci/publish.yml:5 package-manager/js-commands',
    'services/web/Dockerfile-development:1 dockerfile/require-non-root-user',
    'services/web/Dockerfile-development:2 dockerfile/require-multi-stage',
    'services/web/Dockerfile-development:2 package-manager/js-commands',
  ]);
});

// Issue 7, cases 9–11: every path that was named but could not be fully checked is said on stderr and exits 2.

const NPM_WORKFLOW = 'on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - run: npm ci\n';

/**
 * Root reads through `chmod 000`, so a permission test runs the CLI as `nobody` when the
 * suite runs as root (the workspace is made world-readable for that); as any other user
 * the mode bits already deny it.
 */
function cliAsUnprivileged(args: string[], cwd = ROOT) {
  const asRoot = process.getuid?.() === 0;
  const r = spawnSync('node', [CLI, ...args], { cwd, encoding: 'utf8', ...(asRoot ? { uid: 65534, gid: 65534 } : {}) });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('case 9: a FIFO named on the command line is not opened (it would block), is said, and exits 2', () => {
  const dir = workspaceOf({ '.github/workflows/ok.yml': 'on: push\n' });
  const fifo = join(dir, '.github/workflows/pipe.yml');
  expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
  const r = spawnSync('node', [CLI, 'check', fifo], { encoding: 'utf8', timeout: 20_000 });
  expect(r.signal).toBe(null);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('not checked: ');
  expect(r.stderr).toContain('pipe.yml: not a regular file.');
  expect(r.stderr).toContain('1 path could not be fully checked');
  // The same FIFO met by the walk of its folder: said, exit 2, the rest still checked.
  writeFileSync(join(dir, '.github/workflows/ci.yml'), NPM_WORKFLOW);
  const walked = spawnSync('node', [CLI, 'check', dir], { encoding: 'utf8', timeout: 20_000 });
  expect(walked.status).toBe(2);
  expect(walked.stdout).toContain('ci.yml:6:14: error `npm ci` uses npm');
  expect(walked.stderr).toContain('pipe.yml: not a regular file.');
});

test('case 9: an unreadable folder is said on stderr and exits 2; the readable rest is still checked', () => {
  const dir = workspaceOf({ '.github/workflows/ci.yml': NPM_WORKFLOW, 'locked/Dockerfile': 'FROM alpine:3.20\nRUN npm ci\n' });
  chmodSync(dir, 0o755);
  chmodSync(join(dir, 'locked'), 0o000);
  try {
    const r = cliAsUnprivileged(['check', dir]);
    expect(r.stderr).toContain('locked: folder unreadable (EACCES).');
    expect(r.stdout).toContain('ci.yml:6:14: error `npm ci` uses npm');
    expect(r.status).toBe(2);
    // A path inside the unreadable folder, named: said with its cause, not as missing.
    const inside = cliAsUnprivileged(['check', join(dir, 'locked', 'Dockerfile')]);
    expect([inside.status, inside.stderr]).toEqual([2, `roo-devops: Cannot read ${join(dir, 'locked', 'Dockerfile')} (EACCES).\n`]);
    // Naming only the readable part of the workspace is a full check of what was named.
    const part = cliAsUnprivileged(['check', join(dir, '.github')]);
    expect([part.status, part.stderr]).toEqual([1, '']);
  } finally {
    chmodSync(join(dir, 'locked'), 0o755);
  }
});

test('case 9: an unreadable .roo-devops.yaml is said and exits 2 instead of silently applying the defaults', () => {
  // A folder under the configuration's name: unreadable as a file for root too.
  const asFolder = workspaceOf({ '.github/workflows/ci.yml': 'on: push\n', '.roo-devops.yaml/x': '' });
  const r = cli(['check', asFolder]);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('cannot read the configuration .roo-devops.yaml: it is a folder; the defaults were applied instead.'.replace('.roo-devops.yaml', `${asFolder}/.roo-devops.yaml`));
  // A dangling link under that name is a configuration that cannot be read, not no configuration.
  const dangling = workspaceOf({ '.github/workflows/ci.yml': 'on: push\n' });
  symlinkSync('elsewhere.yaml', join(dangling, '.roo-devops.yaml'));
  const d = cli(['check', dangling]);
  expect(d.status).toBe(2);
  expect(d.stderr).toContain('cannot read the configuration');
  expect(d.stderr).toContain('no such file (or a dangling link)');
  // And an explicit --config that is a folder.
  expect(cli(['check', dangling, '--config', asFolder]).stderr).toContain(`Cannot read configuration file ${asFolder}: it is a folder.`);
});

test('case 9: files of a checked kind skipped for size or binary content say why and exit 2; other binaries are not a concern', () => {
  const dir = workspaceOf({
    '.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n',
    '.github/workflows/blob.yml': 'on: push\n\u0000\u0001binary',
    'logo.png': '\u0089PNG\r\n\u001a\n\u0000\u0000',
  });
  writeFileSync(join(dir, '.github/workflows/huge.yml'), `on: push\n${'# padding\n'.repeat(600_000)}`);
  const r = cli(['check', dir]);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('blob.yml: binary (a NUL byte in its first 8 KiB).');
  // Over the size limit: one engine/limits finding from the size alone, and the gate fails.
  expect(r.stdout).toContain('huge.yml:1:1: info');
  expect(r.stdout).toContain('[engine/limits]');
  expect(r.stderr).toContain('1 file over a per-file limit not checked');
  expect(r.stderr).not.toContain('logo.png');
  expect(r.stderr).toContain('1 path could not be fully checked');
  // Named one by one, as `check $(git ls-files)` does: the logo is no DevOps file, binary or not; the workflow is.
  const named = cli(['check', 'logo.png', '.github/workflows/ci.yml'], dir);
  expect([named.status, named.stderr]).toEqual([0, '']);
  const namedBlob = cli(['check', 'logo.png', '.github/workflows/blob.yml'], dir);
  expect(namedBlob.status).toBe(2);
  expect(namedBlob.stderr).toContain('not checked: .github/workflows/blob.yml: binary');
  // Listed under `ignore`, they are no longer this check's business: exit 0.
  writeFileSync(join(dir, '.roo-devops.yaml'), 'ignore:\n  - ".github/workflows/blob.yml"\n  - ".github/workflows/huge.yml"\n');
  expect(cli(['check', dir])).toEqual({ status: 0, stdout: 'No problems found.\n', stderr: '' });
});

test('case 9: README and --help promise the exit codes the CLI gives', () => {
  const help = cli(['--help']).stdout;
  expect(help).toContain('anything that could not be fully');
  expect(help).toContain('checked: a named file or folder that cannot be read');
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ');
  expect(readme).toContain('**2** on usage errors, anything named that could not be fully checked');
  expect(readme).not.toContain('skipped with a note on stderr.');
});

test('case 10: a file name cannot forge a finding line, nor reach the terminal with an escape sequence', () => {
  const forged = 'x.yml:1:1: error FORGED [ok]\nz.yml';
  const escape = '\u001b]0;pwned\u0007\u009b31m\u202eevil.yml';
  const dir = workspaceOf({ [`.github/workflows/${forged}`]: NPM_WORKFLOW, [`.github/workflows/${escape}`]: NPM_WORKFLOW });
  const r = cli(['check', dir]);
  expect(r.status).toBe(1);
  const lines = r.stdout.split('\n');
  // Two findings, each on one line that starts with the workspace path; nothing starts a line with the forged name.
  const findings = lines.filter((l) => l.endsWith('[package-manager/js-commands]'));
  expect(findings.length).toBe(2);
  for (const l of lines.filter((x) => x !== '' && !x.includes('problem(s)'))) expect(l.startsWith(dir)).toBe(true);
  expect(lines.some((l) => l.startsWith('z.yml') || l.includes('FORGED [ok]:'))).toBe(false);
  expect(r.stdout).toContain(`${dir}/.github/workflows/x.yml:1:1: error FORGED [ok]\\nz.yml:6:14: error`);
  expect(r.stdout).toContain('\\x1b]0;pwned\\x07\\x9b31m\\u202eevil.yml:6:14');
  expect(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(r.stdout)).toBe(false);
  // Machine formats are structured: they keep the real names.
  const json = JSON.parse(cli(['check', dir, '--format', 'json']).stdout).map((row: { file: string }) => row.file.slice(dir.length + 1));
  expect(json.sort()).toEqual([`.github/workflows/${escape}`, `.github/workflows/${forged}`].sort());
  const sarif = JSON.parse(cli(['check', dir, '--format', 'sarif']).stdout);
  const uris = sarif.runs[0].results.map((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => decodeURI(x.locations[0].physicalLocation.artifactLocation.uri));
  expect(uris.some((u: string) => u.endsWith(forged))).toBe(true);
  // Stderr escapes too: a named file that cannot be read, with a newline in its name.
  const missing = cli(['check', join(dir, 'no\nsuch\u001b[2J')]);
  expect(missing.status).toBe(2);
  expect(missing.stderr).toContain('no\\nsuch\\x1b[2J');
  expect(missing.stderr).not.toContain('\u001b');
});

test('case 10: formatText escapes messages that quote file content', () => {
  const { formatText } = require('../server/src/node/report') as typeof import('../server/src/node/report');
  const { LineIndex } = require('../server/src/core/lines') as typeof import('../server/src/core/lines');
  const text = 'run: npm ci\n';
  const out = formatText([
    {
      path: 'a\u2066.yml',
      lines: new LineIndex(text),
      findings: [{ ruleId: 'x/y', severity: 'error', message: 'quoted `npm\r\nci\u001b[31m\u0085\u2028`', range: { start: 5, end: 11 }, fixes: [] } as never],
    },
  ]);
  expect(out.split('\n')[0]).toBe('a\\u2066.yml:1:6: error quoted `npm\\r\\nci\\x1b[31m\\x85\\u2028` [x/y]');
});

test('case 11: symbolic links inside the workspace are followed, links out of it never, and a folder cycle ends', () => {
  const outside = workspaceOf({ 'ci.yml': NPM_WORKFLOW });
  const dir = workspaceOf({ 'shared/ci.yml': NPM_WORKFLOW, 'shared/nested/Dockerfile': 'FROM alpine:3.20\nRUN npm ci\n' });
  mkdirSync(join(dir, '.github/workflows'), { recursive: true });
  symlinkSync('../../shared/ci.yml', join(dir, '.github/workflows/linked.yml'));
  symlinkSync(join(outside, 'ci.yml'), join(dir, '.github/workflows/outside.yml'));
  symlinkSync(outside, join(dir, 'outside-folder'));
  symlinkSync('..', join(dir, 'shared/nested/up'));
  symlinkSync('shared', join(dir, 'alias'));
  const r = spawnSync('node', [CLI, 'check', dir, '--format', 'json'], { encoding: 'utf8', timeout: 20_000 });
  expect(r.signal).toBe(null);
  expect(r.stderr).toBe('');
  const rows = JSON.parse(r.stdout).map((row: { file: string; line: number; ruleId: string }) => `${row.file.slice(dir.length + 1)}:${row.line} ${row.ruleId}`);
  expect(rows).toContain('.github/workflows/linked.yml:6 package-manager/js-commands');
  // The linked folder is checked under its own name too, once; the cycle back up is not walked.
  expect(rows.filter((x: string) => x.endsWith('Dockerfile:2 package-manager/js-commands')).sort()).toEqual([
    'alias/nested/Dockerfile:2 package-manager/js-commands',
    'shared/nested/Dockerfile:2 package-manager/js-commands',
  ]);
  expect(rows.some((x: string) => x.includes('outside'))).toBe(false);
  expect(rows.some((x: string) => x.includes('/up/'))).toBe(false);
  // The language server walks its folders with the same listing.
  const { listFiles } = require('../server/src/node/workspace') as typeof import('../server/src/node/workspace');
  expect(listFiles(dir)).toEqual(['.github/workflows/linked.yml', 'alias/ci.yml', 'alias/nested/Dockerfile', 'shared/ci.yml', 'shared/nested/Dockerfile']);
  expect(readFileSync(join(ROOT, 'server/src/lsp/workspace-index.ts'), 'utf8')).toContain("listFiles(this.root, this.config.ignore)");
});

test('case 11: a file name that is not valid UTF-8 is reported once, clearly, and exits 2', () => {
  const dir = workspaceOf({ '.github/workflows/ci.yml': 'on: push\n' });
  writeFileSync(Buffer.from(`${dir}/.github/workflows/caf\xe9.yml`, 'latin1'), NPM_WORKFLOW);
  const r = cli(['check', dir]);
  expect(r.status).toBe(2);
  const said = r.stderr.split('\n').filter((l) => l.includes('caf'));
  expect(said.length).toBe(1);
  expect(said[0]).toContain('its name is not valid UTF-8 (caf\\xe9.yml).');
});

test('case 11: UTF-16 files (either byte order, with a BOM) are decoded and checked, not skipped as binary', () => {
  const dir = workspaceOf({});
  mkdirSync(join(dir, '.github/workflows'), { recursive: true });
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(NPM_WORKFLOW, 'utf16le')]);
  const be = Buffer.from(le.subarray(2)).swap16();
  writeFileSync(join(dir, '.github/workflows/le.yml'), le);
  writeFileSync(join(dir, '.github/workflows/be.yml'), Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
  const r = cli(['check', dir]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(1);
  expect(r.stdout).toContain(`${dir}/.github/workflows/le.yml:6:14: error \`npm ci\` uses npm`);
  expect(r.stdout).toContain(`${dir}/.github/workflows/be.yml:6:14: error \`npm ci\` uses npm`);
});

test('case 11: check --fix keeps a UTF-16 file in UTF-16, byte order and mark included', () => {
  const dir = workspaceOf({});
  const utf16 = (text: string, order: 'le' | 'be') => {
    const le = Buffer.from(text, 'utf16le');
    return order === 'le' ? Buffer.concat([Buffer.from([0xff, 0xfe]), le]) : Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()]);
  };
  writeFileSync(join(dir, 'Makefile'), utf16('build:\n\tnpm run build\n', 'le'));
  mkdirSync(join(dir, 'be'));
  writeFileSync(join(dir, 'be', 'Makefile'), utf16('build:\n\tnpm run build\n', 'be'));
  const r = cli(['check', '--fix', dir]);
  expect([r.status, r.stderr]).toEqual([0, 'roo-devops: fixed 2 problems in 2 files.\n']);
  expect(readFileSync(join(dir, 'Makefile')).equals(utf16('build:\n\tbun run build\n', 'le'))).toBe(true);
  expect(readFileSync(join(dir, 'be', 'Makefile')).equals(utf16('build:\n\tbun run build\n', 'be'))).toBe(true);
});
