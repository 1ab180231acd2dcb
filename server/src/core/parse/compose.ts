/**
 * A Compose file read for the `compose/*` rules: its services, each with the
 * node it is written at and its keys looked up through aliases and `<<` merges
 * (the way Compose reads `x-` anchors), and the services of the files Compose
 * combines with it (the other compose files of its folder, passed together with
 * `-f`, and the files it `include:`s).
 */
import { type Document, isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { SourceFile } from '../source';
import type { OffsetRange } from '../types';
import type { WorkspaceView } from '../workspace/view';
import { jsonStringScript, type Script, ScriptBuilder } from './script';
import { embeddedText } from './yaml';
import { getMerged, resolve } from './yaml-scripts';

export interface ComposeService {
  name: string;
  /** The service's key in `services:`. */
  key: Scalar;
  /** The service's mapping (an alias followed to its anchor). */
  node: Node | undefined;
  /** The value of one of the service's keys, merges followed; the node where it is written. */
  get(key: string): Node | undefined;
}

export interface ComposeFile {
  doc: Document.Parsed | undefined;
  services: ComposeService[];
}

/** The first document of a Compose file, read once per file version. */
export function composeOf(file: SourceFile): ComposeFile {
  return file.memo('compose', () => {
    const doc = file.yaml.documents[0];
    if (!doc || doc.errors.length > 0) return { doc: undefined, services: [] };
    const services: ComposeService[] = [];
    const map = resolve(doc, getMerged(doc, doc.contents, 'services'));
    if (isMap(map)) {
      for (const pair of map.items) {
        if (!isScalar(pair.key) || typeof pair.key.value !== 'string' || pair.key.value.startsWith('x-')) continue;
        const node = resolve(doc, pair.value);
        const seen = new Map<string, Node | undefined>();
        services.push({
          name: pair.key.value,
          key: pair.key,
          node,
          get(key: string) {
            if (!seen.has(key)) seen.set(key, resolve(doc, getMerged(doc, node, key)));
            return seen.get(key);
          },
        });
      }
    }
    return { doc, services };
  });
}

/** A scalar's value as text (numbers and booleans as Compose would read them), or undefined for collections. */
export function scalarText(node: Node | undefined): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return String(node.value);
}

/** `${VAR}`, `${VAR:-default}`, `$VAR`: a value Compose fills in from the environment. */
export function isInterpolated(value: string): boolean {
  return /\$(?:\{|[A-Za-z_])/.test(value);
}

export function nodeRange(node: Node | undefined): OffsetRange | undefined {
  return node?.range ? { start: node.range[0], end: node.range[1] } : undefined;
}

/** Paths of the files this one is combined with: the other compose files of its folder and its `include:`s. */
function companionPaths(file: SourceFile, workspace: WorkspaceView): string[] {
  const dir = file.dirname;
  // Only YAML names are read to learn their kind: a folder of sources costs no parse.
  const out = workspace.list(dir).filter((p) => p !== file.path && /\.ya?ml$/i.test(p) && workspace.file(p)?.kind === 'compose');
  const { doc } = composeOf(file);
  const include = doc ? resolve(doc, getMerged(doc, doc.contents, 'include')) : undefined;
  for (const item of isSeq(include) ? include.items : []) {
    const entry = resolve(doc as Document.Parsed, item);
    const paths = isScalar(entry) ? [entry] : isMap(entry) ? [resolve(doc as Document.Parsed, getMerged(doc as Document.Parsed, entry, 'path'))] : [];
    for (const p of paths.flatMap((n) => (isSeq(n) ? n.items : [n]))) {
      const value = isScalar(p) && typeof p.value === 'string' ? p.value : undefined;
      if (value && !isInterpolated(value)) out.push(joinPath(dir, value));
    }
  }
  return out;
}

/** A relative path from a folder, `..` and `.` resolved; an absolute path as it is (outside the workspace). */
function joinPath(dir: string, relative: string): string {
  if (relative.startsWith('/')) return relative;
  const parts = dir === '' ? [] : dir.split('/');
  for (const seg of relative.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

/** The services of the files combined with this one (not its own), by name, each file's list. */
export function companionServices(file: SourceFile, workspace: WorkspaceView): Map<string, ComposeService[]> {
  const out = new Map<string, ComposeService[]>();
  for (const path of companionPaths(file, workspace)) {
    // An included file is a Compose file whatever its name (`infra/database.yaml`), so its kind is not asked.
    const other = workspace.file(path);
    if (!other || !other.isYamlLike) continue;
    for (const s of composeOf(other).services) out.set(s.name, [...(out.get(s.name) ?? []), s]);
  }
  return out;
}

/** Whether this file is where a service is defined (what it runs: `image:` or `build:`), rather than an override of it. */
export function definesService(service: ComposeService): boolean {
  return service.get('image') !== undefined || service.get('build') !== undefined;
}

/** The value of `key` for a service, from this file or, when absent here, from a file it is combined with. */
export function combinedValue(service: ComposeService, companions: Map<string, ComposeService[]>, key: string): Node | undefined {
  const own = service.get(key);
  if (own !== undefined) return own;
  for (const other of companions.get(service.name) ?? []) {
    const v = other.get(key);
    if (v !== undefined) return v;
  }
  return undefined;
}

const SHELLS = /^(?:.*\/)?(?:sh|bash|dash|ash|zsh|ksh)$/;

/**
 * The scripts of a Compose file's `command:` and `entrypoint:` values: a
 * string is a command line (Compose splits it into words, no shell runs it, but
 * its words are the same); a list is one command, except `[sh, -c, "…"]`,
 * whose script is the string after `-c`. Services of `x-` anchors are read
 * where they are written, once.
 */
export function composeScripts(file: SourceFile): Script[] {
  return file.memo('compose-scripts', () => {
    const { doc, services } = composeOf(file);
    if (!doc) return [];
    const out: Script[] = [];
    const seen = new Set<Node>();
    for (const service of services) {
      for (const key of ['entrypoint', 'command']) {
        const value = service.get(key);
        if (!value || seen.has(value)) continue;
        seen.add(value);
        const script = valueScript(file.text, value, doc);
        if (script) out.push(script);
      }
    }
    return out;
  });
}

function valueScript(text: string, value: Node, doc: Document.Parsed): Script | undefined {
  if (isScalar(value)) return typeof value.value === 'string' ? embeddedText(text, value) : undefined;
  if (!isSeq(value)) return undefined;
  const words = value.items.map((i) => resolve(doc, i)).filter((i): i is Scalar => isScalar(i) && i.range !== undefined && i.value !== null);
  if (words.length === 0) return undefined;
  const c = words.findIndex((w, k) => k > 0 && /^-[a-z]*c$/.test(String(w.value)));
  if (SHELLS.test(String(words[0].value)) && c > 0 && words[c + 1] && typeof words[c + 1].value === 'string') {
    return embeddedText(text, words[c + 1]);
  }
  const builder = new ScriptBuilder().markEscaped();
  words.forEach((w, k) => {
    if (k > 0) builder.join(' ');
    const [start, end] = w.range as [number, number, number];
    const raw = text.slice(start, end);
    if (raw.startsWith('"')) {
      const inner = jsonStringScript(text, start, end);
      for (const s of inner.segments) builder.add(s.sourceStart, inner.text.slice(s.scriptStart, s.scriptStart + s.length));
    } else if (raw.startsWith("'")) builder.add(start + 1, String(w.value));
    else builder.add(start, String(w.value));
  });
  return builder.build();
}

/** Profiles of services run on demand (`docker compose run --rm migrate`), not kept running. */
const TOOL_PROFILE = /^(?:tools?|cli|debug|tests?|testing|setup|migrate|migrations?|seed|init|admin|ops|jobs?|oneshot|one-?off|manual|scripts?|utils?|utilities|maintenance|backup|tasks?)$/i;
/** Service names of one-shot work: schema migrations, seeding, bucket creation, certificate requests. */
const ONE_SHOT_NAME = /(?:^|[-_.])(?:migrate|migrations?|migrator|seed|seeder|seeding|init|setup|bootstrap|provision|createbuckets?|create-buckets?|certbot|backup|restore|cli|tools?|test|tests)(?:$|[-_.])/i;

/** `sleep infinity`, `tail -f /dev/null`: the commands of a container that only waits. */
const IDLE = /^(?:sleep (?:infinity|inf)|tail -f \/dev\/null)$/;

/**
 * Whether a service runs once and exits rather than serving: `restart: "no"`
 * or `deploy.restart_policy.condition: none`, a tool-like profile, a one-shot
 * name, or another service waiting for it to complete
 * (`condition: service_completed_successfully`).
 */
export function isOneShot(service: ComposeService, all: readonly ComposeService[]): boolean {
  if (scalarText(service.get('restart')) === 'no') return true;
  const deploy = service.get('deploy');
  const policy = isMap(deploy) ? getMapValue(getMapValue(deploy, 'restart_policy'), 'condition') : undefined;
  if (scalarText(policy) === 'none') return true;
  const profiles = service.get('profiles');
  if (isSeq(profiles) && profiles.items.some((p) => isScalar(p) && TOOL_PROFILE.test(String(p.value)))) return true;
  if (ONE_SHOT_NAME.test(service.name)) return true;
  // A container kept idle for someone to `exec` into (a dev container's workspace) serves nothing to check.
  const command = service.get('command');
  const words = isSeq(command) ? command.items.map((i) => (isScalar(i) ? String(i.value) : '')).join(' ') : scalarText(command);
  if (words && IDLE.test(words.trim())) return true;
  return awaitedToComplete(all).has(service.name);
}

/**
 * Names of the services another service of `all` waits for with `condition: service_completed_successfully`,
 * computed once per list: asked per service, a scan of every other service's `depends_on` made the rules
 * that ask it quadratic (188 services cost a keystroke 50 ms over LSP).
 */
const awaitedByList = new WeakMap<readonly ComposeService[], Set<string>>();
function awaitedToComplete(all: readonly ComposeService[]): Set<string> {
  let out = awaitedByList.get(all);
  if (out) return out;
  out = new Set();
  for (const other of all) {
    const deps = other.get('depends_on');
    if (!isMap(deps)) continue;
    for (const pair of deps.items) {
      if (isScalar(pair.key) && typeof pair.key.value === 'string' && scalarText(getMapValue(pair.value, 'condition')) === 'service_completed_successfully') {
        out.add(pair.key.value);
      }
    }
  }
  awaitedByList.set(all, out);
  return out;
}

function getMapValue(node: unknown, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  for (const pair of node.items) if (isScalar(pair.key) && pair.key.value === key) return (pair.value ?? undefined) as Node | undefined;
  return undefined;
}

/** The Dockerfile a service's `build:` names, as a workspace path, when the context is in the workspace. */
export function buildDockerfilePath(file: SourceFile, service: ComposeService): string | undefined {
  const build = service.get('build');
  let context = '.';
  let dockerfile = 'Dockerfile';
  if (isScalar(build) && typeof build.value === 'string') context = build.value;
  else if (isMap(build)) {
    context = scalarText(getMapValue(build, 'context')) ?? '.';
    dockerfile = scalarText(getMapValue(build, 'dockerfile')) ?? 'Dockerfile';
    if (getMapValue(build, 'dockerfile_inline') !== undefined) return undefined;
  } else return undefined;
  if (isInterpolated(context) || isInterpolated(dockerfile) || /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('/')) return undefined;
  if (dockerfile.startsWith('/')) return undefined;
  return joinPath(joinPath(file.dirname, context), dockerfile);
}
