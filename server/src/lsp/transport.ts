/**
 * The stdio transport of the server, strict about the base protocol's framing.
 *
 * vscode-jsonrpc's stream reader reports a malformed frame (no `Content-Length`, a length
 * that is not a number, a body that is not JSON) as an event nobody handles, or waits for
 * bytes that never come; the server then lives on, deaf. Here every frame is checked as it
 * arrives and a malformed one ends the process with a line on stderr, so that the client
 * sees a crash and starts a new server instead of talking to a dead one.
 */
import { Transform, type TransformCallback } from 'node:stream';
import {
  type MessageReader,
  type MessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';

/** No message of this protocol comes near this; a larger announced length is an error, not a message to wait for. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/** Headers are two short lines; a header block longer than this is not one. */
export const MAX_HEADER_BYTES = 8 * 1024;
/**
 * A client writes a message whole; a frame that stops half-way for this long will not be
 * finished. Tests shorten it through the environment variable `ROO_DEVOPS_FRAME_STALL_MS`.
 */
export const FRAME_STALL_MS = 30_000;

const CR = 0x0d;
const LF = 0x0a;
/** Header names are RFC 7230 tokens. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Passes the bytes of well-formed frames through unchanged; calls `onMalformed` once, with
 * the reason, at the first byte that cannot belong to a frame (and passes nothing more).
 */
export class FrameGuard extends Transform {
  private header: number[] = [];
  /** Whether the header line being read has reached its colon (its name is complete). */
  private lineHasColon = false;
  /** Bytes of the current body still to come; -1 while reading headers. */
  private remaining = -1;
  private failed = false;
  private stallTimer: ReturnType<typeof setTimeout> | undefined;
  private progress = 0;

  constructor(
    private readonly onMalformed: (reason: string) => void,
    private readonly stallMs = FRAME_STALL_MS,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.failed) return done();
    this.progress++;
    const reason = this.scan(chunk);
    if (reason !== undefined) {
      this.fail(reason);
      return done();
    }
    this.watchStall();
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    this.clearStall();
    done();
  }

  /** Reads the chunk through the frame state machine; returns why it is malformed, if it is. */
  private scan(chunk: Buffer): string | undefined {
    let i = 0;
    while (i < chunk.length) {
      if (this.remaining >= 0) {
        const take = Math.min(this.remaining, chunk.length - i);
        this.remaining -= take;
        i += take;
        if (this.remaining === 0) this.remaining = -1;
        continue;
      }
      const byte = chunk[i++];
      const isLineEnd = byte === CR || byte === LF;
      // Headers are ASCII text; anything else (a stray body, random bytes) cannot start a frame.
      if (!isLineEnd && (byte < 0x20 || byte > 0x7e) && byte !== 0x09) {
        return `byte 0x${byte.toString(16).padStart(2, '0')} where a message header was expected`;
      }
      this.header.push(byte);
      if (this.header.length > MAX_HEADER_BYTES) return `a message header longer than ${MAX_HEADER_BYTES} bytes`;
      const n = this.header.length;
      if (n === 1 && isLineEnd) return 'an empty line where a message header was expected';
      if (n >= 2 && byte === LF && this.header[n - 2] !== CR) return 'a header line ended by LF without CR';
      if (n >= 4 && byte === LF && this.header[n - 3] === LF) {
        const parsed = parseHeaders(Buffer.from(this.header).toString('latin1'));
        this.header = [];
        this.lineHasColon = false;
        if (typeof parsed === 'string') return parsed;
        this.remaining = parsed;
        if (this.remaining === 0) return 'Content-Length 0: an empty message';
      } else if (byte === LF) {
        this.lineHasColon = false;
      } else if (byte !== CR && !this.lineHasColon) {
        // A name is checked as it arrives, so that a stray body fails at once instead of waiting for a blank line.
        if (byte === 0x3a) this.lineHasColon = true;
        else if (!TOKEN.test(String.fromCharCode(byte))) return `byte ${quote(String.fromCharCode(byte))} inside a header name`;
      }
    }
    return undefined;
  }

  private fail(reason: string): void {
    this.failed = true;
    this.clearStall();
    this.onMalformed(reason);
  }

  /** Mid-frame, a timer waits for the next chunk; between frames, nothing is pending. */
  private watchStall(): void {
    this.clearStall();
    if (this.remaining < 0 && this.header.length === 0) return;
    const seen = this.progress;
    this.stallTimer = setTimeout(() => {
      // Timers run before pending input is read: when the event loop was busy (a long lint),
      // the bytes may be waiting. Let one round of I/O pass before deciding.
      setImmediate(() => {
        if (this.failed || this.progress !== seen) return;
        const where = this.remaining >= 0 ? `${this.remaining} bytes of a message body` : 'the end of a message header';
        this.fail(`no byte for ${this.stallMs} ms while waiting for ${where}`);
      });
    }, this.stallMs);
    this.stallTimer.unref?.();
  }

  private clearStall(): void {
    if (this.stallTimer !== undefined) clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
  }
}

/** The body length announced by a header block (ending in an empty line), or why it is malformed. */
export function parseHeaders(block: string): number | string {
  let length: number | undefined;
  for (const line of block.split('\r\n').slice(0, -2)) {
    const colon = line.indexOf(':');
    if (colon <= 0) return `header line ${quote(line)} has no name and value`;
    const name = line.slice(0, colon);
    if (!TOKEN.test(name)) return `header name ${quote(name)} is not a header name`;
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() !== 'content-length') continue;
    if (length !== undefined) return 'Content-Length given twice';
    if (!/^\d+$/.test(value)) return `Content-Length ${quote(value)} is not a length`;
    length = Number(value);
    if (length > MAX_MESSAGE_BYTES) return `Content-Length ${value} is above the limit of ${MAX_MESSAGE_BYTES} bytes`;
  }
  if (length === undefined) return 'a message header without Content-Length';
  return length;
}

function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

/**
 * The reader and writer of `--stdio`, with the input checked by a FrameGuard and a body that
 * is not JSON treated like a malformed frame. `onFatal` ends the process.
 */
export function stdioTransport(onFatal: (reason: string) => void): { reader: MessageReader; writer: MessageWriter } {
  const envStall = Number(process.env.ROO_DEVOPS_FRAME_STALL_MS);
  const guard = new FrameGuard(onFatal, envStall > 0 ? envStall : FRAME_STALL_MS);
  process.stdin.pipe(guard);
  const reader = new StreamMessageReader(guard);
  reader.onError((error) => onFatal(`unreadable message: ${error.message.split('\n')[0]}`));
  return { reader, writer: new StreamMessageWriter(process.stdout) };
}
