import type { Node } from 'yaml';
import { isScalar, isSeq } from 'yaml';
import type { FoundCommand } from '../../parse/commands';
import { actionName, type GhaJob, type GhaStep, workflowJobs } from '../../parse/github-actions';
import { get, stringValue } from '../../parse/yaml';
import { deleteKeyEdit, insertItemBeforeEdit } from '../../parse/yaml-edits';
import { wordsRange } from '../../parse/commands';
import { gitlabJobs } from '../../parse/gitlab-jobs';
import { defineRule } from '../../rule';
import type { Fix } from '../../types';

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
  const path = get(step.with, 'path');
  if (isSeq(path)) return path.items.map((i) => (isScalar(i) ? String(i.value) : '')).join('\n');
  return stringValue(path) ?? '';
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

const NAMES: Record<Ecosystem, string> = { bun: 'Bun', poetry: 'Poetry', go: 'Go module', cargo: 'Cargo' };

export default defineRule({
  id: 'package-manager/require-dependency-cache',
  kinds: ['github-actions', 'gitlab-ci'],
  severity: 'warning',
  fix: 'safe',
  docs: {
    summary: 'A job that installs or builds with Bun, Poetry, Go or Cargo caches that ecosystem\'s downloads.',
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
      'The finding points at the first command of the job that downloads. The fix inserts the cache step before that ' +
      'command\'s step (or removes `cache: false`); a cache changes how long a job takes, not what it builds.',
  },
  messages: {
    missing: 'Job `{job}` runs `{command}` without caching {ecosystem} downloads.',
    missingGitlab: 'Job `{job}` runs `{command}` with no cache keyed on the {ecosystem} lockfile.',
    goCacheOff: '`cache: false` turns off the Go module and build cache of `actions/setup-go`.',
  },
  check(ctx) {
    const text = ctx.file.text;
    if (ctx.file.kind === 'gitlab-ci') {
      for (const job of gitlabJobs(ctx.file)) {
        const reported = new Set<Ecosystem>();
        for (const found of job.commands) {
          const eco = downloads(found);
          if (!eco || reported.has(eco)) continue;
          reported.add(eco);
          if (job.cacheText !== undefined && GITLAB_CACHE[eco].test(job.cacheText)) continue;
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
      for (const step of job.steps) {
        if (step.uses && actionName(step.uses.value) === 'actions/setup-go') {
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
