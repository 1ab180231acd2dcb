/**
 * The VS Code side of Roo DevOps: starts the bundled language server and
 * exposes its commands. No linting happens here; the server decides by path
 * which files it reads and pulls the `rooDevops` settings itself.
 */
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { errorText, registerCommands } from './commands';

export const CLIENT_ID = 'rooDevops';
export const CLIENT_NAME = 'Roo DevOps';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  context.subscriptions.push(output);

  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6009'] },
    },
  };

  const watcher = vscode.workspace.createFileSystemWatcher('**/*');
  context.subscriptions.push(watcher);

  const clientOptions: LanguageClientOptions = {
    // Every language: files are recognised by path (Dockerfile, *.tf, plan/*.md,
    // .github/workflows/*.yml, ...) whatever language id the editor gave them.
    documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }],
    synchronize: { fileEvents: watcher },
    outputChannel: output,
    traceOutputChannel: output,
  };

  client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  registerCommands(context, () => client, output);

  try {
    await client.start();
  } catch (error) {
    output.error(`The Roo DevOps server did not start: ${errorText(error)}`);
    void vscode.window.showErrorMessage(`Roo DevOps: the language server did not start (${errorText(error)}).`);
  }
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) await running.stop();
}
