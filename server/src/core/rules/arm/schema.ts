import { stripComments } from 'jsonc-parser/lib/esm/main.js';
import { defineRule } from '../../rule';
import { associationOf } from '../../schema/associations';
import { compiledValidator } from '../../schema/compiled';
import { validateYaml } from '../../schema/validate';
import { SourceFile } from '../../source';

export default defineRule({
  id: 'arm/schema',
  kinds: ['arm'],
  severity: 'error',
  docs: {
    summary: 'An ARM template or parameter file must have the structure Resource Manager expects: known keys, required keys present, resources with `type`, `apiVersion` and `name`.',
    rationale:
      'Resource Manager validates a template before it deploys anything and rejects one whose structure is wrong: a ' +
      'resource without `apiVersion`, a misspelt `dependOn`, a parameter of a type it does not know. The schema ' +
      'checks the template\'s structure — `$schema`, `contentVersion`, `parameters` (types in any letter case, user ' +
      'types through `$ref`), `variables`, `functions`, `resources` as a list or, with `languageVersion` 2.0, as an ' +
      'object of symbolic names, child `resources`, `outputs` — and parameter files (`value` or a Key Vault ' +
      '`reference`). A resource\'s `properties` are the resource provider\'s and are left open. Template expressions ' +
      '(`"[parameters(\'location\')]"`) are evaluated at deployment and never judged by type; `//` and `/* */` ' +
      'comments, which Resource Manager accepts, are allowed.',
  },
  messages: { schema: '{message}' },
  check(ctx) {
    const association = associationOf('arm');
    if (!association || !ctx.file.isYamlLike) return;
    // Comments are blanked out, offsets kept, so that the YAML reader of the schema machinery reads a template that has them.
    const file = ctx.file.memo('arm-uncommented', () => {
      const text = stripComments(ctx.file.text, ' ');
      return text === ctx.file.text ? ctx.file : new SourceFile(ctx.file.path, ctx.file.kind, text);
    });
    for (const p of validateYaml(file, association, compiledValidator)) {
      ctx.report({ messageId: 'schema', data: { message: p.message }, range: { start: p.start, end: p.end } });
    }
  },
});
