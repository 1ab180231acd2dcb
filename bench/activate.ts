/**
 * The client's `activate()` under plain Node, without VS Code: `dist/extension.js`
 * is loaded with a stub `vscode` module (every API a no-op that answers with more
 * no-ops and keeps what is assigned to it; events never fire), then `activate()` is called.
 * `activate()` does not wait for the server: it creates the output channel, status bar,
 * watcher, client and commands, starts the server in the background and returns
 * `{ activateMs, ... }`. Two figures for it: the bench's own timing of the call, and
 * `activateMs`, the client's measurement inside it (what its output channel logs).
 * Reported apart: the `require` of the bundle (module evaluation, before `activate()`;
 * VS Code pays it too, but it is not `activate()`). The server's start is not in any
 * figure (cold start is `bench/lsp.ts`'s). A fresh Node process per run.
 *
 *   bun bench/activate.ts [--quick]   (needs `bun run build`); prints `BENCH_RESULT {json}`
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emitResult, percentile } from './support';

const QUICK = process.argv.includes('--quick');
const REPO = join(import.meta.dir, '..');

/** Runs under Node: the stub, the load, the activation; prints one JSON line. */
const HARNESS = String.raw`
const Module = require('node:module');
const path = require('node:path');
const repo = process.argv[2];
const noop = () => {};
function stub(name) {
  const fn = function () { return stub(name + '()'); };
  const own = new Map(); // what the client assigns (a status bar item's name, text, command, ...)
  return new Proxy(fn, {
    set(_t, key, value) { own.set(key, value); return true; },
    defineProperty(_t, key, desc) { own.set(key, desc.value); return true; },
    get(_t, key) {
      if (own.has(key)) return own.get(key);
      if (key === 'then') return undefined; // not a promise
      if (key === Symbol.iterator) return function* () {};
      if (key === Symbol.toPrimitive) return () => name;
      if (key === 'dispose') return noop;
      if (key === 'length') return 0;
      if (key === 'workspaceFolders') return undefined;
      if (key === 'textDocuments' || key === 'visibleTextEditors') return [];
      if (key === 'version') return '1.100.0';
      if (key === 'env' && name === 'process') return process.env;
      if (key === 'get') return (_k, fallback) => fallback;
      if (key === 'asAbsolutePath') return (p) => path.join(repo, p);
      if (key === 'extensionPath') return repo;
      if (key === 'subscriptions') return [];
      if (key === 'joinPath') return (...parts) => ({ fsPath: parts.map(String).join('/') });
      return stub(name + '.' + String(key));
    },
    construct() { return stub('new ' + name); },
    apply() { return stub(name + '()'); },
  });
}
// A plain object of namespaces and classes: the bundle copies the module's own keys.
const NAMES = ['window', 'workspace', 'commands', 'languages', 'env', 'extensions', 'tasks', 'debug', 'notebooks', 'l10n', 'authentication', 'scm', 'tests', 'chat', 'lm',
  'Uri', 'Disposable', 'EventEmitter', 'Range', 'Position', 'Selection', 'Location', 'Diagnostic', 'DiagnosticSeverity', 'DiagnosticTag', 'DiagnosticRelatedInformation',
  'CodeAction', 'CodeActionKind', 'CodeLens', 'Command', 'CompletionItem', 'CompletionItemKind', 'CompletionList', 'MarkdownString', 'Hover', 'TextEdit', 'WorkspaceEdit',
  'SnippetString', 'SymbolKind', 'SymbolInformation', 'DocumentSymbol', 'DocumentLink', 'Color', 'ColorInformation', 'ColorPresentation', 'FoldingRange', 'SelectionRange',
  'SemanticTokens', 'SemanticTokensLegend', 'SemanticTokensBuilder', 'SemanticTokensEdit', 'SemanticTokensEdits', 'CallHierarchyItem', 'TypeHierarchyItem', 'InlayHint',
  'InlayHintLabelPart', 'InlineValueText', 'InlineValueVariableLookup', 'InlineValueEvaluatableExpression', 'InlineCompletionItem', 'LinkedEditingRanges', 'SignatureHelp',
  'SignatureInformation', 'ParameterInformation', 'CancellationTokenSource', 'CancellationError', 'ProgressLocation', 'FileType', 'ViewColumn', 'StatusBarAlignment',
  'ConfigurationTarget', 'TextDocumentSaveReason', 'LogLevel', 'NotebookCellKind', 'NotebookCellData', 'NotebookData', 'RelativePattern', 'ThemeIcon', 'ThemeColor',
  'TreeItem', 'FileSystemError', 'DocumentHighlight', 'DocumentHighlightKind', 'CompletionItemTag', 'SymbolTag', 'InsertTextFormat', 'TextEditorRevealType', 'EndOfLine',
  'UIKind', 'ExtensionKind', 'ExtensionMode', 'CodeActionTriggerKind', 'SignatureHelpTriggerKind', 'CompletionTriggerKind', 'FoldingRangeKind', 'InlayHintKind',
  'DocumentDropEdit', 'DocumentPasteEdit', 'TextEditorSelectionChangeKind', 'OverviewRulerLane', 'DecorationRangeBehavior', 'QuickPickItemKind', 'TabInputText'];
const vscode = Object.fromEntries(NAMES.map((n) => [n, stub('vscode.' + n)]));
vscode.version = '1.100.0';
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? vscode : load.call(this, request, ...rest); };
const t0 = performance.now();
const ext = require(path.join(repo, 'dist/extension.js'));
const loaded = performance.now() - t0;
const context = { subscriptions: [], asAbsolutePath: (p) => path.join(repo, p), extensionPath: repo, extensionUri: stub('extensionUri'), globalState: stub('globalState'), workspaceState: stub('workspaceState') };
const t1 = performance.now();
const api = ext.activate(context);
const call = performance.now() - t1;
if (!api || typeof api.activateMs !== 'number') {
  console.log(JSON.stringify({ error: 'activate() did not return { activateMs }' }));
  process.exit(1);
}
console.log(JSON.stringify({ loaded, call, own: api.activateMs }));
// The server it started in the background is not waited for; stop it and leave.
Promise.resolve(api.started).catch(() => {}).finally(async () => {
  try { await ext.deactivate(); } catch {}
  process.exit(0);
});
setTimeout(() => process.exit(0), 10000).unref();
`;

export interface ActivateResult {
  /** `require('dist/extension.js')`: evaluating the bundle. */
  require: { median: number; p95: number };
  /** The `activate(context)` call, timed by the bench around it. */
  call: { median: number; p95: number };
  /** `activateMs` as `activate()` returned it (measured inside the call). */
  own: { median: number; p95: number };
  error?: string;
}

const dir = mkdtempSync(join(tmpdir(), 'roo-devops-bench-activate-'));
const harness = join(dir, 'harness.cjs');
writeFileSync(harness, HARNESS);
const loads: number[] = [];
const calls: number[] = [];
const owns: number[] = [];
let error: string | undefined;
try {
  for (let i = 0; i < (QUICK ? 3 : 15) + 1; i++) {
    const res = spawnSync('node', [harness, REPO], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    const line = res.stdout.trim().split('\n')[0] ?? '';
    let out: { loaded?: number; call?: number; own?: number; error?: string } = {};
    try {
      out = JSON.parse(line);
    } catch {
      out = { error: `no result (exit ${res.status}): ${res.stderr.slice(0, 400)}` };
    }
    if (out.error !== undefined || out.call === undefined) {
      error = out.error;
      break;
    }
    if (i === 0) continue; // warms the file cache
    loads.push(out.loaded ?? 0);
    calls.push(out.call);
    owns.push(out.own ?? Number.NaN);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const stat = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: percentile(s, 50) ?? Number.NaN, p95: percentile(s, 95) ?? Number.NaN };
};
const result: ActivateResult = { require: stat(loads), call: stat(calls), own: stat(owns), error };
console.error(error ? `activate: ${error}` : `activate: activate() ${result.call.median.toFixed(1)} ms (its own activateMs ${result.own.median.toFixed(1)} ms); require of the bundle ${result.require.median.toFixed(1)} ms, apart`);
emitResult(result);
