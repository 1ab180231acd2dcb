/**
 * What the Dockerfile rules ask about stages, beside the parser and computed
 * once per file version: which stage is the image that ships (the last one),
 * which stages it is built on, what each `FROM` really pulls once `ARG`
 * defaults are substituted, which commands each stage runs, and which `COPY`
 * sends the whole build context.
 */
import type { SourceFile } from '../source';
import { commandsOf, type FoundCommand } from './script-commands';
import { type DockerImage, type DockerInstruction, type DockerStage, dockerfileAst, dockerfileScripts, imageReference, instructionAt, stageAt } from './dockerfile';

export interface StageCommand {
  found: FoundCommand;
  /** The instruction the command runs in (the `ONBUILD` for a trigger's). */
  instruction: DockerInstruction;
  /** Program name and its arguments, as the shell passes them. */
  argv: string[];
}

/** The base of a stage: another stage of the file, `scratch`, or an image (its reference with `ARG` defaults substituted). */
export type StageBase =
  | { kind: 'stage'; stage: DockerStage }
  | { kind: 'scratch' }
  | { kind: 'image'; image: DockerImage; resolved: DockerImage | undefined }
  | { kind: 'none' };

/** `FROM`'s base for each stage, in order. */
export function stageBases(file: SourceFile): StageBase[] {
  return file.memo('dockerfile.stage-bases', () => {
    const ast = dockerfileAst(file);
    // Arguments declared before the first FROM are the ones a FROM line may use.
    const globals = new Map<string, string | undefined>();
    for (const instruction of ast.instructions) {
      if (instruction.keyword === 'FROM') break;
      if (instruction.keyword !== 'ARG') continue;
      for (const arg of instruction.args) {
        const eq = arg.value.indexOf('=');
        const name = eq < 0 ? arg.value : arg.value.slice(0, eq);
        globals.set(name, eq < 0 ? undefined : unquote(arg.value.slice(eq + 1)));
      }
    }
    const bases: StageBase[] = [];
    ast.stages.forEach((stage, index) => bases.push(baseOfStage(ast.stages, stage, index, globals)));
    return bases;
  });
}

/** The stage that becomes the image `docker build` produces without `--target`: the last. */
export function finalStage(file: SourceFile): DockerStage | undefined {
  const stages = dockerfileAst(file).stages;
  return stages[stages.length - 1];
}

/** The stage and every stage of the file it is built on, the stage first. */
export function stageLineage(file: SourceFile, stage: DockerStage): DockerStage[] {
  const bases = stageBases(file);
  const out: DockerStage[] = [];
  let current: DockerStage | undefined = stage;
  while (current && !out.includes(current)) {
    out.push(current);
    const base: StageBase | undefined = bases[current.index];
    current = base?.kind === 'stage' ? base.stage : undefined;
  }
  return out;
}

/** The image at the root of a stage's lineage, or undefined for `scratch`, `ARG`s without default, or none. */
export function rootImage(file: SourceFile, stage: DockerStage): DockerImage | undefined {
  const lineage = stageLineage(file, stage);
  const base = stageBases(file)[lineage[lineage.length - 1].index];
  return base?.kind === 'image' ? (base.resolved ?? base.image) : undefined;
}

/** The shell commands of each stage, `ONBUILD` triggers left out (they run in another build). */
export function stageCommands(file: SourceFile): Map<DockerStage, StageCommand[]> {
  return file.memo('dockerfile.stage-commands', () => {
    const ast = dockerfileAst(file);
    const out = new Map<DockerStage, StageCommand[]>(ast.stages.map((s) => [s, []]));
    for (const script of dockerfileScripts(file)) {
      for (const found of commandsOf(script, file.text)) {
        const offset = found.script.toSource(found.command.start);
        const instruction = instructionAt(ast, offset);
        const stage = stageAt(ast, offset);
        if (!instruction || !stage || instruction.trigger) continue;
        const argv = found.command.words.slice(found.program).map((w) => w.value);
        out.get(stage)?.push({ found, instruction, argv });
      }
    }
    return out;
  });
}

/** True for a `COPY`/`ADD` whose sources include the whole build context (`.`, `./`), not from another stage or image. */
export function copiesWholeContext(instruction: DockerInstruction): boolean {
  if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return false;
  if (instruction.flags.some((f) => f.name === 'from')) return false;
  const paths = instruction.exec ? instruction.exec.elements.map((e) => e.value) : instruction.args.map((a) => a.value);
  return paths.slice(0, -1).some((p) => p === '.' || p === './');
}

function baseOfStage(stages: readonly DockerStage[], stage: DockerStage, index: number, globals: ReadonlyMap<string, string | undefined>): StageBase {
  const image = stage.image;
  if (!image) return { kind: 'none' };
  const earlier = (name: string) => stages.slice(0, index).find((s) => s.name !== undefined && s.name.toLowerCase() === name.toLowerCase());
  const numbered = /^\d+$/.test(image.text) && Number(image.text) < index ? stages[Number(image.text)] : undefined;
  const named = earlier(image.text) ?? numbered;
  if (named) return { kind: 'stage', stage: named };
  if (image.text.toLowerCase() === 'scratch') return { kind: 'scratch' };
  const text = substitute(image.text, globals);
  // A stage named by an argument (`FROM ${BASE}` with `ARG BASE=build`) is a stage too.
  const viaArg = text === undefined ? undefined : earlier(text);
  if (viaArg) return { kind: 'stage', stage: viaArg };
  if (text?.toLowerCase() === 'scratch') return { kind: 'scratch' };
  return { kind: 'image', image, resolved: text === undefined ? undefined : imageReference({ value: text, range: image.range }) };
}

function unquote(value: string): string {
  return /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
}

/** `${NAME}`, `$NAME`, `${NAME:-default}` replaced by the arguments' defaults; undefined when one has none. */
function substitute(text: string, args: ReadonlyMap<string, string | undefined>): string | undefined {
  let unresolved = false;
  const out = text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
    const value = args.get((braced ?? bare) as string) ?? fallback;
    if (value === undefined) unresolved = true;
    return value ?? '';
  });
  return unresolved ? undefined : out;
}
