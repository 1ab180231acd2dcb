/**
 * The palette's "Generate plan/infrastructure.md" and "… plan/deployment.md":
 * the server reads the repository (open buffers winning over the disk, as the
 * diagnostics do), merges the generated document into the one that exists and
 * answers with insertions for the client to apply as one undoable workspace
 * edit. It also answers with a digest of the text it merged into, so the client
 * refuses to apply the edit to a document that changed in the meantime.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type CancellationToken, ErrorCodes, LSPErrorCodes, ResponseError, type TextDocuments } from 'vscode-languageserver/node';
import { LineIndex } from '../core/lines';
import { proposePlan } from '../core/plan/propose';
import type { PlanDocumentKind } from '../core/plan/sections';
import { readPlanSnapshot } from '../node/plan-file';
import { uriOf } from './document-paths';
import type { GeneratePlanParams, GeneratePlanResult } from './protocol';
import type { WorkspaceIndex } from './workspace-index';

const KINDS: readonly PlanDocumentKind[] = ['infrastructure', 'deployment'];

export function textDigest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function generatePlanAnswer(params: GeneratePlanParams, index: WorkspaceIndex, documents: TextDocuments<TextDocument>, token: CancellationToken): GeneratePlanResult {
  if (!KINDS.includes(params.kind)) throw new ResponseError(ErrorCodes.InvalidParams, `Unknown plan document "${String(params.kind)}".`);
  const folders = index.all();
  const folder = params.folderUri ? folders.find((f) => f.uri === params.folderUri) : folders[0];
  if (!folder) throw new ResponseError(ErrorCodes.InvalidRequest, params.folderUri ? `The folder ${params.folderUri} is not a workspace folder on disk.` : 'No workspace folder on disk is open.');
  const path = `plan/${params.kind}.md`;
  const uri = uriOf(join(folder.root, 'plan', `${params.kind}.md`));
  const open = documents.get(uri);
  let existing: string | undefined;
  if (open) existing = open.getText();
  else {
    try {
      existing = readPlanSnapshot(join(folder.root, 'plan', `${params.kind}.md`)).text;
    } catch (e) {
      throw new ResponseError(ErrorCodes.InternalError, `Cannot read ${path} (${(e as Error).message}); nothing was generated.`);
    }
  }
  if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'Cancelled.');
  const proposal = proposePlan(params.kind, folder.repository, folder.config.packageManagers, existing);
  if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'Cancelled.');
  const lines = new LineIndex(existing ?? '');
  return {
    uri,
    path,
    existed: existing !== undefined,
    baseDigest: textDigest(existing ?? ''),
    additions: proposal.additions,
    edits: existing === undefined ? [{ line: 0, character: 0, text: proposal.text }] : proposal.edits.map((e) => ({ ...lines.positionAt(e.offset), text: e.text })),
  };
}
