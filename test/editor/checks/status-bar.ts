/**
 * The status bar item in the real editor: it reaches "Roo DevOps: ready" (with words, not only an
 * icon, and an accessible label), its tooltip says what it means, a click opens the Roo DevOps
 * output, and that output holds the measured `activate() took N ms`. Screenshot of the item.
 */
import type { Locator, Page } from 'playwright-core';

/** The helpers of test/editor/run.ts this check uses (passed in: run.ts is a script, not a module). */
export interface EditorKit {
  check(page: Page, name: string, body: () => Promise<void>): Promise<boolean>;
  poll<T>(what: string, read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs?: number): Promise<T>;
  screenshot(page: Page, name: string): Promise<void>;
  showOutput(page: Page): Promise<Locator>;
  log(message: string): void;
}

export async function checkStatusBar(page: Page, label: string, kit: EditorKit): Promise<void> {
  await kit.check(page, `${label}: the status bar item reaches "Roo DevOps: ready", and a click opens the output with activate()'s time`, async () => {
    const item = page.locator('.statusbar-item', { hasText: /Roo DevOps: (starting|checking|ready|stopped)/ }).first();
    const text = await kit.poll('the Roo DevOps status bar item to say ready', async () => (await item.innerText()).replace(/\s+/g, ' ').trim(), (t) => t.includes('Roo DevOps: ready'), 60_000);
    kit.log(`  status bar: ${text}`);
    // A screen reader hears words: the item's accessible label.
    const aria = (await item.locator('[aria-label]').first().getAttribute('aria-label').catch(() => null)) ?? (await item.getAttribute('aria-label'));
    if (!aria?.includes('Roo DevOps: ready')) throw new Error(`the item's aria-label is ${JSON.stringify(aria)}`);
    // Its tooltip, on hover.
    await item.hover();
    const hover = page.locator('.monaco-hover, .workbench-hover', { hasText: 'Roo DevOps is ready' }).first();
    await hover.waitFor({ state: 'visible', timeout: 10_000 });
    await kit.screenshot(page, `${label}-status-bar-ready`);
    await page.mouse.move(0, 0);
    // A click opens the output; the extension logged how long activate() took.
    await item.click();
    const view = page.locator('[id="workbench.panel.output"] .view-lines');
    await view.waitFor({ state: 'visible', timeout: 30_000 });
    let lines = view;
    const line = await kit.poll(
      '"activate() took N ms" and the first diagnostics in the Roo DevOps output',
      async () => {
        const all = (await lines.innerText()).replace(/\u00a0/g, ' ');
        if (!all.includes('activate() took')) lines = await kit.showOutput(page);
        const took = /activate\(\) took [\d.]+ ms/.exec(all)?.[0];
        const first = /first diagnostics \d+ ms after activation/.exec(all)?.[0];
        return took && first ? `${took}; ${first}` : '';
      },
      (found) => found !== '',
    );
    kit.log(`  ${line}`);
  });
}
