/** What the client does when the server's connection breaks or the server exits. */
import * as vscode from 'vscode';
import { CloseAction, type CloseHandlerResult, ErrorAction, type ErrorHandler, type ErrorHandlerResult } from 'vscode-languageclient/node';
import { errorText } from './commands';
import type { RestartBudget } from './restart-budget';

const SHOW_OUTPUT = 'Show Output';
const RESTART_SERVER = 'Restart Server';

/**
 * What happens when the server's connection breaks: restarted while the budget lasts (the
 * server exits on purpose on a malformed message, and a crash should cost the user nothing),
 * then stopped with a notice that offers the output and a restart by hand.
 */
export function crashHandler(restarts: RestartBudget, output: vscode.LogOutputChannel, onGiveUp: (reason: string) => void): ErrorHandler {
  return {
    error(error, _message, count): ErrorHandlerResult {
      output.error(`Connection to the server: ${errorText(error)}`);
      // A few read/write errors may be transient; more mean the connection is gone.
      return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
    },
    closed(): CloseHandlerResult {
      if (restarts.crashed(Date.now())) {
        output.warn('The Roo DevOps server stopped unexpectedly; starting it again.');
        return { action: CloseAction.Restart, handled: true };
      }
      const message = `Roo DevOps: the language server stopped ${restarts.maxRestarts + 1} times in ${Math.round(restarts.windowMs / 60_000)} minutes and will not be restarted automatically.`;
      output.error(message);
      onGiveUp(`it stopped ${restarts.maxRestarts + 1} times in ${Math.round(restarts.windowMs / 60_000)} minutes (the restart budget is spent).`);
      void vscode.window.showErrorMessage(message, SHOW_OUTPUT, RESTART_SERVER).then((choice) => {
        if (choice === SHOW_OUTPUT) output.show(true);
        if (choice === RESTART_SERVER) void vscode.commands.executeCommand('rooDevops.restartServer');
      });
      return { action: CloseAction.DoNotRestart, handled: true };
    },
  };
}
