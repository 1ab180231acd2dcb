/**
 * Rewrites a user's file so that no reader, and no crash, ever sees half of it:
 * the new text goes to a temporary file in the same folder (same file system, so
 * the rename is atomic), which then replaces the original. The file keeps its
 * permission bits and its byte-order mark; a symbolic link keeps pointing at the
 * file it named, which is the one rewritten.
 */
import { chmodSync, closeSync, openSync, readSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function writeFileAtomic(path: string, text: string): void {
  const target = realpathSync(path);
  const mode = statSync(target).mode & 0o7777;
  const data = Buffer.from(text, 'utf8');
  const bytes = startsWithBom(target) && !data.subarray(0, 3).equals(BOM) ? Buffer.concat([BOM, data]) : data;
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

function startsWithBom(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(3);
    return readSync(fd, head, 0, 3, 0) === 3 && head.equals(BOM);
  } finally {
    closeSync(fd);
  }
}
