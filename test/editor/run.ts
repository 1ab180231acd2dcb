/**
 * The extension inside a real VS Code, driven as a user drives it. VS Code comes from the
 * npm registry as code-server (server + web workbench; `scripts/editor-setup.sh` installs
 * it into .cache/code-server/), the browser is Debian's chromium, driven headless by
 * playwright-core. The packaged .vsix is installed with `--install-extension`, a copy of
 * examples/ is opened, and every check reads what is on screen (or what Ctrl+S wrote).
 *
 * Two runs: workspace trust off (the usual setup), then trust on with the folder left
 * untrusted (Restricted Mode), where the extension must still report. Then the API phase:
 * the mocha suite on the `vscode` API (test/vscode/suite/) run inside code-server's extension
 * host by a test-runner extension installed beside the .vsix (printed as `editor-api: …`).
 *
 * Usage: bun test/editor/run.ts [--skip-package] [--api-only]   (screenshots in test-artifacts/editor/)
 * Prints `editor-api: N passed, M failed` and `editor: N passed, M failed`; exits 1 on any failure.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { checkAddDevOpsMode } from './checks/add-devops-mode';
import { checkMermaidPreview } from './checks/mermaid-preview';
import { checkOpenConfiguration } from './checks/open-configuration';
import { checkStatusBar } from './checks/status-bar';
import { checkValidateWorkspace, SUMMARY } from './checks/validate-workspace';
import { buildVscodeSuite } from '../../scripts/build-vscode-suite';

const ROOT = resolve(import.meta.dir, '../..');
const CODE_SERVER = join(ROOT, '.cache/code-server/node_modules/.bin/code-server');
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test-artifacts/editor');
const OVERALL_TIMEOUT_MS = 6 * 60_000;
/** How long one UI state may take to appear: generous, since CI machines are slow. */
const UI_TIMEOUT_MS = 30_000;
const LAUNCH_TIMEOUT_MS = 60_000;
/** `--api-only`: only the API phase (while working on test/vscode/suite/). */
const API_ONLY = process.argv.includes('--api-only');

const QUICK_FIX_TITLE = 'Use `bun install --frozen-lockfile`';
const NPM_CI_MESSAGE = '`npm ci` uses npm';
/** A Problems filter that keeps the one workflow (a plain `ci.yml` also matches .gitlab-ci.yml). */
const WORKFLOW_FILTER = '**/.github/workflows/ci.yml';

/** User settings of both profiles: no telemetry, no welcome page, no update checks. */
const QUIET_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
};

// ---- results ------------------------------------------------------------------------------

let passed = 0;
let failed = 0;
/** The API phase's own counts (tests of the mocha suite inside the extension host). */
let apiPassed = 0;
let apiFailed = 0;
const started = Date.now();

function elapsed(): string {
  return `${((Date.now() - started) / 1000).toFixed(1)} s`;
}

function log(message: string): void {
  console.log(`[${elapsed()}] ${message}`);
}

// ---- processes: everything started here is stopped on the way out --------------------------

const children = new Set<ChildProcess>();
const browsers = new Set<Browser>();
/** Every profile, workspace copy and the browser's home live under this one folder. */
const TEMP = mkdtempSync(join(tmpdir(), 'roo-editor-'));

/** Kills code-server with its process group (server, extension host, language server). */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

async function cleanup(): Promise<void> {
  const exits = [...children].map((child) =>
    child.exitCode !== null || child.signalCode !== null
      ? undefined
      : Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 5_000))]),
  );
  for (const child of children) killGroup(child);
  await Promise.all([
    ...exits,
    ...[...browsers].map((browser) =>
      Promise.race([browser.close().catch(() => undefined), new Promise((r) => setTimeout(r, 5_000))]),
    ),
  ]);
  rmSync(TEMP, { recursive: true, force: true, maxRetries: 5 });
}

/** Cleans up once, whoever asks first (the main flow, a signal or the timeout), then exits. */
let cleaning: Promise<void> | undefined;
async function finish(code: number): Promise<never> {
  cleaning ??= cleanup();
  await cleaning.catch((error) => console.error(`editor: cleanup: ${error}`));
  process.exit(code);
}

// Playwright kills the browsers it launched when this process exits; code-server and the
// temporary folder are ours.
process.on('exit', () => {
  for (const child of children) killGroup(child);
  rmSync(TEMP, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.error(`editor: ${signal}, stopping`);
    console.log(`editor: ${passed} passed, ${failed + 1} failed`);
    void finish(1);
  });
}
setTimeout(() => {
  console.error(`editor: the whole run took longer than ${OVERALL_TIMEOUT_MS / 1000} s; stopping`);
  console.log(`editor: ${passed} passed, ${failed + 1} failed`);
  void finish(1);
}, OVERALL_TIMEOUT_MS).unref();

// ---- build, package, install -----------------------------------------------------------------

function run(cmd: string[], options: { env?: NodeJS.ProcessEnv } = {}): string {
  const proc = spawnSync(cmd[0]!, cmd.slice(1), { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env });
  if (proc.status !== 0) {
    throw new Error(`${cmd.join(' ')} exited with ${proc.status ?? proc.signal}:\n${proc.stdout}${proc.stderr}`);
  }
  return proc.stdout;
}

function packageExtension(skip: boolean): string {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const vsix = join(ROOT, `roo-devops-${version}.vsix`);
  if (skip && existsSync(vsix)) {
    log(`using the existing ${vsix}`);
    return vsix;
  }
  log('bun run build && bun run package --skip-build');
  run(['bun', 'run', 'build']);
  run(['bun', 'run', 'package', '--skip-build']);
  if (!existsSync(vsix)) throw new Error(`bun run package made no ${vsix}`);
  return vsix;
}

interface Profile {
  dir: string;
  workspace: string;
  env: NodeJS.ProcessEnv;
  args: string[];
}

/**
 * A fresh profile: user data and extensions in a temporary folder (code-server's config
 * and logs too, so nothing lands in the home folder), the .vsix installed as a user
 * installs it, user settings preset, and a copy of examples/ to open.
 */
function makeProfile(name: string, vsix: string, settings: Record<string, unknown>): Profile {
  if (cleaning) throw new Error('stopping');
  const dir = join(TEMP, name);
  mkdirSync(dir);
  const userData = join(dir, 'user-data');
  const extensions = join(dir, 'extensions');
  const config = join(dir, 'config.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  const env = { ...process.env, XDG_CONFIG_HOME: join(dir, 'xdg-config'), XDG_DATA_HOME: join(dir, 'xdg-data') };
  const args = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions];

  const installed = run([CODE_SERVER, ...args, '--install-extension', vsix], { env });
  if (!/successfully installed/i.test(installed)) throw new Error(`--install-extension said:\n${installed}`);

  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User/settings.json'), JSON.stringify(settings, null, 2));

  const workspace = join(dir, 'examples');
  cpSync(join(ROOT, 'examples'), workspace, { recursive: true });
  return { dir, workspace, env, args };
}

/** Starts code-server on a free loopback port (the kernel picks it) and returns its URL. */
function startCodeServer(profile: Profile): Promise<string> {
  const child = spawn(
    CODE_SERVER,
    [...profile.args, '--auth', 'none', '--bind-addr', '127.0.0.1:0', '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override', '--ignore-last-opened'],
    { cwd: profile.dir, env: profile.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.add(child);
  let output = '';
  return new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start within ${LAUNCH_TIMEOUT_MS / 1000} s:\n${output}`)), LAUNCH_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}

// ---- the workbench, as a user sees it --------------------------------------------------------

let shot = 0;
async function screenshot(page: Page, name: string): Promise<void> {
  shot += 1;
  const file = join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file }).catch((error) => log(`screenshot ${file} failed: ${error}`));
}

/** Runs one named check; a failure is counted, screenshotted and does not stop the run. */
async function check(page: Page, name: string, body: () => Promise<void>): Promise<boolean> {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  try {
    await body();
    passed += 1;
    log(`PASS ${name}`);
    await screenshot(page, slug);
    return true;
  } catch (error) {
    if (cleaning) throw error; // stopping: the closing line is already out
    failed += 1;
    log(`FAIL ${name}\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await screenshot(page, `FAIL-${slug}`);
    // Leave no widget open for the next check.
    for (let i = 0; i < 3; i++) await page.keyboard.press('Escape').catch(() => undefined);
    // The extension's own log, for the record.
    await showOutput(page)
      .then(() => screenshot(page, `FAIL-${slug}-output`))
      .catch(() => undefined);
    return false;
  }
}

/** Polls `read` until `accept` holds; the error names what was last seen. */
async function poll<T>(what: string, read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = UI_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      if (accept(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const seen = last === undefined ? String(lastError) : JSON.stringify(last, null, 1);
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}; last seen: ${seen}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function texts(locator: Locator): Promise<string[]> {
  return (await locator.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
}

async function openWorkbench(browser: Browser, url: string, folder: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(`${url}?folder=${encodeURIComponent(folder)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: LAUNCH_TIMEOUT_MS });
  // The explorer shows the folder's files once the workbench has its workspace.
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: LAUNCH_TIMEOUT_MS });
  return page;
}

/** The Problems panel, opened with its shortcut (Ctrl+Shift+M). */
async function openProblems(page: Page): Promise<Locator> {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) {
    await page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  }
  return panel;
}

/** Types into the Problems filter and returns the visible rows' text once `accept` holds. */
async function problemRows(page: Page, filter: string, what: string, accept: (rows: string[]) => boolean, timeoutMs = UI_TIMEOUT_MS): Promise<string[]> {
  const panel = await openProblems(page);
  // The Problems view's own filter (the Output view has one too, placeholder "Filter").
  const input = page.locator('.viewpane-filter input[placeholder^="Filter (e.g."]').first();
  // Typed again whenever it is not there: a view that is still being restored (or
  // re-laid out under the Restricted Mode banner) can reset its filter box.
  return poll(
    what,
    async () => {
      if ((await input.inputValue()) !== filter) {
        await input.click();
        await input.fill(filter);
      }
      return texts(panel.locator('.monaco-list-row'));
    },
    accept,
    timeoutMs,
  );
}

/** Command palette (Ctrl+Shift+P) with `query` typed; returns the visible entries. */
async function palette(page: Page, query: string, accept: (rows: string[]) => boolean): Promise<Locator> {
  const widget = page.locator('.quick-input-widget');
  await page.keyboard.press('Control+Shift+P');
  await widget.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await widget.locator('input').fill(`>${query}`);
  await poll(`palette entries for "${query}"`, () => texts(widget.locator('.monaco-list-row')), accept);
  return widget;
}

/**
 * Runs a command from the palette: its full title typed, then Enter once the highlighted
 * entry is that command (the list re-renders as the query is typed, so a row picked too
 * early can be another command by the time it is clicked).
 */
async function runCommand(page: Page, title: string): Promise<void> {
  const widget = await palette(page, title, (rows) => rows.some((row) => row.includes(title)));
  const focused = widget.locator('.monaco-list-row.focused');
  await poll(`"${title}" highlighted in the palette`, () => focused.innerText(), (text) => text.includes(title));
  await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
}

/** The "Roo DevOps" output channel, shown by the extension's own command; returns its text. */
async function showOutput(page: Page): Promise<Locator> {
  await runCommand(page, 'Roo DevOps: Show Output');
  const view = page.locator('[id="workbench.panel.output"]');
  await view.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  // Its filter box must be empty, or lines are hidden.
  const filter = page.locator('.panel .viewpane-filter input[placeholder="Filter"]');
  if ((await filter.count()) > 0 && (await filter.first().inputValue()) !== '') await filter.first().fill('');
  return view.locator('.view-lines');
}

async function notification(page: Page, pattern: RegExp): Promise<string> {
  const toasts = page.locator('.notifications-toasts .notification-toast');
  const rows = await poll(`a notification matching ${pattern}`, () => texts(toasts), (rows) => rows.some((row) => pattern.test(row)));
  // Toasts slide in: wait until it stands still, so that the screenshot shows it whole.
  const toast = toasts.filter({ hasText: pattern }).first();
  let previous = '';
  await poll('the notification to settle', async () => JSON.stringify(await toast.boundingBox()), (box) => {
    const settled = box === previous;
    previous = box;
    return settled;
  }, 5_000).catch(() => undefined);
  return rows.find((row) => pattern.test(row))!;
}

async function clearNotifications(page: Page): Promise<void> {
  const toasts = page.locator('.notifications-toasts .notification-toast');
  if ((await toasts.count()) === 0) return;
  await runCommand(page, 'Notifications: Clear All Notifications');
  await poll('notifications to clear', () => toasts.count(), (n) => n === 0);
}

// ---- the checks ------------------------------------------------------------------------------

/** The helpers handed to the checks in checks/ (run.ts is a script, they cannot import it). */
const kit = { check, poll, screenshot, showOutput, log, runCommand, notification };

/** (a) findings of files that were never opened are in the Problems panel. */
async function checkUnopenedFindings(page: Page, label: string): Promise<void> {
  await check(page, `${label}: Problems lists the lockfile finding of unopened web/package-lock.json`, async () => {
    // The first check also waits for the extension to start and check the workspace.
    const rows = await problemRows(page, 'package-lock.json', 'the package-lock.json finding', (rows) =>
      rows[0]?.startsWith('package-lock.json') === true && rows[0].includes('web') &&
      rows.some((row) => row.includes('package-manager/lockfile')),
      LAUNCH_TIMEOUT_MS,
    );
    log(`  ${rows.join('\n  ')}`);
  });
  await check(page, `${label}: Problems lists js-commands findings of unopened .github/workflows/ci.yml`, async () => {
    const rows = await problemRows(page, WORKFLOW_FILTER, 'the js-commands findings of ci.yml', (rows) =>
      rows[0]?.startsWith('ci.yml') === true && rows[0].includes('.github/workflows') &&
      rows.some((row) => row.includes(NPM_CI_MESSAGE) && row.includes('package-manager/js-commands')) &&
      rows.some((row) => row.includes('`yarn build` uses Yarn')),
    );
    log(`  ${rows.join('\n  ')}`);
  });
}

/** The eight section titles of a plan document, in order (core/plan/sections.ts). */
const PLAN_TITLES = ['Infrastructure Architecture', 'Deployment Pipelines', 'Environment Configuration', 'Security Controls', 'Monitoring Setup', 'Scaling Strategy', 'Disaster Recovery', 'Operations Guide'];

/**
 * Runs "Roo DevOps: Generate plan/<kind>.md" from the palette (answering the restricted-mode
 * question when asked), applies the edit from the Refactor Preview as a user does, sees the
 * document open in the editor, saves it, and reads the eight section headings back from disk.
 */
async function checkGeneratePlan(page: Page, profile: Profile, label: string, kind: 'infrastructure' | 'deployment', restricted: boolean): Promise<void> {
  const file = `plan/${kind}.md`;
  const path = join(profile.workspace, file);
  const before = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  await check(page, `${label}: Generate ${file} from the palette opens the document with its eight sections`, async () => {
    await runCommand(page, `Roo DevOps: Generate ${file}`);
    if (restricted) {
      const generate = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Generate$/ });
      await generate.waitFor({ timeout: UI_TIMEOUT_MS });
      await screenshot(page, `${label}-generate-question`);
      await generate.click();
    }
    // The additions arrive as a workspace edit to review: VS Code lists edits that need confirmation
    // unticked in the Refactor Preview; tick the document (all its changes), then Apply.
    const apply = page.locator('.monaco-button', { hasText: /^Apply$/ }).first();
    await apply.waitFor({ timeout: UI_TIMEOUT_MS });
    const tick = page.locator('input.edit-checkbox').first();
    await tick.waitFor({ timeout: UI_TIMEOUT_MS });
    if (!(await tick.isChecked())) await tick.click();
    await screenshot(page, `${label}-generate-preview`);
    await apply.click();
    await page.locator('.tab.active', { hasText: `${kind}.md` }).waitFor({ timeout: UI_TIMEOUT_MS });
    const editor = page.locator('.editor-group-container.active .monaco-editor').first();
    // Monaco renders spaces as no-break spaces: match the words only.
    await editor.locator('.view-line', { hasText: 'Infrastructure Architecture' }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(page, `${label}-generated-${kind}`);
    await page.keyboard.press('Control+S');
    const saved = await poll(`${file} saved with its eight sections`, async () => (existsSync(path) ? readFileSync(path, 'utf8') : ''), (text) => PLAN_TITLES.every((t) => text.includes(`## ${t}\n`)));
    const order = PLAN_TITLES.map((t) => saved.indexOf(`## ${t}\n`));
    if (order.some((at, i) => i > 0 && at < order[i - 1])) throw new Error(`the sections of ${file} are out of order`);
    // Nothing the author wrote is lost.
    for (const line of (before ?? '').split('\n')) if (!saved.split('\n').includes(line)) throw new Error(`the line ${JSON.stringify(line)} of ${file} was lost`);
  });
}

async function trustedRun(browser: Browser, vsix: string): Promise<void> {
  const profile = makeProfile('trusted', vsix, { ...QUIET_SETTINGS, 'security.workspace.trust.enabled': false });
  const url = await startCodeServer(profile);
  log(`trusted: code-server at ${url}, workspace ${profile.workspace}`);
  const page = await openWorkbench(browser, url, profile.workspace);
  log('trusted: workbench ready');
  await screenshot(page, 'trusted-workbench');

  await checkUnopenedFindings(page, 'trusted');
  await checkStatusBar(page, 'trusted', kit);

  await check(page, 'trusted: the palette has Roo DevOps: Validate Workspace, Restart Server and the two Generate commands', async () => {
    await palette(page, 'Roo DevOps', (rows) =>
      rows.some((row) => row.includes('Roo DevOps: Validate Workspace')) &&
      rows.some((row) => row.includes('Roo DevOps: Restart Server')) &&
      rows.some((row) => row.includes('Roo DevOps: Generate plan/infrastructure.md')) &&
      rows.some((row) => row.includes('Roo DevOps: Generate plan/deployment.md')),
    );
    await screenshot(page, 'trusted-palette');
    await page.keyboard.press('Escape');
  });

  await checkValidateWorkspace(page, 'trusted', kit);
  await clearNotifications(page);

  const workflow = join(profile.workspace, '.github/workflows/ci.yml');
  await check(page, 'trusted: Quick Fix on `npm ci` rewrites it to `bun install --frozen-lockfile`', async () => {
    // Quick Open (Ctrl+P) the workflow.
    await page.keyboard.press('Control+P');
    const quickOpen = page.locator('.quick-input-widget');
    await quickOpen.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await quickOpen.locator('input').fill('.github/workflows/ci.yml');
    const highlighted = quickOpen.locator('.monaco-list-row.focused');
    await poll('.github/workflows/ci.yml highlighted in Quick Open', () => highlighted.innerText(), (text) => /ci\.yml\s*\.github\/workflows/.test(text));
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: 'ci.yml' }).waitFor({ timeout: UI_TIMEOUT_MS });
    const editor = page.locator('.editor-group-container.active .monaco-editor').first();
    await editor.locator('.view-line', { hasText: 'run: npm ci' }).waitFor({ timeout: UI_TIMEOUT_MS });

    // Cursor on `npm ci` (line 20, column 14) with Go to Line (Ctrl+G).
    await page.keyboard.press('Control+G');
    await quickOpen.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await quickOpen.locator('input').fill(':20:16');
    await page.keyboard.press('Enter');
    await quickOpen.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
    await poll('the cursor at line 20', () => page.locator('.statusbar-item', { hasText: /Ln \d+, Col \d+/ }).first().innerText(), (t) => t.includes('Ln 20,'));
    await screenshot(page, 'trusted-cursor-on-npm-ci');

    // Quick Fix (Ctrl+.) and choose the rewrite. Seen about once in 15 runs: right after the
    // file opens (when the server re-publishes the buffer's diagnostics) Ctrl+. answers
    // "No code actions available"; a user presses it again. (Waiting for the light bulb
    // instead was tried: VS Code 1.100 did not show it on this line in 2 runs of 3.)
    const actions = page.locator('.action-widget');
    const noActions = page.locator('.monaco-editor-overlaymessage', { hasText: 'No code actions available' });
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Control+.');
      const shown = await poll('the Quick Fix menu', async () => ((await actions.isVisible()) ? 'menu' : (await noActions.isVisible()) ? 'none' : ''), (state) => state !== '');
      if (shown === 'menu') break;
      await screenshot(page, `trusted-no-code-actions-${attempt}`);
      if (attempt === 3) throw new Error('Ctrl+. answered "No code actions available" three times');
      log(`  note: Ctrl+. answered "No code actions available" (attempt ${attempt}); pressing it again`);
      await page.keyboard.press('Escape');
      await noActions.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS }).catch(() => undefined);
    }
    const rows = await poll(`the quick fix "${QUICK_FIX_TITLE}"`, () => texts(actions.locator('.monaco-list-row')), (rows) => rows.some((row) => row.includes(QUICK_FIX_TITLE)));
    log(`  quick fixes offered: ${rows.join(' | ')}`);
    await screenshot(page, 'trusted-quick-fix-menu');
    // Choose it with the arrow keys and Enter, as from the keyboard.
    const focused = actions.locator('.monaco-list-row.focused');
    for (let i = 0; i <= rows.length && !(await focused.innerText()).includes(QUICK_FIX_TITLE); i++) {
      await page.keyboard.press('ArrowDown');
    }
    if (!(await focused.innerText()).includes(QUICK_FIX_TITLE)) throw new Error(`could not select "${QUICK_FIX_TITLE}"`);
    await page.keyboard.press('Enter');
    await actions.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
    await editor.locator('.view-line', { hasText: 'run: bun install --frozen-lockfile' }).waitFor({ timeout: UI_TIMEOUT_MS });

    // Save (Ctrl+S) and read the file back from disk.
    await page.keyboard.press('Control+S');
    const saved = await poll('the fix saved to disk', async () => readFileSync(workflow, 'utf8'), (text) => text.includes('run: bun install --frozen-lockfile'));
    if (/run: npm ci\b/.test(saved)) throw new Error('`run: npm ci` is still in the saved file');
    const line20 = saved.split('\n')[19];
    if (line20?.trim() !== 'run: bun install --frozen-lockfile') throw new Error(`line 20 on disk is ${JSON.stringify(line20)}`);
  });

  await check(page, 'trusted: the `npm ci` diagnostic is gone after the fix, the others stay', async () => {
    const rows = await problemRows(page, WORKFLOW_FILTER, 'ci.yml findings without the npm ci one', (rows) =>
      !rows.some((row) => row.includes(NPM_CI_MESSAGE)) && rows.some((row) => row.includes('`yarn build` uses Yarn')),
    );
    log(`  ${rows.join('\n  ')}`);
  });

  await checkMermaidPreview({ page, workspace: profile.workspace, check, poll, screenshot, runCommand, log });
  await checkGeneratePlan(page, profile, 'trusted', 'infrastructure', false);

  await check(page, 'trusted: Restart Server restarts and the findings come back', async () => {
    await clearNotifications(page);
    await runCommand(page, 'Roo DevOps: Restart Server');
    // The restart runs on after the palette closes, and the Output view may first show the channel
    // before its first line (or another channel): ask for the Roo DevOps channel again while it is empty.
    let output = await showOutput(page);
    await poll(
      '"Server restarted." in the Roo DevOps output',
      async () => {
        // Editor lines render spaces as U+00A0.
        const text = (await output.innerText()).replace(/\u00a0/g, ' ');
        if (!text.includes('Server restarted.')) output = await showOutput(page);
        return text;
      },
      (text) => text.includes('Server restarted.'),
    );
    await screenshot(page, 'trusted-output-after-restart');
    await runCommand(page, 'Roo DevOps: Validate Workspace');
    const text = await notification(page, SUMMARY);
    log(`  notification after restart: ${text}`);
    // The toast sits over the Problems filter box; a click on the box while it shows lands on the toast.
    await clearNotifications(page);
    await problemRows(page, 'package-lock.json', 'the package-lock.json finding after restart', (rows) =>
      rows.some((row) => row.includes('package-manager/lockfile')),
    );
  });

  await checkAddDevOpsMode(page, profile.workspace, 'trusted', { check, runCommand, notification, clearNotifications, poll, screenshot });
  await checkCrashRestart(page, profile);
  await page.close();
}

/**
 * The language servers of one profile, found by command line: `…/dist/server.js` under the
 * profile's extensions folder (other editors on the machine run their own).
 */
function serverPids(profile: Profile): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue; // gone meanwhile, or not ours to read
    }
    if (cmdline.includes('dist/server.js') && cmdline.includes(join(profile.dir, 'extensions'))) pids.push(Number(entry));
  }
  return pids;
}

/** Issue 7: a server that dies mid-session is started again by the client, and its diagnostics come back. */
async function checkCrashRestart(page: Page, profile: Profile): Promise<void> {
  await check(page, 'trusted: a killed server is restarted by the client and republishes diagnostics', async () => {
    const before = await poll('one running language server', async () => serverPids(profile), (pids) => pids.length === 1);
    process.kill(before[0]!, 'SIGKILL');
    log(`  killed the language server, pid ${before[0]}`);
    const after = await poll('a new language server', async () => serverPids(profile), (pids) => pids.length === 1 && pids[0] !== before[0]);
    log(`  restarted as pid ${after[0]}`);
    // A file that appears only now can be reported only by the new server.
    const rel = '.github/workflows/after-restart.yml';
    writeFileSync(join(profile.workspace, rel), 'name: later\non: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: yarn install\n');
    await problemRows(page, 'after-restart.yml', 'the finding of a workflow written after the restart', (rows) => rows.some((row) => /yarn/i.test(row)));
    await problemRows(page, 'package-lock.json', 'the package-lock.json finding after the crash', (rows) =>
      rows.some((row) => row.includes('package-manager/lockfile')),
    );
    let output = await showOutput(page);
    await poll(
      'the restart noted in the Roo DevOps output',
      async () => {
        const text = (await output.innerText()).replace(/\u00a0/g, ' ');
        if (!text.includes('starting it again')) output = await showOutput(page);
        return text;
      },
      (text) => text.includes('starting it again'),
    );
  });
}

async function restrictedRun(browser: Browser, vsix: string): Promise<void> {
  // Trust on and nothing trusted yet: the folder opens behind the trust prompt.
  const profile = makeProfile('restricted', vsix, { ...QUIET_SETTINGS, 'security.workspace.trust.enabled': true });
  const url = await startCodeServer(profile);
  log(`restricted: code-server at ${url}, workspace ${profile.workspace}`);
  const page = await openWorkbench(browser, url, profile.workspace);
  log('restricted: workbench ready');

  await check(page, 'restricted: the folder is left untrusted (Restricted Mode)', async () => {
    // The trust prompt, answered as a careful user would.
    const dontTrust = page.locator('.monaco-dialog-box .monaco-button', { hasText: /No, I don.t trust the authors/ });
    await dontTrust.waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(page, 'restricted-trust-prompt');
    await dontTrust.click();
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: UI_TIMEOUT_MS });
  });

  await checkUnopenedFindings(page, 'restricted');
  await checkGeneratePlan(page, profile, 'restricted', 'deployment', true);
  await checkOpenConfiguration(page, 'restricted', profile.workspace, kit);
  await page.close();
}

// ---- the API suite inside code-server's extension host ------------------------------------

/** How long the whole mocha suite may take once the workbench is open. */
const API_SUITE_TIMEOUT_MS = 4 * 60_000;

interface ApiResults {
  passed: number;
  failed: number;
  tests: { title: string; state: 'passed' | 'failed'; durationMs: number; error?: string }[];
  error?: string;
  startedAt: number;
  /** When the runner saw the product's first diagnostic (upperBound: it was there already). */
  firstDiagnostics?: { at: number; upperBound: boolean };
}

/** Packages the test-runner extension (never part of the product's .vsix) with vsce. */
function packageRunner(runnerDir: string): string {
  const vsix = join(TEMP, 'api-suite-runner.vsix');
  const vsce = join(ROOT, 'node_modules/.bin/vsce');
  const proc = spawnSync(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], { cwd: runnerDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (proc.status !== 0 || !existsSync(vsix)) throw new Error(`vsce package of the runner failed:\n${proc.stdout}${proc.stderr}`);
  return vsix;
}

/** VS Code's own measure of the product's activate(), as "Developer: Show Running Extensions" lists it. */
async function logActivationTime(page: Page): Promise<void> {
  try {
    await runCommand(page, 'Developer: Show Running Extensions');
    const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'Roo DevOps' }).first();
    const text = await poll('the Roo DevOps row with its activation time', () => row.locator('.activation-time').innerText(), (t) => /\d+\s*ms/.test(t));
    log(`api: activate() of roo-devops.roo-devops as VS Code measured it: ${text.replace(/\s+/g, ' ').trim()}`);
    await screenshot(page, 'api-running-extensions');
  } catch (error) {
    // A measure for the note, not a check: say it is missing and go on.
    log(`api: no activation time from Show Running Extensions (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
}

/**
 * The mocha suite of test/vscode/suite/ in code-server's extension host: the runner extension
 * is installed beside the product, the workspace opened in the browser (the extension host
 * starts with a client), and the runner writes the results, awaited here with a bound.
 */
async function apiRun(browser: Browser, vsix: string): Promise<void> {
  log('api: building the vscode-API suite and its runner extension');
  const { runner } = await buildVscodeSuite();
  const results = join(TEMP, 'api-results.json');
  writeFileSync(join(runner, 'results.path'), results);
  const runnerVsix = packageRunner(runner);
  const profile = makeProfile('api', vsix, { ...QUIET_SETTINGS, 'security.workspace.trust.enabled': false, 'rooDevops.generate.preview': false });
  const installed = run([CODE_SERVER, ...profile.args, '--install-extension', runnerVsix], { env: profile.env });
  if (!/successfully installed/i.test(installed)) throw new Error(`--install-extension of the runner said:\n${installed}`);
  const url = await startCodeServer(profile);
  log(`api: code-server at ${url}, workspace ${profile.workspace}`);
  const opened = Date.now();
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(`${url}?folder=${encodeURIComponent(profile.workspace)}`);
  const deadline = opened + API_SUITE_TIMEOUT_MS;
  while (!existsSync(results)) {
    if (Date.now() > deadline || cleaning) {
      await screenshot(page, 'FAIL-api-no-results');
      throw new Error(`the API suite wrote no results within ${API_SUITE_TIMEOUT_MS / 1000} s`);
    }
    // The runner renames a complete file into place: seeing it is the event waited for.
    await new Promise((r) => setTimeout(r, 250));
  }
  const outcome = JSON.parse(readFileSync(results, 'utf8')) as ApiResults;
  await screenshot(page, 'api-after-suite');
  for (const t of outcome.tests) {
    log(`${t.state === 'passed' ? 'PASS' : 'FAIL'} api: ${t.title} (${t.durationMs} ms)${t.error ? `\n${t.error}` : ''}`);
  }
  if (outcome.error) log(`FAIL api: the suite did not run: ${outcome.error}`);
  log(`api: the runner (activated right after the product) started ${((outcome.startedAt - opened) / 1000).toFixed(1)} s after the workspace was opened`);
  const first = outcome.firstDiagnostics;
  if (first) log(`api: first diagnostics ${first.upperBound ? 'at most ' : ''}${((first.at - opened) / 1000).toFixed(1)} s after the workspace was opened`);
  await logActivationTime(page);
  apiPassed = outcome.passed;
  apiFailed = outcome.failed;
  console.log(`editor-api: ${apiPassed} passed, ${apiFailed} failed`);
  await page.close();
}

// ---- main --------------------------------------------------------------------------------

async function main(): Promise<void> {
  if (!existsSync(CODE_SERVER)) throw new Error(`no ${CODE_SERVER}: run \`bash scripts/editor-setup.sh\` first`);
  if (!existsSync(CHROMIUM)) throw new Error(`no ${CHROMIUM}: run \`bash scripts/editor-setup.sh\` first`);
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });

  const vsix = packageExtension(process.argv.includes('--skip-package'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    timeout: LAUNCH_TIMEOUT_MS,
    // Its crash reporter and caches write under the home folder otherwise.
    env: { ...process.env, HOME: join(TEMP, 'browser-home'), XDG_CONFIG_HOME: join(TEMP, 'browser-home/.config'), XDG_CACHE_HOME: join(TEMP, 'browser-home/.cache') },
  });
  browsers.add(browser);

  if (!API_ONLY) {
    await trustedRun(browser, vsix);
    await restrictedRun(browser, vsix);
  }
  await apiRun(browser, vsix);
}

try {
  await main();
} catch (error) {
  if (!cleaning) failed += 1;
  if (!cleaning) console.error(`editor: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}
if (!cleaning) {
  // (A signal or the overall timeout has printed its own closing line.)
  log(`screenshots in ${ARTIFACTS}`);
  console.log(`editor: ${passed} passed, ${failed} failed`);
}
await finish(failed > 0 || (passed === 0 && !API_ONLY) || apiFailed > 0 || apiPassed === 0 ? 1 : 0);
