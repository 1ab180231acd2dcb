import { type Node as JsonNode, parseTree } from 'jsonc-parser/lib/esm/main.js';
import { LineIndex } from './lines';
import { jsonTooDeepAt } from './parse/json';
import { type MarkdownDocument, parseMarkdown } from './parse/markdown-doc';
import { parseYaml, type YamlFile } from './parse/yaml';
import type { FileKind } from './types';

/** Kinds whose text is YAML (or JSON read as YAML, for ranges). */
const YAML_KINDS = new Set<FileKind>([
  'github-actions',
  'gitlab-ci',
  'circleci',
  'azure-pipelines',
  'bitbucket-pipelines',
  'compose',
  'kubernetes',
  'cloudformation',
  'pulumi',
  'arm',
  'roo-modes',
  'roo-config',
  'yaml',
  'json',
]);

/**
 * One file version, parsed at most once per parser and shared by every rule.
 * Parsers run lazily, so a file whose enabled rules need no AST costs no parse;
 * shared queries over the AST are memoised with `memo`.
 */
export class SourceFile {
  private cache = new Map<string, unknown>();

  constructor(
    readonly path: string,
    readonly kind: FileKind,
    readonly text: string,
  ) {}

  get basename(): string {
    return this.path.slice(this.path.lastIndexOf('/') + 1);
  }

  get dirname(): string {
    const i = this.path.lastIndexOf('/');
    return i < 0 ? '' : this.path.slice(0, i);
  }

  get lines(): LineIndex {
    return this.memo('lines', () => new LineIndex(this.text));
  }

  /** True for kinds whose text is YAML or JSON. */
  get isYamlLike(): boolean {
    return YAML_KINDS.has(this.kind) || (this.kind === 'package-manifest' && /\.(ya?ml|json)$/.test(this.path));
  }

  get isJson(): boolean {
    return this.path.endsWith('.json') || (this.kind === 'roo-modes' && this.text.trimStart().startsWith('{'));
  }

  /** The YAML documents of the file; JSON files parse too, as JSON is YAML. */
  get yaml(): YamlFile {
    return this.memo('yaml', () => parseYaml(this.text));
  }

  /**
   * The JSON tree of a JSON file (comments and trailing commas tolerated; the
   * syntax rule reports them), or undefined when it nests too deep to parse safely.
   */
  get json(): JsonNode | undefined {
    return this.memo('json', () =>
      jsonTooDeepAt(this.text) === undefined ? parseTree(this.text, [], { allowTrailingComma: true, disallowComments: false }) : undefined,
    );
  }

  /** The Markdown model of the file: headings, sections, fences, links, tables, with ranges. */
  get markdown(): MarkdownDocument {
    return this.memo('markdown', () => parseMarkdown(this.text));
  }

  memo<T>(key: string, compute: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const value = compute();
    this.cache.set(key, value);
    return value;
  }
}
