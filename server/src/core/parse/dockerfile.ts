/**
 * Scripts of a Dockerfile's `RUN` instructions (and `ONBUILD RUN`): the shell
 * form with its continuation lines, the exec form `["npm", "ci"]` read as one
 * command whose words sit in their strings (or, for `["sh", "-c", "…"]`, the
 * string after `-c` as a script), and here-documents: `RUN <<EOF` and
 * `RUN <<EOF bash` run their body, while `RUN cat <<EOF > file` writes data.
 * A line reader is enough; no Dockerfile parser is needed.
 */
import type { SourceFile } from '../source';
import { appendJsonString, isPosixLikeShell, jsonStringScript, type Script, ScriptBuilder, type SourceLine, sourceLines, sliceScript } from './script';

const SHELL_NAMES = /^(?:.*\/)?(?:sh|bash|dash|ash|zsh|ksh)$/;
const HEREDOC = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;
/** Instructions that BuildKit lets read here-documents. */
const HEREDOC_INSTRUCTIONS = new Set(['RUN', 'COPY', 'ADD']);

interface Heredoc {
  /** File offsets of the body, and of the end of the delimiter line. */
  bodyStart: number;
  bodyEnd: number;
  end: number;
}

export function dockerfileScripts(file: SourceFile): Script[] {
  return file.memo('dockerfile.scripts', () => readDockerfile(file.text));
}

export function readDockerfile(text: string): Script[] {
  const out: Script[] = [];
  const lines = sourceLines(text);
  let escape = '\\';
  let i = 0;
  // Parser directives: comment lines of the form `# name=value` before anything else.
  for (; i < lines.length; i++) {
    const m = /^#\s*([A-Za-z]+)\s*=\s*(\S+)\s*$/.exec(lines[i].text);
    if (!m) break;
    if (m[1].toLowerCase() === 'escape' && (m[2] === '`' || m[2] === '\\')) escape = m[2];
  }
  let posixShell = true;
  while (i < lines.length) {
    const first = lines[i];
    if (first.text.trim() === '' || /^\s*#/.test(first.text)) {
      i++;
      continue;
    }
    // The instruction's physical lines: continuations, minus the comment and blank lines Docker drops.
    const parts: SourceLine[] = [first];
    // `dropped[k]`: comment or blank lines were dropped just before `parts[k]`.
    const dropped: boolean[] = [false];
    let j = i;
    while (continues(parts[parts.length - 1].text, escape) && j + 1 < lines.length) {
      j++;
      if (lines[j].text.trim() === '' || /^\s*#/.test(lines[j].text)) {
        dropped[parts.length] = true;
        continue;
      }
      dropped[parts.length] ??= false;
      parts.push(lines[j]);
    }
    i = j + 1;
    const head = /^(\s*)([A-Za-z]+)(\s+|$)/.exec(first.text);
    if (!head) continue;
    let keyword = head[2].toUpperCase();
    let contentStart = head[0].length;
    if (keyword === 'ONBUILD') {
      const inner = /^([A-Za-z]+)(\s+|$)/.exec(first.text.slice(contentStart));
      if (!inner) continue;
      keyword = inner[1].toUpperCase();
      contentStart += inner[0].length;
    }
    const heredocs: Heredoc[] = [];
    if (HEREDOC_INSTRUCTIONS.has(keyword)) i = readHeredocs(text, lines, parts, i, heredocs);
    if (keyword === 'SHELL') {
      const shell = execWords(text, first.start + contentStart)[0];
      posixShell = isPosixLikeShell(shell);
      continue;
    }
    if (keyword !== 'RUN') continue;
    // `--mount=…`, `--network=…`, `--security=…` configure the build, not the command; they may span lines.
    const at = commandStart(parts, first.start + contentStart, escape);
    if (!at) continue;
    if (text[at.start] === '[') {
      out.push(...execForm(text, at.start));
      continue;
    }
    if (!posixShell) continue;
    const stripped = dropped.slice(at.part + 1).some(Boolean);
    const command = shellForm(text, parts.slice(at.part), at.start, escape, stripped);
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

/** True when a line ends with the escape character, optionally followed by blanks. */
function continues(line: string, escape: string): boolean {
  const trimmed = line.replace(/[ \t]+$/, '');
  return trimmed.endsWith(escape);
}

const FLAGS = /^\s*(?:--[A-Za-z-]+(?:=\S*)?(?:\s+|$))*/;

/**
 * Where a `RUN`'s command begins, past its flags: the index of its line in
 * `parts` and its file offset. Docker reads the flags from the logical line,
 * its continuation lines joined with their escapes removed, so the flags are
 * matched on that joined text. Undefined when only flags (or nothing) follow.
 */
function commandStart(parts: readonly SourceLine[], start: number, escape: string): { part: number; start: number } | undefined {
  let logical = '';
  const pieces: { part: number; from: number; at: number }[] = [];
  parts.forEach((line, k) => {
    const from = k === 0 ? start : line.start;
    let piece = line.text.slice(from - line.start);
    if (k < parts.length - 1) piece = piece.replace(/[ \t]*$/, '').slice(0, -escape.length);
    pieces.push({ part: k, from, at: logical.length });
    logical += piece;
  });
  const skip = FLAGS.exec(logical)?.[0].length ?? 0;
  if (logical.slice(skip).trim() === '') return undefined;
  // The flags end with blanks, so the command begins on a character of some line.
  let piece = pieces[0];
  for (const p of pieces) if (p.at <= skip) piece = p;
  return { part: piece.part, start: piece.from + skip - piece.at };
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
      const trimmed = piece.replace(/[ \t]+$/, '');
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

/** Reads the here-documents the instruction's lines open into `out`; returns the index of the line after them. */
function readHeredocs(text: string, lines: readonly SourceLine[], parts: readonly SourceLine[], next: number, out: Heredoc[]): number {
  let k = next;
  for (const part of parts) {
    for (const m of part.text.matchAll(HEREDOC)) {
      const delimiter = m[3];
      const stripTabs = m[1] === '-';
      const bodyStart = k < lines.length ? lines[k].start : text.length;
      let bodyEnd = text.length;
      let end = text.length;
      for (; k < lines.length; k++) {
        const candidate = stripTabs ? lines[k].text.replace(/^\t+/, '') : lines[k].text;
        if (candidate === delimiter) {
          bodyEnd = lines[k].start;
          end = lines[k].next;
          k++;
          break;
        }
      }
      out.push({ bodyStart, bodyEnd, end });
    }
  }
  return k;
}

/** The command followed by its here-document lines, as the shell receives them. */
function withHeredocs(text: string, command: Script, heredocs: readonly Heredoc[]): Script {
  const builder = new ScriptBuilder();
  if (command.escaped) builder.markEscaped();
  for (const s of command.segments) builder.add(s.sourceStart, text.slice(s.sourceStart, s.sourceStart + s.length));
  const first = heredocs[0].bodyStart;
  const end = heredocs[heredocs.length - 1].end;
  builder.join('\n').add(first, text.slice(first, end));
  return builder.build();
}

/** Values of the JSON array of strings at `start`. */
function execWords(text: string, start: number): string[] {
  return execElements(text, start).map((e) => e.value);
}

function execElements(text: string, start: number): { value: string; start: number; end: number }[] {
  const out: { value: string; start: number; end: number }[] = [];
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === ']') break;
    if (c === '"') {
      const b = new ScriptBuilder();
      const end = appendJsonString(b, text, i);
      out.push({ value: b.build().text, start: i, end });
      i = end;
      continue;
    }
    if (c === ',' || c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\\' || c === '`') {
      i++;
      continue;
    }
    return []; // not a JSON array of strings: Docker reads it as shell form
  }
  return out;
}

/** `RUN ["npm", "ci"]` as one command, or the script of `RUN ["sh", "-c", "…"]`. */
function execForm(text: string, start: number): Script[] {
  const elements = execElements(text, start);
  if (elements.length === 0) return [];
  if (SHELL_NAMES.test(elements[0].value)) {
    const c = elements.findIndex((e, k) => k > 0 && /^-[a-z]*c$/.test(e.value));
    if (c > 0 && elements[c + 1]) return [jsonStringScript(text, elements[c + 1].start, elements[c + 1].end)];
  }
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
