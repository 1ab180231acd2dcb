import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import { composeOf, nodeRange } from '../../parse/compose';
import { isCredentialLike, isSecretName } from '../../parse/pipeline/secrets';
import { defineRule } from '../../rule';
import type { Fix, OffsetRange } from '../../types';

interface Setting {
  name: string;
  value: string;
  /** Where the value is written, and whether it can be replaced in place (plain or simply quoted text). */
  range: OffsetRange;
  replaceable: boolean;
}

/** `KEY: value` and `- KEY=value` entries of an environment or build-args value. */
function settings(text: string, node: Node | undefined): Setting[] {
  const out: Setting[] = [];
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isScalar(pair.key) || !isScalar(pair.value) || typeof pair.value.value !== 'string' || !pair.value.range) continue;
      const v = pair.value as Scalar;
      const range = nodeRange(v) as OffsetRange;
      out.push({ name: String(pair.key.value), value: v.value as string, range, replaceable: true });
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      if (!isScalar(item) || typeof item.value !== 'string' || !item.range) continue;
      const eq = item.value.indexOf('=');
      if (eq <= 0) continue;
      const raw = text.slice(item.range[0], item.range[1]);
      const quote = raw[0] === '"' || raw[0] === "'" ? 1 : 0;
      // The value's place in the file, when the item is written as it reads (no escapes, no folding).
      const inner = raw.slice(quote, raw.length - quote);
      const replaceable = inner === item.value;
      const start = item.range[0] + quote + eq + 1;
      out.push({ name: item.value.slice(0, eq), value: item.value.slice(eq + 1), range: { start, end: start + item.value.length - eq - 1 }, replaceable });
    }
  }
  return out;
}

export default defineRule({
  id: 'compose/no-inline-secrets',
  kinds: ['compose'],
  severity: 'error',
  docs: {
    summary: 'Passwords, tokens and keys are not written in a Compose file; they come from `secrets:` or the environment.',
    rationale:
      'A Compose file is committed: a password in `environment:` or in a build argument is in every clone and in the ' +
      'repository\'s history for good, and a build argument is also baked into the image\'s history for anyone who ' +
      'pulls it. Compose has two better places: `secrets:` (from a `file:` kept out of the repository or an ' +
      '`environment:` variable, mounted at `/run/secrets/<name>`; images such as `postgres` read `*_PASSWORD_FILE`), and ' +
      'interpolation from the environment or an `.env` file that is not committed (`${DB_PASSWORD:?set it}`).\n\n' +
      'Reported: a literal value of a variable named like a secret (`*_PASSWORD`, `*_TOKEN`, `*_SECRET`, `API_KEY`, ' +
      '`*_PRIVATE_KEY`…) in a service\'s `environment:` or `build.args`, in the mapping or the `KEY=value` form. Not ' +
      'reported: interpolations, file paths (`/run/secrets/db`), the name of another variable, placeholders and values ' +
      'that say they are for local or test use (`example`, `changeme`, `dev-password`), short one-word values such as ' +
      '`postgres`, and settings whose name says they are not the secret itself (`*_PASSWORD_FILE`, `*_TOKEN_URL`). The ' +
      'fix takes the value from the environment variable of the same name — unsafe, since that variable must then be set.',
  },
  messages: {
    inline: 'Service `{service}` writes `{name}` literally in `{where}`; take it from `secrets:` or the environment (`${{name}}`).',
  },
  fix: 'unsafe',
  check(ctx) {
    const text = ctx.file.text;
    const seen = new Set<number>();
    for (const service of composeOf(ctx.file).services) {
      const build = service.get('build');
      const args = isMap(build) ? build.items.find((p) => isScalar(p.key) && p.key.value === 'args')?.value : undefined;
      const places: [string, Node | undefined][] = [
        ['environment', service.get('environment')],
        ['build.args', args as Node | undefined],
      ];
      for (const [where, node] of places) {
        for (const s of settings(text, node)) {
          if (seen.has(s.range.start) || !isSecretName(s.name) || !isCredentialLike(s.value)) continue;
          seen.add(s.range.start);
          const fixes: Fix[] = s.replaceable
            ? [{ title: `Take \`${s.name}\` from the environment`, safe: false, edits: [{ ...s.range, newText: `\${${s.name}}` }] }]
            : [];
          ctx.report({ messageId: 'inline', data: { service: service.name, name: s.name, where }, range: s.range, fixes });
        }
      }
    }
  },
});
