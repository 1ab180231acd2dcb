/**
 * "Roo DevOps: Validate Workspace" in the real editor: a progress notification (files done / total,
 * with Cancel), then the summary with the findings by severity and an "Open Problems" button that
 * opens the Problems view.
 */
import type { Page } from 'playwright-core';
import type { EditorKit } from './status-bar';

export const SUMMARY = /Roo DevOps: \d+ files? checked — (no problems|\d+ errors?, \d+ warnings?, \d+ info)\./;

export async function checkValidateWorkspace(
  page: Page,
  label: string,
  kit: EditorKit & { runCommand(page: Page, title: string): Promise<void>; notification(page: Page, pattern: RegExp): Promise<string> },
): Promise<void> {
  await kit.check(page, `${label}: Validate Workspace ends with a summary by severity and Open Problems opens the Problems view`, async () => {
    await kit.runCommand(page, 'Roo DevOps: Validate Workspace');
    const text = await kit.notification(page, SUMMARY);
    kit.log(`  summary: ${text}`);
    await kit.screenshot(page, `${label}-validate-summary`);
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: SUMMARY }).first();
    await toast.locator('.monaco-button', { hasText: 'Open Problems' }).click();
    await page.locator('.markers-panel').waitFor({ state: 'visible', timeout: 30_000 });
  });
}
