/**
 * GitLab CI jobs as the runner sees them: a job's scripts and cache, with what
 * it inherits through `extends:`, `<<` merges and `default:`. For rules about a
 * job's shape; the commands themselves are reported where they are written.
 */
import { type Document, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { SourceFile } from '../source';
import { commandsOf, type FoundCommand } from './commands';
import { getMerged, resolve, scalarScripts, scriptScalars } from './yaml-scripts';
import { entries, get } from './yaml';

const GLOBAL_KEYWORDS = new Set(['include', 'stages', 'variables', 'workflow', 'image', 'services', 'cache', 'spec', 'default', 'before_script', 'after_script']);
const SCRIPT_KEYS = ['before_script', 'script', 'after_script'];

export interface GitlabJob {
  id: string;
  key: Scalar;
  node: Node | undefined;
  /** Commands of the job's scripts, its own and inherited. */
  commands: FoundCommand[];
  /** Source text of the cache the job runs with, or undefined when it has none. */
  cacheText: string | undefined;
}

/** `key` of a job, following `extends:` (up to a few levels) and then `default:`. */
function inherited(doc: Document.Parsed, root: Node | undefined, job: Node | undefined, key: string, depth = 0): Node | undefined {
  const own = getMerged(doc, job, key);
  if (own !== undefined || depth > 5) return own;
  const ext = resolve(doc, getMerged(doc, job, 'extends'));
  const parents = isSeq(ext) ? ext.items : ext ? [ext] : [];
  for (const parent of parents) {
    if (!isScalar(parent) || typeof parent.value !== 'string') continue;
    const found = inherited(doc, root, get(root, parent.value), key, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

export function gitlabJobs(file: SourceFile): GitlabJob[] {
  return file.memo('gitlab-ci.jobs', () => {
    const out: GitlabJob[] = [];
    for (const doc of file.yaml.documents) {
      const root = (doc.contents ?? undefined) as Node | undefined;
      const defaults = get(root, 'default');
      for (const { key, value } of entries(root)) {
        const id = String(key.value);
        // Hidden jobs are templates: they run as the jobs that extend them.
        if (GLOBAL_KEYWORDS.has(id) || id.startsWith('.')) continue;
        const commands: FoundCommand[] = [];
        for (const scriptKey of SCRIPT_KEYS) {
          const scripts = scalarScripts(file.text, scriptScalars(doc, inherited(doc, root, value, scriptKey) ?? getMerged(doc, defaults, scriptKey), new Set()));
          for (const script of scripts) commands.push(...commandsOf(script, file.text));
        }
        const cache = resolve(doc, inherited(doc, root, value, 'cache') ?? getMerged(doc, defaults, 'cache') ?? get(root, 'cache'));
        const cacheText = cache?.range ? file.text.slice(cache.range[0], cache.range[1]) : undefined;
        out.push({ id, key, node: value, commands, cacheText });
      }
    }
    return out;
  });
}
