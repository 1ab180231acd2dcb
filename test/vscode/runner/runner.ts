/**
 * A test-only extension, installed beside the product's .vsix in code-server's profile by
 * test/editor/run.ts: on activation (after the product, its extensionDependency) it runs the
 * API suite and writes the results as JSON to the file named in `results.path` beside it.
 * It activates at startup (`*`), right after the product's activate() resolves, and notes when
 * the first diagnostic of the product arrives: the time from opening a workspace to its findings.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { runSuite } from '../suite/index';

export function activate(context: vscode.ExtensionContext): void {
  const target = readFileSync(join(context.extensionPath, 'results.path'), 'utf8').trim();
  const write = (value: unknown): void => {
    // Written whole, then renamed: the driver never reads half a file.
    writeFileSync(`${target}.partial`, JSON.stringify(value, null, 2));
    renameSync(`${target}.partial`, target);
  };
  const startedAt = Date.now();
  const ours = (): boolean => vscode.languages.getDiagnostics().some(([, ds]) => ds.some((d) => String(typeof d.code === 'object' ? d.code.value : d.code).includes('/')));
  // Already there when this activates: the moment is only known to be no later than now.
  let firstDiagnostics: { at: number; upperBound: boolean } | undefined = ours() ? { at: startedAt, upperBound: true } : undefined;
  const listener = vscode.languages.onDidChangeDiagnostics(() => {
    if (!firstDiagnostics && ours()) firstDiagnostics = { at: Date.now(), upperBound: false };
  });
  context.subscriptions.push(listener);
  runSuite().then(
    (results) => write({ ...results, startedAt, finishedAt: Date.now(), firstDiagnostics }),
    (error: unknown) => write({ passed: 0, failed: 1, tests: [], error: error instanceof Error ? (error.stack ?? error.message) : String(error), startedAt }),
  );
}

export function deactivate(): void {}
