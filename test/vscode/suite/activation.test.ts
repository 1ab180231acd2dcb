import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateProduct, EXTENSION_ID } from './helpers';

suite('activation', () => {
  test(`${EXTENSION_ID} activates and registers its palette commands`, async () => {
    const extension = await activateProduct();
    assert.equal(extension.isActive, true);
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = (extension.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands;
    const missing = contributed.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], 'every command of package.json is registered on activation');
  });
});
