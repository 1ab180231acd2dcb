import { dockerfileAst } from '../../parse/dockerfile';
import { copiesWholeContext, type StageCommand, stageCommands } from '../../parse/dockerfile-stages';
import { defineRule } from '../../rule';
import type { SourceFile } from '../../source';

/** Dependency installs, by ecosystem, and the manifests to copy before them. */
const INSTALLS: { ecosystem: string; manifests: string; test(argv: readonly string[]): boolean }[] = [
  { ecosystem: 'js', manifests: '`package.json` and the lockfile', test: ([p, s]) => (p === 'bun' || p === 'pnpm') && (s === 'install' || s === 'i') },
  { ecosystem: 'js', manifests: '`package.json` and the lockfile', test: ([p, s]) => p === 'npm' && (s === 'ci' || s === 'install' || s === 'i') },
  { ecosystem: 'js', manifests: '`package.json` and the lockfile', test: ([p, s]) => p === 'yarn' && (s === undefined || s === 'install') },
  { ecosystem: 'python', manifests: '`pyproject.toml` and `poetry.lock`', test: ([p, s]) => p === 'poetry' && s === 'install' },
  { ecosystem: 'python', manifests: 'the requirements file', test: (a) => /^pip3?$/.test(a[0] ?? '') && a[1] === 'install' && (a.includes('-r') || a.some((w) => w.startsWith('--requirement'))) },
  { ecosystem: 'go', manifests: '`go.mod` and `go.sum`', test: ([p, s, t]) => p === 'go' && s === 'mod' && t === 'download' },
  { ecosystem: 'rust', manifests: '`Cargo.toml` and `Cargo.lock`', test: ([p, s, t]) => p === 'cargo' && (s === 'fetch' || (s === 'chef' && t === 'cook')) },
];

export default defineRule({
  id: 'dockerfile/require-manifests-first',
  kinds: ['dockerfile'],
  severity: 'warning',
  docs: {
    summary: 'Copy the dependency manifests and install dependencies before `COPY . .`, so that a source change does not reinstall them.',
    rationale:
      'Docker reuses a layer only while everything before it is unchanged. When the whole source is copied before the ' +
      'dependencies are installed, every edit to any file invalidates the install layer and the next build downloads and ' +
      'installs everything again. Copying only the manifests (`package.json` and `bun.lock`, `pyproject.toml` and ' +
      '`poetry.lock`, `go.mod` and `go.sum`, `Cargo.toml` and `Cargo.lock`), installing, and then copying the source keeps ' +
      'the install cached until the dependencies really change.\n\nReported at the `COPY . .` when a dependency install of ' +
      'the same stage follows it and no install of that ecosystem came before it. A second install after the source ' +
      '(`poetry install --only-root` to add the project itself) is the recommended shape and is not reported.',
  },
  messages: {
    order: 'The whole context is copied before `{install}` (line {line}) installs dependencies; copy {manifests} and install first, then copy the source.',
  },
  check(ctx) {
    const ast = dockerfileAst(ctx.file);
    const byStage = stageCommands(ctx.file);
    for (const stage of ast.stages) {
      const installs = (byStage.get(stage) ?? []).filter((c) => c.instruction.keyword === 'RUN').map((c) => ({ c, kind: INSTALLS.find((i) => i.test(c.argv)) }));
      for (const copy of stage.instructions.filter(copiesWholeContext)) {
        const before = new Set(installs.filter((x) => x.kind && x.c.instruction.range.start < copy.range.start).map((x) => x.kind?.ecosystem));
        const after = installs.find((x) => x.kind && x.c.instruction.range.start > copy.range.start && !before.has(x.kind.ecosystem));
        if (!after?.kind) continue;
        const data = { install: after.c.argv.slice(0, after.c.argv[0] === 'go' || after.c.argv[1] === 'chef' ? 3 : 2).join(' '), line: lineOf(ctx.file, after.c), manifests: after.kind.manifests };
        ctx.report({ messageId: 'order', data, range: { start: copy.keywordRange.start, end: copy.range.end } });
      }
    }
  },
});

function lineOf(file: SourceFile, c: StageCommand): number {
  return file.lineNumber(c.found.script.toSource(c.found.command.start));
}
