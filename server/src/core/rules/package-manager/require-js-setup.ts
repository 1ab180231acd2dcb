import { isScalar } from 'yaml';
import { actionName, workflowJobs } from '../../parse/github-actions';
import { deleteKeyEdit, insertItemBeforeEdit } from '../../parse/yaml-edits';
import { get, stringValue } from '../../parse/yaml';
import type { JsManager } from '../../policy/javascript';
import { MANAGER_NAMES } from '../../policy/javascript';
import { defineRule } from '../../rule';
import type { Fix, TextEdit } from '../../types';

/** The setup action each JavaScript manager needs beside (or instead of) actions/setup-node. */
const SETUP_ACTION: Record<string, { action: string; uses: string } | undefined> = {
  bun: { action: 'oven-sh/setup-bun', uses: 'oven-sh/setup-bun@v2' },
  pnpm: { action: 'pnpm/action-setup', uses: 'pnpm/action-setup@v4' },
};

/**
 * Actions that set up (or run) a JavaScript package manager, by the managers they
 * install with. `bahmutov/npm-install` runs Yarn or npm, whichever lockfile it finds.
 */
const MANAGER_ACTIONS: Record<string, readonly JsManager[]> = {
  'oven-sh/setup-bun': ['bun'],
  'pnpm/action-setup': ['pnpm'],
  'pnpm/setup': ['pnpm'],
  'borales/actions-yarn': ['yarn'],
  'threeal/setup-yarn-action': ['yarn'],
  'mskelton/setup-yarn': ['yarn'],
  'deryeger/yarn-setup-action': ['yarn'],
  'bahmutov/npm-install': ['npm', 'yarn'],
};

/** Actions that only put the manager on the PATH, so that another manager's setup can take their place. */
const PURE_SETUP = new Set(['oven-sh/setup-bun', 'pnpm/action-setup', 'pnpm/setup']);


/** What the message advises instead of a foreign setup action. */
const ADVICE: Record<JsManager, string> = {
  bun: 'set it up with `oven-sh/setup-bun@v2`',
  pnpm: 'set it up with `pnpm/action-setup@v4`',
  npm: 'use the npm that `actions/setup-node` provides',
  yarn: 'set it up with `corepack enable` after `actions/setup-node`',
};

/** Inputs of actions/setup-node that mean nothing to setup-bun. */
const NODE_ONLY_INPUTS = ['node-version', 'node-version-file', 'cache', 'cache-dependency-path', 'check-latest', 'architecture', 'always-auth', 'token', 'mirror', 'mirror-token'];

export default defineRule({
  id: 'package-manager/require-js-setup',
  formerIds: ['package-manager/require-bun-setup'],
  kinds: ['github-actions'],
  severity: 'error',
  fix: 'mixed',
  docs: {
    summary: 'A job sets up Bun (`oven-sh/setup-bun`), not another manager\'s setup action, also beside Node, and does not cache another client\'s store.',
    rationale:
      '`actions/setup-node` alone gives a job npm, so every later install or script silently runs through npm even when ' +
      'the steps look right on a laptop where Bun is installed. The job needs `oven-sh/setup-bun` (Bun runs TypeScript and ' +
      'package scripts itself, so most jobs need no Node at all). Where Node stays for a reason, its `cache: npm|yarn|pnpm` ' +
      'input caches a store that Bun never fills and should go.\n\n' +
      'The fix replaces `actions/setup-node` by `oven-sh/setup-bun@v2` and drops the inputs only Node understands; it is ' +
      'not marked safe because a step may still call `node` directly. Removing the `cache:` input is safe. With ' +
      '`packageManagers.javascript: pnpm` the rule asks for `pnpm/action-setup` before Node\'s setup (or `corepack enable`) ' +
      'and its fix inserts it; with npm or Yarn it has nothing to ask.\n\n' +
      'Setup actions of another manager are reported wherever they appear, with or without Node: `pnpm/action-setup`, ' +
      '`pnpm/setup`, the Yarn actions (`borales/actions-yarn`, `threeal/setup-yarn-action`, `mskelton/setup-yarn`, ' +
      '`DerYeger/yarn-setup-action`) and `bahmutov/npm-install` (which installs with npm or Yarn). The configured manager\'s ' +
      'own action is right: with `packageManagers.javascript: pnpm`, `pnpm/action-setup` is what the rule asks for and ' +
      '`oven-sh/setup-bun` is the foreign one. The fix swaps a pure setup action (`pnpm/action-setup` without ' +
      '`run_install`, `pnpm/setup`, `oven-sh/setup-bun`) for the configured manager\'s and drops its inputs; it is not ' +
      'marked safe, since the job\'s commands still call the other manager until `package-manager/js-commands` rewrites them. ' +
      'A job whose only Bun problem is such an action gets that one finding, not a second one on its `actions/setup-node`.',
  },
  messages: {
    foreignSetup: '`{uses}` sets up {tool}, but {manager} is the JavaScript package manager here; {advice}.',
    missingSetup: 'Job `{job}` sets up Node with `{uses}` but never sets up {manager}; add `{setup}`.',
    foreignCache: '`cache: {cache}` caches the {cache} store, but {manager} installs this job\'s dependencies.',
  },
  check(ctx) {
    const manager = ctx.packageManagers.javascript;
    const setup = SETUP_ACTION[manager];
    const managerName = MANAGER_NAMES[manager];
    const text = ctx.file.text;
    for (const job of workflowJobs(ctx.file)) {
      // Another manager's setup action: the job installs with it, whatever its run steps say.
      let foreign = false;
      const hasOwnSetup = setup !== undefined && job.steps.some((s) => s.uses && actionName(s.uses.value) === setup.action);
      for (const step of job.steps) {
        const uses = step.uses;
        const managers = uses && MANAGER_ACTIONS[actionName(uses.value)];
        if (!uses?.node.range || !managers || managers.includes(manager)) continue;
        // A step reused through an alias is reported once, where its anchor is written; the job still sets up that manager.
        if (step.alias) {
          foreign = true;
          continue;
        }
        const name = actionName(uses.value);
        const fixes: Fix[] = [];
        // pnpm's `run_install` installs the dependencies too: swapping the action would drop that install.
        const runInstall = get(step.with, 'run_install');
        const installs = runInstall !== undefined && !(isScalar(runInstall) && String(runInstall.value) === 'false');
        // One setup is swapped in per job; where the job has it already, the foreign one is left to remove by hand.
        if (setup && !foreign && !hasOwnSetup && PURE_SETUP.has(name) && !installs) {
          const edits: TextEdit[] = [{ start: uses.node.range[0], end: uses.node.range[1], newText: setup.uses }];
          const withEdit = deleteKeyEdit(text, step.node, 'with');
          if (withEdit) edits.push(withEdit);
          // The job's commands still call the other manager until they are rewritten too.
          if (step.with === undefined || withEdit) fixes.push({ title: `Use \`${setup.uses}\``, safe: false, edits });
        }
        foreign = true;
        ctx.report({
          messageId: 'foreignSetup',
          data: { uses: uses.value, tool: managers.map((m) => MANAGER_NAMES[m]).join(' or '), manager: managerName, advice: ADVICE[manager] },
          range: { start: uses.node.range[0], end: uses.node.range[1] },
          fixes,
        });
      }
      const setupNode = job.steps.filter((s) => s.uses && actionName(s.uses.value) === 'actions/setup-node');
      if (setupNode.length === 0) continue;
      const hasSetup = hasOwnSetup;
      // Corepack can provide pnpm (and Yarn), never Bun.
      const corepack = manager !== 'bun' && job.steps.some((s) => s.commands.some((c) => c.command.words[c.program]?.value === 'corepack'));
      for (const [index, step] of setupNode.entries()) {
        const uses = step.uses;
        if (!uses?.node.range) continue;
        // A missing setup is one problem per job: reported (and fixed) at its first Node setup only.
        // A foreign setup action's finding already asks for the manager's setup: one finding for one missing setup.
        if (setup && !hasSetup && !corepack && !foreign && index === 0) {
          const fixes: Fix[] = [];
          // A Node setup reused through an alias: the finding is this job's, at its alias; an edit of the anchor would change other jobs too.
          if (step.alias?.range) {
            ctx.report({
              messageId: 'missingSetup',
              data: { job: job.id, uses: uses.value, manager: managerName, setup: setup.uses },
              range: { start: step.alias.range[0], end: step.alias.range[1] },
            });
            continue;
          }
          if (manager === 'bun') {
            // Bun replaces Node here: swap the action and drop the inputs only Node understands.
            const edits: TextEdit[] = [{ start: uses.node.range[0], end: uses.node.range[1], newText: setup.uses }];
            const inputEdits = NODE_ONLY_INPUTS.map((input) => deleteKeyEdit(text, step.with, input)).filter((e): e is TextEdit => e !== undefined);
            const inputCount = step.with && 'items' in step.with ? (step.with.items as unknown[]).length : 0;
            const withEdit = inputCount > 0 && inputEdits.length === inputCount ? deleteKeyEdit(text, step.node, 'with') : undefined;
            for (const item of withEdit ? [withEdit] : inputEdits) edits.push(item);
            fixes.push({ title: `Use \`${setup.uses}\``, safe: false, edits });
          } else {
            // pnpm runs on Node: its setup goes before Node's, which stays.
            const edit = insertItemBeforeEdit(text, step.node, [`- uses: ${setup.uses}`]);
            if (edit) fixes.push({ title: `Add \`${setup.uses}\``, safe: true, edits: [edit] });
          }
          ctx.report({
            messageId: 'missingSetup',
            data: { job: job.id, uses: uses.value, manager: managerName, setup: setup.uses },
            range: { start: uses.node.range[0], end: uses.node.range[1] },
            fixes,
          });
          continue;
        }
        // Node stays beside the manager's own setup: its package cache must not be another client's.
        if (step.alias) continue;
        const cacheNode = get(step.with, 'cache');
        const cache = stringValue(cacheNode);
        if (cache && cache !== manager && ['npm', 'yarn', 'pnpm'].includes(cache) && cacheNode?.range) {
          const edit = deleteKeyEdit(text, step.with, 'cache');
          ctx.report({
            messageId: 'foreignCache',
            data: { cache, manager: managerName },
            range: { start: cacheNode.range[0], end: cacheNode.range[1] },
            fixes: edit ? [{ title: `Remove \`cache: ${cache}\``, safe: true, edits: [edit] }] : [],
          });
        }
      }
    }
  },
});
