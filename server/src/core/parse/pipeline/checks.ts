/**
 * Whether a step or a job runs tests or static analysis (lint, type check,
 * format check, security scan), by what it runs — the command, the project
 * script, the action, orb, task or pipe — or by the name its author gave it.
 * Generous on purpose: a check missed here is a false alarm elsewhere.
 */
import type { FoundCommand } from '../script-commands';
import { type Invocation, invocation } from './invocation';
import type { CiJob, CiStep } from './model';

export interface Checks {
  tests: boolean;
  analysis: boolean;
}

const TEST_TOOLS = new Set([
  'pytest', 'tox', 'nox', 'jest', 'vitest', 'mocha', 'ava', 'karma', 'jasmine', 'gotestsum', 'ginkgo', 'rspec', 'phpunit', 'pest', 'ctest',
  'bats', 'newman', 'behave', 'robot', 'nose2', 'testcafe', 'wdio', 'tap', 'c8', 'nyc', 'unittest', 'cucumber-js', 'cucumber',
  // Link checkers test a site as its readers use it.
  'lychee', 'linkinator', 'markdown-link-check', 'htmlproofer', 'muffet',
]);
/** Builders whose test builds are tests: Sphinx's `linkcheck` and `doctest`. */
const TEST_FLAGS: Record<string, RegExp> = { 'sphinx-build': /^(?:linkcheck|doctest)$/ };
const TEST_SUBCOMMANDS: Record<string, RegExp> = {
  go: /^test$/, cargo: /^(?:test|t|nextest|tarpaulin|llvm-cov)$/, bun: /^test$/, deno: /^test$/, dotnet: /^test$/, mix: /^test$/, swift: /^test$/,
  flutter: /^test$/, dart: /^test$/, sbt: /^test$/, lein: /^test$/, stack: /^test$/, cabal: /^test$/, cypress: /^run$/, playwright: /^test$/,
  mvn: /^(?:test|verify|install|package)$/, terraform: /^(?:plan|test)$/, tofu: /^(?:plan|test)$/, terragrunt: /^(?:plan|run-all)$/, pulumi: /^preview$/, cdk: /^diff$/, gradle: /^(?:test|check|build|\w*[tT]est)$/, coverage: /^run$/, 'manage.py': /^test$/,
};
const ANALYSIS_TOOLS = new Set([
  'eslint', 'oxlint', 'stylelint', 'markdownlint', 'markdownlint-cli2', 'flake8', 'pylint', 'mypy', 'pyright', 'basedpyright', 'bandit',
  'pip-audit', 'safety', 'pyflakes', 'pycodestyle', 'pydocstyle', 'golangci-lint', 'staticcheck', 'govulncheck', 'gosec', 'revive',
  'shellcheck', 'hadolint', 'actionlint', 'zizmor', 'yamllint', 'tflint', 'checkov', 'tfsec', 'terrascan', 'trivy', 'grype', 'semgrep',
  'sonar-scanner', 'gitleaks', 'trufflehog', 'detect-secrets', 'kube-linter', 'kubeconform', 'kubeval', 'cfn-lint', 'cfn_nag', 'rubocop',
  'standardrb', 'ktlint', 'detekt', 'swiftlint', 'clang-tidy', 'cppcheck', 'phpstan', 'psalm', 'phpcs', 'vue-tsc', 'svelte-check',
  'pre-commit', 'osv-scanner', 'dependency-check', 'roo-devops', 'knip', 'publint', 'codespell', 'cspell', 'vale', 'sqlfluff', 'ruff',
  'commitlint', 'codeql',
]);
const ANALYSIS_SUBCOMMANDS: Record<string, RegExp> = {
  go: /^vet$/, cargo: /^(?:clippy|audit|deny|udeps|machete|check)$/, terraform: /^(?:validate|plan)$/, tofu: /^(?:validate|plan)$/, helm: /^lint$/,
  terragrunt: /^(?:validate|plan|hclfmt)$/, pulumi: /^preview$/, cdk: /^(?:diff|synth)$/,
  npm: /^audit$/, yarn: /^(?:audit|npm)$/, pnpm: /^audit$/, bun: /^audit$/, snyk: /^(?:test|code|iac|container)$/, biome: /^(?:check|lint|ci)$/,
  docker: /^scout$/, deno: /^(?:lint|check)$/, dotnet: /^format$/,
};
/** Formatters and builders that are checks only with one of these flags. */
const ANALYSIS_FLAGS: Record<string, RegExp> = {
  tsc: /^--no[eE]mit$/, prettier: /^(?:--check|-c|--list-different|-l)$/, black: /^(?:--check|--diff)$/, isort: /^(?:--check|--check-only|-c|--diff)$/,
  gofmt: /^-[a-z]*[ld][a-z]*$/, 'sphinx-build': /^-W$/, mkdocs: /^--strict$/, terraform: /^-check$/, cargo: /^--check$/,
};

const TEST_WORDS = /(?<![a-z])(?:tests?|specs?|e2e|unit|integration|pytest|jest|vitest)(?![a-z])/i;
const ANALYSIS_WORDS = /(?<![a-z])(?:lint\w*|typecheck\w*|type[- ]?check\w*|types|tsc|static[- ]analysis|sast|codeql|scan\w*|security|vet|audit|format|fmt|style|quality|checks?|analy[sz]e|validate)(?![a-z])/i;
const TEST_REFS = /cypress-io\/github-action|(?:^|\/)test(?:$|[@:/-])|^VSTest@|^PublishTestResults@|store_test_results|pytest|jest/i;
const ANALYSIS_REFS =
  /codeql|golangci-lint|super-linter|reviewdog\/|sonar|trivy|snyk|semgrep|hadolint|shellcheck|actionlint|pre-commit\/action|ruff|psf\/black|dependency-review|gitleaks|trufflehog|checkov|tfsec|lint|^CredScan@|MicrosoftSecurityDevOps@|AdvancedSecurity/i;

export function commandChecks(found: FoundCommand): Checks {
  return invocationChecks(invocation(found));
}

export function invocationChecks(inv: Invocation): Checks {
  const { tool, args, script } = inv;
  if (script !== undefined) return { tests: TEST_WORDS.test(script), analysis: ANALYSIS_WORDS.test(script) };
  const sub = args.find((a) => !a.startsWith('-')) ?? '';
  const skipsTests = args.some((a) => /^-D(?:skipTests|maven\.test\.skip)/.test(a) || a === '-x');
  const tests = TEST_TOOLS.has(tool) || args.some((a) => TEST_FLAGS[tool]?.test(a) === true) || (TEST_SUBCOMMANDS[tool]?.test(sub) === true && !skipsTests) || (tool.startsWith('python') && args[0] === 'manage.py' && args[1] === 'test');
  const flag = ANALYSIS_FLAGS[tool];
  const analysis =
    (ANALYSIS_TOOLS.has(tool) && !(tool === 'ruff' && sub === 'format' && !args.includes('--check'))) ||
    ANALYSIS_SUBCOMMANDS[tool]?.test(sub) === true ||
    (flag !== undefined && args.some((a) => flag.test(a)));
  return { tests, analysis };
}

export function stepChecks(step: CiStep): Checks {
  const out: Checks = { tests: false, analysis: false };
  const add = (c: Checks) => {
    out.tests ||= c.tests;
    out.analysis ||= c.analysis;
  };
  for (const c of step.commands) add(commandChecks(c));
  if (step.ref) add({ tests: TEST_REFS.test(step.ref.value), analysis: ANALYSIS_REFS.test(step.ref.value) });
  if (step.name) add({ tests: TEST_WORDS.test(step.name), analysis: ANALYSIS_WORDS.test(step.name) });
  return out;
}

const checksOfJob = new WeakMap<CiJob, Checks>();

/** The checks of a whole job: its steps', and those its id or name promise. Memoised per job. */
export function jobChecks(job: CiJob): Checks {
  const known = checksOfJob.get(job);
  if (known) return { ...known };
  const out = namedChecks(job);
  for (const step of job.steps) {
    const c = stepChecks(step);
    out.tests ||= c.tests;
    out.analysis ||= c.analysis;
  }
  checksOfJob.set(job, { ...out });
  return out;
}

/** Either's checks. */
export function bothChecks(a: Checks, b: Checks): Checks {
  // Folded over every edge of a pipeline: no new object unless something is added.
  if ((a.tests || !b.tests) && (a.analysis || !b.analysis)) return a;
  if ((b.tests || !a.tests) && (b.analysis || !a.analysis)) return b;
  return { tests: true, analysis: true };
}

function namedChecks(job: CiJob): Checks {
  const names = [job.id, job.name ?? '', job.runs ?? ''].join(' ');
  return { tests: TEST_WORDS.test(names), analysis: ANALYSIS_WORDS.test(names) };
}
