import { type JsManager, MANAGER_NAMES } from '../../policy/javascript';
import { defineRule } from '../../rule';

/** Every JavaScript lockfile, and the client that writes it. */
const LOCKFILES: Record<string, JsManager> = {
  'package-lock.json': 'npm',
  'npm-shrinkwrap.json': 'npm',
  'yarn.lock': 'yarn',
  'pnpm-lock.yaml': 'pnpm',
  'bun.lock': 'bun',
  'bun.lockb': 'bun',
};

/** The lockfile each client writes today. */
const OWN_LOCKFILE: Record<JsManager, string[]> = {
  bun: ['bun.lock', 'bun.lockb'],
  npm: ['package-lock.json', 'npm-shrinkwrap.json'],
  yarn: ['yarn.lock'],
  pnpm: ['pnpm-lock.yaml'],
};

export default defineRule({
  id: 'package-manager/lockfile',
  kinds: ['package-manifest'],
  severity: 'error',
  docs: {
    summary: 'A JavaScript package locks its dependencies in `bun.lock` (or the lockfile of the configured manager), not in another client\'s lockfile.',
    rationale:
      'A `package-lock.json`, `npm-shrinkwrap.json`, `yarn.lock` or `pnpm-lock.yaml` beside a `package.json` means the ' +
      'package is, or was, installed with another client. Two lockfiles drift apart, and whichever one CI reads decides ' +
      'what ships. Run `bun install` once (Bun reads the old lockfile and writes `bun.lock` with the same versions), ' +
      'commit `bun.lock` and delete the old file. A lockfile with no `package.json` beside it is not reported.\n\n' +
      'With `packageManagers.javascript` set to another client, that client\'s lockfile is the expected one and the ' +
      'others, `bun.lock` included, are reported.',
  },
  messages: {
    foreign: '`{file}` is the lockfile of {client}; this package must be locked by {manager} in `{expected}`.',
    stale: '`{file}` is the lockfile of {client} and sits beside `{expected}`; delete it so that only {manager}\'s lockfile decides the versions.',
  },
  check(ctx) {
    const { file, workspace } = ctx;
    const client = LOCKFILES[file.basename];
    const manager = ctx.packageManagers.javascript;
    if (!client || client === manager) return;
    const dir = file.dirname ? `${file.dirname}/` : '';
    if (!workspace.has(`${dir}package.json`)) return;
    const own = OWN_LOCKFILE[manager].find((name) => workspace.has(`${dir}${name}`));
    const firstLineEnd = file.lines.lineEnd(0);
    ctx.report({
      messageId: own ? 'stale' : 'foreign',
      data: { file: file.basename, client: MANAGER_NAMES[client], manager: MANAGER_NAMES[manager], expected: own ?? OWN_LOCKFILE[manager][0] },
      range: { start: 0, end: firstLineEnd > 0 ? firstLineEnd : Math.min(1, file.text.length) },
    });
  },
});
