/**
 * Messages of this server beyond the LSP standard. The client names the same
 * method strings; it does not import this file (it must not pull in the server).
 */
import { NotificationType, RequestType, RequestType0, type WorkDoneProgressParams } from 'vscode-languageserver/node';

/** Findings by severity; LSP hints count as info (the engine has no hint level). */
export interface SeverityCounts {
  error: number;
  warning: number;
  info: number;
}

export interface ScanTotals {
  /** Files linted (of a kind, not open in the editor: those are the buffers'). */
  files: number;
  findings: number;
  /** The findings of those files by severity. */
  bySeverity: SeverityCounts;
  /** The request was cancelled: the totals are those of the files checked before it stopped. */
  cancelled: boolean;
}

/**
 * Lints the whole workspace again (palette: "Roo DevOps: Validate Workspace"); answers with the totals.
 * Progress: when the params carry a `workDoneToken`, the server reports on it with standard LSP
 * work-done progress — `message` "<done>/<total> files", `percentage` — and the request is
 * cancellable: on `$/cancelRequest` the scan stops between files and the answer holds what was
 * checked so far with `cancelled: true` (an answer, not an error). Params may be omitted.
 */
export type ValidateWorkspaceParams = WorkDoneProgressParams;
export const ValidateWorkspaceRequest = new RequestType<ValidateWorkspaceParams | null | undefined, ScanTotals, void>('rooDevops/validateWorkspace');

/**
 * What the server is doing, for the editor's status bar: sent when a scan of the workspace
 * starts (`checking`, `done` 0), as it advances (`done` grows, about once per batch of files) and when
 * no scan is left (`ready`, with the totals of the last one). Buffers linted as the user types do not
 * send it. Not sent before `initialized`; "starting" and "stopped" are the client's own states.
 */
export type ServerStatus = { state: 'checking'; done: number; total: number } | { state: 'ready'; files: number; findings: number };
export const StatusNotification = new NotificationType<ServerStatus>('rooDevops/status');

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

/**
 * The text of a new `.roo-devops.yaml` (palette: "Roo DevOps: Open Configuration"): every option and
 * rule at its default, commented out (core/config-template.ts). The client writes it only where no
 * configuration file exists.
 */
export const ConfigurationTemplateRequest = new RequestType0<string, void>('rooDevops/configurationTemplate');
