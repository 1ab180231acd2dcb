import { isMap, isScalar } from 'yaml';
import { azureTemplateReferences, declaredParameters, flatEntries, isExpression, templatePath } from '../../parse/azure-structure';
import { defineRule } from '../../rule';
import { closest } from '../../suggest';

export default defineRule({
  id: 'azure-pipelines/template-parameters',
  kinds: ['azure-pipelines'],
  // Not run on code blocks of plan documents: reads the templates it passes parameters to.
  scope: 'repository',
  severity: 'error',
  docs: {
    summary: 'The parameters passed to a local template are those it declares, with every parameter that has no default.',
    rationale:
      'A template with typed parameters (`parameters:` as a list of `name:` entries) accepts no other parameter, ' +
      'and a parameter declared without `default` must be passed. Azure reports either mistake only when the ' +
      'pipeline is expanded, when a run is queued: a misspelt parameter name fails every run, and a template shared by ' +
      'many pipelines whose parameters changed fails them all.\n\n' +
      'Only sure cases are reported: the template is a file of this repository that declares its parameters as a ' +
      'list of literal names, and the parameters passed are a literal mapping. Templates with the older mapping form ' +
      'of `parameters:` (which accepts any name), passed parameters built by `${{ each }}`, `${{ insert }}` or named ' +
      'by expressions, and templates of other repositories are not checked. Names are compared without regard to ' +
      'case, so that no finding rests on it.',
  },
  messages: {
    unknown: '`{name}` is not a parameter of the template `{template}`.',
    unknownSuggest: '`{name}` is not a parameter of the template `{template}`; did you mean `{suggestion}`?',
    missing: 'The template `{template}` requires the parameter `{name}`, which is not passed.',
  },
  check(ctx) {
    for (const ref of azureTemplateReferences(ctx.file)) {
      const path = templatePath(ctx.file.path, ref.node.value);
      const template = path === undefined ? undefined : ctx.workspace.file(path);
      const declared = template && template.isYamlLike ? declaredParameters(template) : undefined;
      if (!declared || !ref.node.range) continue;
      const passed = new Map<string, { start: number; end: number }>();
      if (ref.parameters !== undefined && ref.parameters !== null && !(isScalar(ref.parameters) && ref.parameters.value === null)) {
        if (!isMap(ref.parameters)) continue;
        const { entries, unknown } = flatEntries(ref.parameters);
        if (unknown) continue;
        for (const { key } of entries) if (key.range) passed.set(String(key.value), { start: key.range[0], end: key.range[1] });
        if ([...passed.keys()].some(isExpression)) continue;
      }
      const declaredLower = new Map([...declared.names.keys()].map((n) => [n.toLowerCase(), n]));
      const passedLower = new Set([...passed.keys()].map((n) => n.toLowerCase()));
      for (const [name, range] of passed) {
        if (declaredLower.has(name.toLowerCase())) continue;
        const suggestion = closest(name, declared.names.keys());
        // A misspelt required parameter is one mistake: the misspelling is reported, not the absence as well.
        if (suggestion) passedLower.add(suggestion.toLowerCase());
        ctx.report({ messageId: suggestion ? 'unknownSuggest' : 'unknown', data: { name, template: ref.node.value, ...(suggestion ? { suggestion } : {}) }, range });
      }
      for (const [name, { optional }] of declared.names) {
        if (optional || passedLower.has(name.toLowerCase())) continue;
        ctx.report({ messageId: 'missing', data: { template: ref.node.value, name }, range: { start: ref.node.range[0], end: ref.node.range[1] } });
      }
    }
  },
});
