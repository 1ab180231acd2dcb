import picomatch from 'picomatch';
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
  ['azure-pipelines', ['**/azure-pipelines*.{yml,yaml}', '**/.azure-pipelines/**/*.{yml,yaml}']],
  ['bitbucket-pipelines', ['**/bitbucket-pipelines.{yml,yaml}']],
  ['jenkins', ['**/Jenkinsfile', '**/*.jenkinsfile', '**/*.Jenkinsfile']],
  ['dockerfile', ['**/Dockerfile', '**/Dockerfile.*', '**/*.Dockerfile', '**/*.dockerfile', '**/Containerfile', '**/Containerfile.*']],
  ['compose', ['**/compose.{yml,yaml}', '**/docker-compose*.{yml,yaml}']],
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
    ],
  ],
  ['makefile', ['**/Makefile', '**/makefile', '**/GNUmakefile', '**/*.mk']],
  ['go-source', ['**/*.go']],
  ['rust-source', ['**/*.rs']],
  ['roo-modes', ['**/.roomodes']],
  ['roo-rules', ['**/.roo/rules-*/**']],
];

export type KindPatterns = readonly (readonly [FileKind, readonly string[]])[];

type Matcher = (path: string) => boolean;
const matcherCache = new Map<string, Matcher>();

function matcher(glob: string): Matcher {
  let m = matcherCache.get(glob);
  if (!m) {
    m = picomatch(glob, { dot: true });
    matcherCache.set(glob, m);
  }
  return m;
}

export function matchesGlob(path: string, glob: string): boolean {
  return matcher(glob)(path);
}

export function matchesAny(path: string, globs: readonly string[]): boolean {
  return globs.some((g) => matcher(g)(path));
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

const YAML_EXT = /\.(ya?ml)$/i;
const JSON_EXT = /\.json$/i;
/** CloudFormation templates are often `.template`; read them by content. */
const TEMPLATE_EXT = /\.template$/i;

/**
 * The kind of a file: by path first, then, for YAML and JSON files no pattern
 * claims, by content. Undefined when the product has nothing to say about it.
 */
export function detectKind(path: string, text: string, userPatterns: KindPatterns = []): FileKind | undefined {
  const byPath = kindByPath(path, userPatterns);
  if (byPath) return byPath;
  if (YAML_EXT.test(path) || TEMPLATE_EXT.test(path)) {
    const byContent = yamlKindByContent(text);
    if (byContent) return byContent;
    return YAML_EXT.test(path) ? 'yaml' : undefined;
  }
  if (JSON_EXT.test(path)) return jsonKindByContent(text) ?? 'json';
  return undefined;
}

/**
 * Top-level keys start in column 0 of a block mapping, so a line scan finds
 * them without a parse. CloudFormation is tested first: a template never has
 * top-level `apiVersion` and `kind`, while a Kubernetes manifest may well
 * mention `AWS::` in an annotation.
 */
export function yamlKindByContent(text: string): FileKind | undefined {
  const head = text.length > 2_000_000 ? text.slice(0, 2_000_000) : text;
  if (/^AWSTemplateFormatVersion\s*:/m.test(head)) return 'cloudformation';
  if (/^Resources\s*:/m.test(head) && /^\s+Type\s*:\s*["']?AWS::[A-Za-z0-9]+::/m.test(head)) return 'cloudformation';
  if (/^apiVersion\s*:/m.test(head) && /^kind\s*:/m.test(head)) return 'kubernetes';
  return undefined;
}

export function jsonKindByContent(text: string): FileKind | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const obj = value as Record<string, unknown>;
  if (typeof obj.$schema === 'string' && /deploymentTemplate\.json/i.test(obj.$schema)) return 'arm';
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
