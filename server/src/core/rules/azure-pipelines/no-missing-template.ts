import { azureTemplateReferences, templatePath } from '../../parse/azure-structure';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'azure-pipelines/no-missing-template',
  kinds: ['azure-pipelines'],
  // Not run on code blocks of plan documents: reads the repository for the templates.
  scope: 'repository',
  severity: 'error',
  docs: {
    summary: 'A `template:` of this repository names a file that exists.',
    rationale:
      'Azure Pipelines expands templates before the run starts; a template file that is missing (misspelt, moved, ' +
      'or named relative to the wrong folder) fails every run of the pipeline, and a template that includes a ' +
      'missing one fails every pipeline that uses it.\n\n' +
      'A template path is relative to the file that names it, or to the repository root when it starts with `/`. ' +
      'Templates of other repositories (`path@repository`) are not fetched and not checked, nor are paths Azure ' +
      'computes (`${{ parameters.template }}`) or paths that leave the workspace. References in `stages`, `jobs`, ' +
      '`steps` and `variables` lists and in `extends` are checked; steps passed as parameter values are not, since ' +
      'the template that receives them decides where they stand. A file linted outside any workspace is not checked.',
  },
  messages: {
    missing: 'Template `{template}` does not exist: there is no file `{path}` in this repository.',
  },
  check(ctx) {
    // A text linted on its own, outside any repository, has no files beside it to find.
    if (!ctx.workspace.has(ctx.file.path)) return;
    for (const ref of azureTemplateReferences(ctx.file)) {
      const path = templatePath(ctx.file.path, ref.node.value);
      if (path === undefined || ctx.workspace.has(path) || !ref.node.range) continue;
      ctx.report({ messageId: 'missing', data: { template: ref.node.value, path }, range: { start: ref.node.range[0], end: ref.node.range[1] } });
    }
  },
});
