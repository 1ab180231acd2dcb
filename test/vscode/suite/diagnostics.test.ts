import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateProduct, closeAllEditors, codeOf, fileUri, waitForDiagnostics, writeFile } from './helpers';

suite('diagnostics', () => {
  suiteSetup(activateProduct);
  teardown(closeAllEditors);

  test('an unopened file is reported: the lockfile finding of web/package-lock.json', async () => {
    const uri = fileUri('web/package-lock.json');
    const found = await waitForDiagnostics(uri, 'the package-manager/lockfile finding', (ds) => ds.some((d) => codeOf(d) === 'package-manager/lockfile'));
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'the file was never opened');
    assert.ok(found.every((d) => d.range.start.line >= 0));
  });

  test('an opened file is checked as it is typed, before it is saved', async () => {
    const uri = fileUri('.github/workflows/typed.yml');
    await writeFile(uri, 'name: typed\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n');
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) => edit.insert(new vscode.Position(document.lineCount, 0), '      - run: yarn install\n'));
    assert.equal(document.isDirty, true);
    const [yarn] = await waitForDiagnostics(uri, 'the yarn finding of the unsaved buffer', (ds) => ds.some((d) => d.message.includes('yarn')));
    assert.equal(yarn!.range.start.line, 7, 'reported on the typed line');
    assert.equal(codeOf(yarn!), 'package-manager/js-commands');
    // Undo: the finding goes with the line.
    await vscode.commands.executeCommand('undo');
    await waitForDiagnostics(uri, 'no finding once the line is undone', (ds) => !ds.some((d) => d.message.includes('yarn')));
  });
});
