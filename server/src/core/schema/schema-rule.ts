/**
 * The `<kind>/schema` rule of a kind in the association table: every document of
 * the file validated against the kind's schema, each problem at its node. Each
 * kind's rule file calls this with its own docs, so ids stay equal to paths.
 */
import { defineRule, type Rule, type RuleDocs } from '../rule';
import type { FileKind } from '../types';
import { associationOf } from './associations';
import { compiledValidator } from './compiled';
import { validateYaml } from './validate';

export function schemaRule(kind: FileKind, docs: RuleDocs): Rule<Record<string, unknown>, 'schema'> {
  return defineRule({
    id: `${kind}/schema`,
    kinds: [kind],
    severity: 'error',
    docs,
    messages: { schema: '{message}' },
    check(ctx) {
      const association = associationOf(kind);
      if (!association || !ctx.file.isYamlLike) return;
      for (const p of validateYaml(ctx.file, association, compiledValidator)) {
        ctx.report({ messageId: 'schema', data: { message: p.message }, range: { start: p.start, end: p.end } });
      }
    },
  });
}
