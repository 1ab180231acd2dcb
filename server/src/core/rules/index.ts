import type { Rule } from '../rule';
import configSchema from './config/schema';
import engineLimits from './engine/limits';
import engineRuleCrashed from './engine/rule-crashed';
import jsonSyntax from './json/syntax';
import packageManagerGoModules from './package-manager/go-modules';
import packageManagerJsCommands from './package-manager/js-commands';
import packageManagerJsManagerField from './package-manager/js-manager-field';
import packageManagerLockfile from './package-manager/lockfile';
import packageManagerPythonManifest from './package-manager/python-manifest';
import packageManagerPythonCommands from './package-manager/python-commands';
import packageManagerRequireJsSetup from './package-manager/require-js-setup';
import packageManagerRequireCiSteps from './package-manager/require-ci-steps';
import packageManagerRequireDependencyCache from './package-manager/require-dependency-cache';
import packageManagerRequireFrozenInstall from './package-manager/require-frozen-install';
import packageManagerRustCargo from './package-manager/rust-cargo';
import pipelineNoPlaintextSecrets from './pipeline/no-plaintext-secrets';
import pipelinePinActions from './pipeline/pin-actions';
import pipelinePinImages from './pipeline/pin-images';
import pipelineRequireChecksBeforeDeploy from './pipeline/require-checks-before-deploy';
import pipelineRequireDeployVerification from './pipeline/require-deploy-verification';
import pipelineRequirePermissions from './pipeline/require-permissions';
import pipelineRequireProtectedEnvironment from './pipeline/require-protected-environment';
import pipelineRequireRollback from './pipeline/require-rollback';
import pipelineRequireVersionedArtifacts from './pipeline/require-versioned-artifacts';
import tomlSyntax from './toml/syntax';
import yamlSyntax from './yaml/syntax';

/** Every rule of the product. A meta-test checks that each rule file is listed here. */
export const RULES: readonly Rule<unknown>[] = [
  configSchema,
  engineLimits,
  engineRuleCrashed,
  jsonSyntax,
  packageManagerGoModules,
  packageManagerJsCommands,
  packageManagerJsManagerField,
  packageManagerLockfile,
  packageManagerPythonManifest,
  packageManagerPythonCommands,
  packageManagerRequireJsSetup,
  packageManagerRequireCiSteps,
  packageManagerRequireDependencyCache,
  packageManagerRequireFrozenInstall,
  packageManagerRustCargo,
  pipelineNoPlaintextSecrets,
  pipelinePinActions,
  pipelinePinImages,
  pipelineRequireChecksBeforeDeploy,
  pipelineRequireDeployVerification,
  pipelineRequirePermissions,
  pipelineRequireProtectedEnvironment,
  pipelineRequireRollback,
  pipelineRequireVersionedArtifacts,
  tomlSyntax,
  yamlSyntax,
] as Rule<unknown>[];

export function ruleById(id: string): Rule<unknown> | undefined {
  return RULES.find((r) => r.id === id);
}

const CURRENT_ID = new Map(RULES.flatMap((r) => (r.formerIds ?? []).map((former) => [former, r.id] as const)));

/** The current id of a rule named by a former id; any other id as it is. */
export function currentRuleId(id: string): string {
  return CURRENT_ID.get(id) ?? id;
}
