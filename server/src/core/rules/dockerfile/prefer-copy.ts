import { dockerfileAst, type DockerInstruction } from '../../parse/dockerfile';
import { defineRule } from '../../rule';

/** Archives `ADD` unpacks into the image. */
const ARCHIVE = /\.(?:tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|tzst)$/i;
const REMOTE = /^(?:https?:\/\/|git@|git:\/\/|ssh:\/\/)/i;
/** Flags only `ADD` understands. */
const ADD_ONLY_FLAGS = new Set(['checksum', 'keep-git-dir', 'unpack']);

export default defineRule({
  id: 'dockerfile/prefer-copy',
  kinds: ['dockerfile'],
  severity: 'warning',
  docs: {
    summary: 'Use `ADD` only to fetch a URL or a Git repository or to unpack a local tar archive; copy local files with `COPY`.',
    rationale:
      '`ADD` does more than copy: it downloads URLs, clones repositories and unpacks tar archives, silently. Used for a ' +
      'plain copy it hides that a file called `vendor.tar.gz` one day arrives unpacked, and it tells the reader nothing. ' +
      '`COPY` does only what it says. The fix replaces the keyword, which is safe: both take the same sources, destination ' +
      'and `--chown`/`--chmod`/`--from`/`--link` flags.',
  },
  messages: {
    add: '`ADD` copies only local files here; use `COPY`.',
  },
  fix: 'safe',
  check(ctx) {
    for (const outer of dockerfileAst(ctx.file).instructions) {
      const instruction = outer.trigger ?? outer;
      if (instruction.keyword !== 'ADD' || !plainCopy(instruction)) continue;
      const range = instruction.keywordRange;
      ctx.report({ messageId: 'add', range, fixes: [{ title: 'Use `COPY`', safe: true, edits: [{ ...range, newText: 'COPY' }] }] });
    }
  },
});

function plainCopy(add: DockerInstruction): boolean {
  if (add.flags.some((f) => ADD_ONLY_FLAGS.has(f.name))) return false;
  const words = add.exec ? add.exec.elements.map((e) => e.value) : add.args.map((a) => a.value);
  const sources = words.slice(0, -1).filter((w) => !w.startsWith('<<'));
  if (sources.length === 0 && add.heredocs.length === 0) return false;
  // A source given by a variable may be anything.
  return sources.every((s) => !REMOTE.test(s) && !ARCHIVE.test(s) && !s.includes('$'));
}
