import { schemaRule } from '../../schema/schema-rule';

export default schemaRule('azure-pipelines', {
  summary: 'An Azure Pipelines file (a pipeline or a template) has only the keys and values the YAML schema reference allows.',
  rationale:
    'Azure Pipelines rejects a pipeline with an unknown key or a value of the wrong form only when a run is queued, ' +
    'and a template only when a pipeline that uses it runs; a misspelt key inside a template breaks every pipeline ' +
    'that includes it. The schema follows the public YAML schema reference: the root forms (stages, jobs or steps at ' +
    'the root, or `extends`), triggers and schedules, resources, stages, jobs and deployment jobs with their ' +
    'strategies and lifecycle hooks, and every kind of step with the keys it accepts.\n\n' +
    'Template expressions (`${{ }}`), runtime expressions (`$[ ]`) and macros (`$( )`) are resolved by Azure, so a ' +
    'value that holds one is never reported, and the keys `${{ if }}`, `${{ elseif }}`, `${{ else }}`, ' +
    '`${{ each }}` and `${{ insert }}` are read as inserting their content into the enclosing mapping or list. ' +
    'Task inputs are not checked: each task defines its own.',
});
