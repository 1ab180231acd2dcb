import { type FoundCommand, shellCommands, wordsRange } from '../../parse/commands';
import { type GhaJob, workflowJobs } from '../../parse/github-actions';
import { COMMAND_KINDS, rawWords, replaceCommandFix, shownCommand } from '../../policy/command-rewrite';
import { JS_TOOLS, type JsManager, MANAGER_NAMES, readJsCommand, renderJsIntent } from '../../policy/javascript';
import { lastAtOrBefore } from '../../lines';
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
  if (file.kind === 'github-actions') {
    const job = jobOfCommand(file).get(found);
    const range = job?.node?.range;
    if (!job || !range) return visibleInFile(file, manager, sign);
    const answers = file.memo(`js-bun.visible-in-job.${manager}`, () => new Map<GhaJob, boolean>());
    let answer = answers.get(job);
    if (answer === undefined) {
      answer = sign.test(file.text.slice(range[0], range[1]));
      answers.set(job, answer);
    }
    return answer;
  }
  if (file.kind === 'dockerfile') {
    const at = found.script.toSource(found.command.words[found.program].start);
    return visibleInStage(file, at, manager, sign);
  }
  return visibleInFile(file, manager, sign);
}

/** Whether the sign is anywhere in the file, answered once per file. */
function visibleInFile(file: SourceFile, manager: JsManager, sign: RegExp): boolean {
  return file.memo(`js-bun.visible-in-file.${manager}`, () => sign.test(file.text));
}

/** The workflow job each command runs in: the first job whose steps hold it. */
function jobOfCommand(file: SourceFile): Map<FoundCommand, GhaJob> {
  return file.memo('js-bun.job-of-command', () => {
    const jobs = new Map<FoundCommand, GhaJob>();
    for (const job of workflowJobs(file)) {
      for (const step of job.steps) for (const command of step.commands) if (!jobs.has(command)) jobs.set(command, job);
    }
    return jobs;
  });
}

interface Stage {
  /** Offset of the stage's FROM line (0 for text before the first FROM). */
  start: number;
  /** Offset where the next stage's FROM line starts, or the end of the text. */
  end: number;
  /** Offset where its FROM keyword ends (its text up to a command must reach past it). */
  headerEnd: number;
}

/** The stages of a Dockerfile, in order: the text before the first FROM line, then one per FROM line. */
function dockerStages(file: SourceFile): Stage[] {
  return file.memo('js-bun.dockerfile-stages', () => {
    const froms = [...file.text.matchAll(/^[ \t]*FROM\b/gim)].map((m) => ({ start: m.index ?? 0, headerEnd: (m.index ?? 0) + m[0].length }));
    const starts = [{ start: 0, headerEnd: 0 }, ...froms];
    return starts.map((s, i) => ({ ...s, end: i + 1 < starts.length ? starts[i + 1].start : file.text.length }));
  });
}

/**
 * Whether the sign is in the stage of `at`, from its FROM line up to `at`: the
 * stage runs in its own image. The first sign of each stage is found once; a
 * command after it sees it, a command before its start cannot, and only one in
 * the middle of it reads its own stretch of text.
 */
function visibleInStage(file: SourceFile, at: number, manager: JsManager, sign: RegExp): boolean {
  const stages = dockerStages(file);
  // The last stage whose FROM keyword lies wholly before the command.
  const stage = stages[lastAtOrBefore(stages.length, (i) => stages[i].headerEnd, at)];
  const firsts = file.memo(`js-bun.visible-in-stage.${manager}`, () => new Map<Stage, { start: number; end: number } | null>());
  let first = firsts.get(stage);
  if (first === undefined) {
    const m = sign.exec(file.text.slice(stage.start, stage.end));
    first = m ? { start: stage.start + m.index, end: stage.start + m.index + m[0].length } : null;
    firsts.set(stage, first);
  }
  if (!first || at <= first.start) return false;
  if (first.end <= at) return true;
  return sign.test(file.text.slice(stage.start, at));
}

const TOOL_NAMES: Record<string, string> = { npm: 'npm', npx: 'npx', yarn: 'Yarn', pnpm: 'pnpm', pn: 'pnpm', pnpx: 'pnpx', bun: 'Bun', bunx: 'bunx' };

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
      'pnpm is recognised under its short name `pn` too. ' +
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
