import { extendsNames, gitlabConfig, isPlaceholder } from '../../parse/gitlab-config';
import { gitlabPipeline } from '../../parse/gitlab-pipeline';
import { cyclicEdges } from '../../parse/graph-cycles';
import { rangeOf } from '../../parse/yaml';
import { defineRule } from '../../rule';
import { closest } from '../../suggest';

export default defineRule({
  id: 'gitlab-ci/extends',
  kinds: ['gitlab-ci'],
  // Not run on code blocks of plan documents: templates may come from included files.
  scope: 'repository',
  severity: 'error',
  docs: {
    summary: 'Every name in `extends:` is a job or hidden job of the pipeline, and no `extends:` chain loops back on itself.',
    rationale:
      'GitLab refuses to create a pipeline whose `extends:` names a job it cannot find, or whose `extends:` chain comes back ' +
      'to where it started, and says so only when the pipeline is pushed. Names are looked up in the whole pipeline: the ' +
      'file, the files it includes with `include: local`, and the `.gitlab-ci.yml` that includes it. When the pipeline ' +
      'also includes configuration from outside the repository (a remote URL, another project, a template, a component), ' +
      'a name not found here may be defined there, and is not reported.',
  },
  messages: {
    unknown: '`extends` names `{name}`, which is not defined in this pipeline.',
    unknownNear: '`extends` names `{name}`, which is not defined in this pipeline; did you mean `{near}`?',
    cycle: '`extends` of `{job}` names `{name}`, which leads back to `{job}` through `extends`.',
  },
  check(ctx) {
    const config = gitlabConfig(ctx.file);
    if (config.definitions.size === 0) return;
    const pipeline = gitlabPipeline(ctx.file, ctx.workspace);
    const cyclic = cyclicEdges(pipeline.names(), (name) => pipeline.parents(name).map((p) => p.name).filter((p) => pipeline.definitions(p).length > 0));
    for (const def of config.definitions.values()) {
      for (const parent of extendsNames(def.doc, def.node)) {
        const range = rangeOf(parent.node);
        if (!range || isPlaceholder(parent.name)) continue;
        if (pipeline.definitions(parent.name).length === 0) {
          if (!pipeline.closed) continue;
          const near = closest(parent.name, pipeline.names());
          ctx.report({ messageId: near ? 'unknownNear' : 'unknown', data: { name: parent.name, near: near ?? '' }, range });
        } else if (cyclic(def.name, parent.name)) {
          ctx.report({ messageId: 'cycle', data: { job: def.name, name: parent.name }, range });
        }
      }
    }
  },
});
