/**
 * "Roo DevOps: Open Configuration": opens the workspace folder's `.roo-devops.yaml` (or `.yml`,
 * `.json`, whichever exists). When none does, creates `.roo-devops.yaml` from the server's template —
 * every option and rule at its default, commented out, so the new file changes nothing — and opens
 * it. Never overwrites: the file is created only if it still does not exist.
 */
import { writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { errorText } from './commands';

/** The names the server reads, in its order (server/src/core/config.ts CONFIG_FILE_NAMES). */
export const CONFIG_FILE_NAMES = ['.roo-devops.yaml', '.roo-devops.yml', '.roo-devops.json'] as const;
/** Same string as the server's ConfigurationTemplateRequest. */
const TEMPLATE_REQUEST = 'rooDevops/configurationTemplate';

export function registerOpenConfiguration(context: vscode.ExtensionContext, getClient: () => LanguageClient | undefined, output: vscode.LogOutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('rooDevops.openConfiguration', async (given?: vscode.Uri): Promise<vscode.Uri | undefined> => {
      const folder = given ? vscode.workspace.getWorkspaceFolder(given) : await pickFolder();
      if (!folder) return undefined;
      try {
        const existing = await findConfiguration(folder.uri);
        const target = existing ?? (await createConfiguration(folder.uri, getClient(), output));
        if (!target) return undefined;
        await vscode.window.showTextDocument(target);
        return target;
      } catch (error) {
        output.error(`Open configuration failed: ${errorText(error)}`);
        void vscode.window.showErrorMessage(`Roo DevOps: could not open the configuration (${errorText(error)}).`);
        return undefined;
      }
    }),
  );
}

async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showWarningMessage('Roo DevOps: open a folder first; the configuration lives at its root.');
    return undefined;
  }
  if (folders.length === 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'The folder whose Roo DevOps configuration to open' });
}

async function findConfiguration(root: vscode.Uri): Promise<vscode.Uri | undefined> {
  for (const name of CONFIG_FILE_NAMES) {
    const uri = vscode.Uri.joinPath(root, name);
    try {
      await vscode.workspace.fs.stat(uri);
      return uri;
    } catch {
      // not this one
    }
  }
  return undefined;
}

async function createConfiguration(root: vscode.Uri, client: LanguageClient | undefined, output: vscode.LogOutputChannel): Promise<vscode.Uri | undefined> {
  if (!client) return undefined;
  if (!client.isRunning()) await client.start();
  const text = await client.sendRequest<string>(TEMPLATE_REQUEST);
  const uri = vscode.Uri.joinPath(root, CONFIG_FILE_NAMES[0]);
  if (uri.scheme === 'file') {
    try {
      // `wx`: fails if the file appeared meanwhile, so nothing is ever overwritten.
      await writeFile(uri.fsPath, text, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return uri;
    }
  } else {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  }
  output.info(`Created ${uri.toString(true)} with every setting commented out (no effect until uncommented).`);
  return uri;
}
