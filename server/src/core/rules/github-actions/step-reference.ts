import { get } from '../../parse/yaml';
import { ghaRole } from '../../parse/github-actions';
import { closest } from '../../suggest';
import { jobInfos, referencesUnder } from '../../parse/github-actions-refs';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'github-actions/step-reference',
  kinds: ['github-actions'],
  // Not run on code blocks of plan documents: the steps it names may be left out of an excerpt.
  scope: 'file',
  severity: 'error',
  docs: {
    summary: '`steps.<id>` names a step of the same job that runs before the expression is evaluated.',
    rationale:
      'The `steps` context holds only the steps of the current job that have already run. `steps.<id>` naming an id no ' +
      'step has (a typo, or an id renamed), the current step itself, or a step further down evaluates to nothing without ' +
      'an error, so a condition is silently false or an input silently empty. Job `outputs:` (and an action\'s `outputs:`) ' +
      'may name any step of the job. Ids are compared the way GitHub compares them, ignoring case.',
  },
  messages: {
    unknown: '`steps.{id}` names no step of {scope}{hint}',
    later: '`steps.{id}` in step {step} names step {target}, which has not run yet at that point.',
    itself: '`steps.{id}` in step {step} names that step itself, whose outputs do not exist yet.',
  },
  check(ctx) {
    const action = ghaRole(ctx.file) === 'action';
    for (const job of jobInfos(ctx.file)) {
      const scope = action ? 'this action' : `job \`${job.id}\``;
      const index = new Map<string, number>();
      job.steps.forEach((s, i) => {
        if (s.id && !index.has(s.id.value.toLowerCase())) index.set(s.id.value.toLowerCase(), i);
      });
      const ids = job.steps.flatMap((s) => (s.id ? [s.id.value] : []));
      const unknown = (id: string, range: { start: number; end: number }) => {
        const close = closest(id, ids);
        ctx.report({ messageId: 'unknown', data: { id, scope, hint: close ? `; did you mean \`${close}\`?` : '.' }, range });
      };
      job.steps.forEach((step, i) => {
        for (const ref of referencesUnder(ctx.file, step.node)) {
          if (ref.context !== 'steps') continue;
          const target = index.get(ref.name.toLowerCase());
          if (target === undefined) unknown(ref.name, ref.nameRange);
          else if (target === i) ctx.report({ messageId: 'itself', data: { id: ref.name, step: i + 1 }, range: ref.nameRange });
          else if (target > i) ctx.report({ messageId: 'later', data: { id: ref.name, step: i + 1, target: target + 1 }, range: ref.nameRange });
        }
      });
      // Outputs are read once every step has run: any step of the job (or of the composite action) may be named.
      const outputs = action ? get(ctx.file.yaml.documents[0]?.contents, 'outputs') : get(job.node, 'outputs');
      for (const ref of referencesUnder(ctx.file, outputs)) {
        if (ref.context === 'steps' && !index.has(ref.name.toLowerCase())) unknown(ref.name, ref.nameRange);
      }
    }
  },
});
