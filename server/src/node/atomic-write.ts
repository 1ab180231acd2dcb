/**
 * Rewrites a user's file so that no reader, and no crash, ever sees half of it:
 * the new text goes to a temporary file in the same folder (same file system, so
 * the rename is atomic), which then replaces the original. The file keeps its
 * permission bits and its encoding — UTF-8 with or without a byte-order mark, or
 * UTF-16 (either byte order) with its mark, as readFileText decoded it; a symbolic link keeps pointing at the
 * file it named, which is the one rewritten.
 */
import { chmodSync, closeSync, openSync, readSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function writeFileAtomic(path: string, text: string): void {
  const target = realpathSync(path);
  const mode = statSync(target).mode & 0o7777;
  const bytes = encodeAs(bomOf(target), text.replace(/^\uFEFF/, ''));
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now().toString(36)}.roo-devops-tmp`);
  try {
    writeFileSync(temp, bytes, { mode, flag: 'wx' });
    // The mode given at creation passes through the umask; set it as the original had it.
    chmodSync(temp, mode);
    renameSync(temp, target);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}

type Bom = 'utf8' | 'utf16le' | 'utf16be' | undefined;

function encodeAs(bom: Bom, text: string): Buffer {
  if (bom === 'utf16le') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  if (bom === 'utf16be') return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
  const data = Buffer.from(text, 'utf8');
  return bom === 'utf8' ? Buffer.concat([BOM, data]) : data;
}

/** The byte-order mark the file starts with, if any. */
function bomOf(path: string): Bom {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(3);
    const n = readSync(fd, head, 0, 3, 0);
    if (n === 3 && head.equals(BOM)) return 'utf8';
    if (n >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf16le';
    if (n >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf16be';
    return undefined;
  } finally {
    closeSync(fd);
  }
}
