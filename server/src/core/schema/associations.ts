/**
 * Which schema validates which kind of file: the one association table. Each
 * schema ships in `schemas/<schema>.schema.json` (its source and version in
 * `schemas/README.md`) and is compiled at build time.
 */
import type { FileKind } from '../types';
import type { YamlValueOptions } from './yaml-value';

export interface SchemaAssociation {
  kind: FileKind;
  /** Id of the schema: `schemas/<schema>.schema.json`. */
  schema: string;
  /** How the YAML is read before validation: tags and placeholders the CI system resolves itself. */
  yaml?: YamlValueOptions;
  /**
   * The schema of one document of a multi-document file, or undefined to leave it
   * unvalidated; without it every non-empty document is validated with `schema`.
   */
  documentSchema?: (value: unknown, index: number, count: number) => string | undefined;
  /** The script that generates the schema at build time, for one derived from a dev dependency instead of kept in `schemas/`. */
  generatedBy?: string;
}

export const SCHEMA_ASSOCIATIONS: readonly SchemaAssociation[] = [
  {
    kind: 'azure-pipelines',
    schema: 'azure-pipelines',
    yaml: {
      // Template expressions, runtime expressions and macros are resolved by Azure before (or while) it reads the value.
      opaqueScalar: /\$\{\{|\$\[|\$\(/,
      // `${{ if … }}:`, `${{ elseif … }}:`, `${{ else }}:`, `${{ each x in y }}:` and `${{ insert }}:` put their value in the enclosing mapping or list.
      templateKey: /^\$\{\{\s*(?:if|elseif|else|each|insert)\b[^]*\}\}$/,
      alternativeKey: /^\$\{\{\s*(?:elseif|else)\b/,
    },
  },
  // `<< pipeline.parameters.x >>`, `<< parameters.x >>` and `<< matrix.x >>` are replaced before CircleCI validates.
  { kind: 'circleci', schema: 'circleci', yaml: { opaqueScalar: /<<\s*(?:pipeline|parameters|matrix)\.[\w.-]+\s*>>/ } },
  { kind: 'bitbucket-pipelines', schema: 'bitbucket-pipelines' },
  // `!reference [job, key]` is resolved by GitLab from another job; `$[[ inputs.x ]]` when the file is included.
  // A `spec:` header document validates against the same schema: its one key is a root property.
  { kind: 'gitlab-ci', schema: 'gitlab-ci', yaml: { opaqueTags: ['!reference'], opaqueScalar: /\$\[\[/ } },
  // `${VAR}`, `${VAR:-default}` and `$VAR` are interpolated by Compose before it validates: a port or a boolean may be one.
  { kind: 'compose', schema: 'compose', yaml: { opaqueScalar: /\$(?:\{|[A-Za-z_])/ } },
  // Roo Code's custom modes, in YAML or JSON.
  { kind: 'roomodes', schema: 'roomodes' },
  // Stack files (`Pulumi.<stack>.yaml`) validate with `pulumi-stack`: the rule `pulumi/schema` picks the schema by the file's name.
  { kind: 'pulumi', schema: 'pulumi-project' },
  // `[expression]` strings are evaluated by Resource Manager at deployment (`[[` starts a literal `[`); parameter files have a schema of their own.
  {
    kind: 'arm',
    schema: 'arm-template',
    yaml: { opaqueScalar: /^\s*\[(?!\[)[^]*\]\s*$/ },
    documentSchema: (value) => (isArmParameterFile(value) ? 'arm-parameters' : 'arm-template'),
  },
  // One validator per core `apiVersion/kind` in the module `kubernetes`, sharing their definitions; any other kind has
  // none and passes. Read by `kubernetes/schema` for each document and each `List` item (parse/kubernetes-schema.ts).
  {
    kind: 'kubernetes',
    schema: 'kubernetes',
    generatedBy: 'scripts/kubernetes-schema.ts',
    documentSchema: (value) => {
      const v = value as { apiVersion?: unknown; kind?: unknown } | null;
      return typeof v?.apiVersion === 'string' && typeof v.kind === 'string' ? `kubernetes#${v.apiVersion}/${v.kind}` : undefined;
    },
  },
];

/** An ARM parameter file (`$schema` …deploymentParameters.json#) rather than a template. */
export function isArmParameterFile(value: unknown): boolean {
  const schema = value !== null && typeof value === 'object' ? (value as Record<string, unknown>).$schema : undefined;
  return typeof schema === 'string' && /deploymentParameters\.json/i.test(schema);
}

export function associationOf(kind: FileKind): SchemaAssociation | undefined {
  return SCHEMA_ASSOCIATIONS.find((a) => a.kind === kind);
}
