import { type FoundCommand, shellCommands, wordsRange } from '../../parse/commands';
import { workflowJobs } from '../../parse/github-actions';
import { COMMAND_KINDS, rawWords, replaceCommandFix, shownCommand } from '../../policy/command-rewrite';
import { JS_TOOLS, type JsManager, MANAGER_NAMES, readJsCommand, renderJsIntent } from '../../policy/javascript';
import { defineRule } from '../../rule';
import type { SourceFile } from '../../source';

/** Signs that a manager is installed where a command runs: an image, a setup action, a bootstrap. */
const PRESENT: Record<JsManager, RegExp | undefined> = {
  bun: /oven\/bun|oven-sh\/setup-bun|bun\.sh\/install|\bnpm\s+(?:i|install)\s+(?:-g|--global)\s+bun\b/,
  pnpm: /pnpm\/action-setup|corepack\s+enable|\bnpm\s+(?:i|install)\s+(?:-g|--global)\s+pnpm\b|image:\s*\S*pnpm/,
  // npm comes with every Node image and runner; Yarn 1 with most of them.
  npm: undefined,
  yarn: undefined,
};

/**
 * Whether the configured manager is visibly there where the command runs, so
 * that the rewritten command cannot fail for want of it: on a developer's
 * machine (scripts, Makefiles, docs) it is assumed; in a workflow job, a
 * Dockerfile stage or another pipeline file it must be seen. Otherwise the fix
 * is offered but not marked safe, and "fix all" leaves it alone.
 */
function managerVisible(file: SourceFile, found: FoundCommand, manager: JsManager): boolean {
  const sign = PRESENT[manager];
  if (!sign || ['package-manifest', 'makefile', 'plan-doc'].includes(file.kind)) return true;
  const at = found.script.toSource(found.command.words[found.program].start);
  if (file.kind === 'github-actions') {
    const job = workflowJobs(file).find((j) => j.steps.some((s) => s.commands.includes(found)));
    const range = job?.node?.range;
    return range ? sign.test(file.text.slice(range[0], range[1])) : sign.test(file.text);
  }
  if (file.kind === 'dockerfile') {
    // The stage runs in its own image: from its FROM line up to the command.
    const froms = [...file.text.slice(0, at).matchAll(/^[ \t]*FROM\b/gim)];
    return sign.test(file.text.slice(froms.at(-1)?.index ?? 0, at));
  }
  return sign.test(file.text);
}

const TOOL_NAMES: Record<string, string> = { npm: 'npm', npx: 'npx', yarn: 'Yarn', pnpm: 'pnpm', pnpx: 'pnpx', bun: 'Bun', bunx: 'bunx' };

export default defineRule({
  id: 'package-manager/js-bun',
  kinds: COMMAND_KINDS,
  severity: 'error',
  fix: 'mixed',
  docs: {
    summary: 'JavaScript and TypeScript dependencies and scripts go through Bun (or the manager the policy names), not npm, Yarn, pnpm or npx.',
    rationale:
      'The team standard is one package manager per ecosystem, and for JavaScript/TypeScript it is Bun: one lockfile ' +
      '(`bun.lock`), one resolution, one install speed in CI and on laptops. A step that calls npm, Yarn or pnpm resolves ' +
      'dependencies from a different lockfile (or none) and can ship a different tree than the one tested.\n\n' +
      'Commands are read wherever they run: workflow `run:` steps, GitLab CI `script`/`before_script`/`after_script`, ' +
      'CircleCI `run`, Azure Pipelines `script`/`bash`/`pwsh`, Bitbucket `script`, Jenkinsfile `sh`, Dockerfile `RUN` ' +
      '(shell and exec forms, here-documents), `package.json` `scripts`, Makefile recipes and shell, YAML and Dockerfile ' +
      'code blocks of plan documents. ' +
      'The check reads the commands a step really runs: words inside quoted strings (`echo "npm ci"`), comments, ' +
      'here-document bodies, `bunx npm-check-updates` and package names that merely contain `npm` are not commands and ' +
      'are left alone. Installing a package manager itself (`npm install -g bun`), the usual way to bootstrap it, is allowed.\n\n' +
      'The fix rewrites the command and carries over the flags that have an equivalent: `npm ci` becomes ' +
      '`bun install --frozen-lockfile`, `npm install -D x` becomes `bun add -d x`, `npm test` becomes `bun run test` ' +
      "(not `bun test`, which is Bun's own test runner), `npx x` becomes `bunx x`. Commands without a faithful " +
      'equivalent, such as `npm publish`, are reported without a fix.\n\n' +
      'A rewrite is marked safe (and applied by "fix all") only where Bun is visibly there when the command runs: ' +
      'in `package.json` scripts, Makefiles and plan documents, in a workflow job that sets up Bun, in a Dockerfile ' +
      'stage whose image or earlier steps provide it, in a pipeline file that uses a Bun image. Elsewhere, and after ' +
      '`sudo` (whose PATH usually lacks `~/.bun/bin`), the fix is offered for review instead.\n\n' +
      'An organisation that standardises on another client sets `packageManagers.javascript` (`npm`, `yarn` or `pnpm`) ' +
      'in `.roo-devops.yaml`; the rule then reports the other clients, Bun included, and rewrites into the chosen one. ' +
      'The rule id keeps naming the default policy.',
  },
  messages: {
    replace: '`{command}` uses {tool}; use `{replacement}` instead.',
    noRewrite: '`{command}` uses {tool}, but {manager} is the JavaScript package manager here; no rewrite is offered because {reason}.',
  },
  check(ctx) {
    const target = ctx.packageManagers.javascript;
    for (const found of shellCommands(ctx.file)) {
      const { command, program } = found;
      const tool = command.words[program];
      if (tool.quoted || !Object.hasOwn(JS_TOOLS, tool.value) || JS_TOOLS[tool.value] === target) continue;
      const read = readJsCommand(tool.value, rawWords(found, program + 1));
      if (!read) continue;
      const last = Math.min(command.words.length - 1, program + read.highlight - 1);
      const range = wordsRange(found, program, last);
      const shown = shownCommand(ctx.file.text, range, found, program, last);
      const replacement = renderJsIntent(read.intent, target);
      const toolName = TOOL_NAMES[tool.value];
      if (replacement === undefined) {
        const reason = read.intent.type === 'unmapped' ? read.intent.reason : `${MANAGER_NAMES[target]} has no faithful spelling for it`;
        ctx.report({ messageId: 'noRewrite', data: { command: shown, tool: toolName, manager: MANAGER_NAMES[target], reason }, range });
        continue;
      }
      const safe = managerVisible(ctx.file, found, target) && !command.words.slice(0, program).some((w) => w.value === 'sudo');
      ctx.report({ messageId: 'replace', data: { command: shown, tool: toolName, replacement }, range, fixes: replaceCommandFix(found, program, replacement, safe) });
    }
  },
});
