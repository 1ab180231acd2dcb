import { schemaRule } from '../../schema/schema-rule';

export default schemaRule('bitbucket-pipelines', {
  summary: 'A `bitbucket-pipelines.yml` must match the Bitbucket Pipelines configuration reference: known keys, the right kinds of values, required keys present.',
  rationale:
    'Bitbucket refuses to start any pipeline of a configuration it cannot read, so one misspelt key (`scirpt:`, ' +
    '`artefacts:`) stops every build of the branch, and the error is only shown after the push. The schema follows ' +
    "Atlassian's Bitbucket Pipelines configuration reference: the global `image`, `clone`, `options` and `definitions`, " +
    'the pipelines by start condition (`default`, `branches`, `tags`, `bookmarks`, `pull-requests`, `custom` with ' +
    'variables), and steps, parallel groups and stages. Anchors and `<<` merges are resolved first, so a step reused ' +
    'through an alias is checked as Bitbucket reads it.',
});
