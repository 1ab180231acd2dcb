import { type FoundCommand, shellCommands, wordsRange } from '../../parse/commands';
import { dockerfilesOf } from '../../parse/dockerfiles';
import { hasManifestAbove, isFirstOfItsKindInFolder } from '../../path-index';
import { COMMAND_KINDS, programName, rawWords, replaceCommandFix, shownCommand, unquote } from '../../policy/command-rewrite';
import { isModulesOff, LEGACY_GO_TOOLS, translateGoGet, translateLegacyGoTool } from '../../policy/go';
import { defineRule, type RuleContext } from '../../rule';
import { BUILD_KINDS, type FileKind, type Fix, type OffsetRange } from '../../types';

/** Kinds where a command runs unattended, so `go get` there never means "edit go.mod". */
const PIPELINE_KINDS = new Set<FileKind>(BUILD_KINDS);
/** Kinds whose `env:`/`variables:` maps are YAML, read from the text. */
const YAML_ENV_KINDS = new Set<FileKind>(['github-actions', 'gitlab-ci', 'circleci', 'azure-pipelines', 'bitbucket-pipelines']);

const LEGACY_MANIFESTS: Record<string, string> = { 'Gopkg.toml': 'dep', 'Gopkg.lock': 'dep', 'glide.yaml': 'Glide', 'glide.lock': 'Glide' };

/** Folders whose Go files are not packages of the project: vendored code, test data, and what the go tool itself ignores. */
function isSkippedGoPath(path: string): boolean {
  return path.split('/').slice(0, -1).some((d) => d === 'vendor' || d === 'testdata' || d.startsWith('_') || d.startsWith('.'));
}

export default defineRule({
  id: 'package-manager/go-modules',
  kinds: [...COMMAND_KINDS, 'go-source'],
  severity: 'error',
  fix: 'mixed',
  docs: {
    summary: 'Go code builds as a Go module: no `GO111MODULE=off`, no dep, Glide, govendor or godep, no `go get` to install tools, no sources outside a `go.mod`.',
    rationale:
      'The team standard for Go is Go modules: `go.mod` and `go.sum` name every dependency and its checksum, and the ' +
      'module cache makes builds repeatable. GOPATH mode (`GO111MODULE=off`) and the tools that predate modules — ' +
      'dep (`Gopkg.toml`), Glide (`glide.yaml`), govendor, godep — resolve dependencies from elsewhere, so the build CI ' +
      'runs is not the one `go.sum` verifies. Since Go 1.17, `go get` no longer installs binaries; a pipeline that runs ' +
      '`go get github.com/x/tool` to install a tool either fails or edits a `go.mod` it should not touch.\n\n' +
      'Reported: `GO111MODULE=off` as a command prefix, an `export`, `go env -w`, a YAML `env:` entry of a pipeline, a ' +
      'Dockerfile `ENV`/`ARG` or a Makefile variable (the fix sets it to `on`; unsafe, as GOPATH-only builds may break); ' +
      'commands of dep, Glide, govendor and godep, with the modules command to use (no fix: `go mod init` reads the old ' +
      'manifest once); `Gopkg.toml`, `Gopkg.lock`, `glide.yaml` and `glide.lock`; `go get ./...` or `go get -d ./...` ' +
      '(the fix is `go mod download`, unsafe because `go get` could also add missing requirements); and `go get` of a ' +
      'remote path that installs a tool — a path with `/cmd/` or a well-known tool, `go get -u`, or in pipelines and ' +
      'Dockerfiles any `go get` without a pinned version. The fix is `go install path@version`: safe when the version ' +
      'is kept, unsafe when `@latest` has to be added.\n\n' +
      'Not reported: `go install path@version`, `go mod download`, `go build`, `go test`; `go get lib@v1.2.3` of a ' +
      'library (pinning a dependency), `go get -u ./...` (upgrading them) and any `go get` in a script that also runs ' +
      '`go mod tidy` or `go mod edit`, which is dependency management in module mode.\n\n' +
      'A `.go` file with no `go.mod` in its folder or any folder above is built in GOPATH mode or not at all; one ' +
      'finding is reported per package folder, on its alphabetically first `.go` file. Folders named `vendor` or ' +
      '`testdata`, and those starting with `_` or `.`, which the go tool ignores, are skipped.',
  },
  messages: {
    modulesOff: '`{setting}` turns Go modules off; set `GO111MODULE=on` or remove it.',
    legacyTool: '`{command}` uses {tool}; use Go modules (`{suggestion}`) instead.',
    replace: '`{command}` {what}; use `{replacement}` instead.',
    noRewrite: '`{command}` {what}; no rewrite is offered because {reason}.',
    legacyManifest: '`{file}` is the manifest of {tool}; Go modules declare dependencies in `go.mod`.',
    staleManifest: '`{file}` is the manifest of {tool} and sits beside `go.mod`; delete it so that only Go modules decide the versions.',
    noModule: '`{dir}` holds Go sources but no `go.mod` in it or any folder above; make it a module with `go mod init`.',
  },
  check(ctx) {
    const { file } = ctx;
    if (file.kind === 'go-source') return checkSource(ctx);
    if (file.kind === 'package-manifest' && file.basename in LEGACY_MANIFESTS) {
      const tool = LEGACY_MANIFESTS[file.basename];
      const beside = ctx.workspace.has(file.dirname ? `${file.dirname}/go.mod` : 'go.mod');
      const end = file.lines.lineEnd(0);
      ctx.report({ messageId: beside ? 'staleManifest' : 'legacyManifest', data: { file: file.basename, tool }, range: { start: 0, end: end > 0 ? end : Math.min(1, file.text.length) } });
      return;
    }
    checkCommands(ctx);
    checkSettingsText(ctx);
  },
});

function checkCommands(ctx: RuleContext): void {
  const commands = shellCommands(ctx.file);
  const editing = new Set(commands.filter((c) => isGoModEdit(c)).map((c) => c.script));
  for (const found of commands) {
    const { command, program } = found;
    const words = command.words;
    // Assignments before the program, `env` included: `GO111MODULE=off go build`.
    for (let i = 0; i < program; i++) if (isModulesOff(words[i].value)) reportOff(ctx, wordsRange(found, i, i));
    const tool = words[program];
    if (tool.quoted) continue;
    const name = programName(tool.value);
    const args = rawWords(found, program + 1);
    if (name === 'export' || name === 'declare' || name === 'setenv') {
      for (let k = program + 1; k < words.length; k++) if (isModulesOff(words[k].value)) reportOff(ctx, wordsRange(found, k, k));
      continue;
    }
    if (name === 'go' && unquote(args[0] ?? '') === 'env' && unquote(args[1] ?? '') === '-w') {
      for (let k = 2; k < args.length; k++) if (isModulesOff(words[program + 1 + k].value)) reportOff(ctx, wordsRange(found, program + 1 + k, program + 1 + k));
      continue;
    }
    if (LEGACY_GO_TOOLS.has(name)) {
      const t = translateLegacyGoTool(name, args);
      if (!t) continue;
      const range = wordsRange(found, program, program + (t.highlight ?? 0));
      ctx.report({ messageId: 'legacyTool', data: { command: shownCommand(ctx.file.text, range, found, program, program + (t.highlight ?? 0)), tool: t.tool, suggestion: t.suggestion ?? 'go mod tidy' }, range });
      continue;
    }
    if (name === 'go' && unquote(args[0] ?? '') === 'get') {
      const t = translateGoGet(args.slice(1), { pipeline: PIPELINE_KINDS.has(ctx.file.kind), editsGoMod: editing.has(found.script) });
      if (!t) continue;
      const range = wordsRange(found, program, words.length - 1);
      const data = { command: shownCommand(ctx.file.text, range, found, program), what: t.what ?? `uses ${t.tool}` };
      if (t.replacement) {
        ctx.report({ messageId: 'replace', data: { ...data, replacement: t.replacement }, range, fixes: replaceCommandFix(found, program, t.replacement, t.safe === true) });
      } else {
        ctx.report({ messageId: 'noRewrite', data: { ...data, reason: t.reason ?? 'no modules command matches it' }, range });
      }
    }
  }
}

function isGoModEdit(found: FoundCommand): boolean {
  const w = found.command.words.slice(found.program).map((x) => x.value);
  return w[0] === 'go' && w[1] === 'mod' && (w[2] === 'tidy' || w[2] === 'edit');
}

function reportOff(ctx: RuleContext, range: OffsetRange): void {
  const setting = ctx.file.text.slice(range.start, range.end);
  const off = /off(?=["']?\s*$)/i.exec(setting);
  const fixes: Fix[] = off
    ? [{ title: 'Set `GO111MODULE` to `on`', safe: false, edits: [{ start: range.start + off.index, end: range.start + off.index + 3, newText: 'on' }] }]
    : [];
  ctx.report({ messageId: 'modulesOff', data: { setting: setting.replace(/\s+/g, ' ') }, range, fixes });
}

/**
 * `GO111MODULE` set outside a shell command: a YAML `env:` entry, a Dockerfile
 * `ENV`/`ARG`, a Makefile variable, a Jenkinsfile `environment` entry.
 */
function checkSettingsText(ctx: RuleContext): void {
  const { file } = ctx;
  if (!file.text.includes('GO111MODULE')) return;
  let pattern: RegExp | undefined;
  if (YAML_ENV_KINDS.has(file.kind)) pattern = /^[ \t]*(?:-[ \t]*)?(GO111MODULE[ \t]*:[ \t]*(["']?)off\2)[ \t]*(?:#.*)?$/gm;
  else if (file.kind === 'makefile') pattern = /^(?:export[ \t]+)?(GO111MODULE[ \t]*(?:::=|:=|\?=|=)[ \t]*off)[ \t]*(?:#.*)?$/gm;
  else if (file.kind === 'jenkins') pattern = /(GO111MODULE[ \t]*=[ \t]*(["'])off\2)/g;
  if (pattern) {
    for (const m of file.text.matchAll(pattern)) {
      const start = (m.index ?? 0) + m[0].indexOf(m[1]);
      reportOff(ctx, { start, end: start + m[1].length });
    }
    return;
  }
  for (const ast of dockerfilesOf(file)) {
    for (const outer of ast.instructions) {
      const instruction = outer.trigger ?? outer;
      if (instruction.keyword !== 'ENV' && instruction.keyword !== 'ARG') continue;
      const [first, second] = instruction.args;
      // The legacy `ENV GO111MODULE off` sets one variable to the rest of the line.
      if (instruction.keyword === 'ENV' && first?.value === 'GO111MODULE' && second && instruction.args.length === 2) {
        if (/^(["']?)off\1$/i.test(second.value)) reportOff(ctx, { start: first.range.start, end: second.range.end });
        continue;
      }
      for (const arg of instruction.args) if (/^GO111MODULE=(["']?)off\1$/i.test(arg.value)) reportOff(ctx, arg.range);
    }
  }
}

function checkSource(ctx: RuleContext): void {
  const { file, workspace } = ctx;
  // Without a workspace listing (a lone file opened in the editor), nothing can be said about folders above.
  if (!workspace.has(file.path) || isSkippedGoPath(file.path)) return;
  if (!isFirstOfItsKindInFolder(workspace.list, file.path) || hasManifestAbove(workspace.has, file.path, 'go.mod')) return;
  const pkg = /^package[ \t]+\w+/m.exec(file.text);
  const range = pkg ? { start: pkg.index, end: pkg.index + pkg[0].length } : { start: 0, end: Math.max(0, file.lines.lineEnd(0)) };
  ctx.report({ messageId: 'noModule', data: { dir: file.dirname || '.' }, range });
}
