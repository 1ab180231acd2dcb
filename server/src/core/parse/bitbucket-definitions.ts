/**
 * The caches and services of a Bitbucket Pipelines file: those defined under
 * `definitions:`, and every name a step uses under `caches:` and `services:`,
 * wherever the step sits (any start condition, parallel groups, stages,
 * pipelines shared under `definitions.pipelines`). A step reused through an
 * alias is read where its anchor is written, once.
 */
import { type Document, isMap, isScalar, type Node } from 'yaml';
import type { SourceFile } from '../source';
import type { OffsetRange } from '../types';
import { getMerged, resolve } from './yaml-scripts';
import { entries, items, stringValue } from './yaml';

type Doc = Document.Parsed;

/** Caches Bitbucket Pipelines provides without a definition (Atlassian's "Caches" reference). */
export const PREDEFINED_CACHES: ReadonlySet<string> = new Set(['docker', 'composer', 'dotnetcore', 'gradle', 'ivy2', 'maven', 'node', 'pip', 'sbt']);

/** Services provided without a definition: the Docker daemon. */
export const PREDEFINED_SERVICES: ReadonlySet<string> = new Set(['docker']);

export interface NameUse {
  name: string;
  range: OffsetRange;
}

export interface BitbucketDefinitions {
  caches: Set<string>;
  services: Set<string>;
  cacheUses: NameUse[];
  serviceUses: NameUse[];
}

const START_CONDITIONS_BY_PATTERN = ['branches', 'tags', 'bookmarks', 'pull-requests', 'custom'];

function names(doc: Doc, node: unknown): Set<string> {
  return new Set(entries(resolve(doc, node)).map((e) => String(e.key.value)));
}

/** The steps of a pipeline (a list of `step`, `parallel` and `stage` items). */
function pipelineSteps(doc: Doc, pipeline: unknown, out: Node[]): void {
  for (const item of items(resolve(doc, pipeline))) {
    const step = resolve(doc, getMerged(doc, item, 'step'));
    if (isMap(step)) out.push(step);
    const parallel = resolve(doc, getMerged(doc, item, 'parallel'));
    const grouped = isMap(parallel) ? getMerged(doc, parallel, 'steps') : parallel;
    const stage = resolve(doc, getMerged(doc, item, 'stage'));
    for (const group of [grouped, getMerged(doc, stage, 'steps')]) {
      for (const inner of items(resolve(doc, group))) {
        const s = resolve(doc, getMerged(doc, inner, 'step'));
        if (isMap(s)) out.push(s);
      }
    }
  }
}

export function bitbucketDefinitions(file: SourceFile): BitbucketDefinitions[] {
  return file.memo('bitbucket-pipelines.definitions', () => {
    const out: BitbucketDefinitions[] = [];
    for (const doc of file.yaml.documents) {
      const root = resolve(doc, doc.contents);
      if (!isMap(root) || doc.errors.length > 0) continue;
      const definitions = getMerged(doc, root, 'definitions');
      const pipelines = resolve(doc, getMerged(doc, root, 'pipelines'));
      const lists: unknown[] = [getMerged(doc, pipelines, 'default')];
      for (const condition of START_CONDITIONS_BY_PATTERN) {
        for (const { value } of entries(resolve(doc, getMerged(doc, pipelines, condition)))) lists.push(value);
      }
      for (const { value } of entries(resolve(doc, getMerged(doc, definitions, 'pipelines')))) lists.push(value);
      const steps: Node[] = [];
      for (const list of lists) pipelineSteps(doc, list, steps);
      const model: BitbucketDefinitions = {
        caches: names(doc, getMerged(doc, definitions, 'caches')),
        services: names(doc, getMerged(doc, definitions, 'services')),
        cacheUses: [],
        serviceUses: [],
      };
      // A step, or a list of caches, reused through aliases is read once, where it is written.
      const seen = new Set<Node>();
      for (const step of steps) {
        if (seen.has(step)) continue;
        seen.add(step);
        for (const [key, uses] of [['caches', model.cacheUses], ['services', model.serviceUses]] as const) {
          for (const item of items(resolve(doc, getMerged(doc, step, key)))) {
            const scalar = resolve(doc, item);
            const name = stringValue(scalar);
            if (!scalar || seen.has(scalar)) continue;
            seen.add(scalar);
            if (name === undefined || !isScalar(scalar) || !scalar.range) continue;
            // A quoted name is underlined, and replaced by a fix, between its quotes.
            const quoted = scalar.type === 'QUOTE_DOUBLE' || scalar.type === 'QUOTE_SINGLE' ? 1 : 0;
            uses.push({ name, range: { start: scalar.range[0] + quoted, end: scalar.range[1] - quoted } });
          }
        }
      }
      out.push(model);
    }
    return out;
  });
}
