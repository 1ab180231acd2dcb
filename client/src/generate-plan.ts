/**
 * "Roo DevOps: Generate plan/infrastructure.md" and "… plan/deployment.md".
 * The server computes what the document lacks; this side asks first in an
 * untrusted workspace, shows cancellable progress, refuses to apply insertions
 * to a document that changed since the server read it, and applies them as one
 * workspace edit — undoable, shown for review first (`needsConfirmation`)
 * unless `rooDevops.generate.preview` is off — then opens the document.
 */
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { currentText, pickFolder } from './workspace-files';
import type { LanguageClient } from 'vscode-languageclient/node';
import { errorText } from './commands';

/** Custom request answered by the server (server/src/lsp/protocol.ts names the same method). */
export const GENERATE_PLAN_REQUEST = 'rooDevops/generatePlan';

export type PlanKind = 'infrastructure' | 'deployment';

interface GeneratePlanResult {
  uri: string;
  path: string;
  existed: boolean;
  baseDigest: string;
  additions: string[];
  edits: { line: number; character: number; text: string }[];
}

/** What a run ended with, for tests and the palette's return value. */
export type GenerateOutcome = 'applied' | 'nothing-to-add' | 'declined' | 'cancelled' | 'changed' | 'not-applied' | 'failed';

export const GENERATE_COMMANDS: Record<PlanKind, string> = {
  infrastructure: 'rooDevops.generateInfrastructurePlan',
  deployment: 'rooDevops.generateDeploymentPlan',
};

export function registerGenerateCommands(context: vscode.ExtensionContext, getClient: () => LanguageClient | undefined, output: vscode.LogOutputChannel): void {
  for (const kind of Object.keys(GENERATE_COMMANDS) as PlanKind[]) {
    context.subscriptions.push(vscode.commands.registerCommand(GENERATE_COMMANDS[kind], () => generatePlan(kind, getClient(), output)));
  }
}

async function generatePlan(kind: PlanKind, client: LanguageClient | undefined, output: vscode.LogOutputChannel): Promise<GenerateOutcome> {
  const file = `plan/${kind}.md`;
  if (!client?.isRunning()) {
    void vscode.window.showWarningMessage('Roo DevOps: the language server is not running.');
    return 'failed';
  }
  if (!vscode.workspace.isTrusted) {
    const go = 'Generate';
    const answer = await vscode.window.showWarningMessage(
      `Generate ${file} in this restricted workspace? Roo DevOps only reads the repository's files and runs nothing from it; the document is proposed as an edit you review.`,
      { modal: true },
      go,
    );
    if (answer !== go) return 'declined';
  }
  const folder = await pickFolder('Roo DevOps: open a folder on disk to generate its plan documents.', 'Generate the plan document of which folder?');
  if (!folder) return 'declined';
  let result: GeneratePlanResult | undefined;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Roo DevOps: generating ${file}`, cancellable: true },
      async (progress, token) => {
        progress.report({ message: 'reading the repository…' });
        const answer = await client.sendRequest<GeneratePlanResult>(GENERATE_PLAN_REQUEST, { kind, folderUri: folder.uri.toString() }, token);
        return token.isCancellationRequested ? undefined : answer;
      },
    );
  } catch (error) {
    if (error instanceof vscode.CancellationError || /cancel/i.test(errorText(error))) return 'cancelled';
    output.error(`Generating ${file} failed: ${errorText(error)}`);
    void vscode.window.showErrorMessage(`Roo DevOps: generating ${file} failed (${errorText(error)}).`);
    return 'failed';
  }
  if (!result) return 'cancelled';
  const uri = vscode.Uri.parse(result.uri);
  if (!result.additions.length) {
    await vscode.window.showTextDocument(uri, { preview: false });
    void vscode.window.showInformationMessage(`Roo DevOps: ${file} already has everything the repository tells; nothing to add.`);
    return 'nothing-to-add';
  }
  // The insertions fit the text the server read; anything typed or saved since would be cut by them.
  const current = await currentText(uri);
  if (digest(current ?? '') !== result.baseDigest || (current === undefined) === result.existed) {
    void vscode.window.showWarningMessage(`Roo DevOps: ${file} changed while it was being generated; nothing was applied. Run the command again.`);
    return 'changed';
  }
  const preview = vscode.workspace.getConfiguration('rooDevops', folder.uri).get<boolean>('generate.preview', true);
  const metadata: vscode.WorkspaceEditEntryMetadata = {
    label: `Roo DevOps: ${result.additions.length === 1 ? result.additions[0] : `${result.additions.length} additions`}`,
    description: file,
    needsConfirmation: preview,
  };
  const edit = new vscode.WorkspaceEdit();
  if (current === undefined) edit.createFile(uri, { ignoreIfExists: true }, metadata);
  for (const e of result.edits) edit.insert(uri, new vscode.Position(e.line, e.character), e.text, metadata);
  const applied = await vscode.workspace.applyEdit(edit);
  const document = applied ? await vscode.workspace.openTextDocument(uri) : undefined;
  if (!document || document.getText() === (current ?? '')) {
    // Discarded in the preview, or every change left unticked there.
    void vscode.window.showInformationMessage(`Roo DevOps: nothing was added to ${file}.`);
    return 'not-applied';
  }
  await vscode.window.showTextDocument(document, { preview: false });
  output.info(`Generated ${file}: added ${result.additions.join(', ')}.`);
  return 'applied';
}

function digest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
