/**
 * Reading and writing a plan document for the generators, so that nothing the
 * author wrote is ever lost: the document is read once (text and modification
 * time), the new text goes to a temporary file in the same folder, and just
 * before the rename the document on disk is compared with what was read — a
 * document edited, created or removed in between is left alone and the write
 * refused. A new document is linked into place, which fails when a file of that
 * name appeared meanwhile. Permission bits and a UTF-8 byte-order mark are kept.
 */
import { chmodSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readFileText } from './workspace';

/** The document as read before generating: `text` undefined when there was none. */
export interface PlanSnapshot {
  text: string | undefined;
  mtimeMs: number | undefined;
  size: number | undefined;
}

export class PlanChangedError extends Error {}

/** The document's current state; throws with the reason when it exists but cannot be read as text. */
export function readPlanSnapshot(absolute: string): PlanSnapshot {
  let st;
  try {
    st = statSync(absolute);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { text: undefined, mtimeMs: undefined, size: undefined };
    throw e;
  }
  const read = readFileText(absolute);
  if (read.skipped) throw new Error(read.skipped);
  return { text: read.text, mtimeMs: st.mtimeMs, size: st.size };
}

export interface WriteHooks {
  /** Runs after the temporary file is written and before the document is compared and replaced (tests simulate a concurrent edit here). */
  beforeReplace?: () => void;
}

export function writePlanFile(absolute: string, before: PlanSnapshot, text: string, hooks: WriteHooks = {}): void {
  mkdirSync(dirname(absolute), { recursive: true });
  const mode = before.text === undefined ? 0o644 : statSync(absolute).mode & 0o7777;
  const bom = before.text !== undefined && hasUtf8Bom(absolute) ? '\uFEFF' : '';
  const temp = join(dirname(absolute), `.${basename(absolute)}.${process.pid}.${Date.now().toString(36)}.roo-devops-tmp`);
  writeFileSync(temp, bom + text.replace(/^\uFEFF/, ''), { mode, flag: 'wx' });
  try {
    chmodSync(temp, mode);
    hooks.beforeReplace?.();
    if (before.text === undefined) {
      try {
        // Atomic create-if-absent: fails when a file of that name appeared since the read.
        linkSync(temp, absolute);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new PlanChangedError(`${absolute} was created by someone else since it was read`);
        throw e;
      }
      return;
    }
    const now = safeSnapshot(absolute);
    if (now.text !== before.text || now.mtimeMs !== before.mtimeMs || now.size !== before.size) {
      throw new PlanChangedError(`${absolute} changed since it was read`);
    }
    renameSync(temp, absolute);
  } finally {
    rmSync(temp, { force: true });
  }
}

function safeSnapshot(absolute: string): PlanSnapshot {
  try {
    return readPlanSnapshot(absolute);
  } catch {
    return { text: undefined, mtimeMs: undefined, size: undefined };
  }
}

function hasUtf8Bom(absolute: string): boolean {
  return readFileSync(absolute).subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]));
}
