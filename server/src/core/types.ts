/**
 * Plain data shared by the engine, the language server and the CLI.
 * Nothing here knows about LSP or the file system: offsets are UTF-16 code-unit
 * indexes into the file's text, as JavaScript strings count them.
 */

export const FILE_KINDS = [
  'plan-doc',
  'github-actions',
  'gitlab-ci',
  'circleci',
  'azure-pipelines',
  'bitbucket-pipelines',
  'jenkins',
  'dockerfile',
  'compose',
  'kubernetes',
  /** A Helm chart's template: a Go template that renders Kubernetes YAML, not YAML itself. */
  'helm-template',
  'terraform',
  'cloudformation',
  'pulumi',
  'arm',
  'package-manifest',
  'makefile',
  /** Go and Rust sources: read only for where they sit (is there a go.mod / Cargo.toml above?). */
  'go-source',
  'rust-source',
  'roomodes',
  'roo-rules',
  /** This product's own `.roo-devops.yaml` / `.roo-devops.json`. */
  'roo-config',
  /** A YAML file that is none of the above. */
  'yaml',
  /** A JSON file that is none of the above. */
  'json',
] as const;

export type FileKind = (typeof FILE_KINDS)[number];

/** Kinds that are CI/CD pipeline definitions. */
export const PIPELINE_KINDS = ['github-actions', 'gitlab-ci', 'circleci', 'azure-pipelines', 'bitbucket-pipelines', 'jenkins'] as const satisfies readonly FileKind[];

export type PipelineKind = (typeof PIPELINE_KINDS)[number];

/** Kinds whose commands run in CI or in an image build, not on a developer's machine. */
export const BUILD_KINDS = [...PIPELINE_KINDS, 'dockerfile'] as const satisfies readonly FileKind[];

/** Every kind that carries shell commands. */
export const COMMAND_KINDS = [...BUILD_KINDS, 'compose', 'package-manifest', 'makefile', 'plan-doc', 'cloudformation', 'kubernetes', 'yaml', 'terraform'] as const satisfies readonly FileKind[];

export type Severity = 'error' | 'warning' | 'info';

export interface OffsetRange {
  start: number;
  end: number;
}

export interface TextEdit extends OffsetRange {
  newText: string;
}

export interface Fix {
  /** Imperative title shown in the editor, e.g. "Use `bun install`". */
  title: string;
  /** Safe fixes cannot change behaviour beyond the tool being swapped; only these run in "fix all". */
  safe: boolean;
  edits: TextEdit[];
}

export interface Finding {
  ruleId: string;
  /** Key of the rule's `messages` the finding was reported with. */
  messageId: string;
  severity: Severity;
  message: string;
  range: OffsetRange;
  fixes: Fix[];
}

/** Input of the engine: a workspace-relative POSIX path and the file's text. */
export interface SourceInput {
  path: string;
  text: string;
}

/** The package manager each ecosystem must use: the team policy. */
export interface PackageManagers {
  javascript: 'bun' | 'npm' | 'yarn' | 'pnpm';
  python: 'poetry' | 'pipenv' | 'uv' | 'pip';
  go: 'modules';
  rust: 'cargo';
}

export const DEFAULT_PACKAGE_MANAGERS: Readonly<PackageManagers> = Object.freeze({
  javascript: 'bun',
  python: 'poetry',
  go: 'modules',
  rust: 'cargo',
});
