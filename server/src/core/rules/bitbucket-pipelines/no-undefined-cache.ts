import { bitbucketDefinitions, PREDEFINED_CACHES } from '../../parse/bitbucket-definitions';
import { defineRule } from '../../rule';
import { closest } from '../../suggest';

export default defineRule({
  id: 'bitbucket-pipelines/no-undefined-cache',
  kinds: ['bitbucket-pipelines'],
  // Not run on code blocks of plan documents: caches may be defined outside an excerpt.
  scope: 'file',
  severity: 'error',
  docs: {
    summary: 'Each cache a step lists under `caches:` is predefined by Bitbucket or defined under `definitions.caches`.',
    rationale:
      'Bitbucket refuses a pipeline whose step names a cache it does not know, so the whole pipeline fails before its ' +
      'first step. The predefined caches are `docker`, `composer`, `dotnetcore`, `gradle`, `ivy2`, `maven`, `node`, ' +
      '`pip` and `sbt` (Atlassian\'s caches reference); any other cache, Bun\'s or Poetry\'s included, is defined with ' +
      'its directory under `definitions.caches` (`bun: ~/.bun/install/cache`). The closest known name is suggested and ' +
      'offered as a fix that is never applied unasked.',
  },
  messages: {
    undefined: 'Cache `{name}` is not predefined by Bitbucket and not defined under `definitions.caches`{tail}',
  },
  fix: 'unsafe',
  check(ctx) {
    for (const model of bitbucketDefinitions(ctx.file)) {
      const known = new Set([...PREDEFINED_CACHES, ...model.caches]);
      for (const use of model.cacheUses) {
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
