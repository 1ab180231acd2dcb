/**
 * Messages of this server beyond the LSP standard. The client names the same
 * method strings; it does not import this file (it must not pull in the server).
 */
import { RequestType, RequestType0 } from 'vscode-languageserver/node';
import type { ScanTotals } from './workspace-scan';

/** Lints the whole workspace again (palette: "Roo DevOps: Validate workspace"); answers with the totals. */
export const ValidateWorkspaceRequest = new RequestType0<ScanTotals, void>('rooDevops/validateWorkspace');

export interface GeneratePlanParams {
  kind: 'infrastructure' | 'deployment';
  /** The workspace folder whose `plan/` gets the document; the first folder when omitted. */
  folderUri?: string;
}

export interface GeneratePlanResult {
  /** The document's URI, `<folder>/plan/<kind>.md`. */
  uri: string;
  /** Its workspace-relative path. */
  path: string;
  /** Whether the document existed (on disk or as an open buffer) when the server read it. */
  existed: boolean;
  /** SHA-256 (hex) of the text the server merged into ('' when none): the client applies nothing to another text. */
  baseDigest: string;
  /** What the edits add, one phrase each; empty when the document lacks nothing. */
  additions: string[];
  /** Insertions into that text (0-based line, UTF-16 character); only inserts, never a replacement. */
  edits: { line: number; character: number; text: string }[];
}

/** Proposes plan/infrastructure.md or plan/deployment.md (palette: "Roo DevOps: Generate plan/…"); cancellable. */
export const GeneratePlanRequest = new RequestType<GeneratePlanParams, GeneratePlanResult, void>('rooDevops/generatePlan');
