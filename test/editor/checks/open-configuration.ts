/**
 * "Roo DevOps: Open Configuration" in the real editor, on a folder without a configuration file:
 * it creates `.roo-devops.yaml` holding the commented template and opens it; run again, it opens
 * the same file and leaves it as it is (never overwrites). Removes the folder's configuration
 * first, so run it last.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { EditorKit } from './status-bar';

export async function checkOpenConfiguration(page: Page, label: string, workspace: string, kit: EditorKit & { runCommand(page: Page, title: string): Promise<void> }): Promise<void> {
  await kit.check(page, `${label}: Open Configuration creates a commented .roo-devops.yaml where there is none, and never overwrites it`, async () => {
    const path = join(workspace, '.roo-devops.yaml');
    for (const name of ['.roo-devops.yaml', '.roo-devops.yml', '.roo-devops.json']) rmSync(join(workspace, name), { force: true });
    await kit.runCommand(page, 'Roo DevOps: Open Configuration');
    await page.locator('.tab.active', { hasText: '.roo-devops.yaml' }).waitFor({ timeout: 30_000 });
    const created = await kit.poll('.roo-devops.yaml on disk', async () => (existsSync(path) ? readFileSync(path, 'utf8') : ''), (t) => t.startsWith('## Roo DevOps configuration'));
    // Every setting is commented out: no line is YAML as written.
    const live = created.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
    if (live.length > 0) throw new Error(`uncommented lines in the new file: ${live.slice(0, 3).join(' | ')}`);
    const editor = page.locator('.editor-group-container.active .monaco-editor').first();
    await editor.locator('.view-line', { hasText: 'Roo DevOps configuration' }).first().waitFor({ timeout: 30_000 });
    await kit.screenshot(page, `${label}-open-configuration-created`);
    // A file of the user's own is opened as it is, never replaced.
    writeFileSync(path, 'rules:\n  package-manager/lockfile: warning\n');
    await page.keyboard.press('Control+W');
    await kit.runCommand(page, 'Roo DevOps: Open Configuration');
    await page.locator('.tab.active', { hasText: '.roo-devops.yaml' }).waitFor({ timeout: 30_000 });
    await editor.locator('.view-line', { hasText: 'package-manager/lockfile: warning' }).first().waitFor({ timeout: 30_000 });
    if (readFileSync(path, 'utf8') !== 'rules:\n  package-manager/lockfile: warning\n') throw new Error('the existing configuration was changed');
  });
}
