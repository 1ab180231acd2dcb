/**
 * The Markdown preview script (dist/preview/mermaid-preview.js, from `bun run build`) in
 * headless Chromium, on a page shaped like VS Code's Markdown preview and under the same
 * strict Content-Security-Policy it sets (scripts by nonce only, inline styles allowed,
 * nothing else): diagrams are drawn, a broken one shows an error above its source, a
 * theme change and a content update redraw, and the policy is never violated (so the
 * bundle needs no eval, worker or fetch). Run by `bun run test:editor`.
 * Usage: bun run build && bun test ./test/render/preview-script.render.ts
 */
import { expect, test } from 'bun:test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM } from './mermaid-render';

const ROOT = join(import.meta.dir, '..', '..');
const SCRIPT = join(ROOT, 'dist/preview/mermaid-preview.js');
const STYLE = join(ROOT, 'dist/preview/mermaid-preview.css');
const NONCE = 'c2VlZC1mb3ItdGhlLXRlc3Q';
/** VS Code's strict preview policy, as its markdown extension writes it (resource origin: 'self'). */
const CSP = `default-src 'none'; img-src 'self' https: data:; media-src 'self' https: data:; script-src 'nonce-${NONCE}'; style-src 'self' 'unsafe-inline' https: data:; font-src 'self' https: data:;`;

const FLOWCHART = 'flowchart LR\n  users[Users] --> web[App Service: web]\n  web --> api[Container app: api]';
const BROKEN = 'flowchart LR\n  users[Users --> web';

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The preview's markup for a document: markdown-it's fences, `code-line` data-line marks. */
function content(diagrams: readonly string[]): string {
  return diagrams
    .map((d, i) => `<p data-line="${i * 5}" class="code-line">Diagram ${i + 1}</p>\n<pre data-line="${i * 5 + 1}" class="code-line"><code class="language-mermaid">${escape(d)}\n</code></pre>`)
    .join('\n');
}

const PAGE = `<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<link rel="stylesheet" href="/mermaid-preview.css">
</head><body class="vscode-body vscode-light">
<div class="markdown-body">${content([FLOWCHART, BROKEN])}</div>
<script async src="/mermaid-preview.js" nonce="${NONCE}" charset="UTF-8"></script>
</body></html>`;

/**
 * Polls an expression in the page until it is true. (`waitForFunction` with a string evaluates
 * it with eval inside the page, which the preview's policy forbids; `evaluate` does not.)
 */
async function until(page: Page, expression: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await page.evaluate(expression)) !== true) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('the preview script draws diagrams under the preview CSP, shows errors in place, follows the theme and updates', async () => {
  if (!existsSync(SCRIPT)) throw new Error(`no ${SCRIPT}: run \`bun run build\` first`);
  if (!existsSync(CHROMIUM)) throw new Error(`No browser at ${CHROMIUM}: bash scripts/editor-setup.sh installs it.`);
  const files: Record<string, [string, string]> = {
    '/': [PAGE, 'text/html'],
    '/mermaid-preview.js': [readFileSync(SCRIPT, 'utf8'), 'text/javascript'],
    '/mermaid-preview.css': [readFileSync(STYLE, 'utf8'), 'text/css'],
  };
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch(request) {
      const file = files[new URL(request.url).pathname];
      return file ? new Response(file[0], { headers: { 'content-type': file[1] } }) : new Response('not found', { status: 404 });
    },
  });
  const home = mkdtempSync(join(tmpdir(), 'roo-preview-'));
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
    const refused: string[] = [];
    await page.route('**/*', (route) => {
      if (route.request().url().startsWith(origin)) return route.continue();
      refused.push(route.request().url());
      return route.abort();
    });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy|Refused/i.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    // Browser-side code as strings: this file is type-checked without the DOM library.
    await page.addInitScript(`
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
    `);
    await page.goto(`${origin}/`);

    const diagram = page.locator('.roo-mermaid-diagram svg');
    await diagram.waitFor({ timeout: 60_000 });
    expect(await diagram.locator('.node').count()).toBe(3);
    expect(await diagram.textContent()).toContain('App Service: web');
    // The drawn diagram's source is hidden; the broken one's stays, under its error.
    const pres = page.locator('pre[data-roo-mermaid]');
    await until(page, `document.querySelectorAll('pre[data-roo-mermaid]').length === 2`);
    expect(await pres.nth(0).isVisible()).toBe(false);
    expect(await pres.nth(1).isVisible()).toBe(true);
    expect(await pres.nth(1).textContent()).toContain('users[Users --> web');
    const error = page.locator('.roo-mermaid-error');
    expect(await error.count()).toBe(1);
    expect(await error.textContent()).toMatch(/^Mermaid could not draw this diagram:.*(Parse error|Expecting)/s);
    expect(await pres.nth(0).getAttribute('data-roo-mermaid')).toStartWith('default:');

    // The editor switches to a dark theme: the body's class changes and the diagram is redrawn dark.
    await page.evaluate(`document.body.classList.replace('vscode-light', 'vscode-dark')`);
    await until(page, `document.querySelector('pre[data-roo-mermaid]')?.getAttribute('data-roo-mermaid')?.startsWith('dark:') === true`);
    expect(await page.locator('.roo-mermaid-diagram').count()).toBe(1);

    // An edit: the preview replaces the document's content and fires its update event.
    const edited = FLOWCHART.replace('Container app: api', 'Functions app: jobs');
    await page.evaluate(`
      document.querySelector('.markdown-body').innerHTML = ${JSON.stringify(content([edited]))};
      window.dispatchEvent(new CustomEvent('vscode.markdown.updateContent'));
    `);
    await page.locator('.roo-mermaid-diagram svg', { hasText: 'Functions app: jobs' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('.roo-mermaid-diagram').count()).toBe(1);
    expect(await page.locator('.roo-mermaid-error').count()).toBe(0);
    // mermaid's scratch elements do not pile up in the body.
    expect(await page.evaluate('document.body.children.length')).toBeLessThanOrEqual(3);

    expect(await page.evaluate('window.__violations')).toEqual([]);
    expect(problems).toEqual([]);
    expect(refused).toEqual([]);
  } finally {
    await browser.close();
    server.stop(true);
    rmSync(home, { recursive: true, force: true });
  }
}, 120_000);
