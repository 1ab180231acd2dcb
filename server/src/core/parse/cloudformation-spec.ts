/**
 * The CloudFormation resource specification, as the compact table
 * scripts/cloudformation-spec.ts generates from AWS's resource database
 * (`@aws-cdk/aws-service-spec`) at build time: loaded on the first CloudFormation file that needs it, never at
 * start-up. From the sources it is read from `server/src/generated/`; a bundle
 * says where its copy is with `loadCloudFormationSpecWith`.
 */

export type SpecLoader = () => unknown;

/** What a value must look like: the specification's shapes, without primitive kinds. */
export type Shape =
  | { kind: 'scalar' }
  | { kind: 'json' }
  | { kind: 'list'; item: Shape }
  | { kind: 'map'; item: Shape }
  | { kind: 'struct'; struct: StructSpec };

export interface PropertySpec {
  required: boolean;
  shape: Shape;
}

export interface StructSpec {
  properties: ReadonlyMap<string, PropertySpec>;
}

export interface ResourceSpec extends StructSpec {
  type: string;
  attributes: readonly string[];
}

export interface CloudFormationSpec {
  version: string;
  types: readonly string[];
  resource(type: string): ResourceSpec | undefined;
}

interface CompactSpec {
  version: string;
  /** Per type: its properties (`Name` or `Name:<code>`), and its attributes, each joined by `,`. */
  types: Record<string, [string, string]>;
  structs: string[];
}

const GENERATED = 'cloudformation-spec';
let load: SpecLoader = () => require(`../../generated/${GENERATED}.cjs`);
let spec: CloudFormationSpec | null | undefined;

/** Where the table is read from (a bundle keeps it beside itself). */
export function loadCloudFormationSpecWith(loader: SpecLoader): void {
  load = loader;
  spec = undefined;
}

/** The specification, or undefined when the build did not generate it (then no rule judges types or properties). */
export function cloudFormationSpec(): CloudFormationSpec | undefined {
  if (spec === undefined) {
    let raw: CompactSpec | undefined;
    try {
      raw = load() as CompactSpec;
    } catch {
      raw = undefined;
    }
    spec = raw && typeof raw.types === 'object' && Array.isArray(raw.structs) ? decode(raw) : null;
  }
  return spec ?? undefined;
}

/** Decodes types and structs on first use: a template names a handful of the thousand types. */
function decode(raw: CompactSpec): CloudFormationSpec {
  const structs = new Map<number, StructSpec>();
  const resources = new Map<string, ResourceSpec>();
  const struct = (index: number): StructSpec => {
    let s = structs.get(index);
    if (!s) {
      // Registered before its properties are read: structs may contain themselves (WAF statements).
      const properties = new Map<string, PropertySpec>();
      s = { properties };
      structs.set(index, s);
      fill(properties, raw.structs[index] ?? '');
    }
    return s;
  };
  const shape = (code: string): Shape => {
    switch (code[0]) {
      case 'L':
        return { kind: 'list', item: shape(code.slice(1)) };
      case 'M':
        return { kind: 'map', item: shape(code.slice(1)) };
      case '.':
        return { kind: 'struct', struct: struct(Number.parseInt(code.slice(1), 36)) };
      case 'j':
        return { kind: 'json' };
      default:
        return { kind: 'scalar' }; // `p`, or nothing: most properties are optional scalars, written as their bare name
    }
  };
  const fill = (into: Map<string, PropertySpec>, encoded: string) => {
    if (encoded === '') return;
    for (const entry of encoded.split(',')) {
      const colon = entry.indexOf(':');
      if (colon < 0) {
        into.set(entry, { required: false, shape: { kind: 'scalar' } });
        continue;
      }
      const code = entry.slice(colon + 1);
      const required = code.startsWith('!');
      into.set(entry.slice(0, colon), { required, shape: shape(required ? code.slice(1) : code) });
    }
  };
  return {
    version: raw.version,
    types: Object.keys(raw.types),
    resource(type) {
      if (!Object.hasOwn(raw.types, type)) return undefined;
      let r = resources.get(type);
      if (!r) {
        const properties = new Map<string, PropertySpec>();
        const [p, a] = raw.types[type];
        fill(properties, p);
        r = { type, properties, attributes: a === '' ? [] : a.split(',') };
        resources.set(type, r);
      }
      return r;
    },
  };
}
