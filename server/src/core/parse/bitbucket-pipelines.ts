/**
 * Scripts of a Bitbucket Pipelines file: the `script` and `after-script` lists
 * of every step, wherever it sits (default, branches, pull-requests, tags,
 * custom, parallel groups, stages, `definitions`). A step reused through an
 * alias is reported once, where its anchor is written. `pipe:` items are not
 * commands.
 */
import type { Node } from 'yaml';
import type { SourceFile } from '../source';
import type { Script } from './script';
import { eachMap, scalarScripts, scriptScalars } from './yaml-scripts';
import { get } from './yaml';

export function bitbucketPipelinesScripts(file: SourceFile): Script[] {
  return file.memo('bitbucket-pipelines.scripts', () => {
    const out: Script[] = [];
    for (const doc of file.yaml.documents) {
      const seen = new Set<Node>();
      eachMap(doc.contents, (map, path) => {
        if (path.includes('variables')) return;
        for (const key of ['script', 'after-script']) {
          for (const item of scalarScripts(file.text, scriptScalars(doc, get(map, key), seen))) out.push(item);
        }
      });
    }
    return out.sort((a, b) => a.toSource(0) - b.toSource(0));
  });
}
