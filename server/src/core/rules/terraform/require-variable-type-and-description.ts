import { type HclNode, literalString, unwrap } from '../../parse/hcl';
import { defineRule } from '../../rule';
import type { Fix } from '../../types';

export default defineRule({
  id: 'terraform/require-variable-type-and-description',
  kinds: ['terraform'],
  severity: 'warning',
  docs: {
    summary: 'Every `variable` has a `type` and a non-empty `description`.',
    rationale:
      'A variable is a module\'s interface. Without `type` it accepts anything, and a caller\'s mistake (a string where a list was ' +
      'meant) surfaces as a confusing error deep in a resource, or not at all; with it, Terraform rejects the value at the call. Without ' +
      '`description` the caller, the registry page and `terraform-docs` have nothing to say about it. When the default is a plain string, ' +
      'number or boolean, the matching `type` is offered as a fix — not a safe one: a caller may pass values of another type today.',
  },
  fix: 'unsafe',
  messages: {
    type: 'Variable `{name}` has no `type`.',
    description: 'Variable `{name}` has no `description`.',
    emptyDescription: 'Variable `{name}` has an empty `description`.',
  },
  check(ctx) {
    const { file } = ctx;
    if (file.format !== 'hcl' || /\.tfvars$/i.test(file.path)) return;
    const text = file.text;
    for (const block of file.hcl.body.blocksOf('variable')) {
      const label = block.labels[0];
      if (!label) continue;
      const name = label.value;
      if (!block.body.attribute('type')) {
        const fix = typeFix(block.body.attribute('default')?.expression, text, block.node);
        ctx.report({ messageId: 'type', data: { name }, range: label.range, fixes: fix ? [fix] : [] });
      }
      const description = block.body.attribute('description');
      if (!description) ctx.report({ messageId: 'description', data: { name }, range: label.range });
      else if (literalString(description.expression, text)?.trim() === '') ctx.report({ messageId: 'emptyDescription', data: { name }, range: description.range });
    }
  },
});

/** `type = string` (or number, bool) inserted as the block's first line, when the default says which. */
function typeFix(def: HclNode | undefined, text: string, block: HclNode): Fix | undefined {
  const n = unwrap(def);
  let type: string | undefined;
  if (n?.type === 'string_lit' || (n && literalString(def, text) !== undefined)) type = 'string';
  else if (n?.type === 'numeric_lit') type = 'number';
  else if (n?.type === 'bool_lit') type = 'bool';
  if (!type) return undefined;
  const open = block.children.find((c) => c.type === 'block_start');
  if (!open) return undefined;
  const lineStart = text.lastIndexOf('\n', block.start) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  const bodyIndent = `${indent}  `;
  const nl = text.indexOf('\n', open.end);
  // A one-line block (`variable "x" { default = 1 }`) is left for a person to reshape.
  if (nl < 0 || text.slice(open.end, nl).trim() !== '') return undefined;
  return { title: `Declare \`type = ${type}\``, safe: false, edits: [{ start: nl + 1, end: nl + 1, newText: `${bodyIndent}type = ${type}\n` }] };
}
