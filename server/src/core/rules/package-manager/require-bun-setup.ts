import { actionName, workflowJobs } from '../../parse/github-actions';
import { deleteKeyEdit, insertItemBeforeEdit } from '../../parse/yaml-edits';
import { get, stringValue } from '../../parse/yaml';
import { MANAGER_NAMES } from '../../policy/javascript';
import { defineRule } from '../../rule';
import type { Fix, TextEdit } from '../../types';

/** The setup action each JavaScript manager needs beside (or instead of) actions/setup-node. */
const SETUP_ACTION: Record<string, { action: string; uses: string } | undefined> = {
  bun: { action: 'oven-sh/setup-bun', uses: 'oven-sh/setup-bun@v2' },
  pnpm: { action: 'pnpm/action-setup', uses: 'pnpm/action-setup@v4' },
};

/** Inputs of actions/setup-node that mean nothing to setup-bun. */
const NODE_ONLY_INPUTS = ['node-version', 'node-version-file', 'cache', 'cache-dependency-path', 'check-latest', 'architecture', 'always-auth', 'token', 'mirror', 'mirror-token'];

export default defineRule({
  id: 'package-manager/require-bun-setup',
  kinds: ['github-actions'],
  severity: 'error',
  fix: 'mixed',
  docs: {
    summary: 'A job that sets up Node must set up Bun too (`oven-sh/setup-bun`), and must not cache another client\'s store.',
    rationale:
      '`actions/setup-node` alone gives a job npm, so every later install or script silently runs through npm even when ' +
      'the steps look right on a laptop where Bun is installed. The job needs `oven-sh/setup-bun` (Bun runs TypeScript and ' +
      'package scripts itself, so most jobs need no Node at all). Where Node stays for a reason, its `cache: npm|yarn|pnpm` ' +
      'input caches a store that Bun never fills and should go.\n\n' +
      'The fix replaces `actions/setup-node` by `oven-sh/setup-bun@v2` and drops the inputs only Node understands; it is ' +
      'not marked safe because a step may still call `node` directly. Removing the `cache:` input is safe. With ' +
      '`packageManagers.javascript: pnpm` the rule asks for `pnpm/action-setup` before Node\'s setup (or `corepack enable`) ' +
      'and its fix inserts it; with npm or Yarn it has nothing to ask.',
  },
  messages: {
    missingSetup: 'Job `{job}` sets up Node with `{uses}` but never sets up {manager}; add `{setup}`.',
    foreignCache: '`cache: {cache}` caches the {cache} store, but {manager} installs this job\'s dependencies.',
  },
  check(ctx) {
    const manager = ctx.packageManagers.javascript;
    const setup = SETUP_ACTION[manager];
    const managerName = MANAGER_NAMES[manager];
    const text = ctx.file.text;
    for (const job of workflowJobs(ctx.file)) {
      const setupNode = job.steps.filter((s) => s.uses && actionName(s.uses.value) === 'actions/setup-node');
      if (setupNode.length === 0) continue;
      const hasSetup = setup !== undefined && job.steps.some((s) => s.uses && actionName(s.uses.value) === setup.action);
      // Corepack can provide pnpm (and Yarn), never Bun.
      const corepack = manager !== 'bun' && job.steps.some((s) => s.commands.some((c) => c.command.words[c.program]?.value === 'corepack'));
      for (const [index, step] of setupNode.entries()) {
        const uses = step.uses;
        if (!uses?.node.range) continue;
        // A missing setup is one problem per job: reported (and fixed) at its first Node setup only.
        if (setup && !hasSetup && !corepack && index === 0) {
          const fixes: Fix[] = [];
          if (manager === 'bun') {
            // Bun replaces Node here: swap the action and drop the inputs only Node understands.
            const edits: TextEdit[] = [{ start: uses.node.range[0], end: uses.node.range[1], newText: setup.uses }];
            const inputEdits = NODE_ONLY_INPUTS.map((input) => deleteKeyEdit(text, step.with, input)).filter((e): e is TextEdit => e !== undefined);
            const inputCount = step.with && 'items' in step.with ? (step.with.items as unknown[]).length : 0;
            const withEdit = inputCount > 0 && inputEdits.length === inputCount ? deleteKeyEdit(text, step.node, 'with') : undefined;
            edits.push(...(withEdit ? [withEdit] : inputEdits));
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
