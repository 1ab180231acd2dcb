import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateProduct, closeAllEditors, codeOf, diagnosticsAfter, fileUri, readFile, waitForDiagnostics, writeFile } from './helpers';

const NPM_CI = '`npm ci` uses npm';
const REWRITE = 'Use `bun install --frozen-lockfile`';

suite('fixes', () => {
  suiteSetup(activateProduct);
  teardown(closeAllEditors);

  test('the quick fix on `npm ci` in .github/workflows/ci.yml, applied with workspace.applyEdit', async () => {
    const uri = fileUri('.github/workflows/ci.yml');
    let document!: vscode.TextDocument;
    // The finding as published for the opened buffer (asked before it arrives, the provider can see no diagnostic).
    const published = await diagnosticsAfter(uri, async () => {
      document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
    }, 'the `npm ci` finding of the opened buffer', (ds) => ds.some((d) => d.message.includes(NPM_CI)));
    const [npmCi] = published.filter((d) => d.message.includes(NPM_CI));
    assert.equal(codeOf(npmCi!), 'package-manager/js-commands');
    assert.equal(document.lineAt(npmCi!.range.start.line).text.trim(), 'run: npm ci');

    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider', uri, npmCi!.range, vscode.CodeActionKind.QuickFix.value,
    );
    const titles = actions.map((a) => a.title);
    const fix = actions.find((a): a is vscode.CodeAction => a.title.startsWith(REWRITE) && 'edit' in a);
    assert.ok(fix?.edit, `a quick fix titled "${REWRITE}…" among ${JSON.stringify(titles)}`);
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    assert.equal(document.lineAt(npmCi!.range.start.line).text.trim(), 'run: bun install --frozen-lockfile');
    assert.equal(await document.save(), true);
    assert.match(await readFile(uri), /run: bun install --frozen-lockfile\n/);

    const after = await waitForDiagnostics(uri, 'the findings without the `npm ci` one', (ds) => !ds.some((d) => d.message.includes(NPM_CI)) && ds.length > 0);
    assert.ok(after.some((d) => d.message.includes('`yarn build` uses Yarn')), 'the other findings stay');
  });

  test('fix-all on save (editor.codeActionsOnSave: source.fixAll) rewrites every safe fix', async () => {
    const config = vscode.workspace.getConfiguration('editor');
    await config.update('codeActionsOnSave', { 'source.fixAll': 'explicit' }, vscode.ConfigurationTarget.Workspace);
    try {
      // Bun is set up in the job, so the rewrites are safe and fix-all applies them.
      const uri = fileUri('.github/workflows/on-save.yml');
      await writeFile(uri, [
        'name: on-save', 'on: push', 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:',
        '      - uses: actions/checkout@v4', '      - uses: oven-sh/setup-bun@v2', '      - run: npm ci', '      - run: npm run build', '',
      ].join('\n'));
      const document = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(document);
      await waitForDiagnostics(uri, 'the two npm findings', (ds) => ds.filter((d) => codeOf(d) === 'package-manager/js-commands').length === 2);
      // A change, so that the save is a real one (a clean document is not saved again).
      await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '# saved with fix-all\n'));
      assert.equal(await document.save(), true);
      const saved = await readFile(uri);
      assert.doesNotMatch(saved, /\bnpm\b/, `no npm left on disk:\n${saved}`);
      assert.match(saved, /run: bun install --frozen-lockfile\n/);
      await waitForDiagnostics(uri, 'no js-commands finding after the save', (ds) => !ds.some((d) => codeOf(d) === 'package-manager/js-commands'));
    } finally {
      await config.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
