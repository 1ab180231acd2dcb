import { BUILT_IN_STEPS, visibleOrbs } from '../../parse/circleci-config';
import { lookUp, suggestionFixes, suggestionTail } from '../../parse/circleci-lookup';
import { stepUses } from '../../parse/circleci-references';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'circleci/no-undefined-command',
  kinds: ['circleci'],
  // Not run on code blocks of plan documents: commands and orbs may be defined outside an excerpt.
  scope: 'file',
  severity: 'error',
  docs: {
    summary: 'Every step runs a built-in step, a command defined under `commands:`, or a command of a declared orb.',
    rationale:
      'CircleCI compiles the whole configuration before it runs anything, and a step that names no command stops ' +
      'that compilation: no workflow of the push runs. A step is a built-in (`run`, `checkout`, `save_cache`…), a ' +
      'command of the configuration (`commands:`), or `<orb>/<command>` of an orb declared under `orbs:`. In a job or ' +
      'command written inside an inline orb, the orb\'s own commands and the orbs it imports count too. The commands ' +
      'of an orb that is only referenced (`circleci/node@5.2`) are not in the file and are not checked; those of an ' +
      'inline orb are. When a defined name is close, it is offered as a fix; the fix is never applied unasked, as ' +
      'it runs another command than the one written.',
  },
  messages: {
    undefined: 'Step `{name}` is neither a built-in step nor a command defined under `commands:`{tail}',
    orb: 'Step `{name}` uses the orb `{orb}`, which is not declared under `orbs:`{tail}',
    member: 'Step `{name}` runs `{local}`, which the inline orb `{orb}` does not define under `commands:`{tail}',
  },
  fix: 'unsafe',
  check(ctx) {
    for (const use of stepUses(ctx.file)) {
      // Built-ins are candidates too: a misspelt `chekout` is as likely as a misspelt command.
      const local = [...BUILT_IN_STEPS, ...use.config.commands.keys(), ...(use.scope?.orb?.inline?.commands.keys() ?? [])];
      const verdict = lookUp(use.name, use.range, local, visibleOrbs(use.config, use.scope?.orb), 'commands');
      if (verdict.defined) continue;
      const data = { name: use.name, tail: suggestionTail(verdict), orb: verdict.problem === 'undefined' ? '' : verdict.orb, local: verdict.problem === 'member' ? verdict.local : '' };
      ctx.report({ messageId: verdict.problem, data, range: use.range, fixes: suggestionFixes(verdict) });
    }
  },
});
