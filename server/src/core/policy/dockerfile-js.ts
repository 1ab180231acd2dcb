/**
 * What a Dockerfile stage needs so that rewriting its JavaScript commands into
 * another manager still builds: the manager in the image (an `oven/bun` base
 * image in place of a Node.js one, or an install line already there) and its
 * lockfile copied in place of the old one. A stage either gets one fix that
 * makes all of that at once, or none, with the reason.
 */
import type { FoundCommand } from '../parse/commands';
import { type DockerfileAst, type DockerInstruction, type DockerStage, execShellScript } from '../parse/dockerfile';
import type { OffsetRange, TextEdit } from '../types';
import type { JsManager } from './javascript';

/** A JavaScript command of the stage that the policy reports. */
export interface StageCommand {
  found: FoundCommand;
  range: OffsetRange;
  /** The edits of its own rewrite, or undefined when it has none. */
  edits: TextEdit[] | undefined;
  /** An install that must find the lockfile (`npm ci`, `--frozen-lockfile`). */
  frozenInstall: boolean;
}

export type StagePlan =
  /** The manager is there and nothing else needs to change: each command keeps its own fix. */
  | { type: 'ready' }
  /** One fix for the whole stage: the edits of every command plus those of the stage. */
  | { type: 'fix'; edits: TextEdit[]; image: string | undefined; lockfile: string | undefined }
  | { type: 'none'; reason: string };

/** The plan of each command of a stage: commands before the manager is installed in it are planned apart. */
export type StagePlans = Map<StageCommand, StagePlan>;

export const LOCKFILE: Readonly<Record<JsManager, string>> = { bun: 'bun.lock', npm: 'package-lock.json', yarn: 'yarn.lock', pnpm: 'pnpm-lock.yaml' };
const LOCKFILES = new Set(['bun.lock', 'bun.lockb', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml']);

/** Signs, in a stage's instructions, that a manager is installed in it. */
const INSTALLED: Record<JsManager, RegExp | undefined> = {
  bun: /bun\.sh\/install|\bnpm\s+(?:i|install)\s+(?:-g|--global)\s+bun\b|COPY\s+--from=oven\/bun/i,
  pnpm: /corepack\s+enable|\bnpm\s+(?:i|install)\s+(?:-g|--global)\s+pnpm\b/,
  // npm and Yarn 1 come with every Node.js image.
  npm: undefined,
  yarn: undefined,
};

const NODE_IMAGES = /^(?:(?:docker\.io\/)?(?:library\/)?)node$/;
const BUN_IMAGES = /(?:^|\/)oven\/bun$/;
/** Where a Node.js image keeps its runtime: a stage copying from there needs the stage to stay Node.js. */
const RUNTIME_PATHS = /^\/(?:usr|opt|bin|lib|sbin)(?:\/|$)/;

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function dirOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/') + 1);
}

/** The `oven/bun` tag that matches a Node.js image tag, or undefined for a variant Bun does not publish. */
export function bunImageFor(tag: string | undefined): string | undefined {
  const variant = (tag ?? '').replace(/^(?:\d+(?:\.\d+){0,2}|lts|current|latest)(?:-|$)/, '');
  if (variant === '' || /^(?:bookworm|bullseye|buster|trixie)$/.test(variant)) return 'oven/bun:1';
  if (/^alpine[\d.]*$/.test(variant)) return 'oven/bun:1-alpine';
  if (/^(?:(?:bookworm|bullseye|buster|trixie)-)?slim$/.test(variant)) return 'oven/bun:1-slim';
  return undefined;
}

function stageNamed(ast: DockerfileAst, name: string): DockerStage | undefined {
  const lower = name.toLowerCase();
  return ast.stages.find((s) => s.name?.toLowerCase() === lower || String(s.index) === name);
}

/** Whether the manager is in the stage's image before `offset`: from its base image or stage, or installed in it. */
export function managerInStage(text: string, ast: DockerfileAst, stage: DockerStage, manager: JsManager, offset: number, seen = new Set<DockerStage>()): boolean {
  const sign = INSTALLED[manager];
  if (!sign) return true;
  if (seen.has(stage)) return false;
  seen.add(stage);
  const image = stage.image;
  if (image && manager === 'bun' && BUN_IMAGES.test(image.name)) return true;
  if (image && manager === 'pnpm' && /pnpm/.test(image.name)) return true;
  const base = image && !image.name.includes('/') ? stageNamed(ast, image.name) : undefined;
  if (base && base.index < stage.index && managerInStage(text, ast, base, manager, base.range.end, seen)) return true;
  // An install earlier in the stage, or earlier in the same instruction (`npm i -g bun && bun install`).
  const first = firstSignEnd(text, stage, manager, sign);
  return first !== undefined && first <= offset;
}

/** Per stage and manager: where the first sign of the manager's install in the stage ends (found once, not once per command). */
const firstSigns = new WeakMap<DockerStage, Map<JsManager, number | undefined>>();

function firstSignEnd(text: string, stage: DockerStage, manager: JsManager, sign: RegExp): number | undefined {
  let byManager = firstSigns.get(stage);
  if (!byManager) {
    byManager = new Map();
    firstSigns.set(stage, byManager);
  }
  if (!byManager.has(manager)) {
    let end: number | undefined;
    const global = new RegExp(sign.source, sign.flags.includes('g') ? sign.flags : `${sign.flags}g`);
    for (const x of stage.instructions) {
      const body = text.slice(x.range.start, x.range.end);
      global.lastIndex = 0;
      // The earliest-ending match: a command after it sees the manager installed.
      for (let m = global.exec(body); m; m = global.exec(body)) {
        const at = x.range.start + m.index + m[0].length;
        if (end === undefined || at < end) end = at;
        if (m[0].length === 0) global.lastIndex++;
      }
      if (end !== undefined) break;
    }
    byManager.set(manager, end);
  }
  return byManager.get(manager);
}

/** The edits that make the stage copy the manager's lockfile instead of another client's, and whether it copies one at all. */
function lockfileEdits(text: string, stage: DockerStage, manager: JsManager): { edits: TextEdit[]; copied: boolean } | { unsafe: string } {
  const target = LOCKFILE[manager];
  const edits: TextEdit[] = [];
  let copied = false;
  for (const outer of stage.instructions) {
    const x = outer.trigger ?? outer;
    if ((x.keyword === 'COPY' || x.keyword === 'ADD') && !x.flags.some((f) => f.name === 'from')) {
      if (x.exec) {
        if (x.exec.elements.some((e) => LOCKFILES.has(basename(e.value)))) return { unsafe: `its \`${x.keyword}\` names a lockfile in JSON form` };
        continue;
      }
      const sources = x.args.slice(0, -1);
      if (sources.some((s) => s.value === target || basename(s.value) === target)) copied = true;
      let replaced = copied;
      for (const s of sources) {
        // The whole context, or a folder of it (`COPY web/ .`), brings the lockfile that sits in it.
        if (s.value === '.' || s.value === '*' || s.value.endsWith('/')) copied = true;
        const name = basename(s.value);
        if (!LOCKFILES.has(name) || name === target) continue;
        copied = true;
        if (text.slice(s.range.start, s.range.end) !== s.value) return { unsafe: `its lockfile copy \`${s.value}\` spans lines` };
        if (!replaced) {
          edits.push({ start: s.range.start, end: s.range.end, newText: dirOf(s.value) + target });
          replaced = true;
        } else {
          // A second old lockfile in the same copy goes: it will not exist once the project moves.
          let start = s.range.start;
          while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
          edits.push({ start, end: s.range.end, newText: '' });
        }
      }
      // `COPY package*.json ./` matches the old lockfiles but not the new one.
      const glob = sources.find((s) => /^package\*(?:\.json)?$/.test(basename(s.value)));
      if (glob && !replaced) {
        edits.push({ start: glob.range.end, end: glob.range.end, newText: ` ${dirOf(glob.value)}${target}` });
        copied = true;
      }
    }
    for (const flag of x.keyword === 'RUN' ? x.flags : []) {
      if (flag.name !== 'mount' || !flag.value || !flag.valueRange || !/(?:^|,)type=bind(?:,|$)/.test(flag.value)) continue;
      const fields = flag.value.split(',');
      const source = fields.find((f) => /^(?:source|src)=/.test(f))?.replace(/^[^=]*=/, '');
      if (source === undefined || source === '.' || source === './') copied = true;
      if (text.slice(flag.valueRange.start, flag.valueRange.end) !== flag.value) continue;
      let at = flag.valueRange.start;
      for (const field of fields) {
        const m = /^(source|src|target|dst|destination)=(.*)$/.exec(field);
        if (m && LOCKFILES.has(basename(m[2])) && basename(m[2]) !== target) {
          const start = at + m[1].length + 1;
          edits.push({ start, end: start + m[2].length, newText: dirOf(m[2]) + target });
          copied = true;
        }
        at += field.length + 1;
      }
    }
  }
  return { edits, copied };
}

/**
 * Node.js images have a `node` user (uid 1000) where `oven/bun` images have
 * `bun` (uid 1000): `USER node` and `--chown=node` follow the switch. A
 * `/home/node` path or a `chown` in a command is left to a person.
 */
function nodeUserEdits(text: string, stage: DockerStage): { edits: TextEdit[] } | { unsafe: string } {
  const edits: TextEdit[] = [];
  const rename = (r: OffsetRange, value: string) => {
    if (text.slice(r.start, r.end) !== value) return false;
    edits.push({ start: r.start, end: r.end, newText: value.replace(/^node(?=:|$)/, 'bun').replace(/:node$/, ':bun') });
    return true;
  };
  for (const outer of stage.instructions) {
    const x = outer.trigger ?? outer;
    const spelled = text.slice(x.range.start, x.range.end);
    if (spelled.includes('/home/node')) return { unsafe: '`/home/node` exists only in Node.js images' };
    if (x.keyword === 'RUN' && /\bchown\b[^\n;&|]*\bnode\b/.test(spelled)) return { unsafe: 'a `chown` to the `node` user exists only in Node.js images' };
    if (x.keyword === 'USER' && x.args[0] && /^node(?::node)?$/.test(x.args[0].value) && !rename(x.args[0].range, x.args[0].value)) {
      return { unsafe: 'its `USER node` spans lines' };
    }
    for (const flag of x.flags) {
      if (flag.name !== 'chown' || !flag.value || !flag.valueRange || !/^node(?::node)?$|^node:|:node$/.test(flag.value)) continue;
      if (!rename(flag.valueRange, flag.value)) return { unsafe: 'its `--chown=node` spans lines' };
    }
  }
  return { edits };
}

/** Why another stage needs this one to stay as it is, if it does. */
function usedElsewhere(ast: DockerfileAst, stage: DockerStage): string | undefined {
  const names = new Set([String(stage.index), ...(stage.name ? [stage.name.toLowerCase()] : [])]);
  for (const other of ast.stages) {
    if (other === stage) continue;
    if (other.image && names.has(other.image.name.toLowerCase())) return `stage \`${other.name ?? other.index}\` is built on it`;
    for (const outer of other.instructions) {
      const x = outer.trigger ?? outer;
      const from = x.flags.find((f) => f.name === 'from');
      if (x.keyword !== 'COPY' || !from?.value || !names.has(from.value.toLowerCase())) continue;
      const runtime = x.args.slice(0, -1).find((s) => RUNTIME_PATHS.test(s.value));
      if (runtime) return `stage \`${other.name ?? other.index}\` copies \`${runtime.value}\` from it`;
    }
  }
  return undefined;
}

/** JavaScript tooling that an `oven/bun` image does not have. */
const NODE_TOOLING = new Set(['npm', 'npx', 'yarn', 'pnpm', 'pnpx', 'corepack', 'node-gyp']);

/**
 * The plan for each reported command of a stage: ready as it is, one fix for
 * the stage, or none and why. `programs` are the programs every command of
 * the stage runs, reported or not.
 */
export function planStage(
  text: string,
  ast: DockerfileAst,
  stage: DockerStage,
  commands: readonly StageCommand[],
  programs: readonly string[],
  manager: JsManager,
): StagePlans {
  const plans: StagePlans = new Map();
  const present = commands.filter((c) => managerInStage(text, ast, stage, manager, c.range.start));
  const presentSet = new Set(present);
  const absent = commands.filter((c) => !presentSet.has(c));
  if (present.length > 0 && absent.length > 0) {
    // The stage installs the manager part-way: what runs before it cannot use it, and moving lines is for a person.
    const none: StagePlan = { type: 'none', reason: `${MANAGER_LABEL[manager]} is installed in this stage only after it; install it before the first command that needs it` };
    for (const c of absent) plans.set(c, none);
    const plan = planPresent(text, stage, present, manager);
    for (const c of present) plans.set(c, plan);
    return plans;
  }
  const plan = absent.length ? planSwitch(text, ast, stage, absent, programs, manager) : planPresent(text, stage, present, manager);
  for (const c of commands) plans.set(c, plan);
  return plans;
}

const MANAGER_LABEL: Record<JsManager, string> = { bun: 'Bun', npm: 'npm', yarn: 'Yarn', pnpm: 'pnpm' };

/** The manager is in the image: the commands keep their own fixes, unless the lockfile copy must change with them. */
function planPresent(text: string, stage: DockerStage, commands: readonly StageCommand[], manager: JsManager): StagePlan {
  const lock = lockfileEdits(text, stage, manager);
  if ('unsafe' in lock) return { type: 'none', reason: lock.unsafe };
  if (lock.edits.length === 0) return { type: 'ready' };
  const unfixed = commands.find((c) => !c.edits);
  if (unfixed) return { type: 'none', reason: `\`${text.slice(unfixed.range.start, unfixed.range.end)}\` in the same stage has no rewrite, and the lockfile copy would change under it` };
  return withEdits(commands, lock.edits, undefined, LOCKFILE[manager]);
}

/** The manager is not in the image: switch a Node.js base image to Bun's, with the lockfile, or say why not. */
function planSwitch(text: string, ast: DockerfileAst, stage: DockerStage, commands: readonly StageCommand[], programs: readonly string[], manager: JsManager): StagePlan {
  if (manager !== 'bun') return { type: 'none', reason: `the stage does not install ${manager} before it runs; enable it (\`corepack enable\`) first` };
  const base = stage.image;
  if (!base) return { type: 'none', reason: 'its `FROM` names no image' };
  if (base.text.includes('$')) return { type: 'none', reason: `its base image \`${base.text}\` is chosen by a build argument; build on an \`oven/bun\` image or install Bun in the stage` };
  if (stageNamed(ast, base.name)) return { type: 'none', reason: `its base is stage \`${base.name}\`, which has no Bun; build that stage on an \`oven/bun\` image first` };
  if (!NODE_IMAGES.test(base.name)) return { type: 'none', reason: `its base image \`${base.text}\` is not a Node.js image; build on an \`oven/bun\` image or install Bun in the stage` };
  if (base.digest) return { type: 'none', reason: 'its base image is pinned by digest; pin an `oven/bun` image by digest in its place' };
  const image = bunImageFor(base.tag);
  if (!image) return { type: 'none', reason: `Bun publishes no image for the \`${base.tag}\` variant; build on an \`oven/bun\` image or install Bun in the stage` };
  const unfixed = commands.find((c) => !c.edits);
  if (unfixed) return { type: 'none', reason: `\`${text.slice(unfixed.range.start, unfixed.range.end)}\` in the same stage has no rewrite and needs Node.js tooling that an \`oven/bun\` image lacks` };
  // Tooling the policy leaves alone (`npm install -g bun`, `corepack enable`) would be lost with the Node.js image.
  const tooling = programs.filter((p) => NODE_TOOLING.has(p));
  if (tooling.length > commands.length) {
    const kept = tooling.find((p) => p === 'corepack' || p === 'node-gyp') ?? tooling[0];
    return { type: 'none', reason: `\`${kept}\` runs in the same stage and needs Node.js tooling that an \`oven/bun\` image lacks` };
  }
  const lock = lockfileEdits(text, stage, manager);
  if ('unsafe' in lock) return { type: 'none', reason: lock.unsafe };
  if (commands.some((c) => c.frozenInstall) && !lock.copied) {
    return { type: 'none', reason: `the stage copies no lockfile for the install to read; copy \`${LOCKFILE[manager]}\` into it before the install` };
  }
  const used = usedElsewhere(ast, stage);
  if (used) return { type: 'none', reason: `${used}, and would change with its base image; move the stages to Bun by hand` };
  const user = nodeUserEdits(text, stage);
  if ('unsafe' in user) return { type: 'none', reason: user.unsafe };
  return withEdits(commands, [{ start: base.range.start, end: base.range.end, newText: image }, ...lock.edits, ...user.edits], image, lock.edits.length ? LOCKFILE[manager] : undefined);
}

function withEdits(commands: readonly StageCommand[], stageEdits: readonly TextEdit[], image: string | undefined, lockfile: string | undefined): StagePlan {
  const edits = [...stageEdits];
  for (const c of commands) for (const item of c.edits ?? []) edits.push(item);
  edits.sort((a, b) => a.start - b.start);
  for (let i = 1; i < edits.length; i++) if (edits[i].start < edits[i - 1].end) return { type: 'none', reason: 'its edits would overlap' };
  return { type: 'fix', edits, image, lockfile };
}

/**
 * The edit that rewrites an exec-form command, `["npx", "tsc"]`, into the JSON
 * array of `replacement`'s words. Only when the command is the whole array and
 * every word is plain, so that splitting the replacement on blanks is exact.
 */
export function execFormEdits(instruction: DockerInstruction | undefined, found: FoundCommand, replacement: string): TextEdit[] | undefined {
  const exec = instruction?.exec;
  if (!exec || execShellScript(exec.elements) || found.program !== 0) return undefined;
  const words = found.command.words;
  if (words.length !== exec.elements.length || words.some((w, i) => w.value !== exec.elements[i].value)) return undefined;
  if (!/^[^\s"'\\$`]+(?: [^\s"'\\$`]+)*$/.test(replacement)) return undefined;
  const plain = replacement.split(' ');
  return [{ start: exec.range.start, end: exec.range.end, newText: `[${plain.map((w) => JSON.stringify(w)).join(', ')}]` }];
}
