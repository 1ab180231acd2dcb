/**
 * The fuzz harness: seeded mutations of real files of every kind, linted by the
 * engine, each result held to the properties every input must keep (nothing
 * escapes, every range and fix lies inside the text, fixes apply and keep the
 * file parsing, time grows with the size). Shared by the bounded run in the test
 * suite (`fuzz.test.ts`) and the long run (`bun scripts/fuzz.ts`).
 *
 * Case `n` of seed `s` is a function of (s, n) and of the seed files of this
 * checkout alone: its own generator is seeded from both, so any case
 * reproduces on its own with `bun scripts/fuzz.ts --seed s --case n`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import { type ResolvedConfig, resolveConfig } from '../../server/src/core/config';
import { DEFAULT_KIND_PATTERNS, detectKind, kindByPath } from '../../server/src/core/detect';
import { lint, type LintResult } from '../../server/src/core/engine';
import { applyEdits, applyFixes } from '../../server/src/core/fixes';
import { type Format, formatOf, formatsOfKind, isJsonFormat } from '../../server/src/core/formats';
import { jsonTooDeepAt } from '../../server/src/core/parse/json';
import { parseToml } from '../../server/src/core/parse/toml';
import { parseYaml } from '../../server/src/core/parse/yaml';
import { RULES } from '../../server/src/core/rules';
import { SourceFile } from '../../server/src/core/source';
import { FILE_KINDS, type FileKind, type OffsetRange } from '../../server/src/core/types';
import { Repository } from '../../server/src/core/workspace/repository';
import { listFiles } from '../../server/src/node/workspace';

// ---- randomness ---------------------------------------------------------------

/** mulberry32: a 32-bit state, a period of 2^32, and the same numbers on every engine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One generator per case, so that case n needs none of the cases before it. */
function caseSeed(seed: number, index: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}

export class Random {
  constructor(readonly next: () => number) {}
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

// ---- seeds --------------------------------------------------------------------

export interface Seed {
  /** Workspace-relative path the text is linted under. */
  path: string;
  text: string;
  /** Where it came from, for the report. */
  origin: string;
  /** The other files of its workspace (fixture case or corpus project), unmutated. */
  siblings: ReadonlyMap<string, string>;
  /** The workspace's own `.roo-devops.yaml`/`.json`, when it has one. */
  configText?: string;
}

const TEST_ROOT = join(import.meta.dir, '..');
const CONFIG_NAMES = ['.roo-devops.yaml', '.roo-devops.yml', '.roo-devops.json'];
/** Files of a fixture case that are expectations, not workspace content. */
const FIXTURE_META = new Set(['expected.txt', 'README.md']);

/** Folders under `test/fixtures` and `test/corpus` that are one workspace each. */
function workspaceDirs(): string[] {
  const out: string[] = [];
  const fixtures = join(TEST_ROOT, 'fixtures');
  // test/fixtures/<family>/<rule>/<valid|invalid>/<case>/
  for (const family of safeDirs(fixtures))
    for (const rule of safeDirs(join(fixtures, family)))
      for (const validity of safeDirs(join(fixtures, family, rule)))
        for (const name of safeDirs(join(fixtures, family, rule, validity))) out.push(join(fixtures, family, rule, validity, name));
  const corpus = join(TEST_ROOT, 'corpus');
  for (const project of safeDirs(corpus)) out.push(join(corpus, project));
  return out;
}

function safeDirs(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((n) => statSync(join(dir, n)).isDirectory())
      .sort();
  } catch {
    return [];
  }
}

/**
 * Minimal texts per format, for a kind with no fixture: a kind registered later
 * is fuzzed from these until it has fixtures of its own. Each carries the
 * commands and keys the policy rules look for.
 */
const FORMAT_SEEDS: Readonly<Record<Format, string>> = {
  yaml: 'name: fuzz\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-node@v4\n      - run: npm ci && npm run build\n      - run: pip install -r requirements.txt\n',
  json: '{\n  "name": "fuzz",\n  "scripts": { "build": "npm run compile", "test": "yarn jest" },\n  "packageManager": "npm@10.0.0"\n}\n',
  jsonc: '{\n  // comment\n  "compilerOptions": { "strict": true, },\n}\n',
  toml: '[tool.poetry]\nname = "fuzz"\n\n[project]\ndependencies = ["requests>=2"]\n',
  dockerfile: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", "dist/index.js"]\n',
  markdown: '# Plan\n\n## Deployment Pipelines\n\nRun `npm ci`.\n\n```bash\npip install -r requirements.txt\n```\n',
  makefile: 'build:\n\tnpm ci\n\tnpm run build\n\ntest: build\n\tpip install -r requirements.txt\n',
  groovy: "pipeline {\n  agent any\n  stages {\n    stage('Build') {\n      steps {\n        sh 'npm ci'\n      }\n    }\n  }\n}\n",
  hcl: 'terraform {\n  backend "s3" {}\n}\n\nresource "aws_s3_bucket" "b" {\n  bucket = "fuzz"\n}\n',
  text: 'npm ci\nrequests==2.31.0\n{{ .Values.image }}\n',
};

/** Richer hand seeds for kinds the fixtures do not cover yet; the format seeds stand in for any other. */
const KIND_SEEDS: Partial<Record<FileKind, { path: string; text: string }>> = {
  compose: { path: 'compose.yaml', text: 'services:\n  web:\n    image: node:latest\n    command: npm start\n    build: .\n' },
  'helm-template': {
    path: 'chart/templates/deployment.yaml',
    text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  {{- if .Values.replicas }}\n  replicas: {{ .Values.replicas }}\n  {{- end }}\n',
  },
  terraform: { path: 'main.tf', text: FORMAT_SEEDS.hcl },
  pulumi: { path: 'Pulumi.yaml', text: 'name: fuzz\nruntime: nodejs\ndescription: npm install first\n' },
  arm: {
    path: 'azuredeploy.json',
    text: '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n  "contentVersion": "1.0.0.0",\n  "resources": []\n}\n',
  },
  roomodes: {
    path: '.roomodes',
    text: 'customModes:\n  - slug: devops\n    name: DevOps\n    roleDefinition: You run npm ci.\n    groups:\n      - read\n      - - edit\n        - fileRegex: \\.(ya?ml|tf)$\n',
  },
  'roo-rules': { path: '.roo/rules-devops/01-policy.md', text: '# Rules\n\nUse `npm ci` in CI.\n' },
};

/** A path the kind's own patterns claim, made from its first glob that yields one. */
export function pathForKind(kind: FileKind): string | undefined {
  for (const [k, globs] of DEFAULT_KIND_PATTERNS) {
    if (k !== kind) continue;
    for (const glob of globs) {
      const path = glob
        .replace(/^\*\*\//, '')
        .replace(/\{([^,}]*)[^}]*\}/g, '$1')
        .replace(/!\([^)]*\)/g, 'x')
        .replace(/\*\*/g, 'x')
        .replace(/\*/g, 'x');
      if (kindByPath(path) === kind) return path;
    }
  }
  return undefined;
}

/** A seed for a kind no fixture has: the hand seed, else the format's seed under a path of that kind. */
export function fallbackSeed(kind: FileKind): Seed {
  const hand = KIND_SEEDS[kind];
  if (hand) return { ...hand, origin: `seed:${kind}`, siblings: new Map() };
  const format = formatsOfKind(kind)[0] ?? 'text';
  const ext: Partial<Record<Format, string>> = { yaml: 'yaml', json: 'json', jsonc: 'jsonc', toml: 'toml', markdown: 'md' };
  const path = pathForKind(kind) ?? `fuzz.${ext[format] ?? 'txt'}`;
  return { path, text: FORMAT_SEEDS[format], origin: `seed:${kind}`, siblings: new Map() };
}

let seedCache: Map<FileKind, Seed[]> | undefined;

/**
 * The seeds of every registered kind: each fixture and corpus file whose
 * detected kind it is, else the fallback seed. Sorted, so that a seed number
 * names the same input on every run of one checkout.
 */
export function seedsByKind(): Map<FileKind, Seed[]> {
  if (seedCache) return seedCache;
  const byKind = new Map<FileKind, Seed[]>(FILE_KINDS.map((k) => [k, []]));
  for (const dir of workspaceDirs()) {
    const files = listFiles(dir).filter((f) => !FIXTURE_META.has(f) && !f.startsWith('fixed/'));
    const siblings = new Map<string, string>();
    for (const f of files) siblings.set(f, readFileSync(join(dir, f), 'utf8'));
    const configText = CONFIG_NAMES.map((n) => siblings.get(n)).find((t) => t !== undefined);
    const config = configText === undefined ? undefined : resolveConfig(configText, RULES);
    for (const [path, text] of siblings) {
      const kind = detectKind(path, text, config?.kinds);
      if (kind) byKind.get(kind)?.push({ path, text, origin: `${dir.slice(TEST_ROOT.length + 1)}/${path}`, siblings, configText });
    }
  }
  for (const kind of FILE_KINDS) {
    const list = byKind.get(kind) as Seed[];
    if (list.length === 0) list.push(fallbackSeed(kind));
    list.sort((a, b) => (a.origin < b.origin ? -1 : a.origin > b.origin ? 1 : 0));
  }
  seedCache = byKind;
  return byKind;
}

// ---- mutations ----------------------------------------------------------------

/** Characters that mean something to one of the formats read, plus some that mean nothing to any. */
const SYNTAX_CHARS = [...':-[]{}()"\'`#&*!|>%@,;=\\$~?<.\n\t /', 'é', '€', '😀', '\u00a0'];
const CONTROL_CHARS = ['\0', '\x01', '\x07', '\b', '\x0b', '\f', '\x1b', '\x1b[31m', '\x7f', '\u0085', '\u2028', '\u2029', '\ufeff', '\u200b', '\r'];
/** Tokens that open a level of nesting in some format. */
const NESTING_TOKENS = new Set(['[', '{', '- ', '$(', '${{ ']);
const TOKENS = ['npm ', 'npm ci ', 'pip install ', 'yarn ', 'a;', '&& ', '$(', '${{ ', '"', '\\', '- ', 'run: ', '&a ', '*a ', '<<: ', '[', '{'];

export interface Mutator {
  name: string;
  apply(text: string, r: Random, limits: Limits, other: string): string;
}

export interface Limits {
  /** Longest inserted run (huge lines, repeats), in characters. */
  huge: number;
  /** Deepest nesting inserted. */
  depth: number;
  /** Whether inserted nesting is closed again, so that duplicated copies do not add up to a deeper one. */
  balanced: boolean;
}

/**
 * The bounded run's limits. Nesting stays at 200 levels: the YAML library's
 * cost grows faster than linearly with flow (`[[[[`) and block (`- - - -`)
 * nesting (700 levels: 0.2 s; 3,000: 2.7 s; 9,000: 40 s) and with long lines
 * of implicit keys or flow tokens (24 KB: 6–40 s), which the parser robustness
 * work of issue 7 bounds; until then the bounded run keeps inserts small and
 * the long run, with its larger ones, finds them.
 */
export const BOUNDED_LIMITS: Limits = { huge: 3_000, depth: 60, balanced: true };
export const LONG_LIMITS: Limits = { huge: 400_000, depth: 5_000, balanced: false };

function insertAt(text: string, at: number, s: string): string {
  return text.slice(0, at) + s + text.slice(at);
}

/** An offset at a line start, where nesting and indentation mean something. */
function lineStart(text: string, r: Random): number {
  const at = r.int(text.length + 1);
  const nl = text.lastIndexOf('\n', at - 1);
  return nl + 1;
}

/** The bytes of `text` decoded as the shells decode a file: UTF-8 with replacement, a leading BOM dropped (node/workspace.ts `readText`). */
export function decodeLikeShell(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/, '');
}

export const MUTATORS: readonly Mutator[] = [
  {
    name: 'cut',
    apply(t, r) {
      if (r.chance(0.3)) return t.slice(0, r.int(t.length + 1));
      const a = r.int(t.length + 1);
      const b = Math.min(t.length, a + r.between(1, 200));
      return t.slice(0, a) + t.slice(b);
    },
  },
  {
    name: 'flip-chars',
    apply(t, r) {
      const chars = t.split('');
      for (let n = r.between(1, 8); n > 0 && chars.length > 0; n--) chars[r.int(chars.length)] = r.pick(SYNTAX_CHARS);
      return chars.join('');
    },
  },
  {
    name: 'flip-bits',
    apply(t, r) {
      const bytes = new Uint8Array(Buffer.from(t, 'utf8'));
      for (let n = r.between(1, 8); n > 0 && bytes.length > 0; n--) bytes[r.int(bytes.length)] ^= 1 << r.int(8);
      return decodeLikeShell(bytes);
    },
  },
  {
    name: 'duplicate',
    apply(t, r, limits) {
      const a = r.int(t.length + 1);
      const slice = t.slice(a, a + r.between(1, 400));
      const times = Math.max(1, Math.min(r.between(1, 50), Math.floor(limits.huge / Math.max(1, slice.length))));
      return insertAt(t, r.int(t.length + 1), slice.repeat(times));
    },
  },
  {
    name: 'control-chars',
    apply(t, r) {
      for (let n = r.between(1, 6); n > 0; n--) t = insertAt(t, r.int(t.length + 1), r.pick(CONTROL_CHARS));
      return t;
    },
  },
  {
    name: 'deep-nesting',
    apply(t, r, limits) {
      const depth = r.between(10, limits.depth);
      const shape = r.int(5);
      let nest: string;
      if (shape === 0) nest = '['.repeat(depth) + (limits.balanced ? ']'.repeat(depth) : '');
      else if (shape === 1) nest = '{'.repeat(depth) + '}'.repeat(limits.balanced ? depth : r.int(depth));
      else if (shape === 2) nest = '- '.repeat(depth) + 'x\n';
      else if (shape === 3) nest = Array.from({ length: Math.min(depth, 200) }, (_, i) => `${' '.repeat(i * 2)}k${i}:\n`).join('');
      else nest = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}\n`;
      return insertAt(t, lineStart(t, r), nest);
    },
  },
  {
    name: 'huge-line',
    apply(t, r, limits) {
      const token = r.pick(TOKENS);
      // Tokens that open a level nest no deeper than the limits allow: deep nesting is its own mutation.
      const max = NESTING_TOKENS.has(token) ? Math.min(limits.balanced ? 8 : limits.depth, limits.huge / token.length) : limits.huge / token.length;
      const line = token.repeat(Math.max(1, Math.floor(r.between(Math.floor(max / 8), Math.floor(max)))));
      const at = r.chance(0.5) ? r.int(t.length + 1) : t.indexOf('\n', r.int(t.length + 1));
      return insertAt(t, at < 0 ? t.length : at, line);
    },
  },
  {
    name: 'invalid-utf8',
    apply(t, r) {
      const bytes = Buffer.from(t, 'utf8');
      const bad = [[0x80], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80], [0xff], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80]];
      const parts: Uint8Array[] = [];
      let at = 0;
      const cuts = Array.from({ length: r.between(1, 4) }, () => r.int(bytes.length + 1)).sort((a, b) => a - b);
      for (const c of cuts) {
        parts.push(bytes.subarray(at, c), Uint8Array.from(r.pick(bad)));
        at = c;
      }
      parts.push(bytes.subarray(at));
      return decodeLikeShell(Buffer.concat(parts));
    },
  },
  {
    name: 'lone-surrogates',
    apply(t, r) {
      for (let n = r.between(1, 4); n > 0; n--) {
        const kind = r.int(3);
        // A high or low half alone, or an emoji whose pair a range may split.
        const s = kind === 0 ? '\ud83d' : kind === 1 ? '\ude00' : '😀';
        t = insertAt(t, r.int(t.length + 1), s);
      }
      return t;
    },
  },
  {
    name: 'bom',
    apply(t, r) {
      return r.chance(0.7) ? `\ufeff${t}` : insertAt(t, r.int(t.length + 1), '\ufeff');
    },
  },
  {
    name: 'line-endings',
    apply(t, r) {
      const mode = r.int(3);
      if (mode === 0) return t.replace(/\r?\n/g, '\r\n');
      if (mode === 1) return t.replace(/\r?\n/g, '\r');
      return t.replace(/\n/g, () => r.pick(['\n', '\r\n', '\r', '\n\r']));
    },
  },
  {
    name: 'tabs',
    apply(t, r) {
      if (r.chance(0.5)) return t.replace(/^( {2})+/gm, (m) => '\t'.repeat(m.length / 2));
      for (let n = r.between(1, 6); n > 0; n--) t = insertAt(t, lineStart(t, r), '\t');
      return t;
    },
  },
  {
    name: 'splice',
    apply(t, r, _limits, other) {
      // Crossover with another seed of the kind: a head of one, a tail of the other.
      return t.slice(0, r.int(t.length + 1)) + other.slice(r.int(other.length + 1));
    },
  },
  {
    name: 'random',
    apply(_t, r) {
      const n = r.int(2_000);
      let s = '';
      for (let i = 0; i < n; i++) s += r.chance(0.7) ? r.pick(SYNTAX_CHARS) : String.fromCharCode(r.int(0x10000));
      return s;
    },
  },
];

// ---- cases --------------------------------------------------------------------

export interface FuzzCase {
  seed: number;
  index: number;
  kind: FileKind;
  path: string;
  origin: string;
  mutations: string[];
  text: string;
  config: ResolvedConfig;
  /** Name of the policy used, for the report. */
  policy: string;
  seedFile: Seed;
}

const POLICIES: readonly (readonly [string, string | undefined])[] = [
  ['default', undefined],
  ['npm', 'packageManagers:\n  javascript: npm\n'],
  ['pnpm', 'packageManagers:\n  javascript: pnpm\n'],
  ['yarn', 'packageManagers:\n  javascript: yarn\n'],
  ['pip', 'packageManagers:\n  python: pip\n'],
  ['uv', 'packageManagers:\n  python: uv\n'],
];

const configs = new Map<string | undefined, ResolvedConfig>();
function configFor(text: string | undefined): ResolvedConfig {
  let c = configs.get(text);
  if (!c) {
    c = resolveConfig(text, RULES);
    configs.set(text, c);
  }
  return c;
}

/** Case `index` of `seed`: kinds in turn, so that every kind gets its share of any run of consecutive cases. */
export function makeCase(seed: number, index: number, limits: Limits = BOUNDED_LIMITS): FuzzCase {
  const seeds = seedsByKind();
  const kind = FILE_KINDS[index % FILE_KINDS.length];
  const r = new Random(mulberry32(caseSeed(seed, index)));
  const list = seeds.get(kind) as Seed[];
  const seedFile = r.pick(list);
  const other = r.pick(list).text;
  let text = seedFile.text;
  const mutations: string[] = [];
  // One case in twenty is the seed itself: the properties hold for real files too.
  const count = r.chance(0.05) ? 0 : r.between(1, 4);
  for (let i = 0; i < count; i++) {
    const m = r.pick(MUTATORS);
    mutations.push(m.name);
    text = m.apply(text, r, limits, other);
  }
  const [policy, configText] = r.chance(0.5) && seedFile.configText !== undefined ? ['own', seedFile.configText] : r.pick(POLICIES);
  return { seed, index, kind, path: seedFile.path, origin: seedFile.origin, mutations, text, config: configFor(configText), policy, seedFile };
}

// ---- properties ---------------------------------------------------------------

export interface Outcome {
  failures: string[];
  /** Milliseconds of the first lint of the case's text. */
  ms: number;
  bytes: number;
  findings: number;
  fixes: number;
}

/** CPU time allowed for one lint: generous, to catch hangs and quadratic growth, not to measure. */
export function timeBound(bytes: number): number {
  // A hang or a quadratic path overshoots this by far; CPU time (all of the process's threads) is what is bounded.
  return 500 + (4 * bytes) / 1024;
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Whether an offset falls between the two halves of a surrogate pair. */
export function splitsPair(text: string, offset: number): boolean {
  return offset > 0 && offset < text.length && isHigh(text.charCodeAt(offset - 1)) && isLow(text.charCodeAt(offset));
}

function rangeProblem(text: string, r: OffsetRange): string | undefined {
  if (!Number.isInteger(r.start) || !Number.isInteger(r.end)) return `non-integer range ${r.start}-${r.end}`;
  if (r.start < 0 || r.start > r.end || r.end > text.length) return `range ${r.start}-${r.end} outside 0-${text.length}`;
  if (splitsPair(text, r.start) || splitsPair(text, r.end)) return `range ${r.start}-${r.end} splits a surrogate pair`;
  return undefined;
}

/** Whether the text parses in its format; undefined for formats this check does not cover. */
export function parses(format: Format, text: string): boolean | undefined {
  if (format === 'yaml') {
    const parsed = parseYaml(text);
    return parsed.errors.length === 0 && parsed.duplicates.length === 0;
  }
  if (format === 'toml') return parseToml(text).error === undefined;
  if (isJsonFormat(format)) {
    if (jsonTooDeepAt(text) !== undefined) return false;
    const errors: ParseError[] = [];
    parseJsonc(text, errors, { allowTrailingComma: format === 'jsonc', disallowComments: format === 'json' });
    return errors.length === 0;
  }
  return undefined;
}

/** `parses`, with a parser that throws (a stack overflow) counted as not parsing. */
function parsesSafely(format: Format, text: string): boolean | undefined {
  try {
    return parses(format, text);
  } catch {
    return false;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Lints under the case's kind (whatever its mutated text would be detected as) with the case's workspace. */
function lintAs(c: FuzzCase, text: string): LintResult {
  const repo = new Repository({ read: (p) => c.seedFile.siblings.get(p) });
  repo.addPaths(c.seedFile.siblings.keys());
  repo.addPaths([c.path]);
  repo.setBuffer(c.path, text);
  return lint(new SourceFile(c.path, c.kind, text), { config: c.config, workspace: repo });
}

/** Runs the case and checks every property; failures say which and where. */
export function checkCase(c: FuzzCase): Outcome {
  const failures: string[] = [];
  const text = c.text;
  let result: LintResult;
  const t0 = performance.now();
  // The bound is on the CPU time of this process, not the wall clock: suites and builds running beside this one on a
  // shared machine stretch the wall clock several times over, while a hang or a quadratic path burns CPU either way.
  const cpu0 = process.cpuUsage();
  try {
    // Detection reads the text too (by content for YAML, JSON, Dockerfile-like names).
    detectKind(c.path, text, c.config.kinds);
    result = lintAs(c, text);
  } catch (error) {
    return { failures: [`lint threw ${describe(error)}`], ms: performance.now() - t0, bytes: text.length, findings: 0, fixes: 0 };
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (cpuMs > timeBound(bytes)) failures.push(`lint took ${cpuMs.toFixed(0)} ms of CPU for ${bytes} bytes (bound ${timeBound(bytes).toFixed(0)} ms)`);
  for (const crash of result.crashes) failures.push(`rule ${crash.ruleId} crashed: ${describe(crash.error)}`);

  const format = formatOf(c.kind, c.path, text);
  const parsedBefore = parsesSafely(format, text);
  let fixes = 0;
  for (const f of result.findings) {
    const bad = rangeProblem(text, f.range);
    if (bad) failures.push(`${f.ruleId} finding: ${bad}`);
    for (const fix of f.fixes) {
      fixes++;
      const where = `${f.ruleId} fix "${fix.title}"`;
      const badEdit = fix.edits.map((e) => rangeProblem(text, e)).find((p) => p !== undefined);
      if (badEdit) {
        failures.push(`${where}: edit ${badEdit}`);
        continue;
      }
      const sorted = [...fix.edits].sort((a, b) => a.start - b.start);
      if (sorted.some((e, i) => i > 0 && (e.start < sorted[i - 1].end || e.start === sorted[i - 1].start))) {
        failures.push(`${where}: edits overlap`);
        continue;
      }
      let after: string;
      try {
        after = applyEdits(text, fix.edits);
      } catch (error) {
        failures.push(`${where}: does not apply: ${describe(error)}`);
        continue;
      }
      if (parsedBefore && parsesSafely(format, after) === false) failures.push(`${where}: the fixed ${format} no longer parses`);
    }
  }

  // One fix-all pass, as the editor and `check --fix` run it, linted again.
  if (fixes > 0) {
    try {
      const fixed = applyFixes(text, result.findings, { safeOnly: false });
      if (fixed.text !== text) {
        if (parsedBefore && parsesSafely(format, fixed.text) === false) failures.push(`fix-all: the fixed ${format} no longer parses`);
        const again = lintAs(c, fixed.text);
        for (const crash of again.crashes) failures.push(`after fix-all, rule ${crash.ruleId} crashed: ${describe(crash.error)}`);
        for (const f of again.findings) {
          const bad = rangeProblem(fixed.text, f.range);
          if (bad) failures.push(`after fix-all, ${f.ruleId} finding: ${bad}`);
        }
      }
    } catch (error) {
      failures.push(`fix-all threw ${describe(error)}`);
    }
  }
  return { failures, ms, bytes, findings: result.findings.length, fixes };
}

// ---- runs ---------------------------------------------------------------------

export interface RunStats {
  cases: number;
  failed: { c: FuzzCase; failures: string[] }[];
  /** Slowest lint per megabyte among inputs of at least 4 KB (smaller ones measure the constant, not the growth). */
  worstMsPerMb: { value: number; index: number; bytes: number; ms: number };
  worstMs: { value: number; index: number; bytes: number };
  totalBytes: number;
  findings: number;
  fixes: number;
}

export function emptyStats(): RunStats {
  return { cases: 0, failed: [], worstMsPerMb: { value: 0, index: -1, bytes: 0, ms: 0 }, worstMs: { value: 0, index: -1, bytes: 0 }, totalBytes: 0, findings: 0, fixes: 0 };
}

/** Lints each seed once, unmutated, so that first-use costs (schema compilation, lazy modules) are not counted as a case's time. */
export function warmUp(): void {
  for (const [kind, list] of seedsByKind()) {
    for (const s of list.slice(0, 3)) {
      try {
        lint(new SourceFile(s.path, kind, s.text));
      } catch {
        // A seed that throws is a failure its cases will report.
      }
    }
  }
}

export function runCases(seed: number, indexes: Iterable<number>, limits: Limits = BOUNDED_LIMITS, stats: RunStats = emptyStats(), onCase?: (c: FuzzCase, o: Outcome) => void): RunStats {
  for (const index of indexes) {
    const c = makeCase(seed, index, limits);
    const o = checkCase(c);
    stats.cases++;
    stats.totalBytes += o.bytes;
    stats.findings += o.findings;
    stats.fixes += o.fixes;
    if (o.ms > stats.worstMs.value) stats.worstMs = { value: o.ms, index, bytes: o.bytes };
    if (o.bytes >= 4 * 1024) {
      const perMb = (o.ms * 1024 * 1024) / o.bytes;
      if (perMb > stats.worstMsPerMb.value) stats.worstMsPerMb = { value: perMb, index, bytes: o.bytes, ms: o.ms };
    }
    if (o.failures.length) stats.failed.push({ c, failures: o.failures });
    onCase?.(c, o);
  }
  return stats;
}

/** What to print for a failed case: enough to reproduce it. */
export function failureReport(c: FuzzCase, failures: readonly string[]): string {
  return [
    `fuzz case failed: seed ${c.seed}, case ${c.index}, kind ${c.kind}, path ${c.path}`,
    `  from ${c.origin}, mutations [${c.mutations.join(', ')}], policy ${c.policy}, ${c.text.length} characters`,
    ...failures.slice(0, 10).map((f) => `  - ${f}`),
    `  reproduce: bun scripts/fuzz.ts --seed ${c.seed} --case ${c.index}`,
  ].join('\n');
}

export function summary(stats: RunStats): string {
  const w = stats.worstMsPerMb;
  return [
    `${stats.cases} cases, ${stats.failed.length} failed, ${(stats.totalBytes / 1024 / 1024).toFixed(1)} MB linted, ${stats.findings} findings, ${stats.fixes} fixes checked`,
    `slowest: ${stats.worstMs.value.toFixed(1)} ms (case ${stats.worstMs.index}, ${stats.worstMs.bytes} bytes)`,
    `worst time per MB (inputs of 4 KB or more): ${w.value.toFixed(0)} ms/MB (case ${w.index}, ${w.bytes} bytes in ${w.ms.toFixed(1)} ms)`,
  ].join('\n');
}
