import { bitbucketDefinitions, PREDEFINED_SERVICES } from '../../parse/bitbucket-definitions';
import { defineRule } from '../../rule';
import { closest } from '../../suggest';

export default defineRule({
  id: 'bitbucket-pipelines/no-undefined-service',
  kinds: ['bitbucket-pipelines'],
  // Not run on code blocks of plan documents: services may be defined outside an excerpt.
  scope: 'file',
  severity: 'error',
  docs: {
    summary: 'Each service a step lists under `services:` is `docker` or is defined under `definitions.services`.',
    rationale:
      'A service container (a database, a cache server) runs from the image its definition names under ' +
      '`definitions.services`; Bitbucket refuses a step that lists a service with no definition, and the pipeline fails ' +
      'before it starts. Only `docker`, the Docker daemon, is provided without one. The closest defined name is ' +
      'suggested and offered as a fix that is never applied unasked.',
  },
  messages: {
    undefined: 'Service `{name}` is not defined under `definitions.services`{tail}',
  },
  fix: 'unsafe',
  check(ctx) {
    for (const model of bitbucketDefinitions(ctx.file)) {
      const known = new Set([...PREDEFINED_SERVICES, ...model.services]);
      for (const use of model.serviceUses) {
        if (known.has(use.name)) continue;
        const suggestion = closest(use.name, known);
        ctx.report({
          messageId: 'undefined',
          data: { name: use.name, tail: suggestion ? `; did you mean \`${suggestion}\`?` : '.' },
          range: use.range,
          fixes: suggestion ? [{ title: `Use \`${suggestion}\``, safe: false, edits: [{ ...use.range, newText: suggestion }] }] : [],
        });
      }
    }
  },
});
