/**
 * Reads AWS's CloudFormation resource database that `@aws-cdk/aws-service-spec`
 * ships (a dev dependency: `db.json.gz`, ~2.5 MB gzipped, rebuilt by its
 * maintainers from the CloudFormation registry schemas and released every few
 * days) into the compact table the `cloudformation/*` rules need,
 * `server/src/generated/cloudformation-spec.cjs`: per resource type its
 * properties (required or not, and their shape), its attributes (for
 * `Fn::GetAtt`), and the property types (structs) it uses. Documentation,
 * metrics, events, regions, replacement behaviours and primitive kinds are
 * dropped: the rules judge names and shapes, never primitive types (a number
 * written as a string is accepted by CloudFormation). The table is required on
 * the first CloudFormation file linted, never at start-up.
 *
 * The database is read as plain JSON (its `schema.resource` and
 * `schema.typeDefinition` entities, linked by `$ref` ids), not through the
 * package's loader: that needs its database library at run time, and the
 * build only needs three fields of each entity.
 *
 * Shape codes (read by server/src/core/parse/cloudformation-spec.ts): nothing
 * (or `p` inside a list or map) a scalar, `j` any JSON, `L<item>` a list,
 * `M<item>` a map, `.<n>` a struct, `n` in base 36; a leading `!` marks a
 * required property. A property is `Name` when it is an optional scalar (most
 * are), else `Name:<code>`.
 *
 * Called by scripts/build.ts; usage on its own: bun scripts/cloudformation-spec.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const ROOT = join(import.meta.dir, '..');
const OUT_DIR = join(ROOT, 'server', 'src', 'generated');
const PACKAGE = join(ROOT, 'node_modules', '@aws-cdk', 'aws-service-spec');
export const CLOUDFORMATION_SPEC_FILE = join(OUT_DIR, 'cloudformation-spec.cjs');

/** A type in the database: `string`, `integer`, `json`, `tag`, `ref` (a struct), `array`, `map`, `union`… */
interface DbType {
  type: string;
  element?: DbType;
  types?: DbType[];
  reference?: { $ref: string };
}

interface DbProperty {
  type: DbType;
  required?: boolean;
  /** Types the property had before (the database keeps them so that older templates stay valid). */
  previousTypes?: DbType[];
}

interface DbStruct {
  $id: string;
  properties: Record<string, DbProperty>;
}

interface DbResource extends DbStruct {
  cloudFormationType: string;
  attributes: Record<string, unknown>;
}

export interface Database {
  schema: {
    resource: { entities: DbResource[] };
    typeDefinition: { entities: DbStruct[] };
  };
}

/**
 * The table as written. Properties of a type or struct are one string,
 * `Name:shape,Name:shape`; a struct shape is `.<index>` into `structs`, where
 * structs of identical content are stored once (services repeat the same
 * struct under many types).
 */
export interface CompactSpec {
  version: string;
  /** Per resource type: its properties, and its attributes joined by `,`. */
  types: Record<string, [properties: string, attributes: string]>;
  structs: string[];
}

/** The id the table gives `Tag` (`Key` and `Value`, both required), which the database writes as a type of its own. */
const TAG = '#tag';

/**
 * The shape code of one type. A union whose members all have one shape has that
 * shape (`boolean | string` is a scalar); any other union is any JSON, as is a
 * reference the database does not hold.
 */
function shapeOf(t: DbType, struct: (id: string) => number | undefined): string {
  switch (t.type) {
    case 'json':
      return 'j';
    case 'tag': {
      const id = struct(TAG);
      return id === undefined ? 'j' : `.${id}`;
    }
    case 'ref': {
      const id = t.reference ? struct(t.reference.$ref) : undefined;
      return id === undefined ? 'j' : `.${id}`;
    }
    case 'array':
      return `L${t.element ? shapeOf(t.element, struct) : 'j'}`;
    case 'map':
      return `M${t.element ? shapeOf(t.element, struct) : 'j'}`;
    case 'union':
      return oneShape((t.types ?? []).map((m) => shapeOf(m, struct)));
    default:
      return 'p';
  }
}

const oneShape = (shapes: string[]) => (shapes.length > 0 && shapes.every((s) => s === shapes[0]) ? shapes[0] : 'j');

function encode(properties: Record<string, DbProperty>, struct: (id: string) => number | undefined): string {
  return Object.entries(properties)
    .map(([name, p]) => {
      // A shape the property had before is still one CloudFormation reads from older templates.
      const shape = oneShape([p.type, ...(p.previousTypes ?? [])].map((t) => shapeOf(t, struct)));
      const code = `${p.required ? '!' : ''}${shape === 'p' ? '' : shape}`;
      return code === '' ? name : `${name}:${code}`;
    })
    .join(',');
}

export function compactSpec(db: Database, version: string): CompactSpec {
  // Every struct gets a provisional id, `Tag` first.
  const ids = new Map<string, number>([[TAG, 0]]);
  const defs = db.schema.typeDefinition.entities;
  for (const d of defs) ids.set(d.$id, ids.size);
  const struct = (id: string) => ids.get(id);
  let contents = ['Key:!p,Value:!p', ...defs.map((d) => encode(d.properties ?? {}, struct))];
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
  // Keep the canonical structs that some resource reaches, numbered densely in the order they are reached.
  const types: Record<string, string> = {};
  const attributes: Record<string, string> = {};
  const resources = [...db.schema.resource.entities].sort((a, b) => (a.cloudFormationType < b.cloudFormationType ? -1 : 1));
  for (const r of resources) {
    types[r.cloudFormationType] = encode(r.properties ?? {}, struct).replace(/\.(\d+)/g, (_, d: string) => `.${canonical[Number(d)]}`);
    attributes[r.cloudFormationType] = Object.keys(r.attributes ?? {}).join(',');
  }
  const dense = new Map<number, number>();
  const structs: string[] = [];
  const reach = (encoded: string): string =>
    encoded.replace(/\.(\d+)/g, (_, d: string) => {
      const old = Number(d);
      let id = dense.get(old);
      if (id === undefined) {
        id = structs.length;
        dense.set(old, id);
        structs.push('');
        structs[id] = reach(contents[old]);
      }
      return `.${id.toString(36)}`;
    });
  const out: CompactSpec['types'] = {};
  for (const name of Object.keys(types)) out[name] = [reach(types[name]), attributes[name]];
  return { version, types: out, structs };
}

/** The database and the package version that names it. */
export function readDatabase(): { db: Database; version: string } {
  const { version } = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as { version: string };
  const db = JSON.parse(gunzipSync(readFileSync(join(PACKAGE, 'db.json.gz'))).toString('utf8')) as Database;
  return { db, version: `aws-service-spec ${version}` };
}

/** Writes the table; returns its size in bytes and how many resource types it holds. */
export function writeCloudFormationSpec(): { bytes: number; types: number; version: string } {
  const { db, version } = readDatabase();
  const table = compactSpec(db, version);
  const json = JSON.stringify(table);
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(CLOUDFORMATION_SPEC_FILE, `// Generated by scripts/cloudformation-spec.ts from @aws-cdk/aws-service-spec; do not edit.\nmodule.exports = ${json};\n`);
  return { bytes: Buffer.byteLength(json), types: Object.keys(table.types).length, version: table.version };
}

if (import.meta.main) {
  const { bytes, types, version } = writeCloudFormationSpec();
  console.log(`cloudformation spec ${version}: ${types} resource types, ${(bytes / 1024).toFixed(0)} KiB`);
}
