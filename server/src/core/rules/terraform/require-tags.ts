import { type HclBlock, type HclNode, objectEntries, unwrap } from '../../parse/hcl';
import { moduleFiles, providerOfType, terraformFacts } from '../../parse/terraform';
import { taggableAttribute } from '../../parse/terraform-taggable';
import { defineRule } from '../../rule';
import type { SourceFile } from '../../source';

/** Keys compared as people spell them across clouds: `CostCenter`, `cost_center`, `cost-center` are one key (Google labels are lower case). */
function normalise(key: string): string {
  return key.toLowerCase().replace(/[-_ ]/g, '');
}

interface KeySet {
  keys: Set<string>;
  /** False when part of the value is computed (`var.tags`, `local.common`): then any key may be there. */
  complete: boolean;
}

/** The keys of a tags value: an object constructor, or `merge()` of them; anything else is open. */
function keysOf(expression: HclNode | undefined, text: string): KeySet {
  const entries = objectEntries(expression, text);
  if (entries) {
    const keys = new Set<string>();
    let complete = true;
    for (const e of entries) {
      if (e.key === undefined) complete = false;
      else keys.add(normalise(e.key));
    }
    return { keys, complete };
  }
  const n = unwrap(expression);
  if (n?.type === 'function_call' && text.slice(n.start, n.end).startsWith('merge')) {
    const args = n.children.find((c) => c.type === 'function_arguments')?.children.filter((c) => c.type === 'expression') ?? [];
    const out: KeySet = { keys: new Set(), complete: true };
    for (const a of args) {
      const k = keysOf(a, text);
      for (const key of k.keys) out.keys.add(key);
      if (!k.complete) out.complete = false;
    }
    return out;
  }
  return { keys: new Set(), complete: false };
}

export default defineRule({
  id: 'terraform/require-tags',
  kinds: ['terraform'],
  // Not run on code blocks of plan documents: provider `default_tags` may be in another file of the module.
  scope: 'repository',
  severity: 'warning',
  docs: {
    summary: 'Taggable AWS, Azure and Google resources carry the required tags (labels), or get them from the provider\'s default tags.',
    rationale:
      'Tags are how a bill is split by team and cost centre, how an orphaned resource finds its owner, and how automation tells ' +
      'production from a test. The DevOps mode asks for "consistent tagging". Required keys (option `keys`, by default `Environment`, ' +
      '`Owner`, `CostCenter`) are compared ignoring case, `-` and `_`, so `cost_center` on a Google label counts. A resource is ' +
      'checked when it is taggable — it already has a `tags` (AWS, Azure) or `labels` (Google) argument, or its type is in a compact list ' +
      'of common taggable types (instances, networks, buckets, databases, clusters, functions, queues, keys, …); other types are not ' +
      'judged — and when its provider is configured in the same folder (a reusable module inherits the caller\'s default tags, which it ' +
      'cannot see). Keys in the AWS provider\'s `default_tags { tags = … }` or the Google provider\'s `default_labels` count for every ' +
      'resource of that provider configuration. A value Terraform computes (`var.tags`, `merge(local.tags, …)` with a variable) may hold ' +
      'any key and is not reported.',
  },
  options: {
    type: 'object',
    properties: {
      keys: { type: 'array', items: { type: 'string' }, default: ['Environment', 'Owner', 'CostCenter'], description: 'Tag keys every taggable resource must have.' },
    },
    additionalProperties: false,
  },
  messages: {
    missing: '`{resource}` lacks the {what} {keys}; set them here or in the provider\'s default {what}.',
  },
  check(ctx) {
    const { file } = ctx;
    if (file.format !== 'hcl' || /\.tfvars$/i.test(file.path)) return;
    const required = ctx.options.keys;
    if (required.length === 0) return;
    const resources = terraformFacts(file).resources;
    if (resources.length === 0) return;
    const defaults = providerDefaults(moduleFiles(file, ctx.workspace));
    const text = file.text;
    for (const resource of resources) {
      const type = resource.labels[0]?.value ?? '';
      const attrName = taggableAttribute(type, resource);
      if (!attrName) continue;
      const config = providerConfigOf(resource, type, text);
      const inherited = defaults.get(config);
      // No provider block for it in this folder: a reusable module, whose caller's default tags are unknown here.
      if (!inherited) continue;
      if (!inherited.complete) continue;
      const attr = resource.body.attribute(attrName);
      const own = attr ? keysOf(attr.expression, text) : { keys: new Set<string>(), complete: true };
      if (!own.complete) continue;
      const missing = required.filter((k) => !own.keys.has(normalise(k)) && !inherited.keys.has(normalise(k)));
      if (missing.length === 0) continue;
      const name = `${type}.${resource.labels[1]?.value ?? ''}`;
      const what = attrName === 'tags' ? 'tags' : 'labels';
      const range = attr ? attr.nameRange : (resource.labels[0]?.range ?? resource.typeRange);
      ctx.report({ messageId: 'missing', data: { resource: name, what, keys: missing.map((k) => `\`${k}\``).join(', ') }, range });
    }
  },
});

/** `aws` or `aws.west`: the provider configuration a resource uses. */
function providerConfigOf(resource: HclBlock, type: string, text: string): string {
  const explicit = resource.body.attribute('provider');
  if (explicit) return text.slice(explicit.expression.start, explicit.expression.end).trim();
  return providerOfType(type);
}

/** Default tags of each provider configuration of the module (`aws`, `aws.west`), for the providers that have them. */
function providerDefaults(files: readonly SourceFile[]): Map<string, KeySet> {
  const out = new Map<string, KeySet>();
  for (const f of files) {
    if (f.isJson) continue;
    for (const p of terraformFacts(f).providers) {
      const name = p.labels[0]?.value ?? '';
      const aliasAttr = p.body.attribute('alias');
      const alias = aliasAttr ? f.text.slice(aliasAttr.expression.start, aliasAttr.expression.end).replace(/"/g, '').trim() : undefined;
      const key = alias ? `${name}.${alias}` : name;
      let set: KeySet = { keys: new Set(), complete: true };
      const defaultTags = p.body.block('default_tags')?.body.attribute('tags');
      const defaultLabels = p.body.attribute('default_labels');
      const source = defaultTags ?? defaultLabels;
      if (source) set = keysOf(source.expression, f.text);
      out.set(key, set);
    }
  }
  return out;
}
