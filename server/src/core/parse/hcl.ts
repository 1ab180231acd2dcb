/**
 * HCL (Terraform `.tf`, `.tfvars`) through tree-sitter: `web-tree-sitter` with
 * the `tree-sitter-terraform.wasm` and `tree-sitter-hcl.wasm` grammars of
 * `@tree-sitter-grammars/tree-sitter-hcl`. A real grammar that recovers from
 * errors, so a file half typed still has its blocks, and every node has its
 * range.
 *
 * Loading WebAssembly is asynchronous and the engine is synchronous, so the
 * shells await `loadHclParser()` once per process (thread) before they lint;
 * after that `parseHcl` is a plain function. A file parsed before that gets a
 * document whose `status` says so, which `terraform/syntax` reports: never a
 * crash, never a silent pass.
 *
 * The tree-sitter tree lives in WebAssembly memory, which JavaScript's garbage
 * collector neither frees nor feels. The tree is therefore copied into plain
 * objects (`HclNode`, same node types and field names as the grammar) and
 * deleted at once: a language server that parses every keystroke's version
 * keeps nothing in the WebAssembly heap.
 */
import type { Language, Parser } from 'web-tree-sitter';
import type { OffsetRange } from '../types';

export type HclGrammar = 'terraform' | 'hcl';

/** The three WebAssembly files: the runtime and the two grammars. */
export const HCL_WASM_FILES = ['web-tree-sitter.wasm', 'tree-sitter-terraform.wasm', 'tree-sitter-hcl.wasm'] as const;
export type HclWasmFile = (typeof HCL_WASM_FILES)[number];

/** Where a WebAssembly file is: a path (read by the runtime) or its bytes. */
export type HclWasmLocator = (name: HclWasmFile) => string | Uint8Array;

/** From the sources (tests, scripts), the files are in the installed packages. */
const fromPackages: HclWasmLocator = (name) =>
  name === 'web-tree-sitter.wasm' ? require.resolve('web-tree-sitter/web-tree-sitter.wasm') : require.resolve(`@tree-sitter-grammars/tree-sitter-hcl/${name}`);

/** The tree-sitter runtime's two classes (`hcl-runtime-entry.ts`). */
export interface HclRuntime {
  Parser: typeof Parser;
  Language: typeof Language;
}

// A name the minifier cannot fold into a constant, so the bundler leaves the runtime out of the bundles that hold the engine.
const RUNTIME_ENTRY = ['.', 'hcl-runtime-entry'].join('/');
let loadRuntime: () => HclRuntime = () => require(RUNTIME_ENTRY) as HclRuntime;

/** Where the tree-sitter runtime is required from (a bundle's own copy, `dist/hcl-runtime.js`). Call before `loadHclParser`. */
export function loadHclRuntimeWith(loader: () => HclRuntime): void {
  loadRuntime = loader;
}

let locate: HclWasmLocator = fromPackages;
let loading: Promise<void> | undefined;
let parsers: Record<HclGrammar, Parser> | undefined;
let failure: string | undefined;

/** Where the WebAssembly files are read from (a bundle keeps them beside itself). Call before `loadHclParser`. */
export function locateHclWasmWith(locator: HclWasmLocator): void {
  locate = locator;
}

/**
 * Loads the tree-sitter runtime and both grammars, once per process: every call
 * returns the same promise. A failure is kept (files then say why they were not
 * parsed) and the promise rejects with it, so the shell can log it.
 */
export function loadHclParser(): Promise<void> {
  loading ??= (async () => {
    try {
      const { Parser, Language } = loadRuntime();
      const runtime = locate('web-tree-sitter.wasm');
      await Parser.init(
        typeof runtime === 'string'
          ? { locateFile: () => runtime }
          : // The runtime's bytes, handed over as the module's binary (no file to locate).
            { wasmBinary: runtime.buffer.slice(runtime.byteOffset, runtime.byteOffset + runtime.byteLength) as ArrayBuffer },
      );
      const [terraform, hcl] = await Promise.all([Language.load(locate('tree-sitter-terraform.wasm')), Language.load(locate('tree-sitter-hcl.wasm'))]);
      const make = (language: Language) => {
        const p = new Parser();
        p.setLanguage(language);
        return p;
      };
      parsers = { terraform: make(terraform), hcl: make(hcl) };
      failure = undefined;
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
      throw error;
    }
  })();
  return loading;
}

export function isHclParserLoaded(): boolean {
  return parsers !== undefined;
}

/** A syntax node: a copy of tree-sitter's, with UTF-16 offsets into the file's text. */
export interface HclNode {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  /** Named nodes are the grammar's rules; the others are punctuation and keywords (`{`, `=`, `for`). */
  readonly named: boolean;
  /** The grammar's field name of this node in its parent (`key`, `val`, `condition`), if any. */
  readonly field: string | undefined;
  /** A node the parser inserted to recover (a `}` that is not there); zero width. */
  readonly missing: boolean;
  readonly children: readonly HclNode[];
  readonly parent: HclNode | undefined;
}

export interface HclLabel {
  value: string;
  range: OffsetRange;
}

export interface HclAttribute {
  name: string;
  nameRange: OffsetRange;
  /** The `expression` node of the value. */
  expression: HclNode;
  range: OffsetRange;
  node: HclNode;
}

export interface HclBlock {
  type: string;
  typeRange: OffsetRange;
  labels: HclLabel[];
  body: HclBody;
  range: OffsetRange;
  node: HclNode;
}

export class HclBody {
  constructor(
    readonly attributes: readonly HclAttribute[],
    readonly blocks: readonly HclBlock[],
    /** The `body` node, or undefined for an empty block (`{}`). */
    readonly node: HclNode | undefined,
  ) {}

  /** The last attribute of that name (Terraform rejects duplicates; the last one is what a reader sees last). */
  attribute(name: string): HclAttribute | undefined {
    for (let i = this.attributes.length - 1; i >= 0; i--) if (this.attributes[i]?.name === name) return this.attributes[i];
    return undefined;
  }

  blocksOf(type: string): HclBlock[] {
    return this.blocks.filter((b) => b.type === type);
  }

  block(type: string): HclBlock | undefined {
    return this.blocks.find((b) => b.type === type);
  }
}

export const EMPTY_BODY = new HclBody([], [], undefined);

export interface HclSyntaxError {
  kind: 'unexpected' | 'missing';
  /** The unexpected text (its first line, shortened) or the token the parser expected. */
  text: string;
  range: OffsetRange;
}

export interface HclDocument {
  /** `parsed`, or `unavailable` when the parser was not loaded (see `reason`). */
  status: 'parsed' | 'unavailable';
  reason?: string;
  grammar: HclGrammar;
  text: string;
  root: HclNode | undefined;
  body: HclBody;
  errors: HclSyntaxError[];
}

/** The grammar a path is read with: `.tfvars` is plain HCL, everything else Terraform's. */
export function hclGrammarOf(path: string): HclGrammar {
  return /\.tfvars$/i.test(path) ? 'hcl' : 'terraform';
}

export function parseHcl(text: string, grammar: HclGrammar): HclDocument {
  const parser = parsers?.[grammar];
  if (!parser) {
    const reason = failure ?? 'it was not loaded before the file was checked';
    return { status: 'unavailable', reason, grammar, text, root: undefined, body: EMPTY_BODY, errors: [] };
  }
  const tree = parser.parse(text);
  if (!tree) return { status: 'unavailable', reason: 'the parser gave no tree', grammar, text, root: undefined, body: EMPTY_BODY, errors: [] };
  let root: HclNode;
  try {
    root = copyTree(tree.walk(), tree.language);
  } finally {
    tree.delete();
  }
  const bodyNode = root.children.find((c) => c.type === 'body');
  return { status: 'parsed', grammar, text, root, body: bodyNode ? readBody(bodyNode, text) : EMPTY_BODY, errors: syntaxErrors(root, text) };
}

interface MutableNode {
  type: string;
  start: number;
  end: number;
  named: boolean;
  field: string | undefined;
  missing: boolean;
  children: MutableNode[];
  parent: MutableNode | undefined;
}

type Cursor = ReturnType<NonNullable<ReturnType<Parser['parse']>>['walk']>;

/** Per grammar, whether nodes of a type id are named: a property of the symbol, the same for every node of it. */
const namedByLanguage = new WeakMap<Language, Map<number, boolean>>();

/**
 * The tree as plain objects, walked with a cursor without recursion (a deeply
 * nested file must not overflow the stack). web-tree-sitter parses JavaScript
 * strings as UTF-16 and reports indexes in UTF-16 code units, the engine's offsets.
 */
function copyTree(cursor: Cursor, language: Language): HclNode {
  // Each cursor property is a call into WebAssembly (the cursor copied in, then the query): the
  // copy asks four per node. Whether a node is named follows from its type (tree-sitter reads it
  // from the symbol's metadata), so it is asked once per type; only a zero-width node can be one
  // the parser inserted to recover (missing), so only those are asked. Half the parse's time was this copy.
  const { types, fields } = language;
  let namedByType = namedByLanguage.get(language);
  if (!namedByType) {
    namedByType = new Map();
    namedByLanguage.set(language, namedByType);
  }
  const known = namedByType;
  const make = (parent: MutableNode | undefined): MutableNode => {
    const typeId = cursor.nodeTypeId;
    let named = known.get(typeId);
    if (named === undefined) {
      named = cursor.nodeIsNamed;
      known.set(typeId, named);
    }
    const from = cursor.startIndex;
    const end = cursor.endIndex;
    return {
      type: types[typeId] || 'ERROR',
      start: from,
      end,
      named,
      field: fields[cursor.currentFieldId] ?? undefined,
      missing: from === end ? cursor.nodeIsMissing : false,
      children: [],
      parent,
    };
  };
  const root = make(undefined);
  let current = root;
  try {
    for (;;) {
      if (cursor.gotoFirstChild()) {
        const child = make(current);
        current.children.push(child);
        current = child;
        continue;
      }
      for (;;) {
        if (cursor.gotoNextSibling()) {
          const parent = current.parent as MutableNode;
          const sibling = make(parent);
          parent.children.push(sibling);
          current = sibling;
          break;
        }
        if (!cursor.gotoParent()) return root;
        current = current.parent as MutableNode;
      }
    }
  } finally {
    cursor.delete();
  }
}

/** The body's attributes and blocks; anything else in it (an ERROR) is left to `syntaxErrors`. */
function readBody(node: HclNode, text: string): HclBody {
  const attributes: HclAttribute[] = [];
  const blocks: HclBlock[] = [];
  for (const child of node.children) {
    if (child.type === 'attribute') {
      const name = child.children.find((c) => c.type === 'identifier');
      const expression = child.children.find((c) => c.type === 'expression');
      if (!name || !expression) continue;
      attributes.push({ name: text.slice(name.start, name.end), nameRange: rangeOf(name), expression, range: rangeOf(child), node: child });
    } else if (child.type === 'block') {
      const block = readBlock(child, text);
      if (block) blocks.push(block);
    }
  }
  return new HclBody(attributes, blocks, node);
}

function readBlock(node: HclNode, text: string): HclBlock | undefined {
  const [head, ...rest] = node.children;
  if (head?.type !== 'identifier') return undefined;
  const labels: HclLabel[] = [];
  let body: HclBody = EMPTY_BODY;
  for (const c of rest) {
    if (c.type === 'string_lit') labels.push({ value: stringLiteralValue(c, text), range: rangeOf(c) });
    else if (c.type === 'identifier') labels.push({ value: text.slice(c.start, c.end), range: rangeOf(c) });
    else if (c.type === 'body') body = readBody(c, text);
  }
  return { type: text.slice(head.start, head.end), typeRange: rangeOf(head), labels, body, range: rangeOf(node), node };
}

export function rangeOf(node: HclNode): OffsetRange {
  return { start: node.start, end: node.end };
}

/**
 * ERROR nodes (the outermost of nested ones) and MISSING tokens. An ERROR may
 * swallow the rest of the file; it is reported on its first line only, where
 * the reader has to look.
 */
function syntaxErrors(root: HclNode, text: string): HclSyntaxError[] {
  const out: HclSyntaxError[] = [];
  const stack: HclNode[] = [root];
  while (stack.length) {
    const node = stack.pop() as HclNode;
    if (node.type === 'ERROR') {
      const lineEnd = firstLineEnd(text, node.start, node.end);
      const first = text.slice(node.start, lineEnd).trim();
      out.push({ kind: 'unexpected', text: first.length > 40 ? `${first.slice(0, 40)}…` : first, range: { start: node.start, end: Math.max(node.start, lineEnd) } });
      continue;
    }
    if (node.missing) {
      out.push({ kind: 'missing', text: node.type, range: { start: node.start, end: node.end } });
      continue;
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as HclNode);
  }
  return out.sort((a, b) => a.range.start - b.range.start);
}

function firstLineEnd(text: string, start: number, end: number): number {
  // Leading blank lines of the error are not its first line.
  let i = start;
  while (i < end && /\s/.test(text[i] as string)) i++;
  const nl = text.indexOf('\n', i);
  const lineEnd = nl < 0 || nl > end ? end : nl;
  return text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
}

// ---- Reading expressions --------------------------------------------------

/** The node under `expression` wrappers (and parentheses): `literal_value`, `template_expr`, `collection_value`, `variable_expr`… */
export function unwrap(node: HclNode | undefined): HclNode | undefined {
  let n = node;
  while (n && (n.type === 'expression' || n.type === 'literal_value' || n.type === 'collection_value' || n.type === 'template_expr') && n.children.length) {
    const named = n.children.filter((c) => c.named);
    // An expression followed by an index, attribute access or splat is an expression of its own kind, not its head.
    if (named.length !== 1) return n;
    n = named[0];
  }
  return n;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** A quoted template's literal text with HCL's escapes applied (`\n`, `\"`, `\uNNNN`, `$${`, `%%{`). */
function unescapeQuoted(raw: string): string {
  return raw.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)|\$\$\{|%%\{/g, (m, e: string | undefined) => {
    if (m === '$${') return '${';
    if (m === '%%{') return '%{';
    if (e && (e[0] === 'u' || e[0] === 'U')) {
      const code = Number.parseInt(e.slice(1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return e !== undefined ? (ESCAPES[e] ?? m) : m;
  });
}

/** The text of a `string_lit` (quotes removed, escapes applied). */
function stringLiteralValue(node: HclNode, text: string): string {
  return node.children
    .filter((c) => c.type === 'template_literal')
    .map((c) => unescapeQuoted(text.slice(c.start, c.end)))
    .join('');
}

/**
 * The value of an expression that is one quoted string with no interpolation
 * or directive (`"v1.2.0"`), else undefined. Heredocs count when they are plain too.
 */
export function literalString(expression: HclNode | undefined, text: string): string | undefined {
  const n = unwrap(expression);
  if (!n) return undefined;
  if (n.type === 'string_lit') return stringLiteralValue(n, text);
  if (n.type === 'quoted_template' || n.type === 'heredoc_template') {
    if (n.children.some((c) => c.type === 'template_interpolation' || c.type === 'template_directive')) return undefined;
    const parts = n.children.filter((c) => c.type === 'template_literal').map((c) => text.slice(c.start, c.end));
    return n.type === 'quoted_template' ? unescapeQuoted(parts.join('')) : parts.join('');
  }
  return undefined;
}

/** Whether the expression is a literal string (quoted or heredoc), with interpolations or not. */
export function isStringExpression(expression: HclNode | undefined): boolean {
  const n = unwrap(expression);
  return n !== undefined && (n.type === 'string_lit' || n.type === 'quoted_template' || n.type === 'heredoc_template');
}

export interface HclObjectEntry {
  /** The key as written: an identifier or a plain string; undefined for a computed key (`(var.k) = …`). */
  key: string | undefined;
  keyNode: HclNode;
  value: HclNode;
  node: HclNode;
}

/** The entries of an object constructor `{ a = 1, "b" = 2 }`, or undefined when the expression is not one. */
export function objectEntries(expression: HclNode | undefined, text: string): HclObjectEntry[] | undefined {
  const n = unwrap(expression);
  if (n?.type !== 'object') return undefined;
  const out: HclObjectEntry[] = [];
  for (const elem of n.children) {
    if (elem.type !== 'object_elem') continue;
    const keyNode = elem.children.find((c) => c.field === 'key');
    const value = elem.children.find((c) => c.field === 'val');
    if (!keyNode || !value) continue;
    const k = unwrap(keyNode);
    let key: string | undefined;
    if (k?.type === 'variable_expr' && k.children.length === 1) key = text.slice(k.start, k.end);
    else key = literalString(keyNode, text);
    out.push({ key, keyNode, value, node: elem });
  }
  return out;
}

/** The elements of a tuple constructor `[a, b]`, or undefined when the expression is not one. */
export function tupleItems(expression: HclNode | undefined): HclNode[] | undefined {
  const n = unwrap(expression);
  if (n?.type !== 'tuple') return undefined;
  return n.children.filter((c) => c.type === 'expression');
}

/** Every node under `node` (itself included), depth first, without recursion. */
export function* descendants(node: HclNode): Generator<HclNode> {
  const stack: HclNode[] = [node];
  while (stack.length) {
    const n = stack.pop() as HclNode;
    yield n;
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as HclNode);
  }
}

/** Every block of the body and of the blocks within it, depth first, with the path of enclosing blocks. */
export function* allBlocks(body: HclBody, parents: readonly HclBlock[] = []): Generator<{ block: HclBlock; parents: readonly HclBlock[] }> {
  for (const block of body.blocks) {
    yield { block, parents };
    yield* allBlocks(block.body, [...parents, block]);
  }
}
