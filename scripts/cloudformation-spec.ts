/**
 * Reads the CloudFormation resource specification that `@aws-cdk/cfnspec` ships
 * (a dev dependency, ~10 MB of JSON) into the compact table the
 * `cloudformation/*` rules need, `server/src/generated/cloudformation-spec.cjs`:
 * per resource type its properties (required or not, and their shape), its
 * attributes (for `Fn::GetAtt`), and the property types (structs) it uses.
 * Documentation links, update behaviours and primitive kinds are dropped: the
 * rules judge names and shapes, never primitive types (a number written as a
 * string is accepted by CloudFormation). The table is required on the first
 * CloudFormation file linted, never at start-up.
 *
 * Shape codes (read by server/src/core/parse/cloudformation-spec.ts): `p` a
 * scalar, `j` any JSON, `L<item>` a list, `M<item>` a map, `.<n>` a struct; a
 * leading `!` marks a required property.
 *
 * Called by scripts/build.ts; usage on its own: bun scripts/cloudformation-spec.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dir, '..');
const OUT_DIR = join(ROOT, 'server', 'src', 'generated');
export const CLOUDFORMATION_SPEC_FILE = join(OUT_DIR, 'cloudformation-spec.cjs');

interface SpecProperty {
  Required?: boolean;
  PrimitiveType?: string;
  Type?: string;
  ItemType?: string;
  PrimitiveItemType?: string;
  PrimitiveTypes?: string[];
  Types?: string[];
  InclusiveItemTypes?: string[];
  InclusivePrimitiveItemTypes?: string[];
}

interface SpecType {
  Properties?: Record<string, SpecProperty>;
  Attributes?: Record<string, unknown>;
}

interface Spec {
  ResourceSpecificationVersion: string;
  ResourceTypes: Record<string, SpecType>;
  PropertyTypes: Record<string, SpecType>;
}

/**
 * The table as written. Properties of a type or struct are one string,
 * `Name:shape,Name:shape`; a struct shape is `.<index>` into `structs`, where
 * structs of identical content are stored once (services repeat the same
 * struct under many types: a third of the size).
 */
export interface CompactSpec {
  version: string;
  /** Per resource type: its properties, and its attributes joined by `,`. */
  types: Record<string, { p: string; a: string }>;
  structs: string[];
}

/**
 * The shape of one property. A struct name is resolved against the resource
 * type's own property types first, then the shared ones (`Tag`); a name that
 * resolves to neither (the specification has a few) is any JSON, as are
 * polymorphic properties (`PrimitiveTypes`/`Types`), which accept several shapes.
 */
function shapeOf(p: SpecProperty, struct: (name: string) => number | undefined): string {
  const item = (type: string | undefined, primitive: string | undefined): string => {
    if (primitive) return primitive === 'Json' ? 'j' : 'p';
    const id = type === undefined ? undefined : struct(type);
    return id === undefined ? 'j' : `.${id}`;
  };
  let shape: string;
  if (p.PrimitiveTypes || p.Types || p.InclusiveItemTypes) shape = 'j';
  else if (p.PrimitiveType) shape = p.PrimitiveType === 'Json' ? 'j' : 'p';
  else if (p.Type === 'List') shape = `L${item(p.ItemType, p.PrimitiveItemType)}`;
  else if (p.Type === 'Map') shape = `M${item(p.ItemType, p.PrimitiveItemType)}`;
  else shape = item(p.Type, undefined);
  return (p.Required ? '!' : '') + shape;
}

function encode(def: SpecType, struct: (name: string) => number | undefined): string {
  return Object.entries(def.Properties ?? {})
    .map(([name, p]) => `${name}:${shapeOf(p, struct)}`)
    .join(',');
}

export function compactSpec(spec: Spec): CompactSpec {
  // Every property type gets a provisional id; `Tag` and the other dotless names are shared by all types.
  const ids = new Map<string, number>();
  const names = Object.keys(spec.PropertyTypes);
  for (const n of names) ids.set(n, ids.size);
  const resolver = (owner: string) => (name: string) => ids.get(`${owner}.${name}`) ?? ids.get(name);
  const ownerOf = (n: string) => (n.includes('.') ? n.slice(0, n.indexOf('.')) : '');
  let contents = names.map((n) => encode(spec.PropertyTypes[n], resolver(ownerOf(n))));
  // Merge structs of identical content until no two are alike (a merge can make their parents alike).
  let canonical = contents.map((_, i) => i);
  for (let pass = 0; pass < 16; pass++) {
    const first = new Map<string, number>();
    const next = contents.map((c, i) => {
      const seen = first.get(c);
      if (seen === undefined) first.set(c, i);
      return seen ?? i;
    });
    const changed = next.some((v, i) => v !== canonical[i]);
    canonical = next;
    contents = contents.map((c) => c.replace(/\.(\d+)/g, (_, d: string) => `.${canonical[Number(d)]}`));
    if (!changed) break;
  }
  // Keep the canonical structs, numbered densely.
  const dense = new Map<number, number>();
  const structs: string[] = [];
  canonical.forEach((c, i) => {
    if (c === i) {
      dense.set(i, structs.length);
      structs.push('');
    }
  });
  const renumber = (s: string) => s.replace(/\.(\d+)/g, (_, d: string) => `.${dense.get(canonical[Number(d)])}`);
  canonical.forEach((c, i) => {
    if (c === i) structs[dense.get(i) as number] = renumber(contents[i]);
  });
  const types: CompactSpec['types'] = {};
  for (const [name, def] of Object.entries(spec.ResourceTypes)) {
    types[name] = { p: renumber(encode(def, resolver(name))), a: Object.keys(def.Attributes ?? {}).join(',') };
  }
  return { version: spec.ResourceSpecificationVersion, types, structs };
}

/** Writes the table; returns its size in bytes and how many resource types it holds. */
export function writeCloudFormationSpec(): { bytes: number; types: number; version: string } {
  const specPath = join(ROOT, 'node_modules', '@aws-cdk', 'cfnspec', 'spec', 'specification.json');
  const table = compactSpec(JSON.parse(readFileSync(specPath, 'utf8')) as Spec);
  const json = JSON.stringify(table);
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(CLOUDFORMATION_SPEC_FILE, `// Generated by scripts/cloudformation-spec.ts from @aws-cdk/cfnspec; do not edit.\nmodule.exports = ${json};\n`);
  return { bytes: Buffer.byteLength(json), types: Object.keys(table.types).length, version: table.version };
}

if (import.meta.main) {
  const { bytes, types, version } = writeCloudFormationSpec();
  console.log(`cloudformation spec ${version}: ${types} resource types, ${(bytes / 1024).toFixed(0)} KiB`);
}
