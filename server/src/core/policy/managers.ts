import type { PackageManagers } from '../types';

/** Every package manager a policy can name, across ecosystems. */
export type ManagerId = PackageManagers[keyof PackageManagers];

/** How messages and docs spell each manager: the one table of display names. */
export const MANAGER_DISPLAY_NAMES: Readonly<Record<ManagerId, string>> = Object.freeze({
  bun: 'Bun',
  npm: 'npm',
  yarn: 'Yarn',
  pnpm: 'pnpm',
  poetry: 'Poetry',
  pipenv: 'Pipenv',
  uv: 'uv',
  pip: 'pip',
  modules: 'Go modules',
  cargo: 'Cargo',
});
