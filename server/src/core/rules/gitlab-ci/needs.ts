import type { Node } from 'yaml';
import { gitlabConfig, scalarText } from '../../parse/gitlab-config';
import { dependenciesOf, jobsNamedIn, needsOf } from '../../parse/gitlab-needs';
import { gitlabPipeline, UNKNOWN } from '../../parse/gitlab-pipeline';
import { cyclicEdges } from '../../parse/graph-cycles';
import { rangeOf } from '../../parse/yaml';
import { defineRule } from '../../rule';
import { closest } from '../../suggest';

export default defineRule({
  id: 'gitlab-ci/needs',
  kinds: ['gitlab-ci'],
  // Not run on code blocks of plan documents: jobs may come from included files.
  scope: 'repository',
  severity: 'error',
  docs: {
    summary: '`needs:` and `dependencies:` name jobs of the pipeline (not hidden jobs), and `needs:` never form a loop.',
    rationale:
      'GitLab refuses a pipeline whose `needs:` or `dependencies:` name a job that does not exist ("undefined need"), ' +
      'a hidden job (a template, which never runs), or whose `needs:` come back to the job that started them. Jobs are ' +
      'looked up in the whole pipeline: the file, its `include: local` files and the `.gitlab-ci.yml` that includes it. ' +
      'A job cannot need a job of a later stage either. Needs with `optional: true`, on another pipeline (`pipeline:`) or on another project (`project:`) are not ' +
      'checked, and when the pipeline includes configuration from outside the repository a job not found here may be ' +
      'defined there.',
  },
  messages: {
    unknown: '`{keyword}` names `{name}`, which is not a job of this pipeline.',
    unknownNear: '`{keyword}` names `{name}`, which is not a job of this pipeline; did you mean `{near}`?',
    hidden: '`{keyword}` names `{name}`, a hidden job, which never runs.',
    cycle: '`needs` of `{job}` names `{name}`, which leads back to `{job}` through `needs`.',
    laterStage: '`needs` of `{job}` (stage `{stage}`) names `{name}`, which runs in the later stage `{otherStage}`.',
  },
  check(ctx) {
    const config = gitlabConfig(ctx.file);
    if (config.definitions.size === 0) return;
    const pipeline = gitlabPipeline(ctx.file, ctx.workspace);
    const jobs = [...pipeline.names()].filter((n) => pipeline.isJob(n));
    const effectiveNeeds = (job: string) => {
      const found = pipeline.lookup(job, 'needs');
      return found && found !== UNKNOWN ? jobsNamedIn(found.def.doc, found.node) : [];
    };
    for (const def of config.definitions.values()) {
      const named = [
        ...needsOf(def.doc, def.node).map((n) => ({ ...n, keyword: 'needs' })),
        ...dependenciesOf(def.doc, def.node).map((n) => ({ ...n, keyword: 'dependencies' })),
      ];
      for (const item of named) {
        const range = rangeOf(item.node);
        if (!range) continue;
        if (item.name.startsWith('.')) {
          ctx.report({ messageId: 'hidden', data: { keyword: item.keyword, name: item.name }, range });
        } else if (!pipeline.isJob(item.name) && !item.optional && pipeline.closed) {
          const near = closest(item.name, jobs);
          ctx.report({ messageId: near ? 'unknownNear' : 'unknown', data: { keyword: item.keyword, name: item.name, near: near ?? '' }, range });
        }
      }
    }
    // A need on a job of a later stage, when one `stages:` list gives the order.
    const order = pipeline.stageOrder();
    if (order) {
      const stageOf = (job: string): string | undefined => {
        const found = pipeline.lookup(job, 'stage');
        if (found === UNKNOWN) return undefined;
        const stage = found ? scalarText(found.def.doc, found.node) : 'test';
        return stage !== undefined && order.includes(stage) ? stage : undefined;
      };
      for (const def of config.definitions.values()) {
        if (def.hidden) continue;
        const stage = stageOf(def.name);
        if (stage === undefined) continue;
        for (const item of needsOf(def.doc, def.node)) {
          const range = rangeOf(item.node);
          const otherStage = pipeline.isJob(item.name) ? stageOf(item.name) : undefined;
          if (!range || otherStage === undefined || order.indexOf(otherStage) <= order.indexOf(stage)) continue;
          ctx.report({ messageId: 'laterStage', data: { job: def.name, stage, name: item.name, otherStage }, range });
        }
      }
    }
    // Loops, through the needs each job runs with (its own or inherited), reported where those needs are written.
    const cyclic = cyclicEdges(jobs, (job) => effectiveNeeds(job).map((n) => n.name).filter((n) => pipeline.isJob(n)));
    const reported = new Set<Node>();
    for (const job of jobs) {
      const found = pipeline.lookup(job, 'needs');
      if (!found || found === UNKNOWN || found.def.file.path !== ctx.file.path) continue;
      for (const item of jobsNamedIn(found.def.doc, found.node)) {
        const range = rangeOf(item.node);
        if (!range || reported.has(item.node) || !pipeline.isJob(item.name) || !cyclic(job, item.name)) continue;
        reported.add(item.node);
        ctx.report({ messageId: 'cycle', data: { job, name: item.name }, range });
      }
    }
  },
});
