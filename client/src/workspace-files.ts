/** What the palette commands share about the workspace: the folder to act on, and a file's text as the editor sees it. */
import * as vscode from 'vscode';

/**
 * The folder on disk a command acts on: the only one, or the one picked in a multi-root
 * workspace; undefined (after a warning `noFolder`) when no folder on disk is open.
 */
export async function pickFolder(noFolder: string, placeHolder: string): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  if (folders.length <= 1) {
    if (!folders.length) void vscode.window.showWarningMessage(noFolder);
    return folders[0];
  }
  return vscode.window.showWorkspaceFolderPick({ placeHolder });
}

/** The file's text as the editor sees it: the open buffer, else the disk; undefined when there is none. */
export async function currentText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri)).replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
}
