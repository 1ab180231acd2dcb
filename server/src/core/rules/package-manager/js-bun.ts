import { shellCommands, wordsRange } from '../../parse/commands';
import { COMMAND_KINDS, rawWords, replaceCommandFix, shownCommand } from '../../policy/command-rewrite';
import { JS_TOOLS, MANAGER_NAMES, readJsCommand, renderJsIntent } from '../../policy/javascript';
import { defineRule } from '../../rule';

const TOOL_NAMES: Record<string, string> = { npm: 'npm', npx: 'npx', yarn: 'Yarn', pnpm: 'pnpm', pnpx: 'pnpx', bun: 'Bun', bunx: 'bunx' };

export default defineRule({
  id: 'package-manager/js-bun',
  kinds: COMMAND_KINDS,
  severity: 'error',
  fix: 'safe',
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
      ctx.report({ messageId: 'replace', data: { command: shown, tool: toolName, replacement }, range, fixes: replaceCommandFix(found, program, replacement, true) });
    }
  },
});
