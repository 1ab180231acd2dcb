import { dockerfileAst, type DockerWord } from '../../parse/dockerfile';
import { defineRule } from '../../rule';

/** Names of settings that hold secrets: `DB_PASSWORD`, `NPM_TOKEN`, `API_KEY`, `CLIENT_SECRET`. */
const SECRET_NAME = /(?:^|_)(?:PASSWORD|PASSWD|PASS|TOKEN|SECRET|SECRET_KEY|API_KEY|ACCESS_KEY|PRIVATE_KEY|KEY)$/i;
/** Keys that name public material or a key's identity, not a secret. */
const NOT_SECRET = /(?:^|_)(?:GPG|PGP|PUBLIC|PUB|SIGNING_PUBLIC)_KEYS?$|^GPG_KEYS?$|_KEY_(?:ID|FILE|PATH)$/i;

export default defineRule({
  id: 'dockerfile/no-plaintext-secrets',
  kinds: ['dockerfile'],
  severity: 'error',
  docs: {
    summary: 'No password, token, secret or key written as the value of an `ENV` or `ARG`; mount secrets with `RUN --mount=type=secret`.',
    rationale:
      'An `ENV` value is stored in the image configuration and an `ARG` value in its build history: anyone who can pull ' +
      'the image reads them with `docker history` or `docker inspect`, and the Dockerfile itself is in the repository. ' +
      'BuildKit secrets (`RUN --mount=type=secret,id=npm_token …`, passed with `docker build --secret`) are visible to one ' +
      '`RUN` only and stored nowhere; runtime secrets belong to the orchestrator (Compose/Kubernetes secrets, a secret ' +
      'manager). Reported: a setting whose name ends in `PASSWORD`, `TOKEN`, `SECRET` or `KEY` and whose value is a literal ' +
      '(an empty value or a `$VARIABLE` reference is not one). Public key fingerprints (`GPG_KEY`, `*_PUBLIC_KEY`) are not secrets.',
  },
  messages: {
    secret: '`{keyword} {name}` writes a secret into the image; pass it with `RUN --mount=type=secret,id={id}` (or at run time) instead.',
  },
  check(ctx) {
    for (const outer of dockerfileAst(ctx.file).instructions) {
      const instruction = outer.trigger ?? outer;
      if (instruction.keyword !== 'ENV' && instruction.keyword !== 'ARG') continue;
      for (const { name, value } of settings(instruction.keyword, instruction.args)) {
        if (!SECRET_NAME.test(name) || NOT_SECRET.test(name)) continue;
        const literal = value.value.replace(/^(["'])(.*)\1$/, '$2');
        if (literal === '' || /^\$\{?[A-Za-z_][A-Za-z0-9_]*(?::?-[^}]*)?\}?$/.test(literal)) continue;
        ctx.report({ messageId: 'secret', data: { keyword: instruction.keyword, name, id: name.toLowerCase() }, range: value.range });
      }
    }
  },
});

/** `NAME=value` pairs, and the legacy `ENV NAME value` form; each value with its range. */
function settings(keyword: string, args: readonly DockerWord[]): { name: string; value: DockerWord }[] {
  if (keyword === 'ENV' && args.length >= 2 && !args[0].value.includes('=')) {
    const last = args[args.length - 1];
    return [{ name: args[0].value, value: { value: args.slice(1).map((a) => a.value).join(' '), range: { start: args[1].range.start, end: last.range.end } } }];
  }
  const out: { name: string; value: DockerWord }[] = [];
  for (const a of args) {
    const eq = a.value.indexOf('=');
    if (eq <= 0) continue;
    out.push({ name: a.value.slice(0, eq), value: { value: a.value.slice(eq + 1), range: { start: a.range.start + eq + 1, end: a.range.end } } });
  }
  return out;
}
