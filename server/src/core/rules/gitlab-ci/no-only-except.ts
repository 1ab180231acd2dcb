import { isMap, isScalar } from 'yaml';
import { gitlabConfig } from '../../parse/gitlab-config';
import { onlyExceptCondition } from '../../parse/gitlab-only-except';
import { resolve } from '../../parse/yaml-scripts';
import { rangeOf } from '../../parse/yaml';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'gitlab-ci/no-only-except',
  kinds: ['gitlab-ci'],
  severity: 'info',
  docs: {
    summary: 'Jobs choose when they run with `rules:`, not with the deprecated `only:` and `except:`.',
    rationale:
      '`only:` and `except:` are no longer developed: they cannot be combined with `rules:` in one job, they cannot ' +
      'express merge request pipelines without duplicating every branch pipeline, and `workflow: rules` does not ' +
      'apply to them the same way. `rules:` says the same with `if:` expressions on predefined variables ' +
      '(`$CI_COMMIT_BRANCH`, `$CI_COMMIT_TAG`, `$CI_PIPELINE_SOURCE`) and `changes:`; the message gives the ' +
      'equivalent condition when there is a simple one. Nothing is wrong with the job today, hence the low severity.',
  },
  messages: {
    only: '`only` is deprecated; the same condition as `rules` is `rules: [{if: \'{condition}\'}]`.',
    except: '`except` is deprecated; the same condition as `rules` is `rules: [{if: \'{condition}\', when: never}, {when: on_success}]`.',
    onlyComplex: '`only` is deprecated; express its conditions with `rules:` (`if:` on predefined variables, `changes:`).',
    exceptComplex: '`except` is deprecated; express its conditions with `rules:` entries that end in `when: never`.',
  },
  check(ctx) {
    for (const def of gitlabConfig(ctx.file).definitions.values()) {
      const job = resolve(def.doc, def.node);
      if (!isMap(job)) continue;
      for (const pair of job.items) {
        if (!isScalar(pair.key) || (pair.key.value !== 'only' && pair.key.value !== 'except')) continue;
        const keyword = pair.key.value;
        const range = rangeOf(pair.key);
        if (!range) continue;
        const condition = onlyExceptCondition(def.doc, pair.value);
        if (condition === undefined) ctx.report({ messageId: keyword === 'only' ? 'onlyComplex' : 'exceptComplex', range });
        else ctx.report({ messageId: keyword, data: { condition }, range });
      }
    }
  },
});
