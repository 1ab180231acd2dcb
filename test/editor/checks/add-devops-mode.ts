/**
 * "Roo DevOps: Add DevOps Mode to .roomodes" run from the palette of a real
 * editor: the mode is written to the workspace's `.roomodes` (created here, the
 * example workspace has none), the offer to register the MCP server is
 * accepted from its notification and `.roo/mcp.json` gets the entry; a second
 * run refuses and offers to open the existing mode. The helpers are run.ts's
 * own, passed in, so that this file adds one line there.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export interface EditorHelpers {
  check(page: Page, name: string, body: () => Promise<void>): Promise<boolean>;
  runCommand(page: Page, title: string): Promise<void>;
  notification(page: Page, pattern: RegExp): Promise<string>;
  clearNotifications(page: Page): Promise<void>;
  poll<T>(what: string, read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs?: number): Promise<T>;
  screenshot(page: Page, name: string): Promise<void>;
}

const TITLE = 'Roo DevOps: Add DevOps Mode to .roomodes';

export async function checkAddDevOpsMode(page: Page, workspace: string, label: string, h: EditorHelpers): Promise<void> {
  const modes = join(workspace, '.roomodes');
  const mcp = join(workspace, '.roo', 'mcp.json');
  await h.check(page, `${label}: ${TITLE} writes the mode, and registers the MCP server when asked`, async () => {
    await h.clearNotifications(page);
    await h.runCommand(page, TITLE);
    await h.poll('.roomodes written with the mode', async () => (existsSync(modes) ? readFileSync(modes, 'utf8') : ''), (text) => text.includes('slug: devops'));
    await h.notification(page, /Register the `roo-devops` MCP server/);
    await h.screenshot(page, `${label}-add-devops-mode-offer`);
    await page.locator('.notifications-toasts .notification-toast').filter({ hasText: 'Register the' }).getByRole('button', { name: 'Register' }).click();
    await h.poll('.roo/mcp.json to hold the roo-devops server', async () => (existsSync(mcp) ? readFileSync(mcp, 'utf8') : ''), (text) => text.includes('"roo-devops"') && text.includes('${workspaceFolder}'));
  });
  await h.check(page, `${label}: a second ${TITLE} refuses and offers to open the existing mode`, async () => {
    await h.clearNotifications(page);
    await h.runCommand(page, TITLE);
    await h.notification(page, /already has a mode with the slug `devops`/);
    await h.screenshot(page, `${label}-add-devops-mode-refused`);
    await page.locator('.notifications-toasts .notification-toast').filter({ hasText: 'already has a mode' }).getByRole('button', { name: 'Open .roomodes' }).click();
    await h.clearNotifications(page);
  });
}
