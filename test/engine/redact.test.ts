import { expect, test } from 'bun:test';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { lint } from '../../server/src/core/engine';
import type { Rule } from '../../server/src/core/rule';
import { ruleById } from '../../server/src/core/rules';
import { redactSecrets } from '../../server/src/core/redact';

const FAKE_GH = `ghp_${'A1b2C3d4E5'.repeat(4)}`;
const FAKE_NPM = `npm_${'Zz9Yy8Xx7W'.repeat(4)}`;

test.each([
  ['npm ci --//registry.example/:_authToken=abc123secret', 'npm ci --//registry.example/:_authToken=«redacted: npm credential»', 'abc123secret'],
  ['pip install --index-url https://user:pa55word@pypi.example/simple flask', 'pip install --index-url https://«redacted: URL credentials»@pypi.example/simple flask', 'pa55word'],
  ["curl -H 'Authorization: Bearer eyJhbGciOi.abc.def' https://x", "curl -H 'Authorization: «redacted: authorization header»' https://x", 'eyJhbGciOi'],
  ['NPM_TOKEN=s3cr3tvalue npm publish', 'NPM_TOKEN=«redacted: secret value» npm publish', 's3cr3tvalue'],
  ['export AWS_SECRET_ACCESS_KEY="wJalrXUtnFEMI/K7MDENG"', 'export AWS_SECRET_ACCESS_KEY=«redacted: secret value»', 'wJalrXUtnFEMI'],
  ['aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE', 'aws configure set aws_access_key_id «redacted: AWS access key»', 'AKIAIOSFODNN7EXAMPLE'],
  [`git clone https://x-access-token:${FAKE_GH}@github.com/o/r`, 'git clone https://x-access-token:«redacted: GitHub token»@github.com/o/r', FAKE_GH],
  [`echo ${FAKE_NPM} | npm login`, 'echo «redacted: npm token» | npm login', FAKE_NPM],
  [`github_pat_${'x'.repeat(30)}`, '«redacted: GitHub token»', 'xxxxxxxxxx'],
  ['twine upload --password hunter2pass dist/*', 'twine upload --password «redacted: secret option» dist/*', 'hunter2pass'],
  ['-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----', '«redacted: private key»', 'MIIEow'],
  // Beside a CloudFormation type, a secret is still a secret.
  ['Resource `Db` (`AWS::SecretsManager::Secret`) has MasterUserPassword: Hunter2Value', 'Resource `Db` (`AWS::SecretsManager::Secret`) has MasterUserPassword: «redacted: secret value»', 'Hunter2Value'],
  ['$env:NPM_TOKEN="s3cr3tvalue"; npm publish', '$env:NPM_TOKEN=«redacted: secret value»; npm publish', 's3cr3tvalue'],
])('%p is redacted', (input, expected, secret) => {
  const out = redactSecrets(input);
  expect(out).toBe(expected);
  expect(out).not.toContain(secret);
});

test.each([
  'npm ci',
  'NODE_AUTH_TOKEN=${{ secrets.NPM_TOKEN }} npm publish',
  'NPM_TOKEN=$NPM_TOKEN npm publish',
  'pip install --index-url https://pypi.example/simple flask',
  'yarn install --frozen-lockfile',
  'Use `bun install --frozen-lockfile`',
  // Resource types and logical ids name things; `::` is no assignment.
  'Resource `DbSecret` (`AWS::SecretsManager::Secret`) has no `DeletionPolicy`.',
  'Unknown resource type `AWS::SecretsManager::Secrets`; did you mean `AWS::SecretsManager::Secret`?',
  'AWS::SecretsManager::SecretTargetAttachment',
  'AWS::SecretsManager::RotationSchedule',
  'AWS::Cognito::UserPoolClient',
  'AWS::IAM::AccessKey',
  '`MySecret::Arn` and `ApiToken::Value`',
])('%p, holding no secret, is unchanged', (input) => {
  expect(redactSecrets(input)).toBe(input);
});

test('redaction is linear on long hostile lines', () => {
  for (const text of ['a'.repeat(200_000), `TOKEN${'_'.repeat(200_000)}`, `https://${'a:'.repeat(100_000)}`, `Authorization ${' '.repeat(200_000)}`]) {
    const started = performance.now();
    redactSecrets(text);
    expect(performance.now() - started).toBeLessThan(500);
  }
});

test('a message that quotes a command holds the kind of the secret, never the secret', () => {
  const text = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pip install --index-url https://user:pa55word@pypi.example/simple flask\n';
  const findings = lint({ path: '.github/workflows/ci.yml', text }).findings;
  const quoting = findings.filter((f) => f.message.includes('pip install --index-url https://«redacted: URL credentials»@pypi.example/simple flask'));
  expect(quoting.length).toBe(1);
  for (const f of findings) expect([f.message, ...f.fixes.map((x) => x.title)].join('\n')).not.toContain('pa55word');
});

test('fix titles are redacted; fix edits keep the real text, since they rewrite the file', () => {
  const rule = ruleById('package-manager/js-commands') as Rule<unknown>;
  const check = rule.check;
  rule.check = (ctx) =>
    ctx.report({
      messageId: Object.keys(rule.messages)[0],
      data: { command: 'NPM_TOKEN=s3cr3tvalue npm ci' },
      range: { start: 0, end: 2 },
      fixes: [{ title: 'Use `NPM_TOKEN=s3cr3tvalue bun install`', safe: true, edits: [{ start: 0, end: 2, newText: 'NPM_TOKEN=s3cr3tvalue bun install' }] }],
    });
  try {
    const [f] = lint({ path: '.github/workflows/ci.yml', text: 'on: push\n' }, { config: { ...DEFAULT_CONFIG } }).findings.filter((x) => x.ruleId === rule.id);
    expect(f.fixes[0].title).toBe('Use `NPM_TOKEN=«redacted: secret value» bun install`');
    expect(f.fixes[0].edits[0].newText).toBe('NPM_TOKEN=s3cr3tvalue bun install');
    expect(f.message).not.toContain('s3cr3tvalue');
  } finally {
    rule.check = check;
  }
});
