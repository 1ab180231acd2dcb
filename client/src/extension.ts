/**
 * The VS Code side of Roo DevOps: starts the bundled language server and
 * exposes its commands. No linting happens here; the server decides by path
 * which files it reads and pulls the `rooDevops` settings itself.
 */
import * as vscode from 'vscode';
import {
  CloseAction,
  type CloseHandlerResult,
  ErrorAction,
  type ErrorHandler,
  type ErrorHandlerResult,
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { registerAddDevOpsMode } from './add-devops-mode';
import { errorText, registerCommands } from './commands';
import { registerGenerateCommands } from './generate-plan';
import { RestartBudget } from './restart-budget';

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
    errorHandler: crashHandler(restarts, output),
  };

  client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  registerCommands(context, () => client, output, () => restarts.reset());
  registerGenerateCommands(context, () => client, output);
  registerAddDevOpsMode(context, output);
  registerShowRuleDocumentation(context);

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

/**
 * `rooDevops.showRuleDocumentation`: opens a rule's page shipped in the extension
 * (`docs/rules/<family>/<name>.md`) in the Markdown preview. The server's "Show documentation
 * for <rule>" code action passes the rule id; from the palette, the rule is picked from the pages.
 */
function registerShowRuleDocumentation(context: vscode.ExtensionContext): void {
  const rulesDir = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules');
  const isRuleId = (id: unknown): id is string => typeof id === 'string' && /^[a-z0-9-]+\/[a-z0-9-]+$/.test(id);
  context.subscriptions.push(
    vscode.commands.registerCommand('rooDevops.showRuleDocumentation', async (given: unknown) => {
      const ruleId = given === undefined ? await pickRule(rulesDir) : given;
      if (ruleId === undefined) return;
      // The id becomes a path: only the shape of a rule id, so nothing leaves the docs folder.
      if (!isRuleId(ruleId)) {
        void vscode.window.showWarningMessage('Roo DevOps: that is not a rule id.');
        return;
      }
      const [family, name] = ruleId.split('/');
      const page = vscode.Uri.joinPath(rulesDir, family, `${name}.md`);
      try {
        await vscode.workspace.fs.stat(page);
      } catch {
        void vscode.window.showWarningMessage(`Roo DevOps: no documentation page for ${ruleId}.`);
        return;
      }
      await vscode.commands.executeCommand('markdown.showPreview', page);
    }),
  );
}

/** A rule id picked among the pages the extension ships; undefined when the pick is dismissed. */
async function pickRule(rulesDir: vscode.Uri): Promise<string | undefined> {
  const ids: string[] = [];
  for (const [family, type] of await vscode.workspace.fs.readDirectory(rulesDir)) {
    if (type !== vscode.FileType.Directory) continue;
    for (const [file] of await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(rulesDir, family))) {
      if (file.endsWith('.md')) ids.push(`${family}/${file.slice(0, -3)}`);
    }
  }
  return vscode.window.showQuickPick(ids.sort(), { placeHolder: 'The rule whose documentation to show' });
}

const SHOW_OUTPUT = 'Show Output';
const RESTART_SERVER = 'Restart Server';

/**
 * What happens when the server's connection breaks: restarted while the budget lasts (the
 * server exits on purpose on a malformed message, and a crash should cost the user nothing),
 * then stopped with a notice that offers the output and a restart by hand.
 */
function crashHandler(restarts: RestartBudget, output: vscode.LogOutputChannel): ErrorHandler {
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
      void vscode.window.showErrorMessage(message, SHOW_OUTPUT, RESTART_SERVER).then((choice) => {
        if (choice === SHOW_OUTPUT) output.show(true);
        if (choice === RESTART_SERVER) void vscode.commands.executeCommand('rooDevops.restartServer');
      });
      return { action: CloseAction.DoNotRestart, handled: true };
    },
  };
}
