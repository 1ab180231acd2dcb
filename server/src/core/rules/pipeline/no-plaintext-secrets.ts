import { isMap, isScalar, type Scalar } from 'yaml';
import { shellCommands, wordsRange } from '../../parse/commands';
import { CI_KINDS, pipelineOf } from '../../parse/pipeline';
import { echoedSecret, isCredentialLike, isSecretName, plainSecrets, TEST_SERVICE_PREFIXES } from '../../parse/pipeline/secrets';
import { eachMap } from '../../parse/yaml-scripts';
import { entries, get } from '../../parse/yaml';
import { defineRule } from '../../rule';
import type { FileKind, OffsetRange } from '../../types';

/** Mappings whose entries are settings a job receives: environment variables, CI variables, action and pipe inputs. */
const SETTING_MAPS = new Set(['env', 'environment', 'variables', 'with', 'inputs', 'credentials', 'parameters']);

/** Where each system keeps secrets, as the messages name it. */
const STORE: Partial<Record<FileKind, string>> = {
  'github-actions': 'a repository or environment secret and use `${{ secrets.NAME }}`',
  'gitlab-ci': 'a masked, protected CI/CD variable',
  circleci: 'a project environment variable or a context',
  'azure-pipelines': 'a secret variable or a variable group linked to Key Vault',
  'bitbucket-pipelines': 'a secured repository or deployment variable',
};

interface Setting {
  name: string;
  value: Scalar;
}

/** Secret-named settings with a literal value: `env:`, `variables:` (a mapping, `{ value: }` or Azure's `- name:/value:` list), inputs. */
function literalSettings(doc: { contents: unknown }): Setting[] {
  const out: Setting[] = [];
  eachMap(doc.contents, (map, path) => {
    const last = path[path.length - 1];
    // Azure's list form: `variables: [{ name: X, value: Y }]`.
    if (last === 'variables' && isScalar(get(map, 'name')) && isScalar(get(map, 'value'))) {
      out.push({ name: String((get(map, 'name') as Scalar).value), value: get(map, 'value') as Scalar });
      return;
    }
    if (!SETTING_MAPS.has(last ?? '')) return;
    for (const { key, value } of entries(map)) {
      const literal = isMap(value) ? get(value, 'value') : value;
      if (isScalar(literal) && typeof literal.value === 'string') out.push({ name: String(key.value), value: literal });
    }
  });
  return out;
}

/** Prefixes of the settings of test databases the file runs as services (`POSTGRES_PASSWORD` beside a `postgres` service). */
function testServicePrefixes(images: readonly string[]): RegExp[] {
  return Object.entries(TEST_SERVICE_PREFIXES)
    .filter(([image]) => images.some((i) => i.toLowerCase().includes(image)))
    .map(([, prefix]) => prefix);
}

export default defineRule({
  id: 'pipeline/no-plaintext-secrets',
  kinds: [...CI_KINDS],
  severity: 'error',
  docs: {
    summary: 'Pipelines take secrets from the CI system\'s secret store; none is written in the file or printed to the job log.',
    rationale:
      'A secret in a pipeline file is in every clone, fork and backup of the repository, in its history for good, and in ' +
      'the logs of every tool that reads it; rotating it is the only remedy. Each CI system has a store that injects ' +
      'secrets at run time and masks them in logs: GitHub `secrets`, GitLab masked CI/CD variables, CircleCI project ' +
      'variables and contexts, Azure secret variables and variable groups, Bitbucket secured variables.\n\n' +
      'Reported:\n\n' +
      '- a literal value in a setting named like a secret (`*_TOKEN`, `*_PASSWORD`, `*_SECRET`, `API_KEY`, `password:` ' +
      'inputs…) in `env:`, `variables:`, `environment:`, action inputs or pipe variables — unless it is a reference ' +
      '(`${{ secrets.X }}`, `$VAR`, `$(var)`, an environment variable\'s name), a file path, a placeholder, a value that ' +
      'says it is for tests or local runs (`test-session-secret`, `ci_password`), a typed stand-in that spells a word ' +
      'such as `secret` or `password` (`supersecret123`), or a short single-kind word such as ' +
      '`postgres`, or it ' +
      'configures a test database the file runs as a service (`POSTGRES_PASSWORD` beside a `postgres` service);\n' +
      '- a credential anywhere in the file whose shape gives it away: a private key, a GitHub, npm or Slack token, an ' +
      'AWS access key, a Google API key, a password inside a URL to a host other than a local test service, a literal ' +
      '`Authorization` header;\n' +
      '- `echo`/`printf` of a secret to the job log. Masking only hides the exact value: a secret that is encoded, split ' +
      'or spans several lines comes out in clear. Writing it to a file or piping it to a tool (`| docker login ' +
      '--password-stdin`) is not reported.\n\n' +
      'Findings say what kind of secret is where; the value is never repeated.',
  },
  messages: {
    literal: '`{name}` is set to a literal secret; store it as {store}.',
    pattern: 'A credential ({kind}) is written here in plain text; revoke it and store it as {store}.',
    echoed: '`{command}` prints the secret `{name}` to the job log; pass it to the tool that needs it through the environment or a file instead.',
  },
  check(ctx) {
    const store = STORE[ctx.file.kind] ?? 'a CI secret';
    const images = (pipelineOf(ctx.file)?.images ?? []).map((i) => i.value);
    const testPrefixes = testServicePrefixes(images);
    const reported: OffsetRange[] = [];
    const report = (messageId: 'literal' | 'pattern', data: Record<string, string>, range: OffsetRange) => {
      if (reported.some((r) => r.start < range.end && range.start < r.end)) return;
      reported.push(range);
      ctx.report({ messageId, data, range });
    };
    for (const doc of ctx.file.yaml.documents) {
      for (const { name, value } of literalSettings(doc)) {
        if (!value.range || !isSecretName(name) || testPrefixes.some((p) => p.test(name.toUpperCase()))) continue;
        if (!isCredentialLike(String(value.value))) continue;
        report('literal', { name, store }, { start: value.range[0], end: value.range[1] });
      }
    }
    for (const secret of plainSecrets(ctx.file.text)) report('pattern', { kind: secret.kind, store }, secret);
    for (const found of shellCommands(ctx.file)) {
      const name = echoedSecret(found);
      if (!name) continue;
      const range = wordsRange(found, found.program, found.program);
      ctx.report({ messageId: 'echoed', data: { command: found.command.words[found.program].value, name }, range });
    }
  },
});
