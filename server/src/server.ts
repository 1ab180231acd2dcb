/**
 * The language server: wiring of the LSP connection to the pieces in `lsp/`.
 * Started by the extension (or any editor) as `node dist/server.js --stdio`.
 */
import { dirname, join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  type CancellationToken,
  type ClientCapabilities,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  type InitializeParams,
  type InitializeResult,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { version } from '../../package.json';
import { RULES } from './core/rules';
import { CODE_ACTION_KINDS, CodeActionProvider } from './lsp/code-actions';
import { CompletionRouter } from './lsp/completion';
import { CONFIG_COMPLETION_TRIGGERS, ConfigAssist } from './lsp/config-assist';
import { uriOf } from './lsp/document-paths';
import { describeError, DocumentValidator } from './lsp/document-validator';
import { FileEventHandler } from './lsp/file-events';
import { FindingHover, joinHovers } from './lsp/finding-hover';
import { ConfigurationTemplateRequest, GeneratePlanRequest, type ValidateWorkspaceParams, ValidateWorkspaceRequest } from './lsp/protocol';
import { configTemplate } from './core/config-template';
import { generatePlanAnswer } from './lsp/generate-plan';
import { PlanCompletion } from './lsp/plan-completion';
import { ROOMODES_COMPLETION_TRIGGERS, RooModesAssist } from './lsp/roomodes-assist';
import { stdioTransport } from './lsp/transport';
import { SettingsStore } from './lsp/settings';
import { WorkspaceIndex } from './lsp/workspace-index';
import { addTotals, emptyTotals, WorkspaceScanner } from './lsp/workspace-scan';
import { isLintWorker, LintWorker, runLintWorker } from './lsp/lint-worker';
import { HclOnDemand, useBundledHclWasm } from './node/bundled-hcl';
import { useBundledValidators } from './node/bundled-validators';

// The same bundle is the lint worker's script (lsp/lint-worker.ts): there it lints, and serves no connection.
useBundledValidators();
useBundledHclWasm();
if (isLintWorker()) runLintWorker();
else startServer();

function startServer(): void {
/** Ends the process on a broken connection: the client notices the exit and starts a new server. */
function fatal(reason: string): never {
  process.stderr.write(`roo-devops: malformed message from the client, ending the connection: ${reason}\n`);
  process.exit(1);
}

const connection = process.argv.includes('--stdio') ? stdioConnection() : createConnection(ProposedFeatures.all);

/**
 * `--stdio` with every frame checked (see lsp/transport.ts). Given its own reader and writer,
 * vscode-languageserver no longer watches stdin's end nor keeps `console` off stdout: both here.
 */
function stdioConnection() {
  const { reader, writer } = stdioTransport(fatal);
  let shutdown = false;
  const end = () => process.exit(shutdown ? 0 : 1);
  process.stdin.on('end', end);
  process.stdin.on('close', end);
  // stdout carries the protocol: a stray console.log from a dependency must not corrupt it.
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    console[method] = (...args: unknown[]) => process.stderr.write(`${args.map(String).join(' ')}\n`);
  }
  const created = createConnection(ProposedFeatures.all, reader, writer);
  created.onShutdown(() => {
    shutdown = true;
  });
  return created;
}
// The HCL parser (WebAssembly) loads on first need: when a listed folder or an opened file has Terraform.
// `initialize` does not wait for it; a lint that may read HCL does (DocumentValidator.beforeLint).
const hcl = new HclOnDemand((message) => process.stderr.write(`${message}\n`));
const documents = new TextDocuments(TextDocument);
const index = new WorkspaceIndex();
let client: ClientCapabilities = {};

const settings = new SettingsStore(connection, () => client.workspace?.configuration === true);
const validator = new DocumentValidator(connection, documents, index, settings);
const scanner = new WorkspaceScanner(connection, validator, settings, () => client.window?.workDoneProgress === true);
const fileEvents = new FileEventHandler(index, validator, scanner);
const codeActions = new CodeActionProvider(documents, validator, index, () => ({
  showsDisabled: client.textDocument?.codeAction?.disabledSupport === true,
  createsFiles: client.workspace?.workspaceEdit?.resourceOperations?.includes('create') === true,
}));
const configAssist = new ConfigAssist(
  documents,
  (uri) => {
    const location = index.locate(uri);
    return { path: location.path, kinds: location.folder?.config.kinds };
  },
  RULES,
);
// The rule pages ship beside the bundle's folder (`dist/server.js`, `docs/rules/<id>.md`): examples for the hover.
const findingHover = new FindingHover(documents, (uri) => validator.currentFindings(uri), RULES, join(dirname(process.argv[1] ?? '.'), '..', 'docs', 'rules'));
const locatePath = (uri: string) => {
  const location = index.locate(uri);
  return { path: location.path, kinds: location.folder?.config.kinds };
};
const rooModesAssist = new RooModesAssist(documents, (uri) => {
  const location = index.locate(uri);
  return { path: location.path, kinds: location.folder?.config.kinds, paths: location.folder?.paths };
});
// One provider per kind of document; the first that knows the document answers.
const completion = new CompletionRouter([
  { triggerCharacters: ROOMODES_COMPLETION_TRIGGERS, completion: (params) => rooModesAssist.completion(params) },
  { triggerCharacters: CONFIG_COMPLETION_TRIGGERS, completion: (params) => configAssist.completion(params) },
  new PlanCompletion(documents, locatePath),
]);
// A buffer's new text reaches the files whose rules read it, open or not.
// Large buffers are linted on a worker thread of this same bundle, so they never block the answers.
// The script this process runs (the bundler would turn `__filename` into the source's path).
validator.worker = new LintWorker(process.argv[1], (message) => connection.console.error(message));
validator.beforeLint = (folder, path) => hcl.before(folder, path);
validator.onDependents = (folder, paths) => void guard('re-linting dependents', () => fileEvents.relint(folder, paths), undefined);

/** Runs a handler's promise to its end, logging instead of letting a failure escape. */
function guard<T>(what: string, work: () => Promise<T>, fallback: T): Promise<T> {
  // Through a promise, so that a synchronous throw is caught like a rejection.
  return Promise.resolve()
    .then(work)
    .catch((error: unknown) => {
      connection.console.error(`roo-devops: ${what} failed: ${describeError(error)}`);
      return fallback;
    });
}

/** A folder leaves the workspace: its unopened files leave the Problems panel. */
function forgetFolder(uri: string): void {
  scanner.cancel(uri);
  const state = index.remove(uri);
  if (!state) return;
  const open = validator.openPaths();
  for (const rel of state.paths) {
    const absolute = join(state.root, rel);
    if (!open.has(absolute) && state.repository.mayHaveKind(rel)) validator.publish(uriOf(absolute), []);
  }
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  client = params.capabilities ?? {};
  const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []);
  for (const folder of folders) index.add(folder.uri);
  // Terraform in the workspace: the parser loads while the handshake goes on (not awaited here).
  for (const folder of index.all()) hcl.before(folder);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS, resolveProvider: false },
      // Completion in `.roo-devops.yaml` and the plan documents' section headings; hover on findings and in `.roo-devops.yaml`.
      completionProvider: { triggerCharacters: completion.triggerCharacters, resolveProvider: false },
      hoverProvider: true,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'roo-devops', version },
  };
});

connection.onInitialized(() => {
  if (client.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
    void guard(
      'registering the file watcher',
      () => connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] }),
      undefined,
    );
  }
  // The pull model: the server asks for `rooDevops` per resource, and asks the editor to say when it changed.
  // Without this registration VS Code never sends didChangeConfiguration, and settings waited for a restart.
  if (client.workspace?.didChangeConfiguration?.dynamicRegistration) {
    void guard(
      'registering for settings changes',
      () => connection.client.register(DidChangeConfigurationNotification.type, { section: 'rooDevops' }),
      undefined,
    );
  }
  if (client.workspace?.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      for (const removed of event.removed) forgetFolder(removed.uri);
      const added = event.added.map((f) => index.add(f.uri)).filter((f) => f !== undefined);
      for (const folder of added) hcl.before(folder);
      // Buffers may now belong to another folder, with another configuration.
      for (const document of documents.all()) validator.schedule(document.uri, 0);
      void guard('scanning added folders', () => scanner.scan(added, false), undefined);
    });
  }
  void guard('scanning the workspace', () => scanner.scan(index.all(), false), undefined);
});

// A document just opened has no edit or lint before it: `schedule` lints it at once (its leading edge).
documents.onDidChangeContent((event) => validator.schedule(event.document.uri));
documents.onDidClose((event) => void guard('closing a document', () => validator.closed(event.document.uri), undefined));

connection.onDidChangeWatchedFiles((params) => {
  // A created `.tf` brings the HCL parser in (a malformed entry is fileEvents.handle's to report).
  hcl.notice((params.changes ?? []).flatMap((change) => (typeof change?.uri === 'string' ? [change.uri] : [])));
  void guard('handling file events', () => fileEvents.handle(params.changes ?? []), undefined);
});

connection.onDidChangeConfiguration((params) => {
  settings.changed(params?.settings);
  for (const document of documents.all()) validator.schedule(document.uri, 0);
  void guard('re-validating after a settings change', () => scanner.scan(index.all(), false), undefined);
});

connection.onCodeAction((params) => guard('computing code actions', () => codeActions.provide(params), []));
connection.onCompletion((params) => guard('completing', async () => completion.completion(params), null));
connection.onHover((params) =>
  guard('hovering', async () => joinHovers([await findingHover.hover(params), configAssist.hover(params), rooModesAssist.hover(params)]), null),
);

// Registered by method name: a typed registration refuses a request without params, which earlier clients send.
connection.onRequest(ValidateWorkspaceRequest.method, (...args: unknown[]) => {
  const token = args.at(-1) as CancellationToken;
  const params = args.length > 1 ? (args[0] as ValidateWorkspaceParams | null) : undefined;
  return guard(
    'validating the workspace',
    async () => {
      // The client's own progress (a cancellable notification in VS Code) when it sent a token.
      const progress = params?.workDoneToken !== undefined ? connection.window.attachWorkDoneProgress(params.workDoneToken) : undefined;
      const totals = await scanner.scan(index.all(), true, { token, progress });
      if (totals.cancelled) return totals;
      for (const document of documents.all()) {
        if (token.isCancellationRequested) return { ...totals, cancelled: true };
        validator.cancel(document.uri);
        const n = await validator.validateBuffer(document.uri);
        if (n === undefined) continue;
        addTotals(totals, { ...emptyTotals(), files: 1, findings: n, bySeverity: validator.publishedSeverities(document.uri) });
      }
      return totals;
    },
    emptyTotals(),
  );
});

connection.onRequest(ConfigurationTemplateRequest, () => configTemplate(RULES));

// Not through guard(): its errors (an unreadable document, a cancellation) are the answer the client shows.
// The plan reads the workspace model, Terraform included: after the HCL parser when the folder has Terraform.
connection.onRequest(GeneratePlanRequest, async (params, token) => {
  for (const folder of index.all()) {
    const waiting = hcl.before(folder);
    if (waiting) await waiting;
  }
  return generatePlanAnswer(params, index, documents, token);
});

// Last line of defence: a bug must cost one result, not the server every open editor depends on.
process.on('uncaughtException', (error) => connection.console.error(`roo-devops: unexpected error: ${describeError(error)}`));
process.on('unhandledRejection', (error) => connection.console.error(`roo-devops: unexpected rejection: ${describeError(error)}`));

documents.listen(connection);
connection.listen();
}
