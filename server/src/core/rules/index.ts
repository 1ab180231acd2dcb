import type { Rule } from '../rule';
import armRequireTags from './arm/require-tags';
import armSchema from './arm/schema';
import azurePipelinesNoMissingTemplate from './azure-pipelines/no-missing-template';
import azurePipelinesNoUnknownDependency from './azure-pipelines/no-unknown-dependency';
import azurePipelinesRequireTaskVersion from './azure-pipelines/require-task-version';
import azurePipelinesSchema from './azure-pipelines/schema';
import azurePipelinesTemplateParameters from './azure-pipelines/template-parameters';
import bitbucketPipelinesNoUndefinedCache from './bitbucket-pipelines/no-undefined-cache';
import bitbucketPipelinesNoUndefinedService from './bitbucket-pipelines/no-undefined-service';
import bitbucketPipelinesSchema from './bitbucket-pipelines/schema';
import circleciNoMalformedOrbReference from './circleci/no-malformed-orb-reference';
import circleciNoUndefinedCommand from './circleci/no-undefined-command';
import circleciNoUndefinedExecutor from './circleci/no-undefined-executor';
import circleciNoUndefinedJob from './circleci/no-undefined-job';
import circleciNoUndefinedParameter from './circleci/no-undefined-parameter';
import circleciSchema from './circleci/schema';
import cloudformationNoHardcodedSecrets from './cloudformation/no-hardcoded-secrets';
import cloudformationNoUndefinedReference from './cloudformation/no-undefined-reference';
import cloudformationRequireDeletionPolicy from './cloudformation/require-deletion-policy';
import cloudformationRequireNoEcho from './cloudformation/require-no-echo';
import cloudformationRequireTags from './cloudformation/require-tags';
import cloudformationSchema from './cloudformation/schema';
import composeNoHostPrivileges from './compose/no-host-privileges';
import composeNoInlineSecrets from './compose/no-inline-secrets';
import composeNoUndefinedService from './compose/no-undefined-service';
import composePinImages from './compose/pin-images';
import composeRequireHealthcheck from './compose/require-healthcheck';
import composeRequireResourceLimits from './compose/require-resource-limits';
import composeSchema from './compose/schema';
import configSchema from './config/schema';
import dockerfileNoPlaintextSecrets from './dockerfile/no-plaintext-secrets';
import dockerfileOsPackageHygiene from './dockerfile/os-package-hygiene';
import dockerfilePinBaseImage from './dockerfile/pin-base-image';
import dockerfilePreferCopy from './dockerfile/prefer-copy';
import dockerfilePreferExecForm from './dockerfile/prefer-exec-form';
import dockerfileRequireDockerignore from './dockerfile/require-dockerignore';
import dockerfileRequireHealthcheck from './dockerfile/require-healthcheck';
import dockerfileRequireManifestsFirst from './dockerfile/require-manifests-first';
import dockerfileRequireMultiStage from './dockerfile/require-multi-stage';
import dockerfileRequireNonRootUser from './dockerfile/require-non-root-user';
import dockerfileSyntax from './dockerfile/syntax';
import engineLimits from './engine/limits';
import engineRuleCrashed from './engine/rule-crashed';
import githubActionsDuplicateStepId from './github-actions/duplicate-step-id';
import githubActionsLocalInputs from './github-actions/local-inputs';
import githubActionsNeeds from './github-actions/needs';
import githubActionsNeedsReference from './github-actions/needs-reference';
import githubActionsNoTextInIf from './github-actions/no-text-in-if';
import githubActionsStepReference from './github-actions/step-reference';
import githubActionsSchema from './github-actions/schema';
import gitlabCiDuplicateJob from './gitlab-ci/duplicate-job';
import gitlabCiExtends from './gitlab-ci/extends';
import gitlabCiInclude from './gitlab-ci/include';
import gitlabCiNeeds from './gitlab-ci/needs';
import gitlabCiNoOnlyExcept from './gitlab-ci/no-only-except';
import gitlabCiRequireScript from './gitlab-ci/require-script';
import gitlabCiSchema from './gitlab-ci/schema';
import gitlabCiStage from './gitlab-ci/stage';
import jsonSyntax from './json/syntax';
import kubernetesHelmTemplate from './kubernetes/helm-template';
import kubernetesNoDefaultNamespace from './kubernetes/no-default-namespace';
import kubernetesPinImages from './kubernetes/pin-images';
import kubernetesRequireAvailability from './kubernetes/require-availability';
import kubernetesRequireProbes from './kubernetes/require-probes';
import kubernetesRequireResources from './kubernetes/require-resources';
import kubernetesRequireSecurityContext from './kubernetes/require-security-context';
import kubernetesSchema from './kubernetes/schema';
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
import planNoContradiction from './plan/no-contradiction';
import planNoMissingReference from './plan/no-missing-reference';
import planNoUndocumented from './plan/no-undocumented';
import planMermaid from './plan/mermaid';
import planRequireDiagram from './plan/require-diagram';
import terraformNamingConvention from './terraform/naming-convention';
import terraformNoHardcodedSecrets from './terraform/no-hardcoded-secrets';
import terraformPinModuleSources from './terraform/pin-module-sources';
import terraformPinProviders from './terraform/pin-providers';
import terraformRequireRemoteBackend from './terraform/require-remote-backend';
import terraformRequireTags from './terraform/require-tags';
import terraformRequireVariableTypeAndDescription from './terraform/require-variable-type-and-description';
import terraformRequireVersion from './terraform/require-version';
import terraformSyntax from './terraform/syntax';
import planDisasterRecoveryObjectives from './plan/disaster-recovery-objectives';
import planMonitoringThresholds from './plan/monitoring-thresholds';
import planNoBrokenLinks from './plan/no-broken-links';
import planNoEmptySection from './plan/no-empty-section';
import planNoPlaceholder from './plan/no-placeholder';
import planPackageManagerRequirements from './plan/package-manager-requirements';
import planRequireConfigExample from './plan/require-config-example';
import planRequireInitCommands from './plan/require-init-commands';
import planSections from './plan/sections';
import pulumiRequireTags from './pulumi/require-tags';
import pulumiSchema from './pulumi/schema';
import roomodesSchema from './roomodes/schema';
import roomodesNoInvalidFileRegex from './roomodes/no-invalid-file-regex';
import roomodesNoBacktrackingFileRegex from './roomodes/no-backtracking-file-regex';
import roomodesNoDuplicateGroup from './roomodes/no-duplicate-group';
import roomodesNoDuplicateSlug from './roomodes/no-duplicate-slug';
import roomodesNoBrowserGroup from './roomodes/no-browser-group';
import roomodesNoOrphanRulesFolder from './roomodes/no-orphan-rules-folder';
import roomodesNoMissingRulesFolder from './roomodes/no-missing-rules-folder';
import tomlSyntax from './toml/syntax';
import yamlSyntax from './yaml/syntax';

/** Every rule of the product. A meta-test checks that each rule file is listed here. */
export const RULES: readonly Rule<unknown>[] = [
  armRequireTags,
  armSchema,
  azurePipelinesNoMissingTemplate,
  azurePipelinesNoUnknownDependency,
  azurePipelinesRequireTaskVersion,
  azurePipelinesSchema,
  azurePipelinesTemplateParameters,
  bitbucketPipelinesNoUndefinedCache,
  bitbucketPipelinesNoUndefinedService,
  bitbucketPipelinesSchema,
  circleciNoMalformedOrbReference,
  circleciNoUndefinedCommand,
  circleciNoUndefinedExecutor,
  circleciNoUndefinedJob,
  circleciNoUndefinedParameter,
  circleciSchema,
  cloudformationNoHardcodedSecrets,
  cloudformationNoUndefinedReference,
  cloudformationRequireDeletionPolicy,
  cloudformationRequireNoEcho,
  cloudformationRequireTags,
  cloudformationSchema,
  composeNoHostPrivileges,
  composeNoInlineSecrets,
  composeNoUndefinedService,
  composePinImages,
  composeRequireHealthcheck,
  composeRequireResourceLimits,
  composeSchema,
  configSchema,
  dockerfileNoPlaintextSecrets,
  dockerfileOsPackageHygiene,
  dockerfilePinBaseImage,
  dockerfilePreferCopy,
  dockerfilePreferExecForm,
  dockerfileRequireDockerignore,
  dockerfileRequireHealthcheck,
  dockerfileRequireManifestsFirst,
  dockerfileRequireMultiStage,
  dockerfileRequireNonRootUser,
  dockerfileSyntax,
  engineLimits,
  engineRuleCrashed,
  githubActionsDuplicateStepId,
  githubActionsLocalInputs,
  githubActionsNeeds,
  githubActionsNeedsReference,
  githubActionsNoTextInIf,
  githubActionsStepReference,
  githubActionsSchema,
  gitlabCiDuplicateJob,
  gitlabCiExtends,
  gitlabCiInclude,
  gitlabCiNeeds,
  gitlabCiNoOnlyExcept,
  gitlabCiRequireScript,
  gitlabCiSchema,
  gitlabCiStage,
  jsonSyntax,
  kubernetesHelmTemplate,
  kubernetesNoDefaultNamespace,
  kubernetesPinImages,
  kubernetesRequireAvailability,
  kubernetesRequireProbes,
  kubernetesRequireResources,
  kubernetesRequireSecurityContext,
  kubernetesSchema,
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
  planNoContradiction,
  planNoMissingReference,
  planNoUndocumented,
  planMermaid,
  planRequireDiagram,
  terraformNamingConvention,
  terraformNoHardcodedSecrets,
  terraformPinModuleSources,
  terraformPinProviders,
  terraformRequireRemoteBackend,
  terraformRequireTags,
  terraformRequireVariableTypeAndDescription,
  terraformRequireVersion,
  terraformSyntax,
  planDisasterRecoveryObjectives,
  planMonitoringThresholds,
  planNoBrokenLinks,
  planNoEmptySection,
  planNoPlaceholder,
  planPackageManagerRequirements,
  planRequireConfigExample,
  planRequireInitCommands,
  planSections,
  pulumiRequireTags,
  pulumiSchema,
  roomodesSchema,
  roomodesNoInvalidFileRegex,
  roomodesNoBacktrackingFileRegex,
  roomodesNoDuplicateGroup,
  roomodesNoDuplicateSlug,
  roomodesNoBrowserGroup,
  roomodesNoOrphanRulesFolder,
  roomodesNoMissingRulesFolder,
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
