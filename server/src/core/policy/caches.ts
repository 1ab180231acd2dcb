/**
 * Which package manager a pipeline cache belongs to, read from what it stores
 * (`~/.npm`, `~/.cache/pip`) and what its key hashes (`yarn.lock`,
 * `Pipfile.lock`). Pure string-level knowledge: the readers of each pipeline
 * kind find the paths and key files, the rule decides where to report.
 */
import type { PackageManagers } from '../types';

export type Language = 'javascript' | 'python';
type Manager = PackageManagers['javascript'] | PackageManagers['python'];

interface ManagerFiles {
  language: Language;
  manager: Manager;
  /** As a message names it. */
  name: string;
  /** Lockfiles (or requirement lists) a key hashes when it caches this manager's downloads. */
  lockfile: RegExp;
  /** Its download store or cache folder, as a cache path spells it. */
  store?: RegExp;
}

/** Every manager's files; the stores are anchored on a path separator so that `my.npmrc` or `pipeline/` never match. */
const MANAGERS: readonly ManagerFiles[] = [
  { language: 'javascript', manager: 'npm', name: 'npm', lockfile: /^(package-lock\.json|npm-shrinkwrap\.json)$/, store: /(^|[/\\])\.npm([/\\]|$)|(^|[/\\])npm-cache([/\\]|$)/ },
  { language: 'javascript', manager: 'yarn', name: 'Yarn', lockfile: /^yarn\.lock$/, store: /(^|[/\\])\.cache[/\\]yarn([/\\]|$)|(^|[/\\])\.yarn[/\\](cache|berry)([/\\]|$)|(^|[/\\])\.?yarn-cache([/\\]|$)|Yarn[/\\]Cache/ },
  { language: 'javascript', manager: 'pnpm', name: 'pnpm', lockfile: /^pnpm-lock\.yaml$/, store: /(^|[/\\])\.pnpm-store([/\\]|$)|(^|[/\\])pnpm[/\\]store([/\\]|$)/ },
  { language: 'javascript', manager: 'bun', name: 'Bun', lockfile: /^bun\.lockb?$/, store: /(^|[/\\])\.bun[/\\]install[/\\]cache([/\\]|$)/ },
  // pip's own cache is no evidence: pip is also how a pipeline installs Poetry, Pipenv or uv.
  { language: 'python', manager: 'pip', name: 'pip', lockfile: /^requirements[\w.*-]*\.txt$/ },
  { language: 'python', manager: 'pipenv', name: 'Pipenv', lockfile: /^Pipfile(\.lock)?$/, store: /(^|[/\\])\.cache[/\\]pipenv([/\\]|$)|(^|[/\\])\.local[/\\]share[/\\]virtualenvs([/\\]|$)/ },
  { language: 'python', manager: 'poetry', name: 'Poetry', lockfile: /^poetry\.lock$/, store: /(^|[/\\])\.cache[/\\]pypoetry([/\\]|$)/ },
  { language: 'python', manager: 'uv', name: 'uv', lockfile: /^uv\.lock$/, store: /(^|[/\\])\.cache[/\\]uv([/\\]|$)/ },
];

/** A cache found to belong to another manager than the configured one. */
export interface ForeignCache {
  language: Language;
  /** The other manager, as a message names it. */
  tool: string;
  /** The configured manager, as a message names it. */
  configured: string;
  /** What gave it away: a lockfile its key hashes, or a store among its paths. */
  evidence: { kind: 'key' | 'path'; value: string };
}

const NAMES: Record<Manager, string> = { bun: 'Bun', npm: 'npm', yarn: 'Yarn', pnpm: 'pnpm', poetry: 'Poetry', pipenv: 'Pipenv', uv: 'uv', pip: 'pip' };

/** The last segment of a key file pattern: `**\/yarn.lock` → `yarn.lock`, `"frontend/package-lock.json"` → `package-lock.json`. */
function baseName(pattern: string): string {
  const clean = pattern.trim().replace(/^["']|["']$/g, '');
  return clean.slice(Math.max(clean.lastIndexOf('/'), clean.lastIndexOf('\\')) + 1);
}

/**
 * The foreign managers a cache belongs to, one per language: a key that hashes
 * another manager's lockfile, or (when the key hashes none of the configured
 * manager's files) a path in another manager's store. A cache keyed on the
 * configured manager's lockfile is its own, whatever else it stores (pip's
 * cache where pip only bootstraps Poetry).
 */
export function foreignCaches(keyFiles: readonly string[], paths: readonly string[], managers: PackageManagers): ForeignCache[] {
  const out: ForeignCache[] = [];
  const files = keyFiles.map(baseName);
  for (const language of ['javascript', 'python'] as const) {
    const configured = managers[language];
    const own = MANAGERS.find((m) => m.manager === configured);
    if (own && files.some((f) => own.lockfile.test(f))) continue;
    const others = MANAGERS.filter((m) => m.language === language && m.manager !== configured);
    let found: ForeignCache | undefined;
    for (const m of others) {
      const file = keyFiles.find((f) => m.lockfile.test(baseName(f)));
      if (file) {
        found = { language, tool: m.name, configured: NAMES[configured], evidence: { kind: 'key', value: baseName(file) } };
        break;
      }
    }
    if (!found) {
      for (const m of others) {
        const path = m.store && paths.find((p) => m.store?.test(p.trim()));
        if (path) {
          found = { language, tool: m.name, configured: NAMES[configured], evidence: { kind: 'path', value: path.trim() } };
          break;
        }
      }
    }
    if (found) out.push(found);
  }
  return out;
}

/** Files hashed by a GitHub Actions expression: the arguments of every `hashFiles(…)`. */
export function hashedFiles(key: string): string[] {
  const out: string[] = [];
  for (const call of key.matchAll(/hashFiles\(([^)]*)\)/g)) {
    for (const arg of call[1].matchAll(/'([^']*)'|"([^"]*)"/g)) out.push(arg[1] ?? arg[2]);
  }
  return out;
}

/** Files a CircleCI cache key checksums: `{{ checksum "yarn.lock" }}`. */
export function checksummedFiles(key: string): string[] {
  return [...key.matchAll(/checksum\s+"([^"]*)"/g)].map((m) => m[1]);
}
