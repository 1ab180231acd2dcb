/**
 * What a CircleCI configuration declares: its orbs (referenced or written
 * inline), jobs, commands, executors and pipeline parameters, and the scopes
 * (job, command, executor definitions) whose `parameters:` a `<< parameters.x >>`
 * may name. Read once per file version; the rules ask, they never walk the YAML.
 * Aliases and `<<` merges are followed the way CircleCI reads them.
 */
import { type Document, isMap, isScalar, type Node, type Scalar } from 'yaml';
import type { SourceFile } from '../source';
import { getMerged, resolve } from './yaml-scripts';

type Doc = Document.Parsed;

/** `<< pipeline.parameters.x >>`, `<< parameters.x >>`, `<< matrix.x >>`: replaced before CircleCI reads the value. */
export const CIRCLECI_PLACEHOLDER = /<<\s*(?:pipeline|parameters|matrix)\.[\w.-]+\s*>>/;

/** The steps CircleCI itself provides. */
export const BUILT_IN_STEPS: ReadonlySet<string> = new Set([
  'run',
  'checkout',
  'setup_remote_docker',
  'save_cache',
  'restore_cache',
  'store_artifacts',
  'store_test_results',
  'persist_to_workspace',
  'attach_workspace',
  'add_ssh_keys',
  'when',
  'unless',
  'steps',
  'deploy',
]);

export interface Orb {
  /** The local name the configuration uses (`node` in `node/install`). */
  name: string;
  /** An orb written inline: its own definitions are known. A referenced orb's are not. */
  inline?: OrbDefinitions;
  /** Where the orb is declared: its key under `orbs:`. */
  key: Scalar;
  /** The reference string (`circleci/node@5.2`), for a referenced orb. */
  reference?: Scalar;
}

export interface OrbDefinitions {
  jobs: Map<string, Node>;
  commands: Map<string, Node>;
  executors: Map<string, Node>;
  orbs: Map<string, Orb>;
}

export type ScopeKind = 'job' | 'command' | 'executor';

/** A job, command or executor definition: where `<< parameters.x >>` names one of its parameters. */
export interface Scope {
  kind: ScopeKind;
  name: string;
  /** The definition's mapping. */
  node: Node;
  parameters: Set<string>;
  /** The inline orb it is written in, if any. */
  orb?: Orb;
}

export interface CircleciDocument {
  doc: Doc;
  root: Node;
  orbs: Map<string, Orb>;
  jobs: Map<string, Node>;
  commands: Map<string, Node>;
  executors: Map<string, Node>;
  pipelineParameters: Set<string>;
  scopes: Scope[];
}

/** Every mapping entry of a node, merged (`<<`) entries included, own keys first as CircleCI reads them. */
export function mergedEntries(doc: Doc, node: unknown, depth = 0): { key: Scalar; value: Node | undefined }[] {
  const map = resolve(doc, node);
  if (!isMap(map) || depth > 8) return [];
  const own: { key: Scalar; value: Node | undefined }[] = [];
  const merged: { key: Scalar; value: Node | undefined }[] = [];
  for (const pair of map.items) {
    if (!isScalar(pair.key)) continue;
    if (pair.key.value === '<<') {
      const target = resolve(doc, pair.value);
      const sources = target && 'items' in target && !isMap(target) ? (target.items as unknown[]) : [pair.value];
      for (const source of sources) merged.push(...mergedEntries(doc, source, depth + 1));
    } else own.push({ key: pair.key, value: (pair.value ?? undefined) as Node | undefined });
  }
  const seen = new Set(own.map((e) => String(e.key.value)));
  for (const e of merged) {
    const k = String(e.key.value);
    if (!seen.has(k)) (seen.add(k), own.push(e));
  }
  return own;
}

/** Entries of a mapping (merges followed), keyed by name. */
function namedMap(doc: Doc, node: unknown): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const { key, value } of mergedEntries(doc, node)) {
    const resolved = resolve(doc, value);
    if (typeof key.value === 'string' && resolved) out.set(key.value, resolved);
    else if (typeof key.value === 'string') out.set(key.value, key);
  }
  return out;
}

function parameterNames(doc: Doc, definition: Node): Set<string> {
  return new Set(mergedEntries(doc, getMerged(doc, definition, 'parameters')).map((e) => String(e.key.value)));
}

function readOrbs(doc: Doc, node: unknown, depth: number): Map<string, Orb> {
  const orbs = new Map<string, Orb>();
  for (const { key, value } of mergedEntries(doc, node)) {
    if (typeof key.value !== 'string') continue;
    const resolved = resolve(doc, value);
    if (isMap(resolved) && depth < 4) {
      orbs.set(key.value, { name: key.value, key, inline: definitionsOf(doc, resolved, depth + 1) });
    } else {
      orbs.set(key.value, { name: key.value, key, reference: isScalar(resolved) ? resolved : undefined });
    }
  }
  return orbs;
}

function definitionsOf(doc: Doc, root: Node, depth: number): OrbDefinitions {
  return {
    jobs: namedMap(doc, getMerged(doc, root, 'jobs')),
    commands: namedMap(doc, getMerged(doc, root, 'commands')),
    executors: namedMap(doc, getMerged(doc, root, 'executors')),
    orbs: readOrbs(doc, getMerged(doc, root, 'orbs'), depth),
  };
}

function scopesOf(doc: Doc, defs: OrbDefinitions, orb?: Orb): Scope[] {
  const out: Scope[] = [];
  const kinds: [ScopeKind, Map<string, Node>][] = [
    ['job', defs.jobs],
    ['command', defs.commands],
    ['executor', defs.executors],
  ];
  for (const [kind, map] of kinds) {
    for (const [name, node] of map) if (isMap(node)) out.push({ kind, name, node, parameters: parameterNames(doc, node), orb });
  }
  for (const inner of defs.orbs.values()) if (inner.inline) out.push(...scopesOf(doc, inner.inline, inner));
  return out;
}

/** The declarations of each document of a CircleCI configuration (one, in practice). */
export function circleciDocuments(file: SourceFile): CircleciDocument[] {
  return file.memo('circleci.documents', () => {
    const out: CircleciDocument[] = [];
    for (const doc of file.yaml.documents) {
      const root = resolve(doc, doc.contents);
      if (!isMap(root) || doc.errors.length > 0) continue;
      const defs = definitionsOf(doc, root, 0);
      out.push({
        doc,
        root,
        orbs: defs.orbs,
        jobs: defs.jobs,
        commands: defs.commands,
        executors: defs.executors,
        pipelineParameters: new Set(mergedEntries(doc, getMerged(doc, root, 'parameters')).map((e) => String(e.key.value))),
        scopes: scopesOf(doc, defs),
      });
    }
    return out;
  });
}

/** The orbs visible from a scope: those of the inline orb it is written in, then the configuration's. */
export function visibleOrbs(config: CircleciDocument, orb: Orb | undefined): Map<string, Orb> {
  return orb?.inline ? new Map([...config.orbs, ...orb.inline.orbs]) : config.orbs;
}

