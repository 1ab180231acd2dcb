import { schemaRule } from '../../schema/schema-rule';

export default schemaRule('compose', {
  summary: 'A Compose file must match the Compose Specification: known keys, the right kinds of values, required keys present.',
  rationale:
    'Docker Compose validates the whole file before it starts anything, and stops at the first key it does not know: a ' +
    'misspelt `healtcheck:` or `depend_on:` means `docker compose up` runs nothing. Worse, older tools and some ' +
    'platforms ignore what they do not know, so the health check or the resource limit you wrote is silently not there. ' +
    'The schema follows the Compose Specification (the format Docker Compose v2 reads), including `include`, ' +
    '`develop.watch`, `configs`/`secrets` from `content` or `environment`, `deploy.resources` with GPU devices, `gpus`, ' +
    '`profiles`, `extends`, lifecycle hooks and `models`. Extension keys (`x-…`) are accepted wherever the specification ' +
    'allows them, anchors, aliases and `<<` merges are resolved first, and a value written as an interpolation ' +
    '(`${PORT:-8080}`, `$DEBUG`) is never judged by type: Compose replaces it before it validates.',
});
