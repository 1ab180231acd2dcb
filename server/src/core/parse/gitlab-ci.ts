/**
 * Scripts of a GitLab CI file: `script`, `before_script` and `after_script` of
 * every job (hidden `.template` jobs included: they run when extended) and of
 * `default:`. A script reached through an alias or a `<<` merge is reported
 * once, where its anchor is written; `extends:` needs nothing, as the parent's
 * script is reported in the parent.
 */
import type { Node } from 'yaml';
import { gitlabConfig } from './gitlab-config';
import type { SourceFile } from '../source';
import type { Script } from './script';
import { getMerged, scalarScripts, scriptScalars } from './yaml-scripts';
import { entries } from './yaml';

/** Top-level keys that are not jobs. */
const GLOBAL_KEYWORDS = new Set(['include', 'stages', 'variables', 'workflow', 'image', 'services', 'cache', 'spec']);
const SCRIPT_KEYS = ['before_script', 'script', 'after_script'];

export function gitlabCiScripts(file: SourceFile): Script[] {
  return file.memo('gitlab-ci.scripts', () => {
    const out: Script[] = [];
    for (const doc of file.yaml.documents) {
      const seen = new Set<Node>();
      for (const { key, value } of entries(doc.contents)) {
        const name = String(key.value);
        if (GLOBAL_KEYWORDS.has(name)) continue;
        // Deprecated global `before_script:` / `after_script:`.
        if (name === 'before_script' || name === 'after_script') {
          for (const item of scalarScripts(file.text, scriptScalars(doc, value, seen))) out.push(item);
          continue;
        }
        for (const scriptKey of SCRIPT_KEYS) {
          for (const item of scalarScripts(file.text, scriptScalars(doc, getMerged(doc, value, scriptKey), seen))) out.push(item);
        }
      }
    }
    return out.sort((a, b) => a.toSource(0) - b.toSource(0));
  });
}

/**
 * Files of this repository a GitLab CI file pulls in: `include: path`,
 * `include: [path, { local: path }]`, `include: { local: path }`, as
 * workspace-relative paths or globs (a leading `/` is the repository root).
 * Remote, template and other-project includes are not files of this repository.
 */
export function gitlabLocalIncludes(file: SourceFile): string[] {
  return gitlabConfig(file).includes.flatMap((include) => (include.local === undefined ? [] : [include.local]));
}
