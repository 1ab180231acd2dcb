/**
 * `anyOf`/`oneOf` failures, reduced to the branch that came closest. Ajv reports
 * every branch's errors and then the union's; a person wants to hear about the
 * form they were writing, once. The errors of a failed union sit just before it
 * in Ajv's list, branch after branch; each is told to its branch by the
 * subschemas that branch can reach.
 */
import { acceptsType, fingerprint, reachable, reachableObjects, type Schema } from './schema-walk';

/** An Ajv error as Ajv's verbose mode gives it. */
export interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  schema?: unknown;
  parentSchema?: unknown;
  data?: unknown;
  /** Keys other near branches allow, for suggestions when several forms were close (set here). */
  alsoAllowed?: string[];
}

const ROOT_MISMATCH = new Set(['type', 'required', 'additionalProperties', 'const', 'enum', 'false schema', 'union']);

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);
const depthOf = (path: string) => (path === '' ? 0 : path.split('/').length - 1);

/** The errors with every failed union replaced by the errors of its closest branch (or one error when none came close). */
export function collapseUnions(errors: readonly AjvError[], root: Schema): AjvError[] {
  const out: AjvError[] = [];
  for (const e of errors) {
    if (e.keyword === 'if') continue; // its `then`/`else` errors say what is wrong
    if (e.keyword === 'oneOf' && e.params.passingSchemas != null) continue; // several forms fit: the schema's ambiguity, not the file's
    if ((e.keyword !== 'anyOf' && e.keyword !== 'oneOf') || !Array.isArray(e.schema)) {
      out.push(e);
      continue;
    }
    const branches = e.schema as object[];
    const span: AjvError[] = [];
    const reachAny = (x: AjvError) => branches.some((_, i) => reaches(root, branches, i, x));
    while (out.length && under(out[out.length - 1].instancePath, e.instancePath) && reachAny(out[out.length - 1])) span.unshift(out.pop() as AjvError);
    out.push(...closest(e, branches, span, root));
  }
  return out;
}

function closest(union: AjvError, branches: object[], span: AjvError[], root: Schema): AjvError[] {
  const perBranch: AjvError[][] = branches.map(() => []);
  // Errors below the union's node can only come from a branch that accepts the value's type.
  const accepts = branches.map((b) => acceptsType(root, b, union.data));
  const unionDepth = depthOf(union.instancePath);
  let current = 0;
  for (const x of span) {
    // The same object first (a branch written inline), else equal content (Ajv's copy of a `$ref` target);
    // branches are evaluated in order, so an error belongs to the current branch or a later one.
    let i = -1;
    for (const same of [true, false]) {
      const deeper = depthOf(x.instancePath) > unionDepth;
      const fits = (k: number) => (!deeper || accepts[k]) && reaches(root, branches, k, x, same);
      i = branches.findIndex((_, k) => k >= current && fits(k));
      if (i < 0) i = branches.findIndex((_, k) => fits(k));
      if (i >= 0) break;
    }
    if (i < 0) continue;
    perBranch[i].push(x);
    current = i;
  }
  const scored = perBranch
    .map((errs, i) => ({ i, errs, ...score(errs, union.instancePath) }))
    .filter((b) => b.errs.length > 0);
  if (scored.length === 0) return [union];
  scored.sort((a, b) => b.fits - a.fits || a.mismatches - b.mismatches || b.depth - a.depth || a.errs.length - b.errs.length);
  const best = scored[0];
  if (!best.fits) return [wrongForm(union, scored.map((b) => b.errs))];
  // Several forms fit as well as the best: a key unknown to all of them is suggested from all of them.
  const near = scored.filter((b) => b.fits && b.mismatches === best.mismatches);
  if (near.length > 1) {
    const keys = near.flatMap((b) => b.errs.filter((x) => x.keyword === 'additionalProperties').flatMap((x) => propertiesOf(x.parentSchema)));
    return best.errs.map((x) => (x.keyword === 'additionalProperties' ? { ...x, alsoAllowed: [...new Set(keys)] } : x));
  }
  return best.errs;
}

/** Whether the subschema an error failed is part of branch `i`: the same object, or (unless `same`) one of equal content. */
function reaches(root: Schema, branches: object[], i: number, x: AjvError, same?: boolean): boolean {
  const parent = x.parentSchema;
  if (typeof parent !== 'object' || parent === null) return false;
  if (reachableObjects(root, branches[i]).has(parent)) return true;
  return same === true ? false : reachable(root, branches[i]).has(fingerprint(parent));
}

function score(errs: AjvError[], at: string): { fits: number; mismatches: number; depth: number } {
  let fits = 1;
  let mismatches = 0;
  let depth = 0;
  for (const x of errs) {
    if (x.instancePath === at && (x.keyword === 'type' || x.keyword === 'union')) fits = 0;
    if (x.instancePath === at && ROOT_MISMATCH.has(x.keyword)) mismatches++;
    depth = Math.max(depth, depthOf(x.instancePath));
  }
  return { fits, mismatches, depth };
}

/** One error for a value no branch accepts even by its type: what it may be, all forms together. */
function wrongForm(union: AjvError, branches: AjvError[][]): AjvError {
  const types = new Set<string>();
  const values = new Set<unknown>();
  for (const errs of branches) {
    for (const x of errs) {
      if (x.instancePath !== union.instancePath) continue;
      if (x.keyword === 'type') for (const t of String(x.params.type).split(',')) types.add(t);
      if (x.keyword === 'union') {
        for (const t of (x.params.types as string[]) ?? []) types.add(t);
        for (const v of (x.params.values as unknown[]) ?? []) values.add(v);
      }
      if (x.keyword === 'enum') for (const v of (x.params.allowedValues as unknown[]) ?? []) values.add(v);
      if (x.keyword === 'const') values.add(x.params.allowedValue);
    }
  }
  return { ...union, keyword: 'union', params: { types: [...types], values: [...values] } };
}

function propertiesOf(schema: unknown): string[] {
  const props = (schema as { properties?: unknown } | undefined)?.properties;
  return props && typeof props === 'object' ? Object.keys(props) : [];
}
