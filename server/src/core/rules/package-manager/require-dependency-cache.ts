import type { Node } from 'yaml';
import { isMap, isScalar, isSeq } from 'yaml';
import type { FoundCommand } from '../../parse/commands';
import { actionName, type GhaJob, type GhaStep, workflowJobs } from '../../parse/github-actions';
import { get, stringValue } from '../../parse/yaml';
import { deleteKeyEdit, insertItemBeforeEdit } from '../../parse/yaml-edits';
import { wordsRange } from '../../parse/commands';
import { gitlabJobs } from '../../parse/gitlab-jobs';
import { eachMap } from '../../parse/yaml-scripts';
import { checksummedFiles, type ForeignCache, foreignCaches, hashedFiles, type Language } from '../../policy/caches';
import { defineRule, type RuleContext } from '../../rule';
import type { Fix, OffsetRange } from '../../types';

type Ecosystem = 'bun' | 'poetry' | 'go' | 'cargo';

/** Which ecosystem's dependency download a command performs, if any. */
function downloads(found: FoundCommand): Ecosystem | undefined {
  const [tool, sub] = found.command.words.slice(found.program).map((w) => w.value);
  if (tool === 'bun' && (sub === 'install' || sub === 'i')) return 'bun';
  if (tool === 'poetry' && (sub === 'install' || sub === 'sync')) return 'poetry';
  if (tool === 'go' && ['build', 'test', 'vet', 'run', 'install', 'generate'].includes(sub ?? '')) return 'go';
  if (tool === 'go' && sub === 'mod') return 'go';
  if (tool === 'cargo' && ['build', 'b', 'test', 't', 'run', 'r', 'check', 'c', 'clippy', 'doc', 'bench', 'nextest', 'fetch', 'install'].includes(sub ?? '')) return 'cargo';
  return undefined;
}

/** The `with.path` of an actions/cache step, as one string (list items joined). */
function cachedPaths(step: GhaStep): string {
  return stringList(get(step.with, 'path')).join('\n');
}

/** A YAML string or list of strings as lines: `path: |` blocks and `paths: [a, b]` alike. */
function stringList(node: unknown): string[] {
  if (isSeq(node)) return node.items.flatMap((i) => (isScalar(i) ? [String(i.value)] : []));
  return (stringValue(node) ?? '').split('\n').filter((l) => l.trim() !== '');
}

const ECOSYSTEM_LANGUAGE: Partial<Record<Ecosystem, Language>> = { bun: 'javascript', poetry: 'python' };

/** Cache managers of `actions/setup-python`'s `cache:` input that are package managers of their own. */
const SETUP_PYTHON_CACHES: Record<string, 'pipenv' | 'poetry'> = { pipenv: 'pipenv', poetry: 'poetry' };

interface CacheFinding {
  foreign: ForeignCache;
  range: OffsetRange;
}

/** One finding per cache: the first language whose cache belongs to another manager, at the key or path that shows it. */
function firstForeign(ctx: RuleContext, keyFiles: string[], paths: string[], keyNode: unknown, pathNode: unknown): CacheFinding | undefined {
  const [foreign] = foreignCaches(keyFiles, paths, ctx.packageManagers);
  const node = (foreign?.evidence.kind === 'key' ? keyNode : pathNode) as Node | undefined;
  if (!foreign || !node?.range) return undefined;
  // Point at the lockfile or path itself where the node spells it (a `path: |` block, a long key expression).
  const at = ctx.file.text.slice(node.range[0], node.range[1]).indexOf(foreign.evidence.value);
  const start = at < 0 ? node.range[0] : node.range[0] + at;
  return { foreign, range: { start, end: at < 0 ? node.range[1] : start + foreign.evidence.value.length } };
}

/** Caches of another manager in a workflow job: `actions/cache` by key and path, `actions/setup-python` by its `cache:` input. */
function foreignWorkflowCaches(ctx: RuleContext, job: GhaJob): CacheFinding[] {
  const out: CacheFinding[] = [];
  for (const step of job.steps) {
    // A step reused through an alias is reported once, where its anchor is written.
    if (step.alias) continue;
    const name = step.uses && actionName(step.uses.value);
    if (name === 'actions/cache' || name === 'actions/cache/restore' || name === 'actions/cache/save') {
      const key = get(step.with, 'key');
      const found = firstForeign(ctx, hashedFiles(stringValue(key) ?? ''), stringList(get(step.with, 'path')), key, get(step.with, 'path'));
      if (found) out.push(found);
    } else if (name === 'actions/setup-python') {
      const cache = get(step.with, 'cache');
      const manager = SETUP_PYTHON_CACHES[stringValue(cache) ?? ''];
      const configured = ctx.packageManagers.python;
      if (manager && manager !== configured && isScalar(cache) && cache.range) {
        const names = { pipenv: 'Pipenv', poetry: 'Poetry', uv: 'uv', pip: 'pip' };
        out.push({
          foreign: { language: 'python', tool: names[manager], configured: names[configured], evidence: { kind: 'path', value: `cache: ${manager}` } },
          range: { start: cache.range[0], end: cache.range[1] },
        });
      }
    }
  }
  return out;
}

/** `restore_cache` and `save_cache` steps of a CircleCI config, where they are written, by the files their keys checksum. */
function foreignCircleciCaches(ctx: RuleContext): CacheFinding[] {
  const out: CacheFinding[] = [];
  for (const doc of ctx.file.yaml.documents) {
    eachMap(doc.contents, (map) => {
      for (const stepName of ['restore_cache', 'save_cache']) {
        const step = get(map, stepName);
        if (!isMap(step)) continue;
        const keyNodes = [get(step, 'key'), ...(isSeq(get(step, 'keys')) ? (get(step, 'keys') as { items: unknown[] }).items : [])];
        const keyFiles = keyNodes.flatMap((k) => checksummedFiles(stringValue(k) ?? ''));
        const keyNode = keyNodes.find((k) => checksummedFiles(stringValue(k) ?? '').length > 0);
        const found = firstForeign(ctx, keyFiles, stringList(get(step, 'paths')), keyNode, get(step, 'paths'));
        if (found) out.push(found);
      }
    });
  }
  return out;
}

/** GitLab `cache:` entries where they are written (a job's, `default:`'s, a template's), by `key: files:` and `paths:`. */
function foreignGitlabCaches(ctx: RuleContext): CacheFinding[] {
  const out: CacheFinding[] = [];
  for (const doc of ctx.file.yaml.documents) {
    eachMap(doc.contents, (map, path) => {
      if (path.includes('variables')) return;
      const value = get(map, 'cache');
      for (const cache of isSeq(value) ? value.items : [value]) {
        if (!isMap(cache)) continue;
        const files = get(get(cache, 'key'), 'files');
        const found = firstForeign(ctx, stringList(files), stringList(get(cache, 'paths')), files, get(cache, 'paths'));
        if (found) out.push(found);
      }
    });
  }
  return out;
}

function reportForeign(ctx: RuleContext, found: CacheFinding): void {
  const { foreign } = found;
  const data = { value: foreign.evidence.value, tool: foreign.tool, manager: foreign.configured, language: foreign.language === 'javascript' ? 'JavaScript' : 'Python' };
  ctx.report({ messageId: foreign.evidence.kind === 'key' ? 'foreignKey' : 'foreignPath', data, range: found.range });
}

/** Major version of an action reference (`actions/setup-go@v5` → 5), or undefined for a SHA or branch. */
function majorVersion(uses: string): number | undefined {
  const m = /@v?(\d+)/.exec(uses);
  return m ? Number(m[1]) : undefined;
}

const CACHE_PATHS: Record<Ecosystem, RegExp> = {
  bun: /\.bun\b|bun\/install\/cache/,
  poetry: /pypoetry|poetry|\.venv/,
  go: /go-build|go\/pkg\/mod|GOMODCACHE|GOCACHE/,
  cargo: /\.cargo|\btarget\b/,
};

/** True when some step of the job caches the ecosystem's downloads. */
function isCached(job: GhaJob, eco: Ecosystem): boolean {
  return job.steps.some((step) => {
    if (!step.uses) return false;
    const name = actionName(step.uses.value);
    if (name === 'actions/cache' || name === 'actions/cache/restore') return CACHE_PATHS[eco].test(cachedPaths(step));
    const cacheInput = stringValue(get(step.with, 'cache')) ?? String((get(step.with, 'cache') as { value?: unknown } | undefined)?.value ?? '');
    switch (eco) {
      case 'poetry':
        return name === 'actions/setup-python' && cacheInput === 'poetry';
      case 'go':
        // setup-go caches modules and the build cache by default from v4 on.
        return name === 'actions/setup-go' && (cacheInput === 'true' || ((majorVersion(step.uses.value) ?? 4) >= 4 && cacheInput !== 'false'));
      case 'cargo':
        return name === 'swatinem/rust-cache' || (name === 'actions-rust-lang/setup-rust-toolchain' && cacheInput !== 'false');
      default:
        return false;
    }
  });
}

const CACHE_STEPS: Record<Exclude<Ecosystem, 'go'>, string[]> = {
  bun: [
    '- uses: actions/cache@v4',
    'with:',
    '  path: ~/.bun/install/cache',
    "  key: ${{ runner.os }}-bun-${{ hashFiles('**/bun.lock') }}",
    '  restore-keys: ${{ runner.os }}-bun-',
  ],
  poetry: [
    '- uses: actions/cache@v4',
    'with:',
    '  path: ~/.cache/pypoetry',
    "  key: ${{ runner.os }}-poetry-${{ hashFiles('**/poetry.lock') }}",
    '  restore-keys: ${{ runner.os }}-poetry-',
  ],
  cargo: ['- uses: Swatinem/rust-cache@v2'],
};

/** A GitLab `cache:` covers an ecosystem when it is keyed on that ecosystem's lockfile (`key: files: [go.sum]`). */
const GITLAB_CACHE: Record<Ecosystem, RegExp> = {
  bun: /bun\.lockb?\b/,
  poetry: /poetry\.lock/,
  go: /go\.sum/,
  cargo: /Cargo\.lock/,
};

/** Lockfile names in the source text of a GitLab cache (`key: files: [yarn.lock]`), for deciding whose cache it is. */
function gitlabKeyFiles(cacheText: string): string[] {
  return [...cacheText.matchAll(/[\w./*-]*(?:lock[\w.]*|\.txt|Pipfile)\b/g)].map((m) => m[0]);
}

const NAMES: Record<Ecosystem, string> = { bun: 'Bun', poetry: 'Poetry', go: 'Go module', cargo: 'Cargo' };

export default defineRule({
  id: 'package-manager/require-dependency-cache',
  kinds: ['github-actions', 'gitlab-ci', 'circleci'],
  severity: 'warning',
  fix: 'safe',
  docs: {
    summary: 'A job that installs or builds with Bun, Poetry, Go or Cargo caches that ecosystem\'s downloads, and no pipeline caches another client\'s.',
    rationale:
      'Without a cache every run downloads the whole dependency tree again: slower pipelines, more load on registries, ' +
      'and builds that fail when a registry is down. Each ecosystem has its usual cache:\n\n' +
      '- Bun: `actions/cache` on `~/.bun/install/cache`, keyed on `bun.lock` (`oven-sh/setup-bun` caches only Bun itself);\n' +
      '- Poetry: `actions/setup-python` with `cache: poetry`, or `actions/cache` on `~/.cache/pypoetry`, keyed on `poetry.lock`;\n' +
      '- Go: `actions/setup-go` v4 or later caches the module and build caches by default, so `cache: false` turns that off;\n' +
      '- Cargo: `Swatinem/rust-cache`, or `actions/cache` on `~/.cargo/registry` and `target/`, keyed on `Cargo.lock`.\n\n' +
      'In GitLab CI, a job that downloads needs a `cache:` (its own, one inherited through `extends:` or an anchor, or ' +
      'the `default:` one) keyed on the ecosystem\'s lockfile (`key: files: [go.sum]`, `bun.lock`, `poetry.lock`, ' +
      '`Cargo.lock`): a fixed key keeps serving stale downloads after the lockfile changes. Hidden template jobs are ' +
      'checked where they are used.\n\n' +
      'A cache of another client is reported too, whatever the job runs: a cache that keeps the downloads of a ' +
      'manager the policy does not use is dead weight at best and, at worst, the sign of an install that still goes ' +
      'through that manager (an action, a script). It is recognised by the lockfile its key hashes ' +
      "(`hashFiles('**/yarn.lock')`, CircleCI's `checksum \"package-lock.json\"`, GitLab's `key: files: [Pipfile.lock]`; " +
      '`package-lock.json`, `yarn.lock`, `pnpm-lock.yaml`, `bun.lock`, `requirements*.txt`, `Pipfile.lock`, `poetry.lock`, ' +
      '`uv.lock`) or, when the key hashes none of the configured manager\'s files, by the store among its paths ' +
      '(`~/.npm`, `~/.cache/yarn`, `.yarn/cache`, `~/.pnpm-store`, `~/.cache/pipenv`, `~/.cache/uv`, ' +
      '`~/.cache/pypoetry`): `actions/cache` steps, CircleCI `restore_cache` and `save_cache`, GitLab `cache:` entries where ' +
      'they are written, and `actions/setup-python` with `cache: pipenv` (or `cache: poetry` under another Python ' +
      'manager). pip\'s own cache (`~/.cache/pip`) counts only when its key hashes a requirements file: pip is also how ' +
      'pipelines install Poetry, Pipenv or uv, so a pip cache with a fixed key or keyed on `poetry.lock` is left alone. ' +
      'A job whose cache is another manager\'s gets that one finding, not a second one for the missing cache of the ' +
      'configured manager. `actions/setup-node`\'s `cache:` input is `package-manager/require-js-setup`\'s.\n\n' +
      'The finding points at the first command of the job that downloads. The fix inserts the cache step before that ' +
      'command\'s step (or removes `cache: false`); a cache changes how long a job takes, not what it builds.',
  },
  messages: {
    missing: 'Job `{job}` runs `{command}` without caching {ecosystem} downloads.',
    missingGitlab: 'Job `{job}` runs `{command}` with no cache keyed on the {ecosystem} lockfile.',
    goCacheOff: '`cache: false` turns off the Go module and build cache of `actions/setup-go`.',
    foreignKey: 'This cache is keyed on `{value}`, which belongs to {tool}, but {manager} is the {language} package manager here.',
    foreignPath: '`{value}` caches the downloads of {tool}, but {manager} is the {language} package manager here.',
  },
  check(ctx) {
    const text = ctx.file.text;
    if (ctx.file.kind === 'circleci') {
      for (const found of foreignCircleciCaches(ctx)) reportForeign(ctx, found);
      return;
    }
    if (ctx.file.kind === 'gitlab-ci') {
      const foreign = foreignGitlabCaches(ctx);
      for (const found of foreign) reportForeign(ctx, found);
      for (const job of gitlabJobs(ctx.file)) {
        const reported = new Set<Ecosystem>();
        for (const found of job.commands) {
          const eco = downloads(found);
          if (!eco || reported.has(eco)) continue;
          reported.add(eco);
          if (job.cacheText !== undefined && GITLAB_CACHE[eco].test(job.cacheText)) continue;
          // A cache keyed on another manager's lockfile is reported where it is written: one finding for one wrong cache.
          const language = ECOSYSTEM_LANGUAGE[eco];
          if (job.cacheText !== undefined && language && foreignCaches(gitlabKeyFiles(job.cacheText), [], ctx.packageManagers).some((f) => f.language === language)) continue;
          const words = wordsRange(found, found.program, found.program + 1);
          // A command inherited from a template is reported at the job that runs it, once per job.
          const own = job.node?.range && words.start >= job.node.range[0] && words.end <= job.node.range[1];
          const range = own || !job.key.range ? words : { start: job.key.range[0], end: job.key.range[1] };
          ctx.report({
            messageId: 'missingGitlab',
            data: { job: job.id, command: text.slice(words.start, words.end), ecosystem: NAMES[eco] },
            range,
          });
        }
      }
      return;
    }
    for (const job of workflowJobs(ctx.file)) {
      const foreign = foreignWorkflowCaches(ctx, job);
      for (const found of foreign) reportForeign(ctx, found);
      for (const step of job.steps) {
        if (step.uses && !step.alias && actionName(step.uses.value) === 'actions/setup-go') {
          const cache = get(step.with, 'cache') as Node | undefined;
          if (isScalar(cache) && String(cache.value) === 'false' && cache.range) {
            const edit = deleteKeyEdit(text, step.with, 'cache');
            ctx.report({
              messageId: 'goCacheOff',
              range: { start: cache.range[0], end: cache.range[1] },
              fixes: edit ? [{ title: 'Remove `cache: false`', safe: true, edits: [edit] }] : [],
            });
          }
        }
      }
      const reported = new Set<Ecosystem>();
      for (const step of job.steps) {
        for (const found of step.commands) {
          const eco = downloads(found);
          if (!eco || reported.has(eco)) continue;
          reported.add(eco);
          if (isCached(job, eco)) continue;
          // A job that caches another manager's downloads gets that finding instead: one wrong cache, one finding.
          if (foreign.some((f) => f.foreign.language === ECOSYSTEM_LANGUAGE[eco])) continue;
          // A turned-off setup-go cache is reported where it is turned off.
          if (eco === 'go' && job.steps.some((s) => s.uses && actionName(s.uses.value) === 'actions/setup-go' && String((get(s.with, 'cache') as { value?: unknown } | undefined)?.value) === 'false')) continue;
          const fixes: Fix[] = [];
          if (eco !== 'go') {
            const edit = insertItemBeforeEdit(text, step.node, CACHE_STEPS[eco]);
            if (edit) fixes.push({ title: `Cache ${NAMES[eco]} downloads`, safe: true, edits: [edit] });
          }
          const range = wordsRange(found, found.program, found.program + 1);
          ctx.report({
            messageId: 'missing',
            data: { job: job.id, command: text.slice(range.start, range.end), ecosystem: NAMES[eco] },
            range,
            fixes,
          });
        }
      }
    }
  },
});
