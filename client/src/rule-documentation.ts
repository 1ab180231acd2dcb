/** "Roo DevOps: Show Rule Documentation": a rule's page shipped in the extension, in the Markdown preview. */
import * as vscode from 'vscode';

/**
 * `rooDevops.showRuleDocumentation`: opens a rule's page shipped in the extension
 * (`docs/rules/<family>/<name>.md`) in the Markdown preview. The server's "Show documentation
 * for <rule>" code action passes the rule id; from the palette, the rule is picked from the pages.
 */
export function registerShowRuleDocumentation(context: vscode.ExtensionContext): void {
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
