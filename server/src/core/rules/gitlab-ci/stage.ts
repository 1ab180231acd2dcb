import { isMap, type Node } from 'yaml';
import { gitlabConfig, isPlaceholder, scalarText } from '../../parse/gitlab-config';
import { gitlabPipeline, UNKNOWN } from '../../parse/gitlab-pipeline';
import { resolve } from '../../parse/yaml-scripts';
import { rangeOf } from '../../parse/yaml';
import { defineRule } from '../../rule';
import { closest } from '../../suggest';

export default defineRule({
  id: 'gitlab-ci/stage',
  kinds: ['gitlab-ci'],
  // Not run on code blocks of plan documents: stages may come from included files.
  scope: 'repository',
  severity: 'error',
  docs: {
    summary: 'A job\'s `stage:` is one of the pipeline\'s `stages:` (by default `build`, `test`, `deploy`, with `.pre` and `.post` always there).',
    rationale:
      'GitLab rejects the pipeline when a job runs in a stage that `stages:` does not list ("chosen stage does not exist"), ' +
      'which is how a misspelt stage, or a stage renamed in one place only, shows up. A job without `stage:` runs in ' +
      '`test`, so a pipeline that declares its own `stages:` without `test` needs a stage on every job. The stage a job ' +
      'inherits through `extends:` counts, and is reported where it is written. When the pipeline includes ' +
      'configuration from outside the repository and declares no stages of its own, the stages may be declared there, ' +
      'and nothing is reported.',
  },
  messages: {
    undeclared: 'Stage `{stage}` is not declared in `stages`.',
    undeclaredNear: 'Stage `{stage}` is not declared in `stages`; did you mean `{near}`?',
    defaultUndeclared: 'Job `{job}` has no `stage`, so it runs in `test`, which `stages` does not declare.',
  },
  check(ctx) {
    const config = gitlabConfig(ctx.file);
    if (config.definitions.size === 0) return;
    const pipeline = gitlabPipeline(ctx.file, ctx.workspace);
    const stages = pipeline.stages();
    if (!stages) return;
    const reported = new Set<Node>();
    for (const name of pipeline.names()) {
      if (!pipeline.isJob(name)) continue;
      const defs = pipeline.definitions(name);
      if (!defs.every((d) => isMap(resolve(d.doc, d.node)))) continue;
      const found = pipeline.lookup(name, 'stage');
      if (found === UNKNOWN) continue;
      if (found === undefined) {
        const last = defs[defs.length - 1];
        const range = rangeOf(last.key);
        if (!stages.has('test') && last.file.path === ctx.file.path && range) ctx.report({ messageId: 'defaultUndeclared', data: { job: name }, range });
        continue;
      }
      const stage = scalarText(found.def.doc, found.node);
      const node = resolve(found.def.doc, found.node);
      const range = rangeOf(node);
      if (stage === undefined || isPlaceholder(stage) || stages.has(stage) || found.def.file.path !== ctx.file.path || !node || !range || reported.has(node)) continue;
      reported.add(node);
      const near = closest(stage, stages);
      ctx.report({ messageId: near ? 'undeclaredNear' : 'undeclared', data: { stage, near: near ?? '' }, range });
    }
  },
});
