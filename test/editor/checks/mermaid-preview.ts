/**
 * The Markdown preview draws a plan document's mermaid diagram as a picture: the workspace's
 * plan/infrastructure.md is opened with Quick Open, "Markdown: Open Preview" is run from the
 * palette, and inside the preview's webview (an iframe in an iframe) the diagram must be an
 * `<svg>` drawn by our preview script, holding the node labels of the block's source, in the
 * workbench's theme, and drawn again when the workbench toggles light/dark. Then the file
 * changes on disk (a label renamed, a broken diagram added): the preview redraws the picture
 * and shows the broken one's error above its source.
 * Called once from test/editor/run.ts with its helpers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';

export interface EditorCheckContext {
  page: Page;
  /** The folder code-server has open (a copy of examples/). */
  workspace: string;
  check: (page: Page, name: string, body: () => Promise<void>) => Promise<boolean>;
  poll: <T>(what: string, read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs?: number) => Promise<T>;
  screenshot: (page: Page, name: string) => Promise<void>;
  runCommand: (page: Page, title: string) => Promise<void>;
  log: (message: string) => void;
}

const DOCUMENT = 'plan/infrastructure.md';

/** The node labels of the document's first mermaid block: `id[Label]`, `id(Label)`, `id[(Label)]`. */
export function firstDiagramLabels(markdown: string): string[] {
  const block = /^```mermaid\n([\s\S]*?)^```/m.exec(markdown)?.[1];
  if (!block) return [];
  return [...block.matchAll(/\w+\s*[[({]+([^\])}]+)[\])}]+/g)].map((m) => m[1]!.trim());
}

/** Is a palette row (its text flattened) the command "Markdown: Open Preview" itself, not a variant? */
export function isOpenPreviewRow(row: string): boolean {
  return /^Markdown: Open Preview\b/.test(row) && !/to the Side|Locked/.test(row);
}

/**
 * "Markdown: Open Preview" from the palette. Its variants (to the Side, Locked) match the typed
 * title too and may be listed first, so the row is chosen with the arrow keys, as a user does.
 */
async function openPreview(page: Page, poll: EditorCheckContext['poll']): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await page.keyboard.press('Control+Shift+P');
  await widget.waitFor({ state: 'visible' });
  await widget.locator('input').fill('>Markdown: Open Preview');
  const rows = widget.locator('.monaco-list-row');
  await poll('"Markdown: Open Preview" in the palette', async () => (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()), (texts) => texts.some(isOpenPreviewRow));
  const focused = widget.locator('.monaco-list-row.focused');
  for (let i = 0; i < 10 && !isOpenPreviewRow((await focused.innerText()).replace(/\s+/g, ' ').trim()); i++) await page.keyboard.press('ArrowDown');
  if (!isOpenPreviewRow((await focused.innerText()).replace(/\s+/g, ' ').trim())) throw new Error('could not select "Markdown: Open Preview" in the palette');
  await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden' });
}

export async function checkMermaidPreview({ page, workspace, check, poll, screenshot, runCommand, log }: EditorCheckContext): Promise<void> {
  await check(page, `trusted: the Markdown preview draws the mermaid diagram of ${DOCUMENT}`, async () => {
    const labels = firstDiagramLabels(readFileSync(join(workspace, DOCUMENT), 'utf8'));
    if (labels.length < 2) throw new Error(`${DOCUMENT} has no mermaid diagram with labelled nodes`);

    await page.keyboard.press('Control+P');
    const quickOpen = page.locator('.quick-input-widget');
    await quickOpen.waitFor({ state: 'visible' });
    await quickOpen.locator('input').fill(DOCUMENT);
    await poll(`${DOCUMENT} highlighted in Quick Open`, () => quickOpen.locator('.monaco-list-row.focused').innerText(), (text) => /infrastructure\.md\s*plan/.test(text));
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: 'infrastructure.md' }).waitFor();

    await openPreview(page, poll);
    // The preview is a webview: an iframe in the workbench holding the document's own iframe.
    // Look through every frame for the one where our script put a drawn diagram.
    const found = await poll(
      'an <svg> drawn by the preview script in a webview frame',
      async () => {
        for (const frame of page.frames()) {
          if (frame === page.mainFrame()) continue;
          const svg = frame.locator('.roo-mermaid-diagram svg');
          if ((await svg.count().catch(() => 0)) > 0) return { frame, text: (await svg.first().textContent()) ?? '' };
        }
        return undefined;
      },
      (value): value is { frame: Frame; text: string } => value !== undefined && labels.every((label) => value.text.includes(label)),
      60_000,
    );
    const frame = found!.frame;
    log(`  drawn in frame ${frame.url().slice(0, 80)}…; labels ${labels.map((l) => JSON.stringify(l)).join(', ')}`);
    const nodes = await frame.locator('.roo-mermaid-diagram svg .node').count();
    if (nodes < labels.length) throw new Error(`the drawn diagram has ${nodes} nodes, the source ${labels.length}`);
    // Its source is hidden behind the picture, and it was drawn in the workbench's (dark) theme.
    const pre = frame.locator('pre[data-roo-mermaid]').first();
    if (await pre.isVisible()) throw new Error('the source of a drawn diagram is still shown');
    const bodyClass = (await frame.locator('body').getAttribute('class')) ?? '';
    const stamp = (await pre.getAttribute('data-roo-mermaid')) ?? '';
    const expected = /\bvscode-dark\b/.test(bodyClass) ? 'dark:' : /\bvscode-light\b/.test(bodyClass) ? 'default:' : '';
    if (expected && !stamp.startsWith(expected)) throw new Error(`body "${bodyClass}" but the diagram was drawn as "${stamp}"`);
    await frame.locator('.roo-mermaid-diagram').first().scrollIntoViewIfNeeded();
    await screenshot(page, 'trusted-mermaid-preview');

    // The workbench switches between light and dark: the webview's body changes class and the
    // diagram is drawn again in the other theme; then back.
    const themeOf = async () => [(await frame.locator('body').getAttribute('class')) ?? '', (await pre.getAttribute('data-roo-mermaid')) ?? ''];
    const drawnInBodyTheme = ([body, drawn]: string[]) => (/\bvscode-dark\b/.test(body!) ? drawn!.startsWith('dark:') : /\bvscode-light\b/.test(body!) && drawn!.startsWith('default:'));
    for (const round of ['toggled', 'back']) {
      const [before] = await themeOf();
      await runCommand(page, 'Preferences: Toggle between Light/Dark Themes');
      const [body, drawn] = await poll(`the diagram redrawn in the ${round} theme`, themeOf, (value) => value[0] !== before && drawnInBodyTheme(value));
      log(`  theme ${round}: body "${body}", drawn "${drawn!.split(':')[0]}"`);
      if (round === 'toggled') await screenshot(page, 'trusted-mermaid-preview-other-theme');
    }

    // The document changes on disk: a label renamed and a diagram mermaid cannot read added.
    // The preview patches itself; the picture is redrawn and the broken one shows its error above its source.
    const path = join(workspace, DOCUMENT);
    const original = readFileSync(path, 'utf8');
    const renamed = labels[1]!;
    const edited = original.replace(`[${renamed}]`, '[Static web app]').replace('\n## Deployment Pipelines', '\n```mermaid\nflowchart LR\n  broken[Unclosed --> web\n```\n\n## Deployment Pipelines');
    if (edited === original || !edited.includes('Static web app') || !edited.includes('broken[Unclosed')) throw new Error(`could not edit ${DOCUMENT}`);
    writeFileSync(path, edited);
    try {
      await poll('the redrawn diagram with the renamed node', async () => (await frame.locator('.roo-mermaid-diagram svg').first().textContent()) ?? '', (text) => text.includes('Static web app') && !text.includes(renamed));
      const error = frame.locator('.roo-mermaid-error');
      const message = await poll('the error of the broken diagram', async () => ((await error.count()) === 1 ? ((await error.innerText()) ?? '') : ''), (text) => text.startsWith('Mermaid could not draw this diagram:'));
      log(`  ${message.replace(/\s+/g, ' ').slice(0, 160)}`);
      const brokenSource = frame.locator('pre[data-roo-mermaid]', { hasText: 'broken[Unclosed' });
      if (!(await brokenSource.isVisible())) throw new Error('the broken diagram\'s source is not shown');
      await error.scrollIntoViewIfNeeded();
      await screenshot(page, 'trusted-mermaid-preview-error');
    } finally {
      writeFileSync(path, original);
    }
    await poll('the original diagram back, the error gone', async () => [(await frame.locator('.roo-mermaid-diagram svg').first().textContent()) ?? '', String(await frame.locator('.roo-mermaid-error').count())], ([text, errors]) => text!.includes(renamed) && errors === '0');
    await runCommand(page, 'View: Close All Editors');
  });
}
