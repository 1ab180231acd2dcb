import { closest } from '../../suggest';
import { CIRCLECI_PLACEHOLDER } from '../../parse/circleci-config';
import { lookUp, suggestionFixes, suggestionTail } from '../../parse/circleci-lookup';
import { type Workflow, type WorkflowJob, workflows } from '../../parse/circleci-references';
import { defineRule } from '../../rule';
import type { Fix } from '../../types';

/** Whether `name` is how `requires:` can refer to `entry`. */
function answersTo(entry: WorkflowJob, name: string): boolean {
  if (entry.alias !== undefined) {
    if (entry.alias === name) return true;
    // `name: build-<< matrix.version >>` stands for every expanded name.
    if (CIRCLECI_PLACEHOLDER.test(entry.alias)) {
      const parts = entry.alias.split(/<<[^<>]*>>/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      if (new RegExp(`^${parts.join('.+')}$`).test(name)) return true;
    }
    if (!entry.matrix) return false;
  }
  const job = entry.job;
  const local = job.slice(job.lastIndexOf('/') + 1);
  if (name === job || name === local) return true;
  // A matrix answers to its alias and to each expanded name (`test-3.12`).
  return !!entry.matrix && (name === entry.matrix.alias || name.startsWith(`${job}-`) || name.startsWith(`${local}-`));
}

/** A renamed entry without `name:` is also renamed where the workflow `requires:` it, or the fix would break those. */
function withRequires(fixes: Fix[], workflow: Workflow, entry: WorkflowJob): Fix[] {
  if (entry.alias !== undefined) return fixes;
  return fixes.map((fix) => {
    const [edit] = fix.edits;
    const from = edit.start - entry.range.start;
    const renamed = entry.job.slice(0, from) + edit.newText + entry.job.slice(from + edit.end - edit.start);
    const requires = workflow.jobs.flatMap((other) => other.requires.filter((r) => r.name === entry.job).map((r) => ({ ...r.range, newText: renamed })));
    return { ...fix, edits: [...fix.edits, ...requires] };
  });
}

export default defineRule({
  id: 'circleci/no-undefined-job',
  kinds: ['circleci'],
  // Not run on code blocks of plan documents: jobs and orbs may be defined outside an excerpt.
  scope: 'file',
  severity: 'error',
  docs: {
    summary: 'Every job a workflow runs is defined (under `jobs:` or by a declared orb), and every `requires:` names a job of the same workflow.',
    rationale:
      'CircleCI refuses a configuration whose workflow runs a job that does not exist, or waits (`requires:`) for one ' +
      'that the workflow does not run; then no workflow of the push runs. A workflow runs jobs defined under `jobs:`, ' +
      '`<orb>/<job>` of an orb declared under `orbs:`, and approval jobs (`type: approval`), which need no definition. ' +
      '`requires:` names the entries of the same workflow: their `name:` when they have one, a matrix by its alias or ' +
      'its expanded names. Jobs of an orb that is only referenced are not in the file and are not checked. When a ' +
      'defined name is close, it is offered as a fix that is never applied unasked.',
  },
  messages: {
    undefined: 'Workflow `{workflow}` runs job `{name}`, which is not defined under `jobs:`{tail}',
    orb: 'Workflow `{workflow}` runs `{name}` of the orb `{orb}`, which is not declared under `orbs:`{tail}',
    member: 'Workflow `{workflow}` runs `{name}`, but the inline orb `{orb}` defines no job `{local}`{tail}',
    requires: 'Job `{job}` requires `{name}`, which workflow `{workflow}` does not run{tail}',
  },
  fix: 'unsafe',
  check(ctx) {
    for (const workflow of workflows(ctx.file)) {
      const { config } = workflow;
      for (const entry of workflow.jobs) {
        if (entry.approval) continue;
        const verdict = lookUp(entry.job, entry.range, config.jobs.keys(), config.orbs, 'jobs');
        if (verdict.defined) continue;
        const data = {
          workflow: workflow.name,
          name: entry.job,
          tail: suggestionTail(verdict),
          orb: verdict.problem === 'undefined' ? '' : verdict.orb,
          local: verdict.problem === 'member' ? verdict.local : '',
        };
        ctx.report({ messageId: verdict.problem, data, range: entry.range, fixes: withRequires(suggestionFixes(verdict), workflow, entry) });
      }
      const names = workflow.jobs.map((e) => e.alias ?? e.job).filter((n) => !CIRCLECI_PLACEHOLDER.test(n));
      // Plain names answer by lookup; only matrices and templated names need a look at each entry.
      const exact = new Set<string>();
      const patterned: WorkflowJob[] = [];
      for (const e of workflow.jobs) {
        if (e.matrix || (e.alias !== undefined && CIRCLECI_PLACEHOLDER.test(e.alias))) patterned.push(e);
        else if (e.alias !== undefined) exact.add(e.alias);
        else exact.add(e.job).add(e.job.slice(e.job.lastIndexOf('/') + 1));
      }
      for (const entry of workflow.jobs) {
        for (const required of entry.requires) {
          if (CIRCLECI_PLACEHOLDER.test(required.name) || exact.has(required.name) || patterned.some((other) => answersTo(other, required.name))) continue;
          const suggestion = closest(required.name, names);
          ctx.report({
            messageId: 'requires',
            data: { job: entry.alias ?? entry.job, name: required.name, workflow: workflow.name, tail: suggestion ? `; did you mean \`${suggestion}\`?` : '.' },
            range: required.range,
            fixes: suggestion ? [{ title: `Use \`${suggestion}\``, safe: false, edits: [{ ...required.range, newText: suggestion }] }] : [],
          });
        }
      }
    }
  },
});
