import { shellCommands, wordsRange } from '../../parse/commands';
import { hasManifestAbove, isFirstOfItsKindInFolder } from '../../path-index';
import { COMMAND_KINDS, programName, rawWords, shownCommand } from '../../policy/command-rewrite';
import { isDirectRustcBuild } from '../../policy/rust';
import { defineRule, type RuleContext } from '../../rule';

/** Build output and vendored crates are not the team's sources. */
function isSkippedRustPath(path: string): boolean {
  return path.split('/').slice(0, -1).some((d) => d === 'target' || d === 'vendor' || d.startsWith('.'));
}

export default defineRule({
  id: 'package-manager/rust-cargo',
  kinds: [...COMMAND_KINDS, 'rust-source'],
  severity: 'error',
  docs: {
    summary: 'Rust code builds with Cargo: no direct `rustc` builds, no `.rs` sources outside a `Cargo.toml` package.',
    rationale:
      'The team standard for Rust is Cargo: `Cargo.toml` declares the crate and its dependencies, `Cargo.lock` pins ' +
      'them, and `cargo build`, `cargo test` and `cargo clippy` give every machine the same build. Calling `rustc` on a ' +
      'file compiles it with whatever flags the script spells out and no dependency resolution, so CI builds something ' +
      'nobody builds locally.\n\n' +
      'Reported: a command that runs `rustc` on a `.rs` file (`rustc main.rs -o app`), and `.rs` files with no ' +
      '`Cargo.toml` in their folder or any folder above — one finding per folder, on its alphabetically first `.rs` ' +
      'file. Not reported: `rustc --version`, `rustc -V`, `rustc -vV`, `rustc --print …`, `rustc --explain …`, every ' +
      '`cargo` subcommand (`cargo rustc` included), and sources under `target/`, `vendor/` or hidden folders. Test ' +
      'fixtures such as `tests/ui/*.rs` sit inside a crate and so have a `Cargo.toml` above them; a fixture tree ' +
      'outside any crate is reported and can be listed in `ignore`.\n\n' +
      'There is no fix: a Cargo build needs a `Cargo.toml` (`cargo init` writes one) and the right targets in it.',
  },
  messages: {
    rustc: '`{command}` compiles with `rustc` directly; build with `cargo build` from a `Cargo.toml` instead.',
    noCrate: '`{dir}` holds Rust sources but no `Cargo.toml` in it or any folder above; make it a Cargo package with `cargo init`.',
  },
  check(ctx) {
    if (ctx.file.kind === 'rust-source') return checkSource(ctx);
    for (const found of shellCommands(ctx.file)) {
      const { command, program } = found;
      const tool = command.words[program];
      if (tool.quoted || programName(tool.value) !== 'rustc') continue;
      if (!isDirectRustcBuild(rawWords(found, program + 1))) continue;
      const range = wordsRange(found, program, command.words.length - 1);
      ctx.report({ messageId: 'rustc', data: { command: shownCommand(ctx.file.text, range, found, program) }, range });
    }
  },
});

function checkSource(ctx: RuleContext): void {
  const { file, workspace } = ctx;
  // Without a workspace listing (a lone file opened in the editor), nothing can be said about folders above.
  if (!workspace.has(file.path) || isSkippedRustPath(file.path)) return;
  if (!isFirstOfItsKindInFolder(workspace.list, file.path) || hasManifestAbove(workspace.has, file.path, 'Cargo.toml')) return;
  const end = file.lines.lineEnd(0);
  ctx.report({ messageId: 'noCrate', data: { dir: file.dirname || '.' }, range: { start: 0, end: end > 0 ? end : Math.min(1, file.text.length) } });
}
