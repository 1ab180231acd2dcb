import { schemaRule } from '../../schema/schema-rule';

export default schemaRule('gitlab-ci', {
  summary: 'A GitLab CI file matches the CI/CD YAML syntax: known keywords, in the right places, with values of the right type.',
  rationale:
    'GitLab validates `.gitlab-ci.yml` only when a pipeline is created, and then rejects the whole pipeline for one ' +
    'misspelt keyword (`scirpt`, `artifact`), a keyword at the wrong level, or a value of the wrong shape (`cache: ' +
    'paths: node_modules/` instead of a list). The schema, written from GitLab\'s CI/CD YAML syntax reference, reports ' +
    'each at its key or value while the file is typed. Hidden jobs (`.name`) may hold any partial configuration, ' +
    '`!reference` tags and `$[[ inputs ]]` placeholders are resolved by GitLab and accepted as they are, and a key ' +
    'left empty to drop what a job inherits (`variables:`) is accepted. Whether a job has a script, and whether the ' +
    'names it refers to exist, are the other `gitlab-ci/` rules\' to say.',
});
