import { isMap, isScalar } from 'yaml';
import type { GitlabDefinition } from '../../parse/gitlab-config';
import { gitlabConfig } from '../../parse/gitlab-config';
import { gitlabPipeline } from '../../parse/gitlab-pipeline';
import { resolve } from '../../parse/yaml-scripts';
import { rangeOf } from '../../parse/yaml';
import { defineRule } from '../../rule';
import { closest } from '../../suggest';

/** What a job runs: one of them is required. */
const RUNNABLE = ['script', 'trigger', 'run'];

export default defineRule({
  id: 'gitlab-ci/require-script',
  kinds: ['gitlab-ci'],
  // Not run on code blocks of plan documents: a script may be inherited from included files.
  scope: 'repository',
  severity: 'error',
  docs: {
    summary: 'Every job has a `script:` (or is a `trigger:` job, or has `run:` steps), written in it or inherited through `extends:`.',
    rationale:
      'GitLab rejects the whole pipeline when one job has nothing to run ("jobs config should contain at least one visible ' +
      'job" or "script can\'t be blank"), which often comes from a top-level key that was meant to be indented into a ' +
      'job, or from a template name misspelt in `extends:`. Hidden jobs (`.name`) are templates and need no script. ' +
      'The job is looked up as GitLab merges it: every definition of its name in the pipeline\'s local files, and the ' +
      'jobs it extends. When the pipeline includes configuration from outside the repository, that configuration may ' +
      'give the job its script, and nothing is reported.',
  },
  messages: {
    missing: 'Job `{job}` has no `script`, `trigger` or `run`, neither its own nor through `extends`.',
  },
  check(ctx) {
    const config = gitlabConfig(ctx.file);
    if (config.definitions.size === 0) return;
    const pipeline = gitlabPipeline(ctx.file, ctx.workspace);
    if (!pipeline.closed) return;
    for (const def of config.definitions.values()) {
      if (def.hidden) continue;
      const defs = pipeline.definitions(def.name);
      // Reported once, where the definition that wins is written; a value that is no mapping is the schema's to report.
      if (defs[defs.length - 1] !== def || !defs.every((d) => isMap(resolve(d.doc, d.node)))) continue;
      const found = RUNNABLE.map((key) => pipeline.lookup(def.name, key));
      if (found.some((f) => f !== undefined)) continue;
      // A misspelt `scirpt:` is one mistake, which gitlab-ci/schema reports with its correction.
      if (defs.some((d) => ownKeys(d).some((key) => closest(key, RUNNABLE) !== undefined))) continue;
      const range = rangeOf(def.key);
      if (range) ctx.report({ messageId: 'missing', data: { job: def.name }, range });
    }
  },
});

function ownKeys(def: GitlabDefinition): string[] {
  const job = resolve(def.doc, def.node);
  return isMap(job) ? job.items.flatMap((pair) => (isScalar(pair.key) ? [String(pair.key.value)] : [])) : [];
}
