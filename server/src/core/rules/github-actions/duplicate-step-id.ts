import { ghaRole } from '../../parse/github-actions';
import { jobInfos } from '../../parse/github-actions-refs';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'github-actions/duplicate-step-id',
  kinds: ['github-actions'],
  severity: 'error',
  docs: {
    summary: 'Step `id`s are unique within a job (and within a composite action).',
    rationale:
      'GitHub rejects a workflow whose job gives two steps the same `id`, and `steps.<id>.outputs` could only ever mean ' +
      'one of them. A copied step that kept its id is the usual cause. The second use is reported, naming the step ' +
      'that has the id first.',
  },
  messages: {
    duplicate: 'Step id `{id}` is already used by step {first} of {scope}.',
  },
  check(ctx) {
    const action = ghaRole(ctx.file) === 'action';
    for (const job of jobInfos(ctx.file)) {
      const first = new Map<string, number>();
      job.steps.forEach((step, index) => {
        if (!step.id) return;
        const earlier = first.get(step.id.value);
        if (earlier === undefined) {
          first.set(step.id.value, index);
          return;
        }
        const scope = action ? 'this action' : `job \`${job.id}\``;
        ctx.report({
          messageId: 'duplicate',
          data: { id: step.id.value, first: earlier + 1, scope },
          range: { start: step.id.node.range?.[0] ?? 0, end: step.id.node.range?.[1] ?? 0 },
        });
      });
    }
  },
});
