/**
 * Scripts embedded in other files: the text a shell would read, with a map from
 * every character back to its place in the file. Each surface reader (GitLab CI,
 * Dockerfile, package.json, …) builds its scripts with `ScriptBuilder`.
 */
import { lastAtOrBefore } from '../lines';

/** Piece of a script that sits contiguously in the file. */
export interface Segment {
  scriptStart: number;
  sourceStart: number;
  length: number;
}

/**
 * The text of a scalar as the program receiving it would see it, line by line,
 * with a map back to file offsets. Built from the source so that every character
 * of the result has an exact place in the file.
 */
export interface EmbeddedText {
  text: string;
  segments: Segment[];
  /** File offset of a script offset. */
  toSource(offset: number): number;
}

export interface Script extends EmbeddedText {
  /**
   * True when the file spells the script differently from the text the shell
   * reads: JSON or Groovy escapes, Dockerfile comment lines dropped from a
   * continuation, make's `$$`. Commands of such a script are reported in the
   * file's own spelling, so that a fix copies words back exactly as written.
   */
  escaped?: boolean;
}

/** Shells whose scripts are not POSIX-like command lines; their scripts are skipped. */
export const NON_POSIX_SHELL = /^(?:.*[\\/])?(python\d*|node|cmd|cmd\.exe)\b/i;

export function isPosixLikeShell(shell: string | undefined): boolean {
  return !shell || !NON_POSIX_SHELL.test(shell.trim());
}

/**
 * Appends pieces of file text (or single decoded characters) to a script.
 * Consecutive pieces may come from anywhere in the file; `joiner` text between
 * them exists only in the script and maps to the end of the piece before it.
 */
export class ScriptBuilder {
  private text = '';
  private segments: Segment[] = [];
  private escaped = false;

  get length(): number {
    return this.text.length;
  }

  /** File text `piece` found at `sourceStart`, copied as is. */
  add(sourceStart: number, piece: string): this {
    if (piece.length === 0) return this;
    const last = this.segments[this.segments.length - 1];
    if (last && last.scriptStart + last.length === this.text.length && last.sourceStart + last.length === sourceStart) {
      last.length += piece.length;
    } else {
      this.segments.push({ scriptStart: this.text.length, sourceStart, length: piece.length });
    }
    this.text += piece;
    return this;
  }

  /** One script character spelled `sourceLength` characters long in the file (an escape such as `\"`). */
  addDecoded(sourceStart: number, char: string, sourceLength: number): this {
    if (sourceLength === char.length) return this.add(sourceStart, char);
    this.escaped = true;
    this.segments.push({ scriptStart: this.text.length, sourceStart, length: char.length });
    this.text += char;
    // The character after it starts a new segment, so an offset just past the
    // escape maps to the end of its file spelling.
    this.segments.push({ scriptStart: this.text.length, sourceStart: sourceStart + sourceLength, length: 0 });
    return this;
  }

  /** Script-only text, such as the newline between two lines of a recipe. */
  join(text: string): this {
    this.text += text;
    return this;
  }

  /** Marks the script as spelled differently in the file (see `Script.escaped`). */
  markEscaped(): this {
    this.escaped = true;
    return this;
  }

  /** The script; `sourceEnd` is where it ends in the file, for offsets at its very end. */
  build(sourceEnd?: number): Script {
    const segments = [...this.segments];
    if (sourceEnd !== undefined) segments.push({ scriptStart: this.text.length, sourceStart: sourceEnd, length: 0 });
    return makeScript(this.text, segments, this.escaped);
  }
}

export function makeScript(text: string, segments: Segment[], escaped = false): Script {
  return {
    text,
    segments,
    escaped,
    toSource(offset: number): number {
      if (segments.length === 0) return 0;
      const s = segments[segmentIndex(segments, offset)];
      return s.sourceStart + Math.min(Math.max(0, offset - s.scriptStart), s.length);
    },
  };
}

/** A script that is one contiguous stretch of the file, `source.slice(start, end)`. */
export function sliceScript(source: string, start: number, end: number): Script {
  return makeScript(source.slice(start, end), [{ scriptStart: 0, sourceStart: start, length: end - start }]);
}

/**
 * `inner`, whose offsets point into `outer.text`, re-pointed at `outer`'s file:
 * a script found inside a script, such as a workflow in a Markdown code block.
 */
export function composeScript(inner: EmbeddedText & { escaped?: boolean }, outer: Script): Script {
  const segments: Segment[] = [];
  for (const s of inner.segments) {
    let at = s.sourceStart;
    let scriptPos = s.scriptStart;
    let remaining = s.length;
    if (remaining === 0) segments.push({ scriptStart: scriptPos, sourceStart: outer.toSource(at), length: 0 });
    // An inner piece may cross several lines of the outer script; split it where the outer map jumps.
    while (remaining > 0) {
      const o = outer.segments[segmentIndex(outer.segments, at)];
      const room = o ? o.scriptStart + o.length - at : remaining;
      const length = Math.min(remaining, room > 0 ? room : 1);
      segments.push({ scriptStart: scriptPos, sourceStart: outer.toSource(at), length: room > 0 ? length : 0 });
      at += length;
      scriptPos += length;
      remaining -= length;
    }
  }
  return makeScript(inner.text, segments, Boolean(inner.escaped || outer.escaped));
}

/** Index of the last segment starting at or before `offset`. */
function segmentIndex(segments: readonly Segment[], offset: number): number {
  return lastAtOrBefore(segments.length, (i) => segments[i].scriptStart, offset);
}

/** A line of a file, without its line break (`\n`, `\r\n`, or a lone `\r` as old Mac files end lines). */
export interface SourceLine {
  start: number;
  /** The line without its terminator. */
  text: string;
  /** Offset just after the line's terminator (or the end of text). */
  next: number;
}

/** Lines of `text` between `base` and `end`; a final line break starts no empty line. */
export function sourceLines(text: string, base = 0, end = text.length): SourceLine[] {
  const out: SourceLine[] = [];
  let pos = base;
  while (pos < end) {
    let lineEnd = pos;
    while (lineEnd < end && text.charCodeAt(lineEnd) !== 10 && text.charCodeAt(lineEnd) !== 13) lineEnd++;
    let next = lineEnd;
    if (next < end) next += text.charCodeAt(next) === 13 && next + 1 < end && text.charCodeAt(next + 1) === 10 ? 2 : 1;
    out.push({ start: pos, text: text.slice(pos, lineEnd), next });
    if (lineEnd >= end) break;
    pos = next;
  }
  return out;
}

const JSON_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * Appends the value of the JSON string literal at `start` (its opening quote)
 * to `builder`, each escape mapped to its place; returns the offset after the
 * closing quote.
 */
export function appendJsonString(builder: ScriptBuilder, source: string, start: number, end = source.length): number {
  let i = start + 1;
  let run = i;
  const flush = () => {
    builder.add(run, source.slice(run, i));
  };
  while (i < end && source[i] !== '"') {
    if (source[i] !== '\\') {
      i++;
      continue;
    }
    flush();
    const c = source[i + 1] ?? '';
    if (c === 'u' && /^[0-9a-fA-F]{4}$/.test(source.slice(i + 2, i + 6))) {
      builder.addDecoded(i, String.fromCharCode(Number.parseInt(source.slice(i + 2, i + 6), 16)), 6);
      i += 6;
    } else {
      builder.addDecoded(i, JSON_ESCAPES[c] ?? c, 2);
      i += 2;
    }
    run = i;
  }
  flush();
  return Math.min(i + 1, end);
}

/** The value of the JSON string literal at `start`, as a script. */
export function jsonStringScript(source: string, start: number, end = source.length): Script {
  const builder = new ScriptBuilder();
  const after = appendJsonString(builder, source, start, end);
  const close = source[after - 1] === '"' ? after - 1 : after;
  return builder.markEscaped().build(close);
}
