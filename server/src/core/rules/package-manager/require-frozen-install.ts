import { type FoundCommand, shellCommands, wordsRange } from '../../parse/commands';
import { defineRule } from '../../rule';
import { BUILD_KINDS, type Fix } from '../../types';
import type { WorkspaceView } from '../../workspace/view';

/** Cargo subcommands that resolve dependencies and so honour `--locked`. */
const CARGO_RESOLVING = new Set(['build', 'b', 'test', 't', 'run', 'r', 'check', 'c', 'clippy', 'doc', 'd', 'bench', 'fetch', 'nextest', 'llvm-cov', 'tarpaulin']);
const CARGO_LOCK_FLAGS = new Set(['--locked', '--frozen']);

/** Words of a command from its program on, as the shell passes them. */
function argv(found: FoundCommand): string[] {
  return found.command.words.slice(found.program).map((w) => w.value);
}

/** Whether the repository commits a lockfile at its root, the usual place for a binary crate or a workspace. */
function hasCargoLock(workspace: WorkspaceView): boolean {
  return workspace.has('Cargo.lock');
}

export default defineRule({
  id: 'package-manager/require-frozen-install',
  kinds: [...BUILD_KINDS, 'makefile'],
  severity: 'warning',
  fix: 'unsafe',
  docs: {
    summary: 'Pipelines and image builds install exactly what the lockfile says: frozen Bun installs, no Poetry lock refresh, `cargo … --locked`.',
    rationale:
      'A build that is allowed to update the lockfile can ship dependency versions nobody reviewed, and two runs of the ' +
      'same commit can differ. In CI and in Dockerfiles the install must fail instead when the lockfile is out of date:\n\n' +
      '- `bun install` needs `--frozen-lockfile` (with Yarn as the configured manager, `yarn install --frozen-lockfile`; ' +
      'with npm, `npm ci`);\n' +
      '- `poetry lock` and `poetry update` rewrite `poetry.lock` and have no place in a pipeline (`poetry check --lock` ' +
      'verifies it instead);\n' +
      '- `cargo build`, `test`, `run`, `check`, `clippy` … need `--locked` when the repository commits a `Cargo.lock`;\n' +
      '- `cargo install` needs `--locked`, or it builds the tool against the newest versions of its dependencies rather ' +
      'than the ones its authors tested.\n\n' +
      'The fixes add the flag. They are not marked safe: a stale lockfile makes the fixed command fail, which is the point ' +
      'but still a change of behaviour to review. Developer-facing places (Makefiles, `package.json` scripts) are not ' +
      'checked for lockfile refreshes, which is where a developer runs them on purpose; `cargo install` without ' +
      '`--locked` is reported in Makefiles too, since a Makefile target that installs a tool (`make tools`) is what CI ' +
      'and every developer run alike, and an unlocked tool build breaks them all the day a dependency of the tool ' +
      'publishes a bad release. It is this rule\'s finding, not `package-manager/rust-cargo`\'s: the tool is built ' +
      'with Cargo, as the policy asks, only not from its lockfile.',
  },
  messages: {
    bunInstall: '`{command}` may rewrite `bun.lock`; add `--frozen-lockfile` so that CI installs exactly the locked versions.',
    yarnInstall: '`{command}` may rewrite `yarn.lock`; add `--frozen-lockfile`.',
    npmInstall: '`{command}` may rewrite `package-lock.json`; use `npm ci`.',
    poetryLock: '`{command}` rewrites `poetry.lock` during the build; commit the lockfile and use `poetry check --lock` instead.',
    cargoLocked: '`{command}` may update `Cargo.lock`; add `--locked` so that the build uses the committed versions.',
    cargoInstall: '`{command}` ignores the tool\'s own lockfile; add `--locked`.',
  },
  check(ctx) {
    const manager = ctx.packageManagers.javascript;
    // A Makefile is where developers refresh lockfiles on purpose, but a tool it installs builds the same everywhere.
    const developerFile = ctx.file.kind === 'makefile';
    for (const found of shellCommands(ctx.file)) {
      const args = argv(found);
      const [tool, sub] = args;
      if (developerFile && !(tool === 'cargo' && sub === 'install')) continue;
      const positionals = args.slice(2).filter((a) => !a.startsWith('-'));
      const flags = new Set(args.slice(1).filter((a) => a.startsWith('-')));
      const subRange = () => wordsRange(found, found.program, found.program + 1);
      const shown = (count: number) => args.slice(0, count).join(' ');
      const insertAfterSub = (flag: string): Fix[] => {
        const end = wordsRange(found, found.program + 1, found.program + 1).end;
        return [{ title: `Add \`${flag}\``, safe: false, edits: [{ start: end, end, newText: ` ${flag}` }] }];
      };
      if (tool === 'bun' && manager === 'bun' && (sub === 'install' || sub === 'i') && positionals.length === 0) {
        if (!flags.has('--frozen-lockfile') && !flags.has('--frozen') && !flags.has('--lockfile-only')) {
          ctx.report({ messageId: 'bunInstall', data: { command: shown(2) }, range: subRange(), fixes: insertAfterSub('--frozen-lockfile') });
        }
      } else if (tool === 'yarn' && manager === 'yarn' && (sub === undefined || sub === 'install' || sub.startsWith('-'))) {
        if (!flags.has('--frozen-lockfile') && !flags.has('--immutable')) {
          const highlight = sub === 'install' ? 2 : 1;
          const range = wordsRange(found, found.program, found.program + highlight - 1);
          const end = range.end;
          ctx.report({
            messageId: 'yarnInstall',
            data: { command: shown(highlight) },
            range,
            fixes: [{ title: 'Add `--frozen-lockfile`', safe: false, edits: [{ start: end, end, newText: ' --frozen-lockfile' }] }],
          });
        }
      } else if (tool === 'npm' && manager === 'npm' && (sub === 'install' || sub === 'i') && positionals.length === 0) {
        const range = subRange();
        ctx.report({
          messageId: 'npmInstall',
          data: { command: shown(2) },
          range,
          fixes: [{ title: 'Use `npm ci`', safe: false, edits: [{ ...range, newText: 'npm ci' }] }],
        });
      } else if (tool === 'poetry' && (sub === 'update' || (sub === 'lock' && !flags.has('--check')))) {
        ctx.report({ messageId: 'poetryLock', data: { command: shown(2) }, range: subRange() });
      } else if (tool === 'cargo' && sub === 'install') {
        if (![...flags].some((f) => CARGO_LOCK_FLAGS.has(f))) {
          ctx.report({ messageId: 'cargoInstall', data: { command: shown(2) }, range: subRange(), fixes: insertAfterSub('--locked') });
        }
      } else if (tool === 'cargo' && sub !== undefined && CARGO_RESOLVING.has(sub) && hasCargoLock(ctx.workspace)) {
        if (![...flags].some((f) => CARGO_LOCK_FLAGS.has(f))) {
          ctx.report({ messageId: 'cargoLocked', data: { command: shown(2) }, range: subRange(), fixes: insertAfterSub('--locked') });
        }
      }
    }
  },
});
