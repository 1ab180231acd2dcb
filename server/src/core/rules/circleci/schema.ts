import { schemaRule } from '../../schema/schema-rule';

export default schemaRule('circleci', {
  summary: 'A CircleCI configuration must match the configuration reference: known keys, the right kinds of values, required keys present.',
  rationale:
    'CircleCI rejects a configuration it cannot compile, and then runs nothing: the push that was meant to build and deploy ' +
    'fails before the first step, and the reason is only shown in the web app. A key misspelt where CircleCI allows ' +
    'only its own keys (`comand:` in a `run` step, `requires` under a job definition instead of a workflow) is such an ' +
    'error. The schema follows the CircleCI 2.1 configuration reference; `<< pipeline.parameters.x >>`, ' +
    '`<< parameters.x >>` and `<< matrix.x >>` placeholders are accepted wherever they stand, as CircleCI replaces them ' +
    'before it validates. Keys of your own at the top level (`aliases:`, `references:`) are accepted: they hold YAML anchors.',
});
