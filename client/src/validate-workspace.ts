/**
 * "Roo DevOps: Validate Workspace": the server checks every DevOps file again, reporting files
 * done / total on the request's work-done token, shown in a notification with a Cancel button;
 * cancelling stops the server between files. Ends with a summary and a way to the Problems view.
 */
import * as vscode from 'vscode';
import { type LanguageClient, WorkDoneProgress } from 'vscode-languageclient/node';
import { errorText } from './commands';
import { type ValidateWorkspaceResult, validationSummary } from './status-text';

/** Same string as the server's ValidateWorkspaceRequest. */
export const VALIDATE_WORKSPACE_REQUEST = 'rooDevops/validateWorkspace';
const OPEN_PROBLEMS = 'Open Problems';

let runs = 0;

export function registerValidateWorkspace(context: vscode.ExtensionContext, getClient: () => LanguageClient | undefined, output: vscode.LogOutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('rooDevops.validateWorkspace', async (): Promise<ValidateWorkspaceResult | undefined> => {
      const client = getClient();
      if (!client) return undefined;
      try {
        // A command run while the server is still starting waits for it rather than failing.
        if (!client.isRunning()) await client.start();
        const result = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: 'Roo DevOps: validating workspace', cancellable: true },
          (progress, token) => validate(client, progress, token),
        );
        output.info(validationSummary(result));
        const choice = vscode.window.showInformationMessage(validationSummary(result), OPEN_PROBLEMS);
        void choice.then((picked) => {
          if (picked === OPEN_PROBLEMS) void vscode.commands.executeCommand('workbench.actions.view.problems');
        });
        return result;
      } catch (error) {
        output.error(`Validate workspace failed: ${errorText(error)}`);
        void vscode.window.showErrorMessage(`Roo DevOps: validation failed (${errorText(error)}).`);
        return undefined;
      }
    }),
  );
}

async function validate(
  client: LanguageClient,
  progress: vscode.Progress<{ message?: string; increment?: number }>,
  token: vscode.CancellationToken,
): Promise<ValidateWorkspaceResult> {
  const workDoneToken = `rooDevops.validateWorkspace.${++runs}`;
  let shown = 0;
  const listening = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
    if (value.kind === 'end') return;
    const percentage = value.percentage ?? shown;
    // The notification's bar takes increments; the server sends where it is.
    progress.report({ message: value.message, increment: Math.max(0, percentage - shown) });
    shown = Math.max(shown, percentage);
  });
  try {
    // The server answers a cancelled request with what it checked and `cancelled: true`.
    return await client.sendRequest<ValidateWorkspaceResult>(VALIDATE_WORKSPACE_REQUEST, { workDoneToken }, token);
  } finally {
    listening.dispose();
  }
}
