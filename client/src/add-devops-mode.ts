/**
 * "Roo DevOps: Add DevOps Mode to .roomodes". The text work is the core's
 * (`server/src/core/roo/devops-mode.ts`: the entry, appended keeping every byte);
 * this side reads the open buffer or the disk, applies the result as one
 * workspace edit (undoable) and saves it, refuses when the slug exists and offers to open it
 * instead, then offers to register the checker's MCP server in `.roo/mcp.json`.
 */
import * as vscode from 'vscode';
import { currentText, pickFolder } from './workspace-files';
import { addDevOpsMode, DEVOPS_SLUG, MCP_CONFIG_PATH, MCP_SERVER_NAME, registerMcpServer } from '../../server/src/core/roo/devops-mode';
import type { TextEdit } from '../../server/src/core/types';

export const ADD_DEVOPS_MODE_COMMAND = 'rooDevops.addDevOpsMode';

export type AddModeOutcome = 'added' | 'exists' | 'failed' | 'declined';

/** Options a test (or another command) passes instead of answering the prompts. */
export interface AddModeOptions {
  /** Register the MCP server without asking (true), or skip the offer (false). */
  registerMcp?: boolean;
}

export function registerAddDevOpsMode(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): void {
  context.subscriptions.push(vscode.commands.registerCommand(ADD_DEVOPS_MODE_COMMAND, (options?: AddModeOptions) => run(output, options ?? {})));
}

async function run(output: vscode.LogOutputChannel, options: AddModeOptions): Promise<{ mode: AddModeOutcome; mcp?: AddModeOutcome }> {
  const folder = await pickFolder('Roo DevOps: open a folder on disk to add the DevOps mode to its .roomodes.', 'Add the DevOps mode to the .roomodes of which folder?');
  if (!folder) return { mode: 'declined' };
  const uri = vscode.Uri.joinPath(folder.uri, '.roomodes');
  const current = await currentText(uri);
  const result = addDevOpsMode(current, '.roomodes');
  if (!result.ok) {
    if (result.reason === 'exists') {
      const open = 'Open .roomodes';
      const answer = await vscode.window.showInformationMessage(`Roo DevOps: ${result.message} Nothing was added.`, open);
      if (answer === open) await reveal(uri, result.range);
      return { mode: 'exists' };
    }
    void vscode.window.showWarningMessage(`Roo DevOps: ${result.message}`);
    return { mode: 'failed' };
  }
  if (!(await applyTextEdits(uri, current, result.edits, 'Roo DevOps: add the DevOps mode'))) {
    void vscode.window.showWarningMessage('Roo DevOps: .roomodes was not changed.');
    return { mode: 'failed' };
  }
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  const at = document.getText().lastIndexOf(`slug: ${DEVOPS_SLUG}`) >= 0 ? document.getText().lastIndexOf(`slug: ${DEVOPS_SLUG}`) : document.getText().lastIndexOf(`"${DEVOPS_SLUG}"`);
  if (at >= 0) editor.revealRange(new vscode.Range(document.positionAt(at), document.positionAt(at)), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  output.info(`Added the DevOps mode to ${uri.fsPath}.`);
  return { mode: 'added', mcp: await offerMcp(folder, output, options) };
}

async function offerMcp(folder: vscode.WorkspaceFolder, output: vscode.LogOutputChannel, options: AddModeOptions): Promise<AddModeOutcome> {
  if (options.registerMcp === false) return 'declined';
  const uri = vscode.Uri.joinPath(folder.uri, MCP_CONFIG_PATH);
  const current = await currentText(uri);
  const result = registerMcpServer(current);
  if (!result.ok) {
    if (result.reason === 'exists') {
      void vscode.window.showInformationMessage(`Roo DevOps: the DevOps mode was added. ${result.message}`);
      return 'exists';
    }
    void vscode.window.showWarningMessage(`Roo DevOps: the DevOps mode was added, but ${MCP_CONFIG_PATH} was left alone: ${result.message}`);
    return 'failed';
  }
  if (options.registerMcp !== true) {
    const register = 'Register';
    const answer = await vscode.window.showInformationMessage(
      `Roo DevOps: the DevOps mode was added. Register the \`${MCP_SERVER_NAME}\` MCP server in ${MCP_CONFIG_PATH}, so that the mode can check its own work?`,
      register,
      'Not now',
    );
    if (answer !== register) return 'declined';
  }
  if (!(await applyTextEdits(uri, current, result.edits, `Roo DevOps: register the ${MCP_SERVER_NAME} MCP server`))) return 'failed';
  output.info(`Registered the ${MCP_SERVER_NAME} MCP server in ${uri.fsPath}.`);
  return 'added';
}

/** The core's offset edits as one workspace edit on `uri` (created when `current` is undefined). */
async function applyTextEdits(uri: vscode.Uri, current: string | undefined, edits: readonly TextEdit[], label: string): Promise<boolean> {
  const edit = new vscode.WorkspaceEdit();
  const metadata: vscode.WorkspaceEditEntryMetadata = { label, needsConfirmation: false };
  if (current === undefined) {
    edit.createFile(uri, { ignoreIfExists: true }, metadata);
    for (const e of edits) edit.insert(uri, new vscode.Position(0, 0), e.newText, metadata);
  } else {
    const document = await vscode.workspace.openTextDocument(uri);
    if (document.getText() !== current) return false;
    for (const e of edits) edit.replace(uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.newText, metadata);
  }
  if (!(await vscode.workspace.applyEdit(edit))) return false;
  // Saved, so that Roo Code (which reads the disk) sees it at once; Undo in the editor still takes it back.
  return (await vscode.workspace.openTextDocument(uri)).save();
}

async function reveal(uri: vscode.Uri, range: { start: number; end: number }): Promise<void> {
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  const selection = new vscode.Selection(document.positionAt(range.start), document.positionAt(range.end));
  editor.selection = selection;
  editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
