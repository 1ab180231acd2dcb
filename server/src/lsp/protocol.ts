/**
 * Messages of this server beyond the LSP standard. The client names the same
 * method strings; it does not import this file (it must not pull in the server).
 */
import { RequestType0 } from 'vscode-languageserver/node';
import type { ScanTotals } from './workspace-scan';

/** Lints the whole workspace again (palette: "Roo DevOps: Validate workspace"); answers with the totals. */
export const ValidateWorkspaceRequest = new RequestType0<ScanTotals, void>('rooDevops/validateWorkspace');
