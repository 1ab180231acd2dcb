import type { Rule } from '../rule';
import configSchema from './config/schema';
import jsonSyntax from './json/syntax';
import packageManagerGoModules from './package-manager/go-modules';
import packageManagerJsBun from './package-manager/js-bun';
import packageManagerJsManagerField from './package-manager/js-manager-field';
import packageManagerLockfile from './package-manager/lockfile';
import packageManagerPythonManifest from './package-manager/python-manifest';
import packageManagerPythonPoetry from './package-manager/python-poetry';
import packageManagerRequireBunSetup from './package-manager/require-bun-setup';
import packageManagerRequireCiSteps from './package-manager/require-ci-steps';
import packageManagerRequireDependencyCache from './package-manager/require-dependency-cache';
import packageManagerRequireFrozenInstall from './package-manager/require-frozen-install';
import packageManagerRustCargo from './package-manager/rust-cargo';
import tomlSyntax from './toml/syntax';
import yamlSyntax from './yaml/syntax';

/** Every rule of the product. A meta-test checks that each rule file is listed here. */
export const RULES: readonly Rule<unknown>[] = [
  configSchema,
  jsonSyntax,
  packageManagerGoModules,
  packageManagerJsBun,
  packageManagerJsManagerField,
  packageManagerLockfile,
  packageManagerPythonManifest,
  packageManagerPythonPoetry,
  packageManagerRequireBunSetup,
  packageManagerRequireCiSteps,
  packageManagerRequireDependencyCache,
  packageManagerRequireFrozenInstall,
  packageManagerRustCargo,
  tomlSyntax,
  yamlSyntax,
] as Rule<unknown>[];

export function ruleById(id: string): Rule<unknown> | undefined {
  return RULES.find((r) => r.id === id);
}
