/** The palette commands; each one forwards to the server or the output channel. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/** Custom request answered by the server: validate every file it recognises. */
export const VALIDATE_WORKSPACE_REQUEST = 'rooDevops/validateWorkspace';

export interface ValidateWorkspaceResult {
  files: number;
  findings: number;
}

export function registerCommands(
  context: vscode.ExtensionContext,
  getClient: () => LanguageClient | undefined,
  output: vscode.LogOutputChannel,
  onManualRestart: () => void = () => {},
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('rooDevops.showOutput', () => output.show(true)),

    vscode.commands.registerCommand('rooDevops.restartServer', async () => {
      const client = getClient();
      if (!client) return;
      onManualRestart();
      try {
        await client.restart();
        output.info('Server restarted.');
      } catch (error) {
        output.error(`Restart failed: ${errorText(error)}`);
        void vscode.window.showErrorMessage(`Roo DevOps: restart failed (${errorText(error)}).`);
      }
    }),

    vscode.commands.registerCommand('rooDevops.validateWorkspace', async () => {
      const client = getClient();
      if (!client?.isRunning()) {
        void vscode.window.showWarningMessage('Roo DevOps: the language server is not running.');
        return undefined;
      }
      try {
        const result = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Window, title: 'Roo DevOps: validating workspace' },
          () => client.sendRequest<ValidateWorkspaceResult>(VALIDATE_WORKSPACE_REQUEST),
        );
        void vscode.window.showInformationMessage(
          `Roo DevOps: ${plural(result.files, 'file')} checked, ${plural(result.findings, 'finding')}.`,
        );
        return result;
      } catch (error) {
        output.error(`Validate workspace failed: ${errorText(error)}`);
        void vscode.window.showErrorMessage(`Roo DevOps: validation failed (${errorText(error)}).`);
        return undefined;
      }
    }),
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
