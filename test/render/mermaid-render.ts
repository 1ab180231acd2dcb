/**
 * Renders mermaid diagrams with the real `mermaid` (the dev dependency's own
 * browser bundle, read from node_modules) in headless Chromium — Debian's
 * `chromium`, the browser of the real-editor suite — driven by playwright-core.
 * The page is served on loopback and every other request is refused: no network.
 * A missing browser is an error, never a skip.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export interface RenderResult {
  ok: boolean;
  error?: string;
}

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><script src="/mermaid.min.js"></script></head><body></body></html>`;

export async function renderDiagrams(diagrams: readonly string[]): Promise<RenderResult[]> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No browser at ${CHROMIUM}: install Debian's chromium (bash scripts/editor-setup.sh does) to render mermaid diagrams.`);
  }
  const script = readFileSync(require.resolve('mermaid/dist/mermaid.min.js'), 'utf8');
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch(request) {
      const path = new URL(request.url).pathname;
      if (path === '/') return new Response(PAGE, { headers: { 'content-type': 'text/html' } });
      if (path === '/mermaid.min.js') return new Response(script, { headers: { 'content-type': 'text/javascript' } });
      return new Response('not found', { status: 404 });
    },
  });
  const home = mkdtempSync(join(tmpdir(), 'roo-render-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    timeout: 60_000,
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache') },
  });
  try {
    const page = await browser.newPage();
    const origin = `http://127.0.0.1:${server.port}`;
    // Loopback only: anything else the page asks for is refused.
    await page.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort()));
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => typeof (globalThis as { mermaid?: unknown }).mermaid === 'object');
    return await page.evaluate(async (texts) => {
      type Mermaid = { initialize(c: object): void; render(id: string, text: string): Promise<{ svg: string }> };
      const mermaid = (globalThis as unknown as { mermaid: Mermaid }).mermaid;
      mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
      const out: { ok: boolean; error?: string }[] = [];
      for (let i = 0; i < texts.length; i++) {
        try {
          const { svg } = await mermaid.render(`diagram${i}`, texts[i]);
          out.push(svg.includes('aria-roledescription="error"') ? { ok: false, error: 'rendered as an error' } : { ok: true });
        } catch (error) {
          out.push({ ok: false, error: String((error as Error)?.message ?? error).split('\n').slice(0, 4).join(' | ') });
        }
        // mermaid leaves a failed render's container in the page; the next render starts clean.
        const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): Iterable<{ remove(): void }> } }).document;
        for (const leftover of doc.querySelectorAll(`#ddiagram${i}, #diagram${i}`)) leftover.remove();
      }
      return out;
    }, diagrams);
  } finally {
    await browser.close();
    server.stop(true);
    rmSync(home, { recursive: true, force: true });
  }
}
