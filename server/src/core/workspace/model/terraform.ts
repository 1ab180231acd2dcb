/**
 * Terraform in the repository model: resources and data sources by type and
 * name with the other resources, data sources and modules they reference;
 * module calls; providers with their region; the state backend. Read from the
 * HCL model (`file.hcl`) the `terraform/*` rules share, folder by folder (a
 * folder is one Terraform module). `.tf.json` files give their backends,
 * modules and resources (without references).
 */
import { type HclBlock, type HclBody, literalString, unwrap } from '../../parse/hcl';
import { providerOfType, terraformFacts } from '../../parse/terraform';
import { dirOf } from '../../path-index';
import type { SourceFile } from '../../source';
import type { ModelSource } from './source';
import type { TerraformModuleCall, TerraformPart, TerraformProvider, TerraformResource } from './types';

const BACKEND_SETTINGS = ['bucket', 'key', 'region', 'prefix', 'storage_account_name', 'container_name', 'resource_group_name', 'organization', 'dynamodb_table', 'path'];

export function buildTerraform(view: ModelSource): TerraformPart {
  const out: TerraformPart = { resources: [], modules: [], providers: [], backends: [] };
  const byFolder = new Map<string, SourceFile[]>();
  for (const file of view.filesOf('terraform')) {
    const dir = dirOf(file.path);
    byFolder.set(dir, [...(byFolder.get(dir) ?? []), file]);
  }
  for (const [module, files] of [...byFolder].sort((a, b) => a[0].localeCompare(b[0]))) {
    const variables = variableDefaults(files);
    const resources: { block: HclBlock; file: SourceFile; entry: TerraformResource }[] = [];
    for (const file of files) {
      const facts = terraformFacts(file);
      for (const b of facts.backends) {
        const block = facts.terraformBlocks.flatMap((t) => t.body.blocks).find((x) => x.typeRange.start === b.range.start);
        out.backends.push({ path: file.path, module, type: b.type, settings: block ? literalSettings(block.body, file.text, BACKEND_SETTINGS) : {}, range: b.range });
      }
      for (const m of facts.modules) {
        const call: TerraformModuleCall = { path: file.path, module, name: m.name, range: m.block?.labels[0]?.range ?? m.sourceRange };
        if (m.source !== undefined) call.source = m.source;
        out.modules.push(call);
      }
      if (file.isJson) {
        out.resources.push(...jsonResources(file, module));
        continue;
      }
      for (const block of facts.providers) {
        const name = block.labels[0]?.value ?? '';
        const provider: TerraformProvider = { path: file.path, module, name, range: block.labels[0]?.range ?? block.typeRange };
        const alias = literalString(block.body.attribute('alias')?.expression, file.text);
        if (alias) provider.alias = alias;
        const region = valueOrDefault(block.body.attribute('region')?.expression, file.text, variables);
        if (region) provider.region = region;
        out.providers.push(provider);
      }
      const blocks = [...facts.resources, ...file.hcl.body.blocksOf('data')];
      for (const block of blocks) {
        const [type, name] = block.labels;
        if (!type || !name) continue;
        const mode = block.type === 'data' ? 'data' : 'resource';
        const address = `${mode === 'data' ? 'data.' : ''}${type.value}.${name.value}`;
        resources.push({
          block,
          file,
          entry: { path: file.path, module, mode, type: type.value, name: name.value, address, provider: providerOfType(type.value), range: { start: type.range.start, end: name.range.end }, references: [] },
        });
      }
    }
    // References are matched against the addresses this module declares, so a word of a string is never one.
    const known = new Set([...resources.map((r) => r.entry.address), ...out.modules.filter((m) => m.module === module).map((m) => `module.${m.name}`)]);
    for (const { block, file, entry } of resources) {
      const body = file.text.slice(block.range.start, block.range.end);
      const refs = new Set<string>();
      for (const m of body.matchAll(/\b(data\.[a-z][a-z0-9_]*\.[A-Za-z_][\w-]*|module\.[A-Za-z_][\w-]*|[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z_][\w-]*)/g)) {
        const ref = m[1] as string;
        if (ref !== entry.address && known.has(ref)) refs.add(ref);
      }
      entry.references = [...refs].sort();
      out.resources.push(entry);
    }
  }
  return out;
}

/** `variable "x" { default = "…" }` of a module, by name, for literal string defaults. */
function variableDefaults(files: readonly SourceFile[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of files) {
    if (file.isJson || !/\.tf$/i.test(file.path)) continue;
    for (const block of file.hcl.body.blocksOf('variable')) {
      const name = block.labels[0]?.value;
      const value = literalString(block.body.attribute('default')?.expression, file.text);
      if (name && value !== undefined) out.set(name, value);
    }
  }
  return out;
}

function valueOrDefault(expression: Parameters<typeof unwrap>[0], text: string, variables: Map<string, string>): string | undefined {
  const literal = literalString(expression, text);
  if (literal !== undefined) return literal;
  const n = unwrap(expression);
  if (!n) return undefined;
  const m = /^var\.([A-Za-z_][\w-]*)$/.exec(text.slice(n.start, n.end).trim());
  return m ? variables.get(m[1] as string) : undefined;
}

function literalSettings(body: HclBody, text: string, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = literalString(body.attribute(name)?.expression, text);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** `{"resource": {"aws_s3_bucket": {"assets": {…}}}}` and `data` of a `.tf.json` file. */
function jsonResources(file: SourceFile, module: string): TerraformResource[] {
  const out: TerraformResource[] = [];
  const root = file.json;
  if (root?.type !== 'object') return out;
  for (const prop of root.children ?? []) {
    const [key, value] = prop.children ?? [];
    const mode = key?.value === 'resource' ? 'resource' : key?.value === 'data' ? 'data' : undefined;
    if (!mode || value?.type !== 'object') continue;
    for (const typeProp of value.children ?? []) {
      const [typeKey, byName] = typeProp.children ?? [];
      if (typeof typeKey?.value !== 'string' || byName?.type !== 'object') continue;
      for (const nameProp of byName.children ?? []) {
        const nameKey = nameProp.children?.[0];
        if (typeof nameKey?.value !== 'string') continue;
        const type = typeKey.value;
        const name = nameKey.value;
        out.push({
          path: file.path,
          module,
          mode,
          type,
          name,
          address: `${mode === 'data' ? 'data.' : ''}${type}.${name}`,
          provider: providerOfType(type),
          range: { start: nameKey.offset, end: nameKey.offset + nameKey.length },
          references: [],
        });
      }
    }
  }
  return out;
}
