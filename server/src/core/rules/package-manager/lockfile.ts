import { defineRule } from '../../rule';

/** Lockfiles of other JavaScript clients, and the client each belongs to. */
const FOREIGN_LOCKFILES: Record<string, string> = {
  'package-lock.json': 'npm',
  'npm-shrinkwrap.json': 'npm',
  'yarn.lock': 'Yarn',
  'pnpm-lock.yaml': 'pnpm',
};

export default defineRule({
  id: 'package-manager/lockfile',
  kinds: ['package-manifest'],
  severity: 'error',
  docs: {
    summary: 'A JavaScript package locks its dependencies in `bun.lock`, not in an npm, Yarn or pnpm lockfile.',
    rationale:
      'A `package-lock.json`, `npm-shrinkwrap.json`, `yarn.lock` or `pnpm-lock.yaml` beside a `package.json` means the ' +
      'package is, or was, installed with another client. Two lockfiles drift apart, and whichever one CI reads decides ' +
      'what ships. Run `bun install` once (Bun reads the old lockfile and writes `bun.lock` with the same versions), ' +
      'commit `bun.lock` and delete the old file. A lockfile with no `package.json` beside it is not reported.',
  },
  messages: {
    foreign: '`{file}` is the lockfile of {client}; this package must be locked by Bun in `bun.lock`.',
    stale: '`{file}` is the lockfile of {client} and sits beside `bun.lock`; delete it so that only Bun\'s lockfile decides the versions.',
  },
  check(ctx) {
    const { file, workspace } = ctx;
    const client = FOREIGN_LOCKFILES[file.basename];
    if (!client) return;
    const dir = file.dirname ? `${file.dirname}/` : '';
    if (!workspace.has(`${dir}package.json`)) return;
    const hasBunLock = workspace.has(`${dir}bun.lock`) || workspace.has(`${dir}bun.lockb`);
    const firstLineEnd = file.lines.lineEnd(0);
    ctx.report({
      messageId: hasBunLock ? 'stale' : 'foreign',
      data: { file: file.basename, client },
      range: { start: 0, end: firstLineEnd > 0 ? firstLineEnd : Math.min(1, file.text.length) },
    });
  },
});
