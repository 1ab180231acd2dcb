/**
 * Scripts of a CircleCI config: `run:` steps, as a string or as
 * `{ command: … }`, in the steps of `jobs`, of reusable `commands`, of inline
 * orbs, and inside `when`/`unless` steps.
 */
import { isMap, isScalar, type Node } from 'yaml';
import type { SourceFile } from '../source';
import { isPosixLikeShell, type Script } from './script';
import { getMerged, resolve, scalarScripts, scriptScalars } from './yaml-scripts';
import { entries, items, stringValue } from './yaml';

export function circleciScripts(file: SourceFile): Script[] {
  return file.memo('circleci.scripts', () => {
    const out: Script[] = [];
    for (const doc of file.yaml.documents) {
      const seen = new Set<Node>();
      const readSteps = (steps: unknown, depth: number): void => {
        if (depth > 8) return;
        for (const item of items(resolve(doc, steps))) {
          const step = resolve(doc, item);
          if (!isMap(step)) continue;
          const run = resolve(doc, getMerged(doc, step, 'run'));
          if (isScalar(run)) {
            for (const item of scalarScripts(file.text, scriptScalars(doc, run, seen))) out.push(item);
          } else if (isMap(run) && isPosixLikeShell(stringValue(resolve(doc, getMerged(doc, run, 'shell'))))) {
            for (const item of scalarScripts(file.text, scriptScalars(doc, getMerged(doc, run, 'command'), seen))) out.push(item);
          }
          for (const conditional of ['when', 'unless']) {
            readSteps(getMerged(doc, getMerged(doc, step, conditional), 'steps'), depth + 1);
          }
        }
      };
      const readDefinitions = (root: unknown): void => {
        for (const section of ['jobs', 'commands']) {
          for (const { value } of entries(resolve(doc, getMerged(doc, root, section)))) {
            readSteps(getMerged(doc, value, 'steps'), 0);
          }
        }
      };
      readDefinitions(doc.contents);
      for (const { value } of entries(resolve(doc, getMerged(doc, doc.contents, 'orbs')))) {
        if (isMap(resolve(doc, value))) readDefinitions(value);
      }
    }
    return out.sort((a, b) => a.toSource(0) - b.toSource(0));
  });
}

