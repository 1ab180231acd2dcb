import { azureDependencyLists } from '../../parse/azure-dependencies';
import { isPipelineEntry } from '../../parse/azure-template-graph';
import { defineRule } from '../../rule';
import { closest } from '../../suggest';

export default defineRule({
  id: 'azure-pipelines/no-unknown-dependency',
  kinds: ['azure-pipelines'],
  // Not run on code blocks of plan documents: a template is judged by the pipelines that include it.
  scope: 'repository',
  severity: 'error',
  docs: {
    summary: '`dependsOn` names a stage or job that the same list defines.',
    rationale:
      'A stage may depend only on stages of the pipeline, and a job only on jobs of its own stage. A `dependsOn` ' +
      'that names anything else (a misspelt name, a job of another stage, a stage renamed since) makes Azure reject ' +
      'the run when it is queued.\n\n' +
      'Only sure cases are reported: the file is a pipeline (not a template another file includes, whose stages or ' +
      'jobs join a list written elsewhere), and every name of the list is written in it. A list with a `template:` ' +
      'item, an `${{ each }}` insertion or a name Azure computes may hold names this file does not show, and is not ' +
      'checked; neither is a `dependsOn` that is an expression. Stages and jobs inside `${{ if }}` insertions count.',
  },
  messages: {
    unknown: '`dependsOn` names the {kind} `{name}`, which this {list} does not define.',
    unknownSuggest: '`dependsOn` names the {kind} `{name}`, which this {list} does not define; did you mean `{suggestion}`?',
  },
  check(ctx) {
    const lists = azureDependencyLists(ctx.file);
    if (lists.every((l) => l.references.length === 0 || !l.names)) return;
    if (!isPipelineEntry(ctx.file, ctx.workspace)) return;
    for (const { kind, names, references } of lists) {
      if (!names) continue;
      for (const { node, name } of references) {
        if (names.has(name) || !node.range) continue;
        const suggestion = closest(name, names);
        const list = kind === 'stage' ? 'pipeline' : 'stage';
        ctx.report({
          messageId: suggestion ? 'unknownSuggest' : 'unknown',
          data: { kind, name, list, ...(suggestion ? { suggestion } : {}) },
          range: { start: node.range[0], end: node.range[1] },
        });
      }
    }
  },
});
