import { type FoundCommand, shellCommands, wordsRange } from '../../parse/commands';
import { type GhaJob, workflowJobs } from '../../parse/github-actions';
import { COMMAND_KINDS, rawWords, replaceCommandFix, shownCommand } from '../../policy/command-rewrite';
import { JS_TOOLS, type JsManager, MANAGER_NAMES, readJsCommand, renderJsIntent } from '../../policy/javascript';
import { type DockerfileAst, type DockerStage, instructionAt, stageAt } from '../../parse/dockerfile';
import { dockerfileAt } from '../../parse/dockerfiles';
import { execFormEdits, LOCKFILE, planStage, type StageCommand, type StagePlan } from '../../policy/dockerfile-js';
import { defineRule, type Report, type RuleContext } from '../../rule';
import type { SourceFile } from '../../source';

/** Signs that a manager is installed where a command runs outside a Dockerfile: an image, a setup action, a bootstrap. */
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
 * machine (scripts, Makefiles, docs) it is assumed; in a workflow job or
 * another pipeline file it must be seen. Otherwise the fix is offered but not
 * marked safe, and "fix all" leaves it alone. Dockerfiles (and their blocks in
 * plan documents) are planned per stage instead, by `planStage`.
 */
function managerVisible(file: SourceFile, found: FoundCommand, manager: JsManager): boolean {
  const sign = PRESENT[manager];
  if (!sign || ['package-manifest', 'makefile', 'plan-doc'].includes(file.kind)) return true;
  if (file.kind === 'github-actions') {
    const job = jobOfCommand(file).get(found);
    const range = job?.node?.range;
    if (!job || !range) return visibleInFile(file, manager, sign);
    const answers = file.memo(`js-commands.visible-in-job.${manager}`, () => new Map<GhaJob, boolean>());
    let answer = answers.get(job);
    if (answer === undefined) {
      answer = sign.test(file.text.slice(range[0], range[1]));
      answers.set(job, answer);
    }
    return answer;
  }
  return visibleInFile(file, manager, sign);
}

/** Whether the sign is anywhere in the file, answered once per file. */
function visibleInFile(file: SourceFile, manager: JsManager, sign: RegExp): boolean {
  return file.memo(`js-commands.visible-in-file.${manager}`, () => sign.test(file.text));
}

/** The workflow job each command runs in: the first job whose steps hold it. */
function jobOfCommand(file: SourceFile): Map<FoundCommand, GhaJob> {
  return file.memo('js-commands.job-of-command', () => {
    const jobs = new Map<FoundCommand, GhaJob>();
    for (const job of workflowJobs(file)) {
      for (const step of job.steps) for (const command of step.commands) if (!jobs.has(command)) jobs.set(command, job);
    }
    return jobs;
  });
}

const TOOL_NAMES: Record<string, string> = { npm: 'npm', npx: 'npx', yarn: 'Yarn', pnpm: 'pnpm', pn: 'pnpm', pnpx: 'pnpx', bun: 'Bun', bunx: 'bunx' };

export default defineRule({
  id: 'package-manager/js-commands',
  formerIds: ['package-manager/js-bun'],
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
      'CircleCI `run`, Azure Pipelines `script`/`bash`/`pwsh`, Bitbucket `script`, Jenkinsfile `sh`, Dockerfile `RUN`, `CMD` ' +
      'and `ENTRYPOINT` (shell and exec forms, here-documents), Kubernetes `command`/`args` lists (containers, init containers, ' +
      'probes, hooks; `["sh", "-c", "…"]` read as a script) and those of a Helm chart\'s `values.yaml`, `package.json` `scripts`, Makefile recipes and shell, YAML and Dockerfile ' +
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
      'in `package.json` scripts, Makefiles and plan documents, in a workflow job that sets up Bun, in a pipeline file ' +
      'that uses a Bun image. Elsewhere, and after `sudo` (whose PATH usually lacks `~/.bun/bin`), the fix is offered ' +
      'for review instead.\n\n' +
      'A fix for a Dockerfile (or a `dockerfile` block of a plan document, judged the same way) must leave an image ' +
      'that builds. In a stage whose image or earlier steps provide Bun, each command gets its own safe fix. In a ' +
      'stage built on a Node.js image (`node:20`, `node:20-alpine`, `node:20-slim`…), one fix changes the whole stage: ' +
      'the base image becomes the matching `oven/bun` image (`oven/bun:1`, `oven/bun:1-alpine`, `oven/bun:1-slim`), ' +
      '`COPY` of `package-lock.json`, `yarn.lock` or `pnpm-lock.yaml` (and bind mounts of them) copy `bun.lock`, ' +
      '`COPY package*.json` gains `bun.lock`, `USER node` and `--chown=node` become the `bun` user of that image, and ' +
      "every JavaScript command of the stage, exec forms such as `CMD [\"npm\", \"start\"]` included, is rewritten. " +
      'It is unsafe (never applied by "fix all") and its title says what else it changes. No fix is offered, and the ' +
      'message says what to do, where that cannot be done safely: a base image that is not Node.js, chosen by a build ' +
      'argument or pinned by digest; a base that is another stage without Bun; a stage that another stage is built on ' +
      'or copies Node.js itself from; a stage that keeps npm, corepack or `/home/node`; an install with no lockfile ' +
      'copied into the stage; Bun installed only part-way through the stage. An `oven/bun` image runs `node` through ' +
      "Bun's Node.js fallback, so `CMD [\"node\", \"server.js\"]` keeps working.\n\n" +
      'An organisation that standardises on another client sets `packageManagers.javascript` (`npm`, `yarn` or `pnpm`) ' +
      'in `.roo-devops.yaml`; the rule then reports the other clients, Bun included, and rewrites into the chosen one.',
  },
  messages: {
    replace: '`{command}` uses {tool}; use `{replacement}` instead.',
    noRewrite: '`{command}` uses {tool}, but {manager} is the JavaScript package manager here; no rewrite is offered because {reason}.',
    replaceNoFix: '`{command}` uses {tool}; use `{replacement}` in a stage that has {manager} and copies `{lockfile}` instead; no fix is offered because {reason}.',
  },
  check(ctx) {
    const { file } = ctx;
    const target = ctx.packageManagers.javascript;
    const inStages = new Map<DockerStage, { ast: DockerfileAst; pending: Pending[] }>();
    for (const found of shellCommands(file)) {
      const { command, program } = found;
      const tool = command.words[program];
      if (tool.quoted || !Object.hasOwn(JS_TOOLS, tool.value) || JS_TOOLS[tool.value] === target) continue;
      const read = readJsCommand(tool.value, rawWords(found, program + 1));
      if (!read) continue;
      const last = Math.min(command.words.length - 1, program + read.highlight - 1);
      const range = wordsRange(found, program, last);
      const shown = shownCommand(file.text, range, found, program, last);
      const replacement = renderJsIntent(read.intent, target);
      const toolName = TOOL_NAMES[tool.value];
      if (replacement === undefined) {
        const reason = read.intent.type === 'unmapped' ? read.intent.reason : `${MANAGER_NAMES[target]} has no faithful spelling for it`;
        const report = { messageId: 'noRewrite' as const, data: { command: shown, tool: toolName, manager: MANAGER_NAMES[target], reason }, range };
        // A command with no rewrite still counts in its Dockerfile stage: it keeps the stage on its manager.
        const stage = dockerStageOf(file, range.start);
        if (stage) stageEntry(inStages, stage).pending.push({ found, range, report, replacement: undefined, edits: undefined, frozenInstall: false, sudo: false });
        else ctx.report(report);
        continue;
      }
      const data = { command: shown, tool: toolName, replacement };
      const sudo = command.words.slice(0, program).some((w) => w.value === 'sudo');
      const stage = dockerStageOf(file, range.start);
      if (stage) {
        const instruction = instructionAt(stage.ast, range.start);
        const own = replaceCommandFix(found, program, replacement, false)[0]?.edits ?? execFormEdits(instruction, found, replacement);
        const frozenInstall = read.intent.type === 'install' && read.intent.options.includes('frozen');
        stageEntry(inStages, stage).pending.push({ found, range, report: { messageId: 'replace', data, range }, replacement, edits: own, frozenInstall, sudo });
        continue;
      }
      // Before any `FROM` nothing runs in an image: no fix can be judged there.
      const fixes = dockerfileAt(file, range.start) ? [] : replaceCommandFix(found, program, replacement, managerVisible(file, found, target) && !sudo);
      ctx.report({ messageId: 'replace', data, range, fixes });
    }
    for (const [stage, { ast, pending }] of inStages) reportStage(ctx, ast, stage, pending, target);
  },
});

/** A finding in a Dockerfile stage, held until the whole stage is known. */
interface Pending extends StageCommand {
  report: Report;
  replacement: string | undefined;
  sudo: boolean;
}

function stageEntry(map: Map<DockerStage, { ast: DockerfileAst; pending: Pending[] }>, at: { ast: DockerfileAst; stage: DockerStage }) {
  let entry = map.get(at.stage);
  if (!entry) map.set(at.stage, (entry = { ast: at.ast, pending: [] }));
  return entry;
}

/** The Dockerfile stage holding an offset of the file: a Dockerfile's, or a `dockerfile` block's in a plan document. */
function dockerStageOf(file: SourceFile, offset: number): { ast: DockerfileAst; stage: DockerStage } | undefined {
  const ast = dockerfileAt(file, offset);
  const stage = ast && stageAt(ast, offset);
  return ast && stage ? { ast, stage } : undefined;
}

/**
 * Reports a stage's findings: each with its own fix where the manager is
 * already in the image; with one unsafe fix for the whole stage where the base
 * image or the lockfile copy must change too; without a fix, and saying why,
 * where that cannot be done safely.
 */
/** The programs each Dockerfile stage runs, in one pass over the file's commands (not one pass per stage). */
function programsByStage(file: SourceFile): Map<DockerStage, string[]> {
  return file.memo('js-commands.programs-by-stage', () => {
    const out = new Map<DockerStage, string[]>();
    for (const f of shellCommands(file)) {
      const at = dockerStageOf(file, f.script.toSource(f.command.words[f.program].start));
      if (!at) continue;
      let list = out.get(at.stage);
      if (!list) {
        list = [];
        out.set(at.stage, list);
      }
      list.push(f.command.words[f.program].value);
    }
    return out;
  });
}

function reportStage(ctx: RuleContext, ast: DockerfileAst, stage: DockerStage, pending: readonly Pending[], target: JsManager): void {
  const fixable = pending.filter((p) => p.replacement !== undefined);
  if (fixable.length === 0) {
    for (const p of pending) ctx.report(p.report);
    return;
  }
  const programs = programsByStage(ctx.file).get(stage) ?? [];
  const plans = planStage(ctx.file.text, ast, stage, pending, programs, target);
  const fixed = (plan: StagePlan) => fixable.filter((p) => plans.get(p) === plan).length;
  for (const p of pending) {
    const plan = plans.get(p);
    if (p.replacement === undefined || !plan) {
      ctx.report(p.report);
      continue;
    }
    if (plan.type === 'ready') {
      ctx.report({ ...p.report, fixes: p.edits ? [{ title: `Use \`${p.replacement}\``, safe: !p.sudo, edits: p.edits }] : [] });
    } else if (plan.type === 'fix') {
      const also = [
        plan.image && `builds the stage on \`${plan.image}\``,
        plan.lockfile && `copies \`${plan.lockfile}\``,
        fixed(plan) > 1 && `rewrites the stage's ${fixed(plan) - 1} other ${fixed(plan) === 2 ? 'command' : 'commands'}`,
      ].filter(Boolean);
      ctx.report({ ...p.report, fixes: [{ title: `Use \`${p.replacement}\` (also ${also.join(', ')})`, safe: false, edits: plan.edits }] });
    } else {
      const data = { ...p.report.data, manager: MANAGER_NAMES[target], lockfile: LOCKFILE[target], reason: plan.reason };
      ctx.report({ messageId: 'replaceNoFix', data, range: p.range });
    }
  }
}
