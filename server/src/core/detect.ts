import picomatch from 'picomatch';
import { compileGlob } from './glob';
import type { FileKind } from './types';

/**
 * Built-in path patterns, tried in order; the first kind whose pattern matches
 * wins. Patterns are globs over workspace-relative POSIX paths.
 */
export const DEFAULT_KIND_PATTERNS: readonly (readonly [FileKind, readonly string[]])[] = [
  ['roo-config', ['.roo-devops.yaml', '.roo-devops.yml', '.roo-devops.json']],
  ['plan-doc', ['plan/*.md']],
  ['github-actions', ['**/.github/workflows/*.{yml,yaml}', '**/action.{yml,yaml}']],
  ['gitlab-ci', ['**/.gitlab-ci.yml', '**/*.gitlab-ci.yml', '**/.gitlab-ci.yaml']],
  ['circleci', ['**/.circleci/config.{yml,yaml}']],
  // `azure-pipeline*` covers the plural and the frequent singular (`azure-pipeline.release.yml`).
  ['azure-pipelines', ['**/azure-pipeline*.{yml,yaml}', '**/.azure-pipelines/**/*.{yml,yaml}']],
  ['bitbucket-pipelines', ['**/bitbucket-pipelines.{yml,yaml}']],
  ['jenkins', ['**/Jenkinsfile', '**/*.jenkinsfile', '**/*.Jenkinsfile']],
  // BuildKit reads `<name>.dockerignore` beside a Dockerfile: an ignore file, not a Dockerfile.
  // Other names that only say "Dockerfile" somewhere (`Dockerfile-dev`, `Dockerfile_prod`) are read by content.
  [
    'dockerfile',
    [
      '**/Dockerfile',
      '**/Dockerfile.!(dockerignore|md)',
      '**/*.Dockerfile',
      '**/*.dockerfile',
      '**/Containerfile',
      '**/Containerfile.!(dockerignore|md)',
      '**/*.Containerfile',
    ],
  ],
  // `compose.override.yaml`, `compose.prod.yml`: the files Compose combines with `compose.yaml` (`-f`, overrides).
  ['compose', ['**/compose.{yml,yaml}', '**/compose.*.{yml,yaml}', '**/docker-compose*.{yml,yaml}']],
  ['terraform', ['**/*.tf', '**/*.tfvars', '**/*.tf.json']],
  ['pulumi', ['**/Pulumi.yaml', '**/Pulumi.yml', '**/Pulumi.*.yaml', '**/Pulumi.*.yml']],
  [
    'package-manifest',
    [
      '**/package.json',
      '**/package-lock.json',
      '**/npm-shrinkwrap.json',
      '**/yarn.lock',
      '**/pnpm-lock.yaml',
      '**/bun.lock',
      '**/pyproject.toml',
      '**/requirements*.txt',
      '**/Pipfile',
      '**/Pipfile.lock',
      '**/poetry.lock',
      '**/go.mod',
      '**/Cargo.toml',
      '**/Cargo.lock',
      '**/requirements*.in',
      '**/setup.py',
      '**/setup.cfg',
      '**/uv.lock',
      '**/pdm.lock',
      '**/Gopkg.toml',
      '**/Gopkg.lock',
      '**/glide.yaml',
      '**/glide.lock',
      // Runtime version files: read by the repository model for the versions they pin.
      '**/.nvmrc',
      '**/.node-version',
      '**/.python-version',
      '**/.tool-versions',
      '**/rust-toolchain',
      '**/rust-toolchain.toml',
    ],
  ],
  ['makefile', ['**/Makefile', '**/makefile', '**/GNUmakefile', '**/*.mk']],
  ['go-source', ['**/*.go']],
  ['rust-source', ['**/*.rs']],
  // The global `custom_modes.yaml` (or `.json`) lives in the editor's settings folder; it is matched when opened.
  ['roomodes', ['**/.roomodes', '**/custom_modes.{yaml,yml,json}']],
  // Mode rules: `.roo/rules-<slug>/` folders, and the legacy single file `.roorules-<slug>`.
  ['roo-rules', ['**/.roo/rules-*/**', '**/.roorules-*']],
];

export type KindPatterns = readonly (readonly [FileKind, readonly string[]])[];

type Matcher = (path: string) => boolean;
const matcherCache = new Map<string, Matcher>();

/**
 * A glob from the workspace (configuration, rule options, GitLab includes):
 * matched without regular expressions, so no pattern can backtrack (core/glob.ts).
 */
function matcher(glob: string): Matcher {
  let m = matcherCache.get(glob);
  if (!m) {
    if (matcherCache.size > 10_000) matcherCache.clear();
    m = compileGlob(glob);
    matcherCache.set(glob, m);
  }
  return m;
}

export function matchesGlob(path: string, glob: string): boolean {
  return matcher(glob)(path);
}

/** The product's own pattern lists, known to compile to regular expressions that cannot backtrack. */
const BUILT_IN_LISTS = new WeakSet<readonly string[]>(DEFAULT_KIND_PATTERNS.map(([, globs]) => globs));

/** One matcher per list of globs (by the list's identity): the pattern tables test each path once per kind, not once per glob. */
const listMatchers = new WeakMap<readonly string[], Matcher>();

export function matchesAny(path: string, globs: readonly string[]): boolean {
  let m = listMatchers.get(globs);
  if (!m) {
    if (BUILT_IN_LISTS.has(globs)) {
      // The built-in tables: one regular expression for the whole list, tested once per path and kind.
      const sources = globs.map((g) => picomatch.makeRe(g, { dot: true }).source);
      const re = new RegExp(sources.map((src) => `(?:${src})`).join('|'));
      m = (path: string) => re.test(path);
    } else {
      const each = globs.map(matcher);
      m = (path: string) => each.some((one) => one(path));
    }
    listMatchers.set(globs, m);
  }
  return m(path);
}

/** Kind by path alone: user patterns first, then the built-in ones. */
export function kindByPath(path: string, userPatterns: KindPatterns = []): FileKind | undefined {
  for (const table of [userPatterns, DEFAULT_KIND_PATTERNS]) {
    for (const [kind, globs] of table) {
      if (matchesAny(path, globs)) return kind;
    }
  }
  return undefined;
}

/**
 * Whether `path` is of `kind` (or of one of `kind`) by its path, the user's
 * patterns first. Files recognised only by their content (an Azure pipeline
 * named `.ci/publish.yml`) need `detectKind` and their text.
 */
export function isKind(path: string, kind: FileKind | readonly FileKind[], userPatterns: KindPatterns = []): boolean {
  const found = kindByPath(path, userPatterns);
  return found !== undefined && (typeof kind === 'string' ? found === kind : kind.includes(found));
}

/** The paths among `paths` that are of `kind` (or of one of `kind`) by their path. */
export function pathsOfKind(paths: Iterable<string>, kind: FileKind | readonly FileKind[], userPatterns: KindPatterns = []): string[] {
  const out: string[] = [];
  for (const p of paths) if (isKind(p, kind, userPatterns)) out.push(p);
  return out;
}

/** The glob patterns that claim `kind`: the user's, then the built-in ones. */
export function patternsOf(kind: FileKind, userPatterns: KindPatterns = []): string[] {
  const out: string[] = [];
  for (const table of [userPatterns, DEFAULT_KIND_PATTERNS]) for (const [k, globs] of table) if (k === kind) out.push(...globs);
  return out;
}

const YAML_EXT = /\.(ya?ml)$/i;
const JSON_EXT = /\.json$/i;
/** CloudFormation templates are often `.template`; read them by content. */
const TEMPLATE_EXT = /\.template$/i;
/** Files about Dockerfiles, not Dockerfiles: documents, scripts, BuildKit's per-Dockerfile ignore files. */
const NOT_DOCKERFILE_EXT = /\.(md|markdown|rst|txt|adoc|dockerignore|sh|bash|ps1|py|js|mjs|cjs|ts|go|rs|rb|json|toml|lock|xml|html)$/i;

/**
 * Whether a file at `path` may be of some kind: by its path, or by its content
 * once read (YAML and JSON files, `.template` files, names that mention a
 * Dockerfile). Shells read and lint only these.
 */
export function mayHaveKind(path: string, userPatterns: KindPatterns = []): boolean {
  return kindByPath(path, userPatterns) !== undefined || mayHaveContentKind(path);
}

/** Whether a path no pattern claims may still be of a kind, read from its text (YAML, JSON, templates, Dockerfile-like names). */
export function mayHaveContentKind(path: string): boolean {
  return YAML_EXT.test(path) || JSON_EXT.test(path) || TEMPLATE_EXT.test(path) || isDockerfileName(path);
}

/** Names that say Dockerfile without a pattern for them: `Dockerfile-development`, `Dockerfile_prod`, `dockerfile`. */
function isDockerfileName(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  return (name.includes('dockerfile') || name.includes('containerfile')) && !NOT_DOCKERFILE_EXT.test(name);
}

/**
 * The kind of a file: by path first, then, for files no pattern claims, by
 * content: YAML and JSON (Kubernetes, CloudFormation, ARM, Azure Pipelines, Helm
 * templates) and files whose name mentions a Dockerfile. Undefined when the
 * product has nothing to say about it. A caller that already matched the path
 * against the patterns passes the answer in `knownByPath`.
 */
export function detectKind(path: string, text: string, userPatterns: KindPatterns = [], knownByPath?: { kind: FileKind | undefined }): FileKind | undefined {
  const byPath = knownByPath ? knownByPath.kind : kindByPath(path, userPatterns);
  if (byPath) return byPath;
  if (YAML_EXT.test(path) || TEMPLATE_EXT.test(path)) {
    if (YAML_EXT.test(path) && isHelmTemplate(path, text)) return 'helm-template';
    const byContent = yamlKindByContent(text);
    if (byContent) return byContent;
    return YAML_EXT.test(path) ? 'yaml' : undefined;
  }
  if (JSON_EXT.test(path)) return jsonKindByContent(text) ?? 'json';
  if (isDockerfileName(path) && isDockerfileText(text)) return 'dockerfile';
  return undefined;
}

/**
 * Content checks read a bounded head of the text, cut at a line end: enough for
 * any real file's top-level keys, and a huge file costs no more than this.
 */
const CONTENT_HEAD = 256 * 1024;

function head(text: string, limit = CONTENT_HEAD): string {
  if (text.length <= limit) return text;
  const cut = text.lastIndexOf('\n', limit);
  return text.slice(0, cut < 0 ? limit : cut);
}

/**
 * Top-level keys start in column 0 of a block mapping, so a line scan finds
 * them without a parse. CloudFormation is tested first: a template never has
 * top-level `apiVersion` and `kind`, while a Kubernetes manifest may well
 * mention `AWS::` in an annotation.
 */
export function yamlKindByContent(text: string): FileKind | undefined {
  const h = head(text, 2_000_000);
  if (/^AWSTemplateFormatVersion\s*:/m.test(h)) return 'cloudformation';
  if (/^Resources\s*:/m.test(h) && /^\s+Type\s*:\s*["']?AWS::[A-Za-z0-9]+::/m.test(h)) return 'cloudformation';
  if (/^apiVersion\s*:/m.test(h) && /^kind\s*:/m.test(h)) return 'kubernetes';
  if (isAzurePipelinesText(text)) return 'azure-pipelines';
  return undefined;
}

/**
 * Top-level keys an Azure Pipelines file (a pipeline or a template) may have:
 * the pipeline's own, and those of the single stage or job it may stand for.
 */
const AZURE_TOP_KEYS = new Set([
  'name',
  'appendCommitMessageToRunName',
  'trigger',
  'pr',
  'schedules',
  'resources',
  'variables',
  'parameters',
  'extends',
  'lockBehavior',
  'stages',
  'jobs',
  'steps',
  'pool',
  'container',
  'services',
  'workspace',
  'strategy',
  'timeoutInMinutes',
  'cancelTimeoutInMinutes',
  'continueOnError',
  'condition',
]);

/** At least one of these says the file runs something (a variables-only template runs nothing). */
const AZURE_RUN_KEYS = new Set(['trigger', 'pr', 'schedules', 'pool', 'stages', 'jobs', 'steps', 'extends']);

/**
 * Spellings only Azure Pipelines uses. Each is anchored or literal-led so that
 * no input makes it backtrack; `steps:` alone is no marker, since Ansible,
 * Tekton, Taskfiles, Buildkite, Cloud Build and GitHub Actions have steps too.
 */
const AZURE_MARKERS: readonly RegExp[] = [
  // task: Npm@1, - task: DotNetCoreCLI@2
  /^[ \t]*(?:-[ \t]+)?task:[ \t]*["']?[A-Za-z][\w.-]*@\d+["']?[ \t]*(?:#.*)?$/m,
  /^[ \t]*vmImage:/m,
  // Step, job and stage shortcuts: `- script:`, `- bash:`, `- pwsh:`, `- checkout: self`, `- template:`, `- job:`…
  /^[ \t]*-[ \t]+(?:script|bash|pwsh|powershell|checkout|template|download|downloadBuild|publish|getPackage|reviewApp|stage|job|deployment):/m,
  // Predefined variables: $(Build.SourcesDirectory), $(System.DefaultWorkingDirectory), $(Agent.OS)…
  /\$\((?:Build|System|Agent|Pipeline|Release|Environment)\.[A-Za-z]/,
  // Template expressions GitHub Actions has no equivalent of.
  /\$\{\{[ \t]*(?:parameters|variables)\./,
  /\$\{\{[ \t]*(?:if|elseif|else|each)\b/,
  // extends: { template: … }
  /^extends:[ \t]*(?:#[^\n]*)?\r?\n[ \t]+template:/m,
];

/**
 * The top-level keys of a YAML text whose top level is a block mapping, or
 * undefined when it is anything else (a sequence, as in an Ansible playbook, a
 * flow collection, quoted keys) — then the file is none of the kinds read here.
 */
function topLevelKeys(text: string): string[] | undefined {
  const keys: string[] = [];
  let start = 0;
  // Skipped in column 0: blanks, comments, directives, document markers, and a sequence
  // after a key, which is that key's value (`jobs:` then `- job: build`). A sequence
  // before any key is the top level itself, as in an Ansible playbook.
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const c = text[start];
    if (c !== undefined && c !== '\n' && c !== '\r' && c !== ' ' && c !== '\t' && c !== '#' && c !== '%') {
      const line = text.slice(start, end);
      // GitLab's hidden jobs and anchor holders start with a dot (`.base: &base`).
      const key = /^(\.?[A-Za-z_][\w.-]*)[ \t]*:(?:[ \t]|\r?$)/.exec(line);
      if (key) keys.push(key[1]);
      // Azure's conditional insertion: `${{ if eq(parameters.x, true) }}:`.
      else if (line.startsWith('${{')) keys.push('${{');
      else if (!line.startsWith('---') && !line.startsWith('...') && !(c === '-' && keys.length > 0)) return undefined;
    }
    start = end + 1;
  }
  return keys;
}

/**
 * An Azure Pipelines file whatever its name: every top-level key is one Azure
 * knows, one of them runs something, and the text has a spelling only Azure uses.
 */
export function isAzurePipelinesText(text: string): boolean {
  const h = head(text);
  const keys = topLevelKeys(h);
  if (!keys || keys.length === 0) return false;
  if (!keys.every((k) => k === '${{' || AZURE_TOP_KEYS.has(k))) return false;
  if (!keys.some((k) => k === '${{' || AZURE_RUN_KEYS.has(k))) return false;
  return AZURE_MARKERS.some((re) => re.test(h));
}

/** Files of a chart beside its `templates/`: `Chart.yaml`, `values.yaml`, `values-prod.yaml`, `values.schema.json` is JSON. */
const CHART_FILE = /(?:^|\/)(?:Chart|values(?:[.-][^/]*)?)\.ya?ml$/;

/** Directives that can only be Go template control, on a line of their own. */
const GO_TEMPLATE_CONTROL_LINE = /^[ \t]*\{\{-?[ \t]*(?:(?:if|else|end|range|with|define|template|include|block)\b|\/\*)/m;
/** Helm's built-in objects, which no other template language spells this way. */
const HELM_OBJECT = /\{\{-?[ \t]*\.(?:Values|Release|Chart|Capabilities|Files|Template)\b/;

/** A `{{ … }}` directive; `${{ … }}` is a GitHub Actions or Azure expression, not one. */
function hasGoTemplateDirective(text: string): boolean {
  // One search for the last `}}`, not one per `{{`: a text of many `{{` stays linear.
  const lastClose = text.lastIndexOf('}}');
  for (let i = text.indexOf('{{'); i >= 0 && i + 2 <= lastClose; i = text.indexOf('{{', i + 2)) {
    if (text[i - 1] !== '$') return true;
  }
  return false;
}

/**
 * A Helm chart's template (a Go template rendering YAML): a YAML-named file
 * under a `templates/` folder with `{{ … }}` directives, or any YAML-named file
 * with a control directive (`{{- if …}}`, `{{ include … }}`) on a line of its own,
 * which no YAML file has, or naming Helm's objects (`{{ .Values.x }}`) — so an
 * editor buffer outside any folder, seen by its name alone, is recognised too. Detection sees one file, so `Chart.yaml` beside the
 * folder is not required: the directives are what make the file not YAML.
 */
export function isHelmTemplate(path: string, text: string): boolean {
  const h = head(text);
  const inTemplates = /(^|\/)templates\//.test(path);
  if (inTemplates && hasGoTemplateDirective(h)) return true;
  // A chart's values and metadata are plain YAML, even where a value is a template string that `tpl` renders.
  if (!inTemplates && CHART_FILE.test(path)) return false;
  return GO_TEMPLATE_CONTROL_LINE.test(h) || HELM_OBJECT.test(h);
}

/**
 * A Dockerfile by content: its first instruction, after comments, parser
 * directives, blank lines and `ARG`s (which may precede `FROM`), is `FROM`.
 */
export function isDockerfileText(text: string): boolean {
  const h = head(text, 64 * 1024);
  let continued = false;
  let start = 0;
  while (start < h.length) {
    let end = h.indexOf('\n', start);
    if (end < 0) end = h.length;
    const line = h.slice(start, end).trim();
    start = end + 1;
    if (continued) {
      continued = /[\\`]$/.test(line);
      continue;
    }
    if (line === '' || line.startsWith('#')) continue;
    if (/^ARG\s/i.test(line)) {
      continued = /[\\`]$/.test(line);
      continue;
    }
    return /^FROM\s+(?:--[\w-]+=\S+\s+)*[\w${}./:@-]/i.test(line);
  }
  return false;
}

/** An ARM template's or parameter file's `$schema`, found in text that is not strict JSON (ARM reads comments). */
const ARM_SCHEMA = /^\s*\{\s*(?:\/\/[^\n]*\n\s*|\/\*[^*]*\*\/\s*)*"\$schema"\s*:\s*"[^"\n]*(?:deploymentTemplate|deploymentParameters)\.json/i;

export function jsonKindByContent(text: string): FileKind | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Resource Manager accepts comments in templates; the syntax rule of the kind judges the rest.
    return ARM_SCHEMA.test(head(text, 64 * 1024)) ? 'arm' : undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const obj = value as Record<string, unknown>;
  if (typeof obj.$schema === 'string' && /deploymentTemplate\.json|deploymentParameters\.json/i.test(obj.$schema)) return 'arm';
  if ('AWSTemplateFormatVersion' in obj) return 'cloudformation';
  const resources = obj.Resources;
  if (resources && typeof resources === 'object') {
    for (const r of Object.values(resources as Record<string, unknown>)) {
      const type = (r as { Type?: unknown } | null)?.Type;
      if (typeof type === 'string' && type.startsWith('AWS::')) return 'cloudformation';
    }
  }
  if (typeof obj.apiVersion === 'string' && typeof obj.kind === 'string') return 'kubernetes';
  return undefined;
}

/**
 * The file a fenced code block of a document stands for, and its kind: by the
 * file name the document gives it (`title="…"` or a `` `path` `` line above
 * it), else by its language and content. A YAML or JSON block is read like a
 * file of that format found anywhere, through `detectKind`, and then by the
 * markers a path would otherwise give away (`on:` and `jobs:` make a GitHub
 * Actions workflow, `stages:` or a job with `script:` GitLab CI, …); an HCL
 * block is Terraform; a Dockerfile block is one when it is a whole Dockerfile
 * (an excerpt of a few instructions is no file). `path` is the given name, or
 * a name that this detector maps to the same kind. Undefined for a block of no
 * kind (shell blocks, prose, a language the product does not read), and for
 * YAML that is none of the kinds: such a block is `yaml` with `block.yaml`.
 */
export function detectBlockKind(language: string, text: string, name?: string): { kind: FileKind; path: string } | undefined {
  if (name !== undefined) {
    const kind = detectKind(name, text);
    if (kind !== undefined && BLOCK_KINDS.has(kind) && kind !== 'yaml') {
      if (kind === 'dockerfile' && !isDockerfileText(text)) return undefined;
      return { kind, path: name };
    }
  }
  const probe = BLOCK_PROBES[language];
  if (probe === undefined) return undefined;
  const kind = detectKind(probe, text);
  if (kind === 'dockerfile' && !isDockerfileText(text)) return undefined;
  if (kind === 'yaml') {
    const marked = yamlBlockKindByContent(text);
    if (marked) return marked;
  }
  if (kind === undefined || !BLOCK_KINDS.has(kind)) return undefined;
  return { kind, path: probe };
}

/**
 * Kinds a code block is checked as. Not manifests, lockfiles, Makefiles or
 * sources: what they are wrong about is that they exist (a `requirements.txt`),
 * which a block in a document is not; their commands, in shell blocks, are
 * read by the package-manager policy of the document itself. Not Helm
 * templates: nothing checks them as written (a file gets a note saying so,
 * which a snippet in a document does not need).
 */
const BLOCK_KINDS: ReadonlySet<FileKind> = new Set<FileKind>([
  'github-actions',
  'gitlab-ci',
  'circleci',
  'azure-pipelines',
  'bitbucket-pipelines',
  'jenkins',
  'dockerfile',
  'compose',
  'kubernetes',
  'terraform',
  'cloudformation',
  'pulumi',
  'arm',
  'yaml',
]);

/** A file name for each code block language this product reads; the name decides the format. */
const BLOCK_PROBES: Readonly<Record<string, string>> = {
  yaml: 'block.yaml',
  yml: 'block.yaml',
  json: 'block.json',
  hcl: 'main.tf',
  terraform: 'main.tf',
  tf: 'main.tf',
  tfvars: 'terraform.tfvars',
  dockerfile: 'Dockerfile',
  docker: 'Dockerfile',
  containerfile: 'Containerfile',
};

/** Top-level keys a Compose file may have. */
const COMPOSE_TOP_KEYS = new Set(['version', 'name', 'services', 'networks', 'volumes', 'configs', 'secrets', 'include', 'models']);

/**
 * Kinds a YAML text shows by its keys where its path would tell them: for a
 * text with no path, as a code block. Never used for files, whose paths decide
 * (a `ci.yml` with `jobs:` outside `.github/workflows` is no workflow). Each
 * answer comes with the name of a file of that kind, so that the file and
 * `detectKind` agree.
 */
function yamlBlockKindByContent(text: string): { kind: FileKind; path: string } | undefined {
  const h = head(text);
  const keys = topLevelKeys(h);
  if (!keys || keys.length === 0) return undefined;
  const has = (k: string) => keys.includes(k);
  if (has('on') && has('jobs')) return { kind: 'github-actions', path: '.github/workflows/block.yml' };
  if (has('runs') && /^[ \t]+using[ \t]*:/m.test(h)) return { kind: 'github-actions', path: 'action.yml' };
  if (has('version') && (has('jobs') || has('workflows')) && /^version[ \t]*:[ \t]*["']?2(?:\.\d+)?["']?[ \t]*(?:#.*)?$/m.test(h)) {
    return { kind: 'circleci', path: '.circleci/config.yml' };
  }
  if (has('name') && has('runtime') && (has('resources') || has('main') || has('description') || has('config'))) return { kind: 'pulumi', path: 'Pulumi.yaml' };
  if (has('pipelines') && /^[ \t]+(?:default|branches|pull-requests|tags|custom)[ \t]*:/m.test(h)) {
    return { kind: 'bitbucket-pipelines', path: 'bitbucket-pipelines.yml' };
  }
  if (has('services') && keys.every((k) => COMPOSE_TOP_KEYS.has(k) || k.startsWith('x-')) && parentsOf(h, 2, /^(?:image|build)$/).has('services')) {
    return { kind: 'compose', path: 'compose.yaml' };
  }
  // Travis CI has top-level `stages:` and `script:` too, and says `language:`, which GitLab has not.
  if (!has('jobs') && !has('steps') && !has('language') && (has('stages') || parentsOf(h, 1, /^script$/).size > 0)) {
    return { kind: 'gitlab-ci', path: '.gitlab-ci.yml' };
  }
  return undefined;
}

/**
 * The top-level keys of a block mapping under which a key matching `child`
 * sits `depth` levels down (1: `parent:` then `  child:`; 2: a key of one of
 * its entries). One line scan, no parse: indentation decides the levels.
 */
function parentsOf(text: string, depth: 1 | 2, child: RegExp): Set<string> {
  const out = new Set<string>();
  let parent: string | undefined;
  const indents: number[] = [];
  for (const line of text.split('\n')) {
    if (/^[ \t]*(?:#|\r?$)/.test(line)) continue;
    const indent = /^[ \t]*/.exec(line)?.[0].length ?? 0;
    if (indent === 0) {
      parent = /^([A-Za-z_][\w.-]*)[ \t]*:/.exec(line)?.[1];
      indents.length = 0;
      continue;
    }
    if (parent === undefined) continue;
    while (indents.length > 0 && indents[indents.length - 1] > indent) indents.pop();
    if (indents.length === 0 || indents[indents.length - 1] < indent) indents.push(indent);
    const key = /^[ \t]*([A-Za-z_][\w.-]*)[ \t]*:/.exec(line)?.[1];
    if (key !== undefined && indents.length === depth && child.test(key)) out.add(parent);
  }
  return out;
}
