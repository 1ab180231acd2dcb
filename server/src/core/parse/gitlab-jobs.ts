/**
 * GitLab CI jobs as the runner sees them: a job's scripts and cache, with what
 * it inherits through `extends:`, `<<` merges and `default:`. For rules about a
 * job's shape; the commands themselves are reported where they are written.
 */
import { type Document, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { SourceFile } from '../source';
import { gitlabConfig } from './gitlab-config';
import { commandsOf, type FoundCommand } from './script-commands';
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
  /**
   * The job's value of `key` as the runner sees it: its own, through `<<` merges
   * and `extends:`, then, for the keys GitLab inherits, `default:`'s (aliases resolved).
   */
  setting(key: string): Node | undefined;
}

/** Keys a job takes from `default:` (and the deprecated top-level `image:`/`services:`) when it sets none. */
const DEFAULT_KEYS = new Set(['image', 'services', 'before_script', 'after_script', 'cache', 'artifacts', 'tags', 'retry', 'timeout', 'interruptible', 'hooks', 'id_tokens']);

/** How many `extends:` levels are followed above a job before giving up. */
const MAX_EXTENDS_DEPTH = 5;

/**
 * `key` of a job, following `extends:` (up to a few levels) and then `default:`,
 * for one document. Top-level names are looked up in a map built once, and each
 * (job node, key, depth) is answered once, so wide or cyclic `extends:` graphs
 * cost their size rather than their number of paths; the depth bound, as part of
 * the memo key, is what ends a cycle (`a extends b extends a`).
 */
class Inheritance {
  /** Top-level node by name: the last entry of that name, the one GitLab keeps. */
  private readonly byName = new Map<string, Node | undefined>();
  /** Parents named in a node's `extends:`, in order. */
  private readonly parentsOf = new Map<Node, Node[]>();
  /** node → key → answer per depth (an unset slot is not yet computed). */
  private readonly answers = new Map<Node, Map<string, (Node | undefined)[]>>();

  constructor(
    private readonly doc: Document.Parsed,
    root: Node | undefined,
  ) {
    for (const { key, value } of entries(root)) {
      if (typeof key.value === 'string') this.byName.set(key.value, value);
    }
  }

  get(job: Node | undefined, key: string, depth = 0): Node | undefined {
    if (!job) return undefined;
    let byKey = this.answers.get(job);
    if (!byKey) {
      byKey = new Map();
      this.answers.set(job, byKey);
    }
    let byDepth = byKey.get(key);
    if (!byDepth) {
      byDepth = [];
      byKey.set(key, byDepth);
    }
    if (depth in byDepth) return byDepth[depth];
    const found = this.compute(job, key, depth);
    byDepth[depth] = found;
    return found;
  }

  private compute(job: Node, key: string, depth: number): Node | undefined {
    const own = getMerged(this.doc, job, key);
    if (own !== undefined || depth > MAX_EXTENDS_DEPTH) return own;
    for (const parent of this.parents(job)) {
      const found = this.get(parent, key, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  private parents(job: Node): Node[] {
    let parents = this.parentsOf.get(job);
    if (!parents) {
      const ext = resolve(this.doc, getMerged(this.doc, job, 'extends'));
      const named = isSeq(ext) ? ext.items : ext ? [ext] : [];
      parents = [];
      for (const parent of named) {
        if (!isScalar(parent) || typeof parent.value !== 'string') continue;
        const node = this.byName.get(parent.value);
        if (node) parents.push(node);
      }
      this.parentsOf.set(job, parents);
    }
    return parents;
  }
}

export function gitlabJobs(file: SourceFile): GitlabJob[] {
  return file.memo('gitlab-ci.jobs', () => {
    const out: GitlabJob[] = [];
    const kept = gitlabConfig(file).definitions;
    for (const doc of file.yaml.documents) {
      const root = (doc.contents ?? undefined) as Node | undefined;
      const defaults = get(root, 'default');
      const rootCache = get(root, 'cache');
      const inheritance = new Inheritance(doc, root);
      for (const { key, value } of entries(root)) {
        const id = String(key.value);
        // Hidden jobs are templates: they run as the jobs that extend them.
        if (GLOBAL_KEYWORDS.has(id) || id.startsWith('.')) continue;
        // A job written twice is the later one (gitlab-ci/duplicate-job reports the repeat).
        if (kept.get(id)?.key !== key) continue;
        const commands: FoundCommand[] = [];
        for (const scriptKey of SCRIPT_KEYS) {
          const scripts = scalarScripts(file.text, scriptScalars(doc, inheritance.get(value, scriptKey) ?? getMerged(doc, defaults, scriptKey), new Set()));
          for (const script of scripts) for (const item of commandsOf(script, file.text)) commands.push(item);
        }
        const cache = resolve(doc, inheritance.get(value, 'cache') ?? getMerged(doc, defaults, 'cache') ?? rootCache);
        const cacheText = cache?.range ? file.text.slice(cache.range[0], cache.range[1]) : undefined;
        const setting = (name: string): Node | undefined =>
          resolve(doc, inheritance.get(value, name) ?? (DEFAULT_KEYS.has(name) ? (getMerged(doc, defaults, name) ?? (GLOBAL_KEYWORDS.has(name) ? get(root, name) : undefined)) : undefined));
        out.push({ id, key, node: value, commands, cacheText, setting });
      }
    }
    return out;
  });
}
