import { parameterUses, pipelineParameterUses } from '../../parse/circleci-references';
import { circleciDocuments } from '../../parse/circleci-config';
import { defineRule } from '../../rule';
import { closest } from '../../suggest';

export default defineRule({
  id: 'circleci/no-undefined-parameter',
  kinds: ['circleci'],
  // Not run on code blocks of plan documents: parameters may be declared outside an excerpt.
  scope: 'file',
  severity: 'error',
  docs: {
    summary: '`<< parameters.x >>` names a parameter of the job, command or executor it is written in; `<< pipeline.parameters.x >>` a pipeline parameter declared under `parameters:`.',
    rationale:
      'CircleCI replaces every `<< parameters.x >>` with the argument of the job, command or executor that declares ' +
      '`x` under its own `parameters:`, and every `<< pipeline.parameters.x >>` with the pipeline parameter `x` of the ' +
      'top-level `parameters:`. A name that is not declared there is an error that stops the whole configuration ' +
      '(parameters are not inherited: a command does not see the parameters of the job that calls it, and must be ' +
      'passed them). Pipeline parameters named in expressions (`filters:` and workflow `when:` written as strings) are ' +
      'checked too. The closest declared name is suggested, and offered as a fix that is never applied unasked.',
  },
  messages: {
    parameter: 'Parameter `{name}` is not declared under the `parameters:` of {kind} `{scope}`{tail}',
    pipeline: 'Pipeline parameter `{name}` is not declared under the top-level `parameters:`{tail}',
  },
  fix: 'unsafe',
  check(ctx) {
    const report = (messageId: 'parameter' | 'pipeline', name: string, range: { start: number; end: number }, declared: Iterable<string>, data: Record<string, string> = {}) => {
      const suggestion = closest(name, declared);
      const text = ctx.file.text.slice(range.start, range.end);
      const at = text.lastIndexOf(name);
      ctx.report({
        messageId,
        data: { ...data, name, tail: suggestion ? `; did you mean \`${suggestion}\`?` : '.' },
        range,
        fixes: suggestion ? [{ title: `Use \`${suggestion}\``, safe: false, edits: [{ start: range.start + at, end: range.start + at + name.length, newText: suggestion }] }] : [],
      });
    };
    for (const { scope, uses } of parameterUses(ctx.file)) {
      for (const use of uses) {
        if (!scope.parameters.has(use.name)) report('parameter', use.name, use.range, scope.parameters, { kind: scope.kind, scope: scope.name });
      }
    }
    const declared = new Set(circleciDocuments(ctx.file).flatMap((c) => [...c.pipelineParameters]));
    for (const use of pipelineParameterUses(ctx.file)) {
      if (!declared.has(use.name)) report('pipeline', use.name, use.range, declared);
    }
  },
});
