/**
 * Secrets never leave the engine in what people read: a finding's message and
 * its fixes' titles quote commands from the file, and a command may carry a
 * token. Every secret-looking part of such text becomes `«redacted: <kind>»`,
 * so the finding still says what and where, never the value. Fix edits are not
 * redacted: they rewrite the file, whose real text they must keep.
 *
 * Each pattern is linear: no nested or adjacent overlapping quantifiers, so a
 * long line cannot make it backtrack.
 */

interface SecretPattern {
  kind: string;
  pattern: RegExp;
  /** Index of the group that holds the secret; the text around it is kept. 0 = the whole match. */
  group: number;
}

/** A value that only names a secret (`${{ secrets.X }}`, `$TOKEN`, `${TOKEN}`) reveals nothing; it is kept. */
const REFERENCE = /^(?:\$\{\{[^}]*\}\}|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|["']?\$\{?[A-Za-z_][A-Za-z0-9_]*\}?["']?)$/;

const SECRET_NAME = '[A-Za-z0-9_]*(?:TOKEN|SECRET|PASSWORD|PASSWD|PASS|API_KEY|APIKEY|ACCESS_KEY|PRIVATE_KEY|AUTH|CREDENTIALS?)[A-Za-z0-9_]*';

const PATTERNS: readonly SecretPattern[] = [
  { kind: 'private key', pattern: /-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----[^]*?(?:-----END [A-Z ]{0,40}PRIVATE KEY-----|$)/g, group: 0 },
  { kind: 'GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{20,255}|github_pat_[A-Za-z0-9_]{20,255})/g, group: 0 },
  { kind: 'npm token', pattern: /\bnpm_[A-Za-z0-9]{30,255}/g, group: 0 },
  { kind: 'AWS access key', pattern: /\b(?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{16}\b/g, group: 0 },
  { kind: 'Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,255}/g, group: 0 },
  { kind: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}/g, group: 0 },
  // `//registry/:_authToken=…`, `_auth=…`, `_password=…` of an .npmrc passed on the command line.
  { kind: 'npm credential', pattern: /:?_(?:authToken|auth|password)=("[^"]*"|'[^']*'|[^\s"'`]+)/g, group: 1 },
  // `scheme://user:password@host`: the credentials, not the host.
  { kind: 'URL credentials', pattern: /\b[a-z][a-z0-9+.-]{0,20}:\/\/([^\s/@:"'`]{1,256}:[^\s/@"'`]{1,256})@/gi, group: 1 },
  { kind: 'authorization header', pattern: /\b(?:Authorization|Proxy-Authorization)\s{0,4}[:=]\s{0,4}((?:Bearer|Basic|Token|Bot|Digest)\s{1,4}[^\s"'`]+|[^\s"'`]+)/gi, group: 1 },
  { kind: 'bearer token', pattern: /\bBearer\s{1,4}([A-Za-z0-9._~+/=-]{8,})/g, group: 1 },
  // `NPM_TOKEN=…`, `export AWS_SECRET_ACCESS_KEY=…`, `password: …`. A `::` is no assignment but a
  // separator of names (`AWS::SecretsManager::Secret`, `MySecret::Arn`): neither side of it is a secret.
  { kind: 'secret value', pattern: new RegExp(`(?<!::)\\b(?:${SECRET_NAME}|password|passwd|token|secret|api[_-]?key)\\s{0,4}(?:=|:(?!:))\\s{0,4}(\\$\\{\\{[^}]*\\}\\}|"[^"]*"|'[^']*'|[^\\s"'\`;&|]+)`, 'gi'), group: 1 },
  // `--password=…`, `--token …`, `-p…` is too ambiguous to redact.
  { kind: 'secret option', pattern: /(?:^|\s)--(?:password|passwd|token|auth-token|api-key|secret|client-secret|access-key)(?:=|\s{1,4})("[^"]*"|'[^']*'|[^\s"'`-][^\s"'`]*)/gi, group: 1 },
];

export interface SecretMatch {
  kind: string;
  /** Offsets of the secret itself in the text (the value, not the name before it). */
  start: number;
  end: number;
}

/**
 * Where the text holds something secret-looking, by kind, in text order. The
 * same patterns as `redactSecrets`: what this finds is what a message would hide.
 */
export function findSecrets(text: string): SecretMatch[] {
  if (!MAYBE_SECRET.test(text)) return [];
  const out: SecretMatch[] = [];
  for (const { kind, pattern, group } of PATTERNS) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      if (m[0] === '') pattern.lastIndex++;
      const secret = group === 0 ? m[0] : m[group];
      if (!secret || REFERENCE.test(secret)) continue;
      const start = m.index + (group === 0 ? 0 : m[0].lastIndexOf(secret));
      if (!out.some((o) => start < o.end && o.start < start + secret.length)) out.push({ kind, start, end: start + secret.length });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The text with every secret-looking part replaced by `«redacted: <kind>»`. */
export function redactSecrets(text: string): string {
  // Most messages hold nothing that could be a secret: one cheap test spares them every pattern.
  if (!MAYBE_SECRET.test(text)) return text;
  let out = text;
  for (const { kind, pattern, group } of PATTERNS) {
    pattern.lastIndex = 0;
    out = out.replace(pattern, (match: string, ...groups: unknown[]) => {
      const secret = group === 0 ? match : (groups[group - 1] as string | undefined);
      if (!secret || secret.startsWith('«redacted') || REFERENCE.test(secret)) return match;
      const at = group === 0 ? 0 : match.lastIndexOf(secret);
      return `${match.slice(0, at)}«redacted: ${kind}»${match.slice(at + secret.length)}`;
    });
  }
  return out;
}

const MAYBE_SECRET = /PRIVATE KEY|gh[pousr]_|github_pat_|npm_|AKIA|ASIA|AROA|AIDA|xox|AIza|_auth|_password|:\/\/[^\s]*@|authorization|bearer|token|secret|passw|pass|api[_-]?key|access[_-]?key|auth|credential/i;
