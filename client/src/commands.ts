/** The small palette commands: the output and a restart. The others have a file each. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

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
  );
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
