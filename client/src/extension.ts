/**
 * The VS Code side of Roo DevOps: starts the bundled language server and
 * exposes its commands. No linting happens here; the server decides by path
 * which files it reads and pulls the `rooDevops` settings itself.
 *
 * `activate()` returns without waiting for the server: it only creates things and registers
 * commands (each command waits for the server itself). How long it took is logged and returned.
 */
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerAddDevOpsMode } from './add-devops-mode';
import { errorText, registerCommands } from './commands';
import { crashHandler } from './crash-handler';
import { registerGenerateCommands } from './generate-plan';
import { registerOpenConfiguration } from './open-configuration';
import { RestartBudget } from './restart-budget';
import { registerShowRuleDocumentation } from './rule-documentation';
import { StatusBar } from './status-bar';
import type { ClientStatus } from './status-text';
import { registerValidateWorkspace } from './validate-workspace';

export const CLIENT_ID = 'rooDevops';
export const CLIENT_NAME = 'Roo DevOps';

/** What the extension exports (for tests and other extensions). */
export interface RooDevopsApi {
  /** Milliseconds `activate()` took, measured inside it. */
  activateMs: number;
  /** The status bar's current state. */
  status(): ClientStatus;
  /** Milliseconds from activation to the first published findings; undefined until then. */
  firstDiagnosticsMs(): number | undefined;
  /** Resolves once the server has started (rejects if it could not). */
  started: Promise<void>;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): RooDevopsApi {
  const began = performance.now();
  let firstDiagnosticsMs: number | undefined;
  const output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  const statusBar = new StatusBar();
  context.subscriptions.push(output, statusBar);

  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };

  const restarts = new RestartBudget();
  const watcher = vscode.workspace.createFileSystemWatcher('**/*');
  context.subscriptions.push(watcher);

  const clientOptions: LanguageClientOptions = {
    // Every language: files are recognised by path (Dockerfile, *.tf, plan/*.md,
    // .github/workflows/*.yml, ...) whatever language id the editor gave them.
    documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }],
    synchronize: { fileEvents: watcher },
    outputChannel: output,
    traceOutputChannel: output,
    errorHandler: crashHandler(restarts, output, (reason) => statusBar.stopped(reason)),
    middleware: {
      // Measured once: how long after activation the first findings reach the Problems view.
      handleDiagnostics(uri, diagnostics, next) {
        if (firstDiagnosticsMs === undefined && diagnostics.length > 0) {
          firstDiagnosticsMs = Math.round(performance.now() - began);
          output.info(`first diagnostics ${firstDiagnosticsMs} ms after activation`);
        }
        next(uri, diagnostics);
      },
    },
  };

  client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  context.subscriptions.push(statusBar.watch(client));
  const getClient = () => client;
  registerCommands(context, getClient, output, () => restarts.reset());
  registerValidateWorkspace(context, getClient, output);
  registerOpenConfiguration(context, getClient, output);
  registerGenerateCommands(context, getClient, output);
  registerAddDevOpsMode(context, output);
  registerShowRuleDocumentation(context);

  // Not awaited: starting the server (a Node process, the HCL parser) must not hold up the editor.
  const started = client.start().catch((error: unknown) => {
    const reason = `it did not start (${errorText(error)}).`;
    output.error(`The Roo DevOps server did not start: ${errorText(error)}`);
    statusBar.stopped(reason);
    void vscode.window.showErrorMessage(`Roo DevOps: the language server did not start (${errorText(error)}).`);
    throw error;
  });
  started.catch(() => {}); // reported above; the API's promise still rejects for whoever awaits it

  const activateMs = Math.round((performance.now() - began) * 10) / 10;
  output.info(`activate() took ${activateMs} ms`);
  return { activateMs, firstDiagnosticsMs: () => firstDiagnosticsMs, status: () => statusBar.current, started };
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) await running.stop();
}
