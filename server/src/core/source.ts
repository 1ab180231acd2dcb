import { type Node as JsonNode, parseTree } from 'jsonc-parser/lib/esm/main.js';
import { type Format, formatOf, isJsonFormat } from './formats';
import { LineIndex } from './lines';
import { type HclDocument, hclGrammarOf, parseHcl } from './parse/hcl';
import { jsonTooDeepAt } from './parse/json';
import { parseToml, type TomlDocument } from './parse/toml';
import { type MarkdownDocument, parseMarkdown } from './parse/markdown-doc';
import { parseYaml, type YamlFile } from './parse/yaml';
import type { FileKind } from './types';

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
    /**
     * For a code block of a document read as a file of its own: the document's
     * path, and the document line (0-based) of the block's first line. Such a
     * file is a fragment with no place in the repository; only rules of scope
     * `fragment` judge it (`Rule.scope`).
     */
    readonly embeddedIn?: { path: string; firstLine: number },
  ) {}

  /**
   * The 1-based line number of an offset as the user sees it, for messages that
   * name another line ("replaces the one on line 4"): in a code block, the line
   * of the document.
   */
  lineNumber(offset: number): number {
    return this.lines.positionAt(offset).line + 1 + (this.embeddedIn?.firstLine ?? 0);
  }

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

  /** The syntax the file is written in, declared by its kind (see `formats.ts`). */
  get format(): Format {
    return this.memo('format', () => formatOf(this.kind, this.path, this.text));
  }

  /** True for files whose text is YAML or JSON (JSON is YAML, so both have `yaml`). */
  get isYamlLike(): boolean {
    return this.format === 'yaml' || isJsonFormat(this.format);
  }

  get isJson(): boolean {
    return isJsonFormat(this.format);
  }

  /** The YAML documents of the file; JSON files parse too, as JSON is YAML. */
  get yaml(): YamlFile {
    // JSON is never folded, so its long lines (a minified file) are safe to hand to the library.
    return this.memo('yaml', () => parseYaml(this.text, this.isJson ? { maxLineLength: Number.POSITIVE_INFINITY } : {}));
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

  /** The TOML document of a TOML file, or its first syntax error. */
  get toml(): TomlDocument {
    return this.memo('toml', () => parseToml(this.text));
  }

  /**
   * The HCL model of a Terraform `.tf` / `.tfvars` file: blocks, attributes, the
   * syntax tree and its errors, with UTF-16 offsets. Its `status` is `unavailable`
   * when the shell did not load the parser first (`loadHclParser`).
   */
  get hcl(): HclDocument {
    return this.memo('hcl', () => parseHcl(this.text, hclGrammarOf(this.path)));
  }

  /** The Markdown model of the file: headings, sections, fences, links, tables, with ranges. */
  get markdown(): MarkdownDocument {
    return this.memo('markdown', () => parseMarkdown(this.text));
  }

  /**
   * The value of `compute`, computed once. A computation that throws is cached
   * too and throws the same error again, so a parser that fails on a file fails
   * once, not once per rule that asks.
   */
  memo<T>(key: string, compute: () => T): T {
    const cached = this.cache.get(key);
    if (cached instanceof MemoFailure) throw cached.error;
    if (cached !== undefined || this.cache.has(key)) return cached as T;
    let value: T;
    try {
      value = compute();
    } catch (error) {
      this.cache.set(key, new MemoFailure(error));
      throw error;
    }
    this.cache.set(key, value);
    return value;
  }
}

class MemoFailure {
  constructor(readonly error: unknown) {}
}
