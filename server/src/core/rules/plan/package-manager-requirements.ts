import { foreignManagerMentions, namesManager, type PolicyLanguage } from '../../parse/plan-managers';
import { planOutline } from '../../parse/plan-doc';
import { planDocumentKind } from '../../plan/sections';
import { MANAGER_DISPLAY_NAMES, type ManagerId } from '../../policy/managers';
import { defineRule } from '../../rule';

const LANGUAGE_NAMES: Readonly<Record<PolicyLanguage, string>> = {
  javascript: 'JavaScript/TypeScript',
  python: 'Python',
  go: 'Go',
  rust: 'Rust',
};

/** Managers the policy cannot name, found as commands (`dep ensure`). */
const OTHER_NAMES: Readonly<Record<string, string>> = { dep: 'dep', glide: 'Glide', godep: 'Godep', govendor: 'govendor' };

const displayName = (manager: string) => MANAGER_DISPLAY_NAMES[manager as ManagerId] ?? OTHER_NAMES[manager] ?? manager;

export default defineRule({
  id: 'plan/package-manager-requirements',
  kinds: ['plan-doc'],
  severity: 'warning',
  docs: {
    summary:
      'A plan document names the policy’s package manager for every ecosystem the repository uses, and its prose recommends no other.',
    rationale:
      'The DevOps mode asks every plan to document the package-manager requirements of the build and the deployment: ' +
      'Bun for JavaScript/TypeScript, Poetry for Python, Go modules for Go, Cargo for Rust (or the managers the ' +
      '`packageManagers` configuration sets). Whoever follows the plan installs with what it says; a plan that never ' +
      'says, or says "install with npm" in a Bun repository, brings the second lockfile and the unreproducible build ' +
      'the policy exists to prevent.\n\n' +
      'The ecosystems are those of the repository model: a `package.json`, `pyproject.toml`/`requirements.txt`, ' +
      '`go.mod` or `Cargo.toml` anywhere. The manager counts as named wherever the document names it, prose or code. ' +
      'A recommendation of another manager is a code span that runs it (`` `npm ci` ``) or a sentence that says to use ' +
      'it ("install the dependencies with Yarn", "use Pipenv"), reported at ' +
      'the words; a sentence that turns it down ("do not use npm", "instead of Pipenv"), or that the next sentence ' +
      'turns down ("Someone suggested pip. We will not."), and the bootstrap of the policy’s own manager ' +
      '(`npm install -g bun`, `pip install poetry`) are not. Commands in code blocks are judged by the ' +
      '`package-manager/*` rules, which offer rewrites.',
  },
  messages: {
    undocumented: 'The repository has {language} projects (`{manifest}`) but the plan never names {manager}, the package manager the policy sets for them.',
    foreign: 'The plan recommends {found} for {language}, but the policy sets {manager}.',
  },
  check(ctx) {
    if (!planDocumentKind(ctx.file.path)) return;
    const policy = ctx.packageManagers;
    const seen = new Set<PolicyLanguage>();
    for (const eco of ctx.workspace.model().ecosystems) {
      if (seen.has(eco.language)) continue;
      seen.add(eco.language);
      const manager = policy[eco.language];
      if (namesManager(ctx.file.text, manager)) continue;
      ctx.report({
        messageId: 'undocumented',
        data: { language: LANGUAGE_NAMES[eco.language], manifest: eco.manifests[0] ?? '', manager: MANAGER_DISPLAY_NAMES[manager] },
        range: planOutline(ctx.file).anchor,
      });
    }
    for (const m of foreignManagerMentions(ctx.file, policy)) {
      ctx.report({
        messageId: 'foreign',
        data: { found: displayName(m.manager), language: LANGUAGE_NAMES[m.language], manager: MANAGER_DISPLAY_NAMES[policy[m.language]] },
        range: m.range,
      });
    }
  },
});
