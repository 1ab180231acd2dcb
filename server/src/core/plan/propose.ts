/**
 * What the shells ask for: the plan document of a kind for a repository, as
 * the generator writes it and merged into the document that exists — the one
 * entry point of the CLI's `generate`, the editor's commands and the tests.
 */
import type { PackageManagers } from '../types';
import type { WorkspaceView } from '../workspace/view';
import { generatePlan } from './generate';
import { mergePlan, type PlanInsertion } from './merge';
import type { PlanDocumentKind } from './sections';

export interface PlanProposal {
  /** Workspace-relative path of the document: `plan/infrastructure.md`. */
  path: string;
  /** The document as generated from the repository alone. */
  generated: string;
  /** The document after the merge: what would be written. */
  text: string;
  /** Whether the document existed (non-empty) before. */
  existed: boolean;
  additions: string[];
  /** Insertions into the existing text (the whole text at offset 0 for a new document). */
  edits: PlanInsertion[];
}

export function planPath(kind: PlanDocumentKind): string {
  return `plan/${kind}.md`;
}

/** `existing`: the document's current text (an open buffer or the disk), undefined when there is none. */
export function proposePlan(kind: PlanDocumentKind, view: WorkspaceView, packageManagers: PackageManagers, existing: string | undefined): PlanProposal {
  const generated = generatePlan(kind, view.model(), { packageManagers, readFile: (p) => view.file(p)?.text });
  const merged = mergePlan(existing ?? '', generated);
  return { path: planPath(kind), generated, text: merged.text, existed: (existing ?? '').trim() !== '', additions: merged.additions, edits: merged.edits };
}
