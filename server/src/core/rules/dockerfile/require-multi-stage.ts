import type { DockerInstruction, DockerStage } from '../../parse/dockerfile';
import { finalStage, type StageCommand, stageCommands, stageLineage } from '../../parse/dockerfile-stages';
import { defineRule } from '../../rule';
import type { SourceFile } from '../../source';

/** OS packages that are compilers or toolchains. */
const TOOLCHAIN_PACKAGES = new Set(['build-essential', 'build-base', 'gcc', 'g++', 'clang', 'golang', 'rustc', 'cargo', 'default-jdk', 'openjdk-17-jdk', 'openjdk-21-jdk']);
/** Programs that compile. */
const COMPILERS = new Set(['gcc', 'g++', 'cc', 'c++', 'clang', 'rustc', 'javac']);
/** `go build`, `cargo build`, `mvn package`…: the program and the sub-commands that compile. */
const BUILD_COMMANDS: Record<string, RegExp> = { go: /^(?:build|install)$/, cargo: /^(?:build|install)$/, mvn: /^(?:package|install|verify)$/, gradle: /^(?:build|assemble)$/, dotnet: /^(?:build|publish)$/ };

type Reason = { what: string; at: StageCommand };

export default defineRule({
  id: 'dockerfile/require-multi-stage',
  kinds: ['dockerfile'],
  severity: 'warning',
  docs: {
    summary: 'Compilers, dev dependencies and package-manager caches stay in a build stage; the final stage receives only what runs.',
    rationale:
      'Whatever the final stage (and the stages it is built `FROM`) installs ships in the image: a compiler, `node_modules` ' +
      'with test tools, a download cache. They make the image larger, slower to pull and scan, and give an attacker in the ' +
      'container a toolchain. A multi-stage build compiles and installs in a `build` stage and copies only the output ' +
      '(`COPY --from=build`) into a small final image.\n\nReported, once per file at the first offender: a toolchain installed ' +
      '(`build-essential`, `build-base`, `gcc`…) unless the same `RUN` removes it again (`apk del`, `apt-get purge`); a ' +
      'compile (`gcc`, `go build`, `cargo build`, `mvn package`…); dependencies installed with their development group ' +
      '(`npm ci`/`npm install` without `--omit=dev`, `bun install` without `--production`, `poetry install` without ' +
      '`--only main` or `--without dev`; `NODE_ENV=production` counts for the JavaScript managers); a cache left in the layer ' +
      '(`pip install` without `--no-cache-dir`, `poetry install` or `bun install` without a cache mount or a cache removal). ' +
      'Which manager to use is the package-manager policy\'s concern, not this rule\'s.',
  },
  messages: {
    finalStage: 'The final stage keeps build-only content: {reasons}; build in an earlier stage and `COPY --from` only the output.',
  },
  check(ctx) {
    const stage = finalStage(ctx.file);
    if (!stage) return;
    const byStage = stageCommands(ctx.file);
    const reasons: Reason[] = [];
    // Base stages first, so that their commands come in file order.
    for (const s of stageLineage(ctx.file, stage).reverse()) {
      const env = environment(s);
      for (const c of byStage.get(s) ?? []) {
        if (c.instruction.keyword !== 'RUN') continue;
        const what = judge(c, env, byStage.get(s) ?? []);
        if (what) reasons.push({ what, at: c });
      }
    }
    if (reasons.length === 0) return;
    const first = reasons[0].at;
    const words = first.found.command.words;
    const range = { start: first.found.script.toSource(words[first.found.program].start), end: first.found.script.toSource(words[words.length - 1].end) };
    const listed = reasons.slice(0, 3).map((r) => `${r.what} (line ${lineOf(ctx.file, r.at)})`);
    if (reasons.length > 3) listed.push(`and ${reasons.length - 3} more`);
    ctx.report({ messageId: 'finalStage', data: { reasons: listed.join(', ') }, range });
  },
});

function lineOf(file: SourceFile, c: StageCommand): number {
  return file.lineNumber(c.found.script.toSource(c.found.command.start));
}

/** `ENV`/`ARG` settings of a stage, `NAME=value` form, quotes removed. */
function environment(stage: DockerStage): Map<string, string> {
  const out = new Map<string, string>();
  for (const i of stage.instructions) {
    if (i.keyword !== 'ENV' && i.keyword !== 'ARG') continue;
    for (const a of i.args) {
      const eq = a.value.indexOf('=');
      if (eq > 0) out.set(a.value.slice(0, eq), a.value.slice(eq + 1).replace(/^["']|["']$/g, ''));
    }
    // The legacy `ENV NAME value` form.
    if (i.keyword === 'ENV' && i.args.length >= 2 && !i.args[0].value.includes('=')) out.set(i.args[0].value, i.args.slice(1).map((a) => a.value).join(' '));
  }
  return out;
}

function flags(argv: readonly string[]): Set<string> {
  return new Set(argv.filter((w) => w.startsWith('-')));
}

function hasCacheMount(instruction: DockerInstruction): boolean {
  return instruction.flags.some((f) => f.name === 'mount' && /(?:^|,)type=cache(?:,|$)/.test(f.value ?? ''));
}

/** Other commands of the same `RUN` that remove what this one installed or cached. */
function sameRun(c: StageCommand, all: readonly StageCommand[]): StageCommand[] {
  return all.filter((o) => o.instruction === c.instruction && o !== c);
}

function judge(c: StageCommand, env: ReadonlyMap<string, string>, all: readonly StageCommand[]): string | undefined {
  const nodeProduction = env.get('NODE_ENV') === 'production';
  const [program, sub, ...rest] = c.argv;
  const name = program?.replace(/^.*\//, '');
  if (!name) return undefined;
  const f = flags(c.argv);
  const siblings = sameRun(c, all);
  const removesCache = siblings.some((o) => (o.argv[0] === 'rm' && o.argv.some((w) => /cache/i.test(w))) || (o.argv[1] === 'cache' && /^(?:clean|clear|rm)$/.test(o.argv[2] ?? ''))) || hasCacheMount(c.instruction);
  if ((name === 'apt-get' || name === 'apt' || name === 'apk' || name === 'yum' || name === 'dnf') && (sub === 'install' || sub === 'add')) {
    const tool = rest.find((w) => TOOLCHAIN_PACKAGES.has(w.replace(/[=<>].*$/, '')));
    if (!tool) return undefined;
    const removed = siblings.some((o) => (o.argv[0] === 'apk' && o.argv[1] === 'del') || (/^apt(?:-get)?$/.test(o.argv[0]) && /^(?:purge|remove|autoremove)$/.test(o.argv[1] ?? '')));
    return removed ? undefined : `the toolchain \`${tool}\``;
  }
  if (COMPILERS.has(name)) return `the compiler \`${name}\``;
  if (BUILD_COMMANDS[name]?.test(sub ?? '')) return `\`${name} ${sub}\``;
  const positional = rest.filter((w) => !w.startsWith('-'));
  if (name === 'npm' && (sub === 'ci' || ((sub === 'install' || sub === 'i') && positional.length === 0)) && !f.has('-g') && !f.has('--global')) {
    if (!nodeProduction && !f.has('--production') && !f.has('--omit=dev') && !f.has('--only=production') && !f.has('--only=prod') && !(f.has('--omit') && rest.includes('dev'))) return `dev dependencies (\`npm ${sub}\`)`;
    if (!removesCache) return `the npm cache (\`npm ${sub}\`)`;
  }
  if ((name === 'yarn' && (sub === undefined || sub === 'install')) || (name === 'pnpm' && (sub === 'install' || sub === 'i'))) {
    if (!nodeProduction && !f.has('--production') && !f.has('--prod') && !f.has('-P')) return `dev dependencies (\`${c.argv.slice(0, 2).join(' ')}\`)`;
  }
  if (name === 'bun' && (sub === 'install' || sub === 'i') && positional.length === 0 && !f.has('-g') && !f.has('--global')) {
    if (!nodeProduction && !f.has('--production') && !f.has('-p')) return 'dev dependencies (`bun install`)';
    if (!removesCache) return 'the Bun cache (`bun install`)';
  }
  if (name === 'poetry' && sub === 'install') {
    const joined = rest.join(' ');
    const mainOnly = /--only[= ]main\b|--without[= ]\S*\bdev\b|--no-dev\b|--only-root\b|--only[= ]root\b/.test(joined);
    if (!mainOnly) return 'dev dependencies (`poetry install`)';
    if (!removesCache && !f.has('--no-cache') && !f.has('--only-root')) return 'the Poetry cache (`poetry install`)';
  }
  if ((name === 'pip' || name === 'pip3' || (name.startsWith('python') && sub === '-m' && rest[0] === 'pip')) && c.argv.includes('install')) {
    const written = name.startsWith('python') ? `${name} -m pip install` : `${name} install`;
    if (!f.has('--no-cache-dir') && !removesCache && !/^(?:1|true|on|yes|off|0|false)$/i.test(env.get('PIP_NO_CACHE_DIR') ?? '')) return `the pip cache (\`${written}\`)`;
  }
  return undefined;
}
