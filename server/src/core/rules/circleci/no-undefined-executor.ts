import { visibleOrbs } from '../../parse/circleci-config';
import { lookUp, suggestionFixes, suggestionTail } from '../../parse/circleci-lookup';
import { executorUses } from '../../parse/circleci-references';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'circleci/no-undefined-executor',
  kinds: ['circleci'],
  // Not run on code blocks of plan documents: executors and orbs may be defined outside an excerpt.
  scope: 'file',
  severity: 'error',
  docs: {
    summary: 'The `executor:` of a job names an executor defined under `executors:` or by a declared orb.',
    rationale:
      'A job whose executor does not exist cannot be compiled, and CircleCI then runs no workflow of the push. An ' +
      'executor is defined under `executors:`, or is `<orb>/<executor>` of an orb declared under `orbs:`; a job written ' +
      'in an inline orb also sees the orb\'s own executors. A `<< parameters.x >>` executor is chosen by the caller and ' +
      'is not checked, nor are the executors of an orb that is only referenced.',
  },
  messages: {
    undefined: 'Job `{job}` runs on executor `{name}`, which is not defined under `executors:`{tail}',
    orb: 'Job `{job}` runs on `{name}` of the orb `{orb}`, which is not declared under `orbs:`{tail}',
    member: 'Job `{job}` runs on `{name}`, but the inline orb `{orb}` defines no executor `{local}`{tail}',
  },
  fix: 'unsafe',
  check(ctx) {
    for (const use of executorUses(ctx.file)) {
      const local = [...use.config.executors.keys(), ...(use.scope.orb?.inline?.executors.keys() ?? [])];
      const verdict = lookUp(use.name, use.range, local, visibleOrbs(use.config, use.scope.orb), 'executors');
      if (verdict.defined) continue;
      const data = {
        job: use.scope.name,
        name: use.name,
        tail: suggestionTail(verdict),
        orb: verdict.problem === 'undefined' ? '' : verdict.orb,
        local: verdict.problem === 'member' ? verdict.local : '',
      };
      ctx.report({ messageId: verdict.problem, data, range: use.range, fixes: suggestionFixes(verdict) });
    }
  },
});
