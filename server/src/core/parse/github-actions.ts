import { isScalar, type Node } from 'yaml';
import type { SourceFile } from '../source';
import { type EmbeddedText, embeddedText, get, items, stringValue } from './yaml';

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
  return file.memo('github-actions.runSteps', () => {
    const out: RunStep[] = [];
    for (const doc of file.yaml.documents) {
      const root = doc.contents;
      const workflowShell = stringValue(get(get(get(root, 'defaults'), 'run'), 'shell'));
      const collect = (steps: Node | undefined, defaultShell: string | undefined) => {
        for (const step of items(steps)) {
          const run = get(step, 'run');
          if (!isScalar(run)) continue;
          const script = embeddedText(file.text, run);
          if (!script) continue;
          out.push({ script, shell: stringValue(get(step, 'shell')) ?? defaultShell, step });
        }
      };
      const jobs = get(root, 'jobs');
      if (jobs && 'items' in jobs) {
        for (const pair of (jobs as { items: { value: unknown }[] }).items) {
          const job = pair.value as Node | undefined;
          const jobShell = stringValue(get(get(get(job, 'defaults'), 'run'), 'shell')) ?? workflowShell;
          collect(get(job, 'steps'), jobShell);
        }
      }
      collect(get(get(root, 'runs'), 'steps'), undefined);
    }
    return out;
  });
}
