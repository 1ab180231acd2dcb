/**
 * Which Azure Pipelines files are templates of others, from the template
 * references of every Azure file of the repository: a file that another includes
 * is a template, whatever its name.
 */
import { isMap } from 'yaml';
import type { SourceFile } from '../source';
import type { WorkspaceView } from '../workspace/view';
import { azureTemplateReferences, flatEntries, templatePath } from './azure-structure';

/** Root keys only a pipeline may have: triggers and run settings. */
const PIPELINE_KEYS = new Set(['trigger', 'pr', 'schedules', 'name', 'appendCommitMessageToRunName', 'lockBehavior']);

/** Workspace paths that some Azure file of the repository names as a local template. */
export function referencedTemplates(workspace: WorkspaceView): Set<string> {
  const out = new Set<string>();
  for (const file of workspace.filesOf('azure-pipelines')) {
    for (const ref of azureTemplateReferences(file)) {
      const path = templatePath(file.path, ref.node.value);
      if (path) out.add(path);
    }
  }
  return out;
}

/**
 * Whether the file is a pipeline Azure runs, not a template: no Azure file of the
 * repository includes it, and it is named as a pipeline or has a root key only a
 * pipeline may have. A template of a template repository is included by none of
 * this repository's files, and has no such key.
 */
export function isPipelineEntry(file: SourceFile, workspace: WorkspaceView): boolean {
  if (referencedTemplates(workspace).has(file.path)) return false;
  if (/^azure-pipelines?\b/i.test(file.basename)) return true;
  const doc = file.yaml.documents[0];
  if (!doc || !isMap(doc.contents)) return false;
  return flatEntries(doc.contents).entries.some((e) => PIPELINE_KEYS.has(String(e.key.value)));
}
