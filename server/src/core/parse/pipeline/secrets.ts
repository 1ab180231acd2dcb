/**
 * Secrets in a pipeline file: which setting names hold one (`NPM_TOKEN`,
 * `password`, `apiKey`), which values are literal credentials rather than
 * references or throwaway test values, and which commands print a secret to the
 * job log. The values themselves are never returned, only where they are.
 */
import { findSecrets } from '../../redact';
import type { FoundCommand } from '../script-commands';
import { invocation } from './invocation';

/** Name segments that mark a secret, and pairs of segments that do (`API KEY`, `PRIVATE KEY`). */
const SECRET_SEGMENTS = new Set(['TOKEN', 'SECRET', 'PASSWORD', 'PASSWD', 'PASS', 'APIKEY', 'CREDENTIALS', 'CREDENTIAL', 'PAT']);
const SECRET_PAIRS = new Set(['API KEY', 'PRIVATE KEY', 'ACCESS KEY', 'SECRET KEY', 'CLIENT SECRET', 'AUTH KEY', 'SIGNING KEY', 'ENCRYPTION KEY', 'MASTER KEY']);
/** Last segments that make the setting about a secret without being one: `TOKEN_URL`, `PASSWORD_FILE`, `ACCESS_KEY_ID`. */
const NOT_THE_SECRET = new Set(['FILE', 'PATH', 'URL', 'URI', 'NAME', 'ID', 'ENDPOINT', 'HEADER', 'TYPE', 'METHOD', 'ENABLED', 'ENV', 'VAR', 'DIR', 'LENGTH', 'EXPIRY', 'EXPIRES', 'TTL', 'SCOPE', 'SCOPES', 'USER', 'USERNAME', 'ISSUER', 'AUDIENCE', 'REF', 'KEY_ID', 'HOST', 'PORT', 'REQUIRED', 'POLICY', 'FORMAT', 'VERSION', 'MODE', 'ROLE', 'REGION']);

/** The name's words, upper-cased: `NPM_TOKEN`, `api-key`, `githubToken`, `docker.password`. */
function segments(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[_\-.\s]+/)
    .filter((s) => s !== '')
    .map((s) => s.toUpperCase());
}

/** Whether a setting of this name holds a secret. */
export function isSecretName(name: string): boolean {
  const words = segments(name);
  if (words.length === 0 || NOT_THE_SECRET.has(words[words.length - 1])) return false;
  if (words.some((w) => SECRET_SEGMENTS.has(w))) return true;
  for (let i = 0; i + 1 < words.length; i++) if (SECRET_PAIRS.has(`${words[i]} ${words[i + 1]}`)) return true;
  return false;
}

/** Values that stand for a secret without being one: references, expressions, placeholders. */
const EXPANSION = /\$|<<|\{\{|%[A-Za-z_]+%|#\{/;
const PLACEHOLDER = /^(?:x+|\*+|\.+|-+|<[^>]*>|\[[^\]]*\])$|changeme|change[-_]me|placeholder|example|dummy|fake|insecure|not[-_]?a[-_]?secret|redacted|your[-_]|replace[-_]?me|todo/i;
/** A value that says it is for tests or local runs (`test-secret-key`, `ci_only_password`, `sk_test_…`). */
const THROWAWAY = /(?:^|[-_.:])(?:test|testing|tests|ci|local|dev|development|sample|mock|e2e)(?:$|[-_.:])/i;
/** A value a person typed for a throwaway setting spells a word like these (`supersecret123`, `mypassword`); generated secrets do not. */
const TYPED = /secret|password|passwd|token|admin|qwerty|letmein/i;

/**
 * Whether a literal value looks like a real credential: no reference or
 * expression in it, no placeholder, and not a throwaway word such as `postgres`
 * (one kind of character and short) or a flag.
 */
export function isCredentialLike(value: string): boolean {
  const v = value.trim();
  if (v.length < 8 || EXPANSION.test(v) || PLACEHOLDER.test(v) || THROWAWAY.test(v) || TYPED.test(v)) return false;
  if (/^(?:true|false|yes|no|on|off|null|none|\d+)$/i.test(v)) return false;
  // The name of the environment variable that holds it (`AWS_SECRET_ACCESS_KEY`), as orbs and pipes take them.
  if (/^[A-Z][A-Z0-9_]*$/.test(v)) return false;
  // Where it is kept: a file (`/run/secrets/db_password`) or a URL without credentials in it.
  if (/^(?:\/|\.\.?\/|~\/)\S*$|^[a-z][a-z0-9+.-]*:\/\/[^@\s]*$/i.test(v)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(v)).length;
  return classes >= 2 || v.length >= 20;
}

/** Kinds of `findSecrets` whose shape alone proves a credential (a `ghp_…` token, an AWS key, a private key). */
const SELF_EVIDENT = new Set(['private key', 'GitHub token', 'npm token', 'AWS access key', 'Slack token', 'Google API key']);
const LOCAL_HOST = /@(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|postgres|mysql|mariadb|mongo(?:db)?|redis|rabbitmq|db|database)(?:[:/]|$)/i;

export interface PlainSecret {
  kind: string;
  start: number;
  end: number;
}

/**
 * Credentials written in the text, found by their shape: tokens and keys whose
 * format gives them away, credentials in URLs to hosts other than a local test
 * service, literal authorization headers. Offsets are the secret's, in `text`.
 */
export function plainSecrets(text: string): PlainSecret[] {
  return findSecrets(text).filter((m) => {
    const secret = text.slice(m.start, m.end);
    // Documentation's own examples (`AKIAIOSFODNN7EXAMPLE`) and stand-ins are no credential, whatever their shape.
    if (PLACEHOLDER.test(secret)) return false;
    if (SELF_EVIDENT.has(m.kind)) return true;
    if (m.kind === 'URL credentials') {
      const password = secret.slice(secret.indexOf(':') + 1);
      return !LOCAL_HOST.test(text.slice(m.end, m.end + 40)) && isCredentialLike(password);
    }
    if (m.kind === 'authorization header' || m.kind === 'bearer token') return isCredentialLike(secret.replace(/^(?:Bearer|Basic|Token|Bot|Digest)\s+/i, ''));
    return false;
  });
}

/** Images of services whose settings in CI are a throwaway test database's (`POSTGRES_PASSWORD: postgres`). */
export const TEST_SERVICE_PREFIXES: Record<string, RegExp> = {
  postgres: /^POSTGRES_|^PG/,
  mysql: /^MYSQL_/,
  mariadb: /^(?:MARIADB|MYSQL)_/,
  mongo: /^MONGO_/,
  rabbitmq: /^RABBITMQ_/,
  redis: /^REDIS_/,
  elasticsearch: /^ELASTIC_/,
  mssql: /^(?:MSSQL_|SA_PASSWORD)/,
  minio: /^MINIO_/,
};

/** Secret references a command's text makes: `${{ secrets.X }}`, `$NPM_TOKEN`, `${API_KEY}`, `$(sonarToken)`. */
export function secretReferences(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\$\{\{\s*secrets\.([A-Za-z0-9_-]+)\s*\}\}/g)) out.push(m[1]);
  for (const m of text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?|\$\(([A-Za-z_][A-Za-z0-9_.]*)\)/g)) {
    const name = m[1] ?? m[2];
    if (name && isSecretName(name)) out.push(name);
  }
  return out;
}

/**
 * The secret an `echo`/`printf` prints to the job log, if it prints one: not when
 * its output goes to a pipe or a file (`echo "$TOKEN" | docker login
 * --password-stdin`, `> ~/.npmrc`), into a command substitution, or to GitHub's
 * `::add-mask::`.
 */
export function echoedSecret(found: FoundCommand): string | undefined {
  const { tool } = invocation(found);
  if (tool !== 'echo' && tool !== 'printf') return undefined;
  const { text } = found.script;
  const body = text.slice(found.command.start, found.command.end);
  // GitHub workflow commands (`::add-mask::`, `::set-output`) are read by the runner, not shown.
  if (/(?:^|\s|["'])::[a-z-]+/.test(body)) return undefined;
  const [name] = secretReferences(body);
  if (!name) return undefined;
  const after = /^[ \t]*(\|(?!\|)|[0-9]*>|&>)/.exec(text.slice(found.command.end));
  if (after) return undefined;
  const before = text.slice(Math.max(0, found.command.start - 3), found.command.start);
  if (/(?:\$\(|`)\s*$/.test(before) || /<<<\s*$/.test(before)) return undefined;
  return name;
}
