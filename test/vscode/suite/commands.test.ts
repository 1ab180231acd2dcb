import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PLAN_SECTIONS } from '../../../server/src/core/plan/sections';
import { activateProduct, closeAllEditors, codeOf, commandTest, fileUri, poll, readFile, testedCommands, waitForDiagnostics, writeFile } from './helpers';

/**
 * Commands other engineers are adding in parallel, known to have no test here yet. The lead
 * empties this list when merging their work with tests; nothing else may be left untested.
 */
const KNOWN_UNTESTED: string[] = [];

function tabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs);
}

suite('palette commands', () => {
  suiteSetup(activateProduct);
  teardown(closeAllEditors);

  commandTest('rooDevops.validateWorkspace', 'returns how many files it checked and what it found', async () => {
    const result = await vscode.commands.executeCommand<{ files: number; findings: number }>('rooDevops.validateWorkspace');
    assert.ok(result, 'a result');
    assert.ok(result.files >= 10, `files checked: ${result.files}`);
    assert.ok(result.findings > 0, `findings: ${result.findings}`);
  });

  commandTest('rooDevops.restartServer', 'restarts the server, and the diagnostics come back', async () => {
    await vscode.commands.executeCommand('rooDevops.restartServer');
    // A file written only now can be reported by the restarted server alone.
    const uri = fileUri('.github/workflows/after-restart.yml');
    await writeFile(uri, 'name: later\non: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: yarn install\n');
    await waitForDiagnostics(uri, 'the finding of a workflow written after the restart', (ds) => ds.some((d) => d.message.includes('yarn')));
    await waitForDiagnostics(fileUri('web/package-lock.json'), 'the lockfile finding again', (ds) => ds.some((d) => codeOf(d) === 'package-manager/lockfile'));
  });

  commandTest('rooDevops.showOutput', 'shows the Roo DevOps output channel', async () => {
    await vscode.commands.executeCommand('rooDevops.showOutput');
    // A shown output channel is a document of the `output` scheme named after the channel.
    const shown = await poll(
      'the Roo DevOps output channel among the documents',
      () => vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'output').map((d) => decodeURIComponent(d.uri.toString())),
      (uris) => uris.some((u) => u.includes('Roo DevOps') || u.includes('roo-devops')),
      10_000,
    );
    assert.ok(shown.length > 0);
  });

  commandTest('rooDevops.showRuleDocumentation', 'opens the page of a rule id in the Markdown preview', async () => {
    await vscode.commands.executeCommand('rooDevops.showRuleDocumentation', 'package-manager/lockfile');
    const tab = await poll('a preview tab of lockfile.md', () => tabs().map((t) => t.label), (labels) => labels.some((l) => l.includes('lockfile')));
    assert.ok(tab.length > 0);
  });

  for (const kind of ['infrastructure', 'deployment'] as const) {
    const id = kind === 'infrastructure' ? 'rooDevops.generateInfrastructurePlan' : 'rooDevops.generateDeploymentPlan';
    commandTest(id, `adds the missing sections to plan/${kind}.md (preview off) and keeps what was there`, async () => {
      const uri = fileUri(`plan/${kind}.md`);
      let before = '';
      try {
        before = await readFile(uri);
      } catch {
        // no document yet: the command creates it
      }
      const outcome = await vscode.commands.executeCommand<string>(id);
      assert.equal(outcome, 'applied');
      const document = await vscode.workspace.openTextDocument(uri);
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString(), 'the document is shown');
      const text = document.getText();
      const at = PLAN_SECTIONS.map((section) => text.indexOf(`## ${section.title}\n`));
      assert.ok(at.every((i) => i >= 0), `all eight sections in:\n${text}`);
      assert.deepEqual([...at].sort((a, b) => a - b), at, 'in the order of the mode');
      for (const line of before.split('\n')) assert.ok(text.split('\n').includes(line), `kept: ${JSON.stringify(line)}`);
      await document.save();
    });
  }

  commandTest('rooDevops.openConfiguration', 'opens the existing .roo-devops.yaml without changing it', async () => {
    const uri = fileUri('.roo-devops.yaml');
    const before = await readFile(uri);
    const opened = await vscode.commands.executeCommand<vscode.Uri | undefined>('rooDevops.openConfiguration');
    assert.equal(opened?.toString(), uri.toString());
    await poll('the configuration in the active editor', () => vscode.window.activeTextEditor?.document.uri.toString(), (u) => u === uri.toString());
    assert.equal(await readFile(uri), before, 'never overwritten');
  });

  commandTest('rooDevops.addDevOpsMode', 'creates .roomodes with the DevOps mode, registers the MCP server, and the result lints clean', async () => {
    const outcome = await vscode.commands.executeCommand<{ mode: string; mcp?: string }>('rooDevops.addDevOpsMode', { registerMcp: true });
    assert.deepEqual(outcome, { mode: 'added', mcp: 'added' });
    const modes = fileUri('.roomodes');
    assert.match(await readFile(modes), /slug: devops/);
    assert.match(await readFile(fileUri('.roo/mcp.json')), /"roo-devops"/);
    // Validate Workspace answers once every file, the new ones included, has been checked.
    await vscode.commands.executeCommand('rooDevops.validateWorkspace');
    assert.deepEqual(vscode.languages.getDiagnostics(modes).map((d) => `${codeOf(d)}: ${d.message}`), []);
  });

  test('every command of package.json has a test here', async () => {
    const extension = await activateProduct();
    const contributed = (extension.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map((c) => c.command);
    const untested = contributed.filter((id) => !testedCommands.has(id) && !KNOWN_UNTESTED.includes(id));
    assert.deepEqual(untested, [], 'palette commands with no test (add one with commandTest)');
    const stale = KNOWN_UNTESTED.filter((id) => testedCommands.has(id));
    assert.deepEqual(stale, [], 'tested now: remove them from KNOWN_UNTESTED');
  });
});
