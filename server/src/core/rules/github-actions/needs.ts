import { jobInfos } from '../../parse/github-actions-refs';
import { closest } from '../../suggest';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'github-actions/needs',
  kinds: ['github-actions'],
  // Not run on code blocks of plan documents: the jobs it names may be left out of an excerpt.
  scope: 'file',
  severity: 'error',
  docs: {
    summary: '`needs:` names jobs of the same workflow, and the jobs do not need each other in a cycle.',
    rationale:
      'GitHub refuses to start a workflow whose job needs a job that does not exist (a typo, or a job renamed without its ' +
      'dependants), and one whose jobs need each other in a circle, since none of them could ever start. Both are only seen ' +
      'once the workflow is pushed. A missing job is reported at the name in `needs:`, with the closest job name when there ' +
      'is one; a cycle is reported once, naming every job in it.',
  },
  messages: {
    unknownJob: 'Job `{job}` needs `{need}`, which is not a job of this workflow{hint}',
    cycle: 'Jobs {cycle} need each other in a cycle, so none of them can start.',
  },
  check(ctx) {
    const jobs = jobInfos(ctx.file);
    if (jobs.length === 0 || jobs[0].id === 'runs') return;
    const byId = new Map(jobs.map((j) => [j.id.toLowerCase(), j]));
    for (const job of jobs) {
      for (const need of job.needs) {
        if (need.id.includes('${{') || byId.has(need.id.toLowerCase())) continue;
        const close = closest(need.id, jobs.map((j) => j.id));
        ctx.report({
          messageId: 'unknownJob',
          data: { job: job.id, need: need.id, hint: close ? `; did you mean \`${close}\`?` : '.' },
          range: { start: need.node.range?.[0] ?? 0, end: need.node.range?.[1] ?? 0 },
        });
      }
    }
    // Cycles: depth-first search; each cycle is reported once, at the need that closes it back to its first job.
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const reported = new Set<string>();
    const visit = (id: string): void => {
      state.set(id, 'open');
      stack.push(id);
      const job = byId.get(id);
      for (const need of job?.needs ?? []) {
        const next = need.id.toLowerCase();
        if (!byId.has(next)) continue;
        const s = state.get(next);
        if (s === undefined) visit(next);
        else if (s === 'open') {
          const members = stack.slice(stack.indexOf(next));
          const key = [...members].sort().join('\0');
          if (reported.has(key)) continue;
          reported.add(key);
          const names = [...members, next].map((m) => `\`${byId.get(m)?.id ?? m}\``).join(' → ');
          ctx.report({ messageId: 'cycle', data: { cycle: names }, range: { start: need.node.range?.[0] ?? 0, end: need.node.range?.[1] ?? 0 } });
        }
      }
      stack.pop();
      state.set(id, 'done');
    };
    for (const job of jobs) if (!state.has(job.id.toLowerCase())) visit(job.id.toLowerCase());
  },
});
