/**
 * What a plan document tells a person to run to set a project up, per package
 * manager the policy may name: the locked/frozen install, so that a workstation
 * and CI install exactly what the lockfile says. One line each, runnable from
 * the repository's root (`dir` is the project's folder).
 */
import type { Language } from '../workspace/model';
import type { PackageManagers } from '../types';
import { MANAGER_DISPLAY_NAMES } from '../policy/managers';

type Manager = PackageManagers[keyof PackageManagers];

const INSTALL: Record<Manager, string> = {
  bun: 'bun install --frozen-lockfile',
  npm: 'npm ci',
  yarn: 'yarn install --frozen-lockfile',
  pnpm: 'pnpm install --frozen-lockfile',
  poetry: 'poetry install',
  pipenv: 'pipenv sync',
  uv: 'uv sync --frozen',
  pip: 'pip install -r requirements.txt',
  modules: 'go mod download',
  cargo: 'cargo build --locked',
};

/** The lockfile each manager writes and CI must find beside the manifest. */
const LOCKFILE: Record<Manager, string> = {
  bun: 'bun.lock',
  npm: 'package-lock.json',
  yarn: 'yarn.lock',
  pnpm: 'pnpm-lock.yaml',
  poetry: 'poetry.lock',
  pipenv: 'Pipfile.lock',
  uv: 'uv.lock',
  pip: 'requirements.txt',
  modules: 'go.sum',
  cargo: 'Cargo.lock',
};

export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { javascript: 'JavaScript/TypeScript', python: 'Python', go: 'Go', rust: 'Rust' };

export function policyManager(language: Language, managers: PackageManagers): Manager {
  return managers[language];
}

export function managerName(manager: Manager): string {
  return MANAGER_DISPLAY_NAMES[manager];
}

export function lockfileOf(manager: Manager): string {
  return LOCKFILE[manager];
}

/** The install command for a project in `dir` ('' for the root), run from the repository's root. */
export function initCommand(manager: Manager, dir: string): string {
  const command = INSTALL[manager];
  return dir ? `(cd ${shellWord(dir)} && ${command})` : command;
}

/** A folder name as one shell word: bare when it holds only safe characters, else single-quoted. */
function shellWord(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
