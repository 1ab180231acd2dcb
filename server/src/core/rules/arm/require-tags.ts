import type { Node as JsonNode } from 'jsonc-parser/lib/esm/main.js';
import { armResources } from '../../parse/arm';
import { defineRule } from '../../rule';

/** Resource types that take no tags, or whose tags mean nothing: deployments, access control, locks, policy, diagnostics. */
const UNTAGGED = [
  /^Microsoft\.Resources\/(?:deployments|tags|links)$/i,
  /^Microsoft\.Authorization\//i,
  /^Microsoft\.Insights\/diagnosticSettings$/i,
  /^Microsoft\.ManagedIdentity\/userAssignedIdentities\/federatedIdentityCredentials$/i,
];

/** An expression string (`[parameters('tags')]`), evaluated at deployment; `[[` starts a literal. */
const isExpression = (s: unknown): boolean => typeof s === 'string' && /^\s*\[(?!\[)[^]*\]\s*$/.test(s);

/**
 * A top-level `Microsoft.*` type: a namespace and one type name. Child types
 * (`…/blobServices/containers`, `…/subnets`) mostly take no tags of their own,
 * and extension resources at a `scope` belong to another resource.
 */
function judged(type: string | undefined, fullType: string | undefined): boolean {
  if (!type || !fullType || isExpression(type)) return false;
  if (!/^Microsoft\.[A-Za-z.]+\/[A-Za-z0-9]+$/i.test(fullType) || fullType !== type) return false;
  return !UNTAGGED.some((re) => re.test(fullType));
}

export default defineRule({
  id: 'arm/require-tags',
  kinds: ['arm'],
  severity: 'warning',
  docs: {
    summary: 'Resources of an ARM template carry the required tags (default `Environment`, `Owner`, `CostCenter`).',
    rationale:
      'Tags are how Azure cost reports are split between teams, how an owner is found for a resource, and how ' +
      'policies and automation tell production from the rest; the practice asks for consistent tags on everything ' +
      'that takes them. Azure does not inherit a resource group\'s tags onto its resources unless a policy does it, ' +
      'so each resource needs `tags`, usually from one parameter or variable shared by all ' +
      '(`"tags": "[parameters(\'tags\')]"`).\n\n' +
      'Checked on top-level `Microsoft.*` resource types (a namespace and one type name, such as ' +
      '`Microsoft.Storage/storageAccounts` or `Microsoft.Web/sites`), in both the list and the symbolic-name form. Not ' +
      'judged: child types (`…/blobServices/containers`, `…/subnets`, nested child resources), deployments ' +
      '(`Microsoft.Resources/deployments`), everything under `Microsoft.Authorization` (role assignments and ' +
      'definitions, locks, policy assignments), diagnostic settings, references to existing resources ' +
      '(`"existing": true`), and types built by an expression. Tags given as an expression (the whole object, or ' +
      '`[union(…)]`) are accepted, since their keys are known only at deployment; tag names are compared without ' +
      'regard to case, as Azure does.',
  },
  messages: {
    missing: 'Resource `{type}` has no `tags`; add {keys}.',
    keys: 'Resource `{type}` lacks the tag(s) {keys}.',
  },
  options: {
    type: 'object',
    properties: {
      keys: { type: 'array', items: { type: 'string' }, default: ['Environment', 'Owner', 'CostCenter'], description: 'Tag keys every taggable resource must carry.' },
    },
  },
  check(ctx) {
    const required = ctx.options.keys;
    const list = (keys: readonly string[]) => keys.map((k) => `\`${k}\``).join(', ');
    const range = (n: JsonNode) => ({ start: n.offset, end: n.offset + n.length });
    for (const r of armResources(ctx.file)) {
      if (!judged(r.type, r.fullType) || r.property('existing')?.value === true) continue;
      const tags = r.property('tags');
      if (!tags) {
        ctx.report({ messageId: 'missing', data: { type: r.type as string, keys: list(required) }, range: range(r.anchor) });
        continue;
      }
      if (tags.type !== 'object') continue;
      const present = new Set((tags.children ?? []).map((p) => String(p.children?.[0]?.value ?? '').toLowerCase()));
      const missing = required.filter((k) => !present.has(k.toLowerCase()));
      const key = tags.parent?.children?.[0] ?? tags;
      if (missing.length) ctx.report({ messageId: 'keys', data: { type: r.type as string, keys: list(missing) }, range: range(key) });
    }
  },
});
