/** Shared waits of the API suite: every wait is an event or a bounded poll, never a fixed sleep. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'roo-devops.roo-devops';
/** How long one state may take to appear (the first check of a workspace included). */
export const WAIT_MS = 60_000;

export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs a workspace folder (a copy of examples/)');
  return folder;
}

export function fileUri(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder().uri, ...relative.split('/'));
}

export async function activateProduct(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in this editor`);
  await extension.activate();
  return extension;
}

/** Our diagnostics only: the `source` the language client gives them, or a rule-id code. */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d).includes('/'));
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : String(code ?? '');
}

/**
 * Resolves with the diagnostics of `uri` once `accept` holds, checked now and on every
 * diagnostics-changed event for that file; rejects after `timeoutMs` naming what was seen last.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  what: string,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMs = WAIT_MS,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    let done = false;
    const test = (): void => {
      if (done) return;
      const now = ours(uri);
      if (!accept(now)) return;
      done = true;
      clearTimeout(timer);
      listener.dispose();
      resolve(now);
    };
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) test();
    });
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      listener.dispose();
      const seen = ours(uri).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${codeOf(d)} ${d.message}`);
      reject(new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what} in ${vscode.workspace.asRelativePath(uri)}; last seen:\n  ${seen.join('\n  ') || '(none)'}`));
    }, timeoutMs);
    test();
  });
}

/** Polls `read` every 100 ms until `accept` holds (for states that fire no event we can hear). */
export async function poll<T>(what: string, read: () => T | Promise<T>, accept: (value: T) => boolean, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}; last seen: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function writeFile(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

export async function readFile(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** The palette commands that have a test, filled as the tests are defined (see commands.test.ts). */
export const testedCommands = new Set<string>();

/** A test of one palette command, by its id: the coverage test checks every contributed id has one. */
export function commandTest(id: string, title: string, body: () => Promise<void>): void {
  testedCommands.add(id);
  test(`${id}: ${title}`, body);
}

/**
 * Runs `action` (opening a file, say) and resolves with the diagnostics `uri` gets from the
 * first diagnostics-changed event after it where `accept` holds: the diagnostics published
 * in answer to the action, not those that were there before (a just-opened buffer's own
 * diagnostics replace the ones of the file on disk; a request made in between can meet none).
 */
export async function diagnosticsAfter(
  uri: vscode.Uri,
  action: () => Promise<unknown>,
  what: string,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMs = WAIT_MS,
): Promise<vscode.Diagnostic[]> {
  let listener: vscode.Disposable | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const published = new Promise<vscode.Diagnostic[]>((resolve, reject) => {
    listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((changed) => changed.toString() === uri.toString())) return;
      const now = ours(uri);
      if (accept(now)) resolve(now);
    });
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what} in ${vscode.workspace.asRelativePath(uri)}`)), timeoutMs);
  });
  try {
    await action();
    return await published;
  } finally {
    listener?.dispose();
    clearTimeout(timer);
  }
}
