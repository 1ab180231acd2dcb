import { stripComments } from 'jsonc-parser/lib/esm/main.js';
import { isJsonWithComments } from './parse/json';
import { FILE_KINDS, type FileKind } from './types';

/**
 * The syntax a file is written in, separate from its kind: a kind (GitHub
 * Actions, Kubernetes, a package manifest…) is a view over one format, and each
 * format is parsed once and has its own `<format>/syntax` rule.
 */
export const FORMATS = ['yaml', 'json', 'jsonc', 'toml', 'dockerfile', 'markdown', 'makefile', 'groovy', 'hcl', 'text'] as const;

export type Format = (typeof FORMATS)[number];

/** A kind's format: fixed, or chosen by the file's name (and, for `.roomodes`, its first character). */
type FormatRule = Format | ((path: string, text: string | undefined) => Format);

const jsonOrYamlByPath = (path: string): Format => (/\.json$/i.test(path) ? jsonFlavour(path) : 'yaml');

/** Whether a JSON text has a line or block comment outside its strings. */
function hasJsonComment(text: string): boolean {
  return text.includes('/') && stripComments(text) !== text;
}

function jsonFlavour(path: string): 'json' | 'jsonc' {
  return isJsonWithComments(path) ? 'jsonc' : 'json';
}

/** Package manifests and lockfiles, by file name; `*` stands for any run of characters. */
const MANIFEST_FORMATS: readonly (readonly [RegExp, Format])[] = [
  [/^(package|package-lock|npm-shrinkwrap)\.json$/, 'json'],
  [/^Pipfile\.lock$/, 'json'],
  // Bun's text lockfile is JSON with trailing commas.
  [/^bun\.lock$/, 'jsonc'],
  [/^(pyproject\.toml|rust-toolchain\.toml|Pipfile|Cargo\.toml|Cargo\.lock|poetry\.lock|uv\.lock|pdm\.lock|Gopkg\.toml|Gopkg\.lock)$/, 'toml'],
  [/\.ya?ml$/, 'yaml'],
  [/^glide\.lock$/, 'yaml'],
];

/** Every kind declares its format here, and nowhere else. */
const KIND_FORMATS: Readonly<Record<FileKind, FormatRule>> = {
  'plan-doc': 'markdown',
  'github-actions': 'yaml',
  'gitlab-ci': 'yaml',
  circleci: 'yaml',
  'azure-pipelines': 'yaml',
  'bitbucket-pipelines': 'yaml',
  jenkins: 'groovy',
  dockerfile: 'dockerfile',
  compose: 'yaml',
  kubernetes: jsonOrYamlByPath,
  // A Helm template is a Go template that renders YAML: not YAML until rendered.
  'helm-template': 'text',
  terraform: (path) => (/\.json$/i.test(path) ? 'json' : 'hcl'),
  cloudformation: jsonOrYamlByPath,
  pulumi: 'yaml',
  // Resource Manager reads templates with `//` and `/* */` comments; a template without any is held to strict JSON.
  arm: (path, text) => (text !== undefined && hasJsonComment(text) ? 'jsonc' : jsonFlavour(path)),
  'package-manifest': (path) => {
    const name = path.slice(path.lastIndexOf('/') + 1);
    for (const [re, format] of MANIFEST_FORMATS) if (re.test(name)) return format;
    // requirements*.txt, requirements*.in, go.mod, setup.py, setup.cfg, yarn.lock: formats of their own, read as text.
    return 'text';
  },
  makefile: 'makefile',
  // Read only for where they sit; never parsed.
  'go-source': 'text',
  'rust-source': 'text',
  // `.roomodes` is YAML or JSON by its content; the global `custom_modes.yaml` / `custom_modes.json` by its name.
  roomodes: (path, text) => (/\.json$/i.test(path) ? 'json' : /\.ya?ml$/i.test(path) ? 'yaml' : text !== undefined && text.trimStart().startsWith('{') ? 'json' : 'yaml'),
  'roo-rules': (path) => (/\.md$/i.test(path) ? 'markdown' : 'text'),
  'roo-config': jsonOrYamlByPath,
  yaml: 'yaml',
  json: (path) => jsonFlavour(path),
};

/**
 * The format of a file of `kind` at `path`. `text` matters only where the kind
 * allows two formats under one name (`.roomodes` is YAML or JSON).
 */
export function formatOf(kind: FileKind, path: string, text?: string): Format {
  const rule = KIND_FORMATS[kind];
  return typeof rule === 'string' ? rule : rule(path, text);
}

/** Whether the format is JSON, strict or with comments. */
export function isJsonFormat(format: Format): boolean {
  return format === 'json' || format === 'jsonc';
}

/** Formats a kind can be written in, whatever the file's name. */
const POSSIBLE_FORMATS: Readonly<Record<FileKind, readonly Format[]>> = {
  ...(Object.fromEntries(FILE_KINDS.map((k) => [k, typeof KIND_FORMATS[k] === 'string' ? [KIND_FORMATS[k]] : []])) as Record<FileKind, Format[]>),
  kubernetes: ['yaml', 'json'],
  terraform: ['hcl', 'json'],
  cloudformation: ['yaml', 'json'],
  arm: ['json', 'jsonc'],
  'package-manifest': ['json', 'jsonc', 'toml', 'yaml', 'text'],
  roomodes: ['yaml', 'json'],
  'roo-rules': ['markdown', 'text'],
  'roo-config': ['yaml', 'json', 'jsonc'],
  json: ['json', 'jsonc'],
};

/** The formats a file of `kind` may be written in. */
export function formatsOfKind(kind: FileKind): readonly Format[] {
  return POSSIBLE_FORMATS[kind];
}

/**
 * The kinds whose files may be written in one of `formats`: what a
 * `<format>/syntax` rule declares as its `kinds`, so that no rule keeps its own
 * list of YAML (or JSON, or TOML) kinds.
 */
export function kindsWithFormat(...formats: Format[]): FileKind[] {
  return FILE_KINDS.filter((k) => POSSIBLE_FORMATS[k].some((f) => formats.includes(f)));
}
