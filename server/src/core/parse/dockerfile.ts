/**
 * The Dockerfile AST: parser directives, comments, every instruction with its
 * keyword, flags (`--mount=…`, `--from=…`), arguments, JSON (exec) form and
 * here-documents, and the stages (`FROM image AS name` with their
 * instructions). Every range is a pair of UTF-16 offsets into the text given,
 * so a Dockerfile embedded in another file (a `dockerfile` block of a plan
 * document) is parsed from that file's own lines and its ranges need no mapping.
 *
 * Docker reads a logical line: physical lines joined where one ends with the
 * escape character (`\`, or `` ` `` after `# escape=\``), with comment and
 * blank lines inside the continuation dropped. Arguments are split from that
 * logical line; each keeps the file range it was read from.
 *
 * The scripts a Dockerfile runs (`RUN`, `CMD`, `ENTRYPOINT`, in shell and exec
 * forms and in here-documents) are read from the AST here too, so every rule
 * and query reads one parse per file version.
 *
 * Why our own parser and not `dockerfile-ast`: `test/dockerfile/differential.test.ts`
 * holds the two side by side on the hard cases (escape directive, `<<-` and
 * several here-documents, JSON forms with escapes, comments inside
 * continuations, flags, `ONBUILD`, CRLF), and they agree on every instruction,
 * flag, argument and here-document range. Ours is kept because it adds no
 * runtime dependency (dockerfile-ast would bring `vscode-languageserver-types`
 * and its line/character ranges into the pure core, to be mapped back to the
 * offsets every rule uses), because it works on a slice of lines (a `dockerfile`
 * block of a plan document is parsed in place), because here-document bodies
 * stay apart from the arguments and are read as scripts with a map back to the
 * file, and because it decodes JSON strings as Docker does (dockerfile-ast
 * leaves `\u0041` undecoded and drops blanks inside a string).
 */
import type { SourceFile } from '../source';
import type { OffsetRange } from '../types';
import { appendJsonString, isPosixLikeShell, jsonStringScript, type Script, ScriptBuilder, type SourceLine, sourceLines, sliceScript } from './script';

export interface DockerDirective {
  /** Lower-cased directive name: `syntax`, `escape`, `check`. */
  name: string;
  value: string;
  range: OffsetRange;
}

export interface DockerFlag {
  /** The name without its dashes: `mount`, `from`, `chown`. */
  name: string;
  value: string | undefined;
  range: OffsetRange;
  valueRange: OffsetRange | undefined;
}

/** An argument as Docker reads it from the logical line (quotes kept), with the file range it spans. */
export interface DockerWord {
  value: string;
  range: OffsetRange;
}

/** One string of a JSON (exec) form: its value, and the range of its literal, quotes included. */
export interface ExecElement {
  value: string;
  start: number;
  end: number;
}

export interface DockerHeredoc {
  delimiter: string;
  /** `<<-EOF`: leading tabs of the body and of the closing line are stripped. */
  stripTabs: boolean;
  /** The `<<EOF` marker in the instruction line. */
  marker: OffsetRange;
  /** The body: from the line after the instruction to the start of the delimiter line. */
  bodyStart: number;
  bodyEnd: number;
  /** End of the delimiter line, terminator included. */
  end: number;
  /** False when no delimiter line closes the body (it then runs to the end of the text). */
  terminated: boolean;
}

export interface DockerInstruction {
  /** Upper-cased keyword: `RUN`, `FROM`, `ONBUILD`… */
  keyword: string;
  keywordRange: OffsetRange;
  /** From the keyword to the end of its last line, here-document bodies included (line terminator excluded). */
  range: OffsetRange;
  flags: DockerFlag[];
  /** The arguments after the flags. */
  args: DockerWord[];
  /** Where the arguments begin (past keyword and flags), or undefined when nothing follows them. */
  argsStart: number | undefined;
  /** The JSON form `["npm", "ci"]` when the arguments are one, with the range from `[` to `]`. */
  exec: { elements: ExecElement[]; range: OffsetRange } | undefined;
  heredocs: DockerHeredoc[];
  /** The instruction an `ONBUILD` registers. */
  trigger: DockerInstruction | undefined;
  /** The physical lines of the instruction, comment and blank lines of its continuation left out. */
  lines: readonly SourceLine[];
  /** `dropped[k]`: comment or blank lines were dropped just before `lines[k]`. */
  dropped: readonly boolean[];
}

export interface DockerImage {
  /** The reference as written: `node:20-alpine`, `oven/bun:1@sha256:…`, `$BASE`. */
  text: string;
  range: OffsetRange;
  /** Repository: `node`, `oven/bun`, `docker.io/library/node`. */
  name: string;
  tag: string | undefined;
  digest: string | undefined;
}

export interface DockerStage {
  index: number;
  /** The `AS` name, as written. */
  name: string | undefined;
  from: DockerInstruction;
  /** The base image or stage named by `FROM`, undefined when `FROM` names none. */
  image: DockerImage | undefined;
  /** Instructions after `FROM` up to the next `FROM`. */
  instructions: DockerInstruction[];
  /** From the `FROM` keyword to the start of the next stage's (or the end of the text). */
  range: OffsetRange;
}

export interface DockerfileAst {
  escape: '\\' | '`';
  directives: DockerDirective[];
  /** Comment lines, including those inside a continuation. */
  comments: OffsetRange[];
  instructions: DockerInstruction[];
  stages: DockerStage[];
}

/** The file's AST, parsed once per file version. */
export function dockerfileAst(file: SourceFile): DockerfileAst {
  return file.memo('dockerfile.ast', () => parseDockerfile(file.text));
}

/** The file's scripts (`RUN`, `CMD`, `ENTRYPOINT`), read from its AST. */
export function dockerfileScripts(file: SourceFile): Script[] {
  return file.memo('dockerfile.scripts', () => dockerfileAstScripts(file.text, dockerfileAst(file)));
}

/**
 * Blanks at the end of a line. The lookbehind lets a match start only where a run
 * of blanks starts: a plain `[ \t]+$` retries from every blank of a long run
 * that is followed by text, quadratic in the run's length.
 */
const TRAILING_BLANKS = /(?<![ \t])[ \t]+$/;

const DIRECTIVE = /^[ \t]*#[ \t]*([A-Za-z]+)[ \t]*=[ \t]*(\S+)[ \t]*$/;
const COMMENT = /^[ \t]*#/;
const HEREDOC = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;
/** Instructions that BuildKit lets read here-documents. */
const HEREDOC_INSTRUCTIONS = new Set(['RUN', 'COPY', 'ADD']);
const FLAG = /^--([A-Za-z][A-Za-z0-9-]*)(?:=([^]*))?$/;

/**
 * Parses a Dockerfile. `lines` are the lines to read, as offsets into `text`:
 * by default every line of it; a code block passes its own lines (fence
 * indentation removed), so ranges point into the enclosing file.
 */
export function parseDockerfile(text: string, lines: readonly SourceLine[] = sourceLines(text)): DockerfileAst {
  const ast: DockerfileAst = { escape: '\\', directives: [], comments: [], instructions: [], stages: [] };
  let i = 0;
  // Parser directives: `# name=value` lines before anything else.
  for (; i < lines.length; i++) {
    const m = DIRECTIVE.exec(lines[i].text);
    if (!m) break;
    const name = m[1].toLowerCase();
    if (name === 'escape' && (m[2] === '`' || m[2] === '\\')) ast.escape = m[2];
    ast.directives.push({ name, value: m[2], range: { start: lines[i].start, end: lines[i].start + lines[i].text.length } });
  }
  while (i < lines.length) {
    const first = lines[i];
    if (COMMENT.test(first.text)) ast.comments.push(lineRange(first));
    if (first.text.trim() === '' || COMMENT.test(first.text)) {
      i++;
      continue;
    }
    // The instruction's physical lines: continuations, minus the comment and blank lines Docker drops.
    const parts: SourceLine[] = [first];
    const dropped: boolean[] = [false];
    let j = i;
    while (continues(parts[parts.length - 1].text, ast.escape) && j + 1 < lines.length) {
      j++;
      if (lines[j].text.trim() === '' || COMMENT.test(lines[j].text)) {
        if (COMMENT.test(lines[j].text)) ast.comments.push(lineRange(lines[j]));
        dropped[parts.length] = true;
        continue;
      }
      dropped[parts.length] ??= false;
      parts.push(lines[j]);
    }
    i = j + 1;
    const head = /^\s*/.exec(first.text)?.[0].length ?? 0;
    const instruction = readInstruction(text, parts, dropped, first.start + head, ast.escape);
    if (!instruction) continue;
    const heredocOwner = instruction.trigger ?? instruction;
    if (HEREDOC_INSTRUCTIONS.has(heredocOwner.keyword)) {
      i = readHeredocs(text, lines, parts, i, heredocOwner.heredocs);
      const last = heredocOwner.heredocs[heredocOwner.heredocs.length - 1];
      if (last) {
        const end = endOfLineBefore(text, last.end);
        instruction.range = { start: instruction.range.start, end };
        if (instruction.trigger) instruction.trigger.range = { start: instruction.trigger.range.start, end };
      }
    }
    ast.instructions.push(instruction);
  }
  ast.stages = readStages(ast.instructions, text, lines);
  return ast;
}

function lineRange(line: SourceLine): OffsetRange {
  return { start: line.start, end: line.start + line.text.length };
}

/** The offset before the line terminator that ends just before `next`. */
function endOfLineBefore(text: string, next: number): number {
  let end = next;
  if (end > 0 && text[end - 1] === '\n') end--;
  if (end > 0 && text[end - 1] === '\r') end--;
  return end;
}

/** True when a line ends with the escape character, optionally followed by blanks. */
function continues(line: string, escape: string): boolean {
  return line.replace(TRAILING_BLANKS, '').endsWith(escape);
}

/**
 * One instruction from its physical lines, its keyword at `start`: the first
 * word, whatever it is (`dockerfile/syntax` reports words that are no instruction).
 */
function readInstruction(text: string, parts: readonly SourceLine[], dropped: readonly boolean[], start: number, escape: string): DockerInstruction | undefined {
  const logical = logicalLine(text, parts, start, escape);
  const words = splitWords(logical);
  const keywordWord = words[0];
  if (!keywordWord) return undefined;
  const last = parts[parts.length - 1];
  const instruction = shape(keywordWord, words.slice(1), logical, text, parts, dropped, { start: keywordWord.range.start, end: last.start + last.text.length });
  if (instruction.keyword === 'ONBUILD' && words[1] && /^[A-Za-z]+$/.test(words[1].value)) {
    instruction.trigger = shape(words[1], words.slice(2), logical, text, parts, dropped, { start: words[1].range.start, end: instruction.range.end });
    instruction.argsStart = words[1].range.start;
  }
  return instruction;
}

function shape(
  keywordWord: LogicalWord,
  rest: LogicalWord[],
  logical: Script,
  text: string,
  parts: readonly SourceLine[],
  dropped: readonly boolean[],
  range: OffsetRange,
): DockerInstruction {
  const flags: DockerFlag[] = [];
  let k = 0;
  for (; k < rest.length; k++) {
    const m = FLAG.exec(rest[k].value);
    if (!m) break;
    const eq = rest[k].value.indexOf('=');
    flags.push({
      name: m[1].toLowerCase(),
      value: m[2],
      range: rest[k].range,
      valueRange: eq < 0 ? undefined : { start: logical.toSource(rest[k].at + eq + 1), end: rest[k].range.end },
    });
  }
  const args = rest.slice(k).map(({ value, range: r }) => ({ value, range: r }));
  const argsStart = args[0]?.range.start;
  const exec = argsStart !== undefined && text[argsStart] === '[' ? execForm(text, logical, rest[k].at) : undefined;
  return { keyword: keywordWord.value.toUpperCase(), keywordRange: keywordWord.range, range, flags, args, argsStart, exec, heredocs: [], trigger: undefined, lines: parts, dropped };
}

/** The logical line from `start`: continuation escapes and line breaks removed, as a script mapped to the file. */
function logicalLine(text: string, parts: readonly SourceLine[], start: number, escape: string): Script {
  const builder = new ScriptBuilder();
  parts.forEach((line, k) => {
    const from = k === 0 ? start : line.start;
    let piece = text.slice(from, line.start + line.text.length);
    // An escape that ends the last line (at the end of the file) continues nothing: Docker drops it.
    if (k < parts.length - 1 || continues(piece, escape)) piece = piece.replace(TRAILING_BLANKS, '').slice(0, -escape.length);
    builder.add(from, piece);
  });
  const last = parts[parts.length - 1];
  return builder.build(last.start + last.text.length);
}

/** A word of the logical line, and where it starts in it. */
interface LogicalWord extends DockerWord {
  at: number;
}

/** Blank-separated words of a logical line, with their file ranges. */
function splitWords(logical: Script): LogicalWord[] {
  const out: LogicalWord[] = [];
  for (const m of logical.text.matchAll(/\S+/g)) {
    const at = m.index ?? 0;
    out.push({ value: m[0], at, range: { start: logical.toSource(at), end: logical.toSource(at + m[0].length - 1) + 1 } });
  }
  return out;
}

/** Reads the here-documents the instruction's lines open into `out`; returns the index of the line after them. */
function readHeredocs(text: string, lines: readonly SourceLine[], parts: readonly SourceLine[], next: number, out: DockerHeredoc[]): number {
  let k = next;
  // An unterminated here-document runs to the end of the lines read, not of the enclosing file.
  const limit = lines.length ? lines[lines.length - 1].next : text.length;
  for (const part of parts) {
    for (const m of part.text.matchAll(HEREDOC)) {
      const delimiter = m[3];
      const stripTabs = m[1] === '-';
      const bodyStart = k < lines.length ? lines[k].start : limit;
      let bodyEnd = limit;
      let end = limit;
      let terminated = false;
      for (; k < lines.length; k++) {
        const candidate = stripTabs ? lines[k].text.replace(/^\t+/, '') : lines[k].text;
        if (candidate === delimiter) {
          bodyEnd = lines[k].start;
          end = lines[k].next;
          terminated = true;
          k++;
          break;
        }
      }
      const at = part.start + (m.index ?? 0);
      out.push({ delimiter, stripTabs, marker: { start: at, end: at + m[0].length }, bodyStart, bodyEnd, end, terminated });
    }
  }
  return k;
}

/**
 * The JSON array of strings that the rest of the logical line is, from `from`,
 * or undefined when it is not exactly one (Docker then reads the shell form).
 * The structure is read on the logical line, so continuations and the comment
 * lines inside them are skipped; each string is decoded from the file's text.
 */
function execForm(text: string, logical: Script, from: number): DockerInstruction['exec'] {
  const line = logical.text;
  const elements: ExecElement[] = [];
  const blanks = (k: number) => {
    let j = k;
    while (j < line.length && (line[j] === ' ' || line[j] === '\t')) j++;
    return j;
  };
  let i = blanks(from + 1);
  if (line[i] !== ']') {
    for (;;) {
      if (line[i] !== '"') return undefined;
      const start = logical.toSource(i);
      const b = new ScriptBuilder();
      const end = appendJsonString(b, text, start);
      if (text[end - 1] !== '"' || end - start < 2) return undefined;
      elements.push({ value: b.build().text, start, end });
      // Past the string on the logical line: the file offset of its closing quote, found forward.
      let j = i + 1;
      while (j < line.length && logical.toSource(j) < end - 1) j++;
      i = blanks(j + 1);
      if (line[i] === ']') break;
      if (line[i] !== ',') return undefined;
      i = blanks(i + 1);
    }
  }
  const close = i;
  if (blanks(close + 1) !== line.length) return undefined;
  return { elements, range: { start: logical.toSource(from), end: logical.toSource(close) + 1 } };
}

/** `FROM [--platform=…] image [AS name]` and the instructions up to the next `FROM`. */
function readStages(instructions: readonly DockerInstruction[], text: string, lines: readonly SourceLine[]): DockerStage[] {
  const stages: DockerStage[] = [];
  const end = lines.length ? lines[lines.length - 1].start + lines[lines.length - 1].text.length : text.length;
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image, as, name] = instruction.args;
      const previous = stages[stages.length - 1];
      if (previous) previous.range = { start: previous.range.start, end: instruction.range.start };
      stages.push({
        index: stages.length,
        name: as && /^as$/i.test(as.value) ? name?.value : undefined,
        from: instruction,
        image: image && imageReference(image),
        instructions: [],
        range: { start: instruction.range.start, end },
      });
    } else stages[stages.length - 1]?.instructions.push(instruction);
  }
  return stages;
}

/** `registry/name[:tag][@digest]` split into its parts. */
export function imageReference(word: DockerWord): DockerImage {
  const text = word.value;
  const at = text.indexOf('@');
  const digest = at < 0 ? undefined : text.slice(at + 1);
  const named = at < 0 ? text : text.slice(0, at);
  const colon = named.lastIndexOf(':');
  const hasTag = colon > named.lastIndexOf('/');
  return { text, range: word.range, name: hasTag ? named.slice(0, colon) : named, tag: hasTag ? named.slice(colon + 1) : undefined, digest };
}

/** The stage an offset lies in (the last one whose `FROM` starts at or before it), or undefined before the first `FROM`. */
export function stageAt(ast: DockerfileAst, offset: number): DockerStage | undefined {
  // Binary search: a file of many stages asks this once per command.
  const stages = ast.stages;
  let lo = 0;
  let hi = stages.length - 1;
  let found: DockerStage | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (stages[mid].from.range.start <= offset) {
      found = stages[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The instruction whose range holds an offset (binary search over the instructions, which are in order and do not overlap). */
export function instructionAt(ast: DockerfileAst, offset: number): DockerInstruction | undefined {
  const list = ast.instructions;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = list[mid];
    if (offset < x.range.start) hi = mid - 1;
    else if (offset > x.range.end) lo = mid + 1;
    else return x;
  }
  return undefined;
}

const SHELL_NAMES = /^(?:.*\/)?(?:sh|bash|dash|ash|zsh|ksh)$/;
/** Instructions whose arguments are a command. */
const COMMAND_INSTRUCTIONS = new Set(['RUN', 'CMD', 'ENTRYPOINT']);

/**
 * The scripts a Dockerfile runs: `RUN` (its shell form with continuation
 * lines, its exec form, its here-documents), `CMD` and `ENTRYPOINT`, and the
 * same after `ONBUILD`. The exec form `["npm", "ci"]` is one command whose
 * words sit in their strings; `["sh", "-c", "…"]` runs the string after `-c`
 * as a script. `RUN <<EOF` and `RUN <<EOF bash` run their body, while
 * `RUN cat <<EOF > file` writes data. A `SHELL` that is not POSIX-like (until
 * the next `FROM`) hides shell forms.
 */
export function dockerfileAstScripts(text: string, ast: DockerfileAst): Script[] {
  const out: Script[] = [];
  let posixShell = true;
  for (const outer of ast.instructions) {
    if (outer.keyword === 'FROM') posixShell = true;
    const instruction = outer.trigger ?? outer;
    if (instruction.keyword === 'SHELL') {
      posixShell = isPosixLikeShell(instruction.exec?.elements[0]?.value);
      continue;
    }
    if (!COMMAND_INSTRUCTIONS.has(instruction.keyword) || instruction.argsStart === undefined) continue;
    if (text[instruction.argsStart] === '[') {
      if (instruction.exec) for (const item of execScripts(text, instruction.exec.elements)) out.push(item);
      continue;
    }
    if (!posixShell) continue;
    const part = partAt(instruction.lines, instruction.argsStart);
    const stripped = instruction.dropped.slice(part + 1).some(Boolean);
    const command = shellForm(text, instruction.lines.slice(part), instruction.argsStart, ast.escape, stripped);
    const heredocs = instruction.keyword === 'RUN' ? instruction.heredocs : [];
    if (heredocs.length === 0) {
      out.push(command);
    } else if (bodyIsScript(command.text)) {
      for (const h of heredocs) out.push(sliceScript(text, h.bodyStart, h.bodyEnd));
    } else {
      // `bash <<EOF` reads its body as a script, `cat <<EOF > f` as data: the shell reader decides.
      out.push(withHeredocs(text, command, heredocs));
    }
  }
  return out;
}

/** Index of the physical line holding `offset`. */
function partAt(parts: readonly SourceLine[], offset: number): number {
  let k = 0;
  while (k + 1 < parts.length && parts[k + 1].start <= offset) k++;
  return k;
}

/** The shell-form command text of an instruction's lines, from `start` on the first line. */
function shellForm(text: string, parts: readonly SourceLine[], start: number, escape: string, stripped: boolean): Script {
  const builder = new ScriptBuilder();
  if (stripped) builder.markEscaped();
  parts.forEach((line, k) => {
    const from = k === 0 ? start : line.start;
    let piece = text.slice(from, line.start + line.text.length);
    const last = k === parts.length - 1;
    if (!last) {
      const trimmed = piece.replace(TRAILING_BLANKS, '');
      if (trimmed !== piece) builder.markEscaped();
      // A backslash continuation is shell syntax too; a backtick one is Docker's alone.
      if (escape === '`') {
        piece = trimmed.slice(0, -1);
        builder.markEscaped();
      } else piece = trimmed;
    }
    builder.add(from, piece);
    if (!last) builder.join(escape === '`' ? ' ' : '\n');
  });
  return builder.build();
}

/** `RUN <<EOF` or `RUN <<EOF bash -e`: the body is the script. */
function bodyIsScript(command: string): boolean {
  const words = command.replace(HEREDOC, ' ').trim().split(/\s+/).filter(Boolean);
  return words.length === 0 || SHELL_NAMES.test(words[0]);
}

/** The command followed by its here-document lines, as the shell receives them. */
function withHeredocs(text: string, command: Script, heredocs: readonly DockerHeredoc[]): Script {
  const builder = new ScriptBuilder();
  if (command.escaped) builder.markEscaped();
  for (const s of command.segments) builder.add(s.sourceStart, text.slice(s.sourceStart, s.sourceStart + s.length));
  const first = heredocs[0].bodyStart;
  const end = heredocs[heredocs.length - 1].end;
  builder.join('\n').add(first, text.slice(first, end));
  return builder.build();
}

/** True for `["sh", "-c", "…"]`: the exec form runs a shell script, not a program. */
export function execShellScript(elements: readonly ExecElement[]): ExecElement | undefined {
  if (elements.length === 0 || !SHELL_NAMES.test(elements[0].value)) return undefined;
  const c = elements.findIndex((e, k) => k > 0 && /^-[a-z]*c$/.test(e.value));
  return c > 0 ? elements[c + 1] : undefined;
}

/** `["npm", "ci"]` as one command, or the script of `["sh", "-c", "…"]`. */
function execScripts(text: string, elements: readonly ExecElement[]): Script[] {
  if (elements.length === 0) return [];
  const script = execShellScript(elements);
  if (script) return [jsonStringScript(text, script.start, script.end)];
  const builder = new ScriptBuilder().markEscaped();
  elements.forEach((e, k) => {
    if (k > 0) builder.join(' ');
    // A word with blanks or shell syntax is quoted, its quotes standing on the JSON ones.
    const quote = /[^\w@%+=:,./-]/.test(e.value) && !e.value.includes("'");
    if (quote) builder.add(e.start, "'");
    appendJsonString(builder, text, e.start);
    if (quote) builder.add(e.end - 1, "'");
  });
  return [builder.build()];
}
