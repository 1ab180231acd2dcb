import { type Document, isAlias, isScalar, type Node, type Scalar } from 'yaml';
import type { SourceFile } from '../source';
import { type EmbeddedText, isPosixLikeShell } from './script';
import { commandsOf, type FoundCommand } from './script-commands';
import { resolve } from './yaml-scripts';
import { embeddedText, entries, get, getKey, items, stringValue } from './yaml';

export interface RunStep {
  /** The `run:` script, mapped back to file offsets. */
  script: EmbeddedText;
  /** The step's `shell:`, or the job's / workflow's default, when stated. */
  shell: string | undefined;
  /** The whole step mapping. */
  step: Node;
}

/** Every `run:` of a workflow's job steps, or of a composite action's `runs.steps`. */
export function runSteps(file: SourceFile): RunStep[] {
  return workflowJobs(file).flatMap((job) => job.steps.flatMap((step) => (step.run ? [{ ...step.run, step: step.node }] : [])));
}

export interface GhaStep {
  /** The step mapping, where it is written (the anchored one for a step reused through an alias). */
  node: Node;
  /**
   * The alias (`- *install`) when the step reuses one written elsewhere. Its `run:`
   * is read where the anchor is written, so such a step carries no run and no commands.
   */
  alias?: Node;
  /** `uses:` value and its node, e.g. `actions/setup-node@v4`. */
  uses?: { value: string; node: Scalar };
  /** The `with:` mapping, when present. */
  with?: Node;
  /** The step's `run:` script and the shell it runs in. */
  run?: { script: EmbeddedText; shell: string | undefined };
  /** Commands of the step's `run:`, in order; none when its shell is not POSIX-like (python, cmd). */
  commands: FoundCommand[];
}

export interface GhaJob {
  /** Job id, or `runs` for a composite action's steps. */
  id: string;
  /** The node findings about the whole job point at. */
  key: Scalar | undefined;
  node: Node | undefined;
  steps: GhaStep[];
}

/**
 * Jobs of a workflow (or the steps of a composite action as one job), with each
 * step's action reference and parsed commands. Shared by the rules that look at
 * a pipeline's shape rather than at single commands.
 */
export function workflowJobs(file: SourceFile): GhaJob[] {
  return file.memo('github-actions.jobs', () => {
    const out: GhaJob[] = [];
    const readSteps = (doc: Document.Parsed, steps: Node | undefined, defaultShell: string | undefined): GhaStep[] =>
      items(steps).flatMap((item) => {
        const alias = isAlias(item) ? item : undefined;
        const node = alias ? resolve(doc, alias) : item;
        if (!node) return [];
        const usesNode = get(node, 'uses');
        const uses = isScalar(usesNode) && typeof usesNode.value === 'string' ? { value: usesNode.value, node: usesNode } : undefined;
        const runNode = get(node, 'run');
        const shell = stringValue(get(node, 'shell')) ?? defaultShell;
        const script = isScalar(runNode) && !alias ? embeddedText(file.text, runNode) : undefined;
        const run = script ? { script, shell } : undefined;
        const commands = script && isPosixLikeShell(shell) ? commandsOf(script, file.text) : [];
        return [{ node, alias, uses, with: get(node, 'with'), run, commands }];
      });
    for (const doc of file.yaml.documents) {
      const root = doc.contents;
      const workflowShell = stringValue(get(get(get(root, 'defaults'), 'run'), 'shell'));
      for (const { key, value } of entries(get(root, 'jobs'))) {
        const jobShell = stringValue(get(get(get(value, 'defaults'), 'run'), 'shell')) ?? workflowShell;
        out.push({ id: String(key.value), key, node: value, steps: readSteps(doc, get(value, 'steps'), jobShell) });
      }
      const runs = get(root, 'runs');
      if (runs) out.push({ id: 'runs', key: getKey(root, 'runs'), node: runs, steps: readSteps(doc, get(runs, 'steps'), undefined) });
    }
    return out;
  });
}

/** `owner/repo@ref` → `owner/repo` (lower-cased), for matching actions whatever their pin. */
export function actionName(uses: string): string {
  const at = uses.indexOf('@');
  return (at < 0 ? uses : uses.slice(0, at)).toLowerCase();
}

/**
 * Whether a GitHub Actions file is a workflow or an action's metadata
 * (`action.yml`): by name, except under `.github/workflows/` where every file is
 * a workflow; a file claimed by a user pattern is an action when it has `runs:`
 * and no `jobs:`.
 */
export function ghaRole(file: SourceFile): 'workflow' | 'action' {
  return file.memo('github-actions.role', () => {
    if (/(^|\/)\.github\/workflows\/[^/]+$/.test(file.path)) return 'workflow';
    if (/^action\.ya?ml$/.test(file.basename)) return 'action';
    const root = file.yaml.documents[0]?.contents;
    return get(root, 'runs') !== undefined && get(root, 'jobs') === undefined ? 'action' : 'workflow';
  });
}
