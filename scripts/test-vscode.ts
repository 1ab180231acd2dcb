/**
 * `bun run test:vscode`: the vscode-API suite (test/vscode/suite/) in a real desktop VS Code,
 * with `@vscode/test-electron`: this repository as the extension under development, a
 * temporary copy of examples/ as the workspace, every other extension disabled. On Linux CI
 * run it under a display server (`xvfb-run -a bun run test:vscode`).
 *
 * VS Code is downloaded into .vscode-test/ (or taken from VSCODE_EXECUTABLE_PATH). Where it
 * cannot be downloaded the script says so and exits 1 within DOWNLOAD_TIMEOUT_MS; it never
 * hangs. (On machines with no route to the download, `bun run test:editor` runs the same
 * suite inside code-server.) The build (`bun run build`) must have run first.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { buildVscodeSuite } from './build-vscode-suite';

const ROOT = resolve(import.meta.dir, '..');
/** The whole download (the release list included) may take this long. */
const DOWNLOAD_TIMEOUT_MS = 5 * 60_000;
/** The suite itself, once VS Code is there. */
const RUN_TIMEOUT_MS = 10 * 60_000;

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

async function main(): Promise<number> {
  if (!existsSync(join(ROOT, 'dist/extension.js'))) {
    console.error('test:vscode: no dist/extension.js; run `bun run build` first');
    return 1;
  }
  const { suite } = await buildVscodeSuite();

  let executable = process.env.VSCODE_EXECUTABLE_PATH;
  if (!executable) {
    const version = process.env.VSCODE_TEST_VERSION ?? 'stable';
    try {
      // timeout: the idle timeout of each request; `within` bounds the whole download.
      executable = await within(downloadAndUnzipVSCode({ version, timeout: 30_000, cachePath: join(ROOT, '.vscode-test') }), DOWNLOAD_TIMEOUT_MS, `downloading VS Code ${version}`);
    } catch (error) {
      console.error(
        `test:vscode: could not download VS Code ${version} (${error instanceof Error ? error.message : String(error)}).\n` +
          'This machine may have no route to the VS Code download: set VSCODE_EXECUTABLE_PATH to an installed VS Code, ' +
          'or run the same suite inside code-server with `bun run test:editor`.',
      );
      return 1;
    }
  }

  const temp = mkdtempSync(join(tmpdir(), 'roo-vscode-test-'));
  try {
    const workspace = join(temp, 'examples');
    cpSync(join(ROOT, 'examples'), workspace, { recursive: true });
    // Generate-plan commands apply at once instead of waiting in the refactor preview.
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    writeFileSync(join(workspace, '.vscode/settings.json'), JSON.stringify({ 'rooDevops.generate.preview': false }, null, 2));
    const code = await within(
      runTests({
        vscodeExecutablePath: executable,
        extensionDevelopmentPath: ROOT,
        extensionTestsPath: suite,
        launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--user-data-dir', join(temp, 'user-data')],
      }),
      RUN_TIMEOUT_MS,
      'the suite in VS Code',
    );
    console.log(code === 0 ? 'test:vscode: the suite passed' : `test:vscode: VS Code exited with ${code}`);
    return code;
  } catch (error) {
    console.error(`test:vscode: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    rmSync(temp, { recursive: true, force: true, maxRetries: 5 });
  }
}

process.exit(await main());
