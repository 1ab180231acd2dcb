/**
 * A fake editor talking to the bundled language server over real stdio JSON-RPC:
 * a temporary workspace, the server under Node (the runtime inside VS Code), and
 * the client side of the protocol — open/change/close buffers, answer
 * `workspace/configuration`, record registrations and diagnostics. Tests wait on
 * notifications, never on a clock. Run `bun run build` first.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  type ClientCapabilities,
  type CodeAction,
  type Diagnostic,
  type FileChangeType,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentEdit,
  type TextEdit,
} from 'vscode-languageserver-protocol';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';

const SERVER = join(import.meta.dir, '../../dist/server.js');
const TIMEOUT_MS = 10_000;

/** What a VS Code client announces, for the parts the server looks at. */
export const EDITOR_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeWatchedFiles: { dynamicRegistration: true },
    didChangeConfiguration: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
  },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } }, disabledSupport: true },
  },
};

type Waiter = { check: () => boolean; resolve: () => void };
type ContentChange = { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string } | { text: string };

export class LspSession {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** Every publication, in order, for tests that count or time them. */
  readonly published: { at: number; params: PublishDiagnosticsParams }[] = [];
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  readonly errorLogs: string[] = [];
  /** What the editor answers to `workspace/configuration`, per item. */
  settingsAnswer: (scopeUri: string | undefined) => unknown = () => ({ enable: true, rules: {} });
  readonly buffers = new Map<string, TextDocument>();
  initializeResult!: InitializeResult;
  connection!: ProtocolConnection;
  private server!: ChildProcess;
  private readonly waiters = new Set<Waiter>();

  private constructor(readonly root: string) {}

  /**
   * Writes `files` into a new temporary folder, starts the server on it and completes the handshake.
   * `node` may be given options (e.g. `--require` a preload) and environment variables of its own.
   */
  static async start(
    files: Record<string, string>,
    capabilities: ClientCapabilities = EDITOR_CAPABILITIES,
    node: { execArgv?: string[]; env?: NodeJS.ProcessEnv } = {},
  ): Promise<LspSession> {
    if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing; run \`bun run build\` first.`);
    const session = new LspSession(mkdtempSync(join(tmpdir(), 'roo-devops-lsp-')));
    for (const [rel, text] of Object.entries(files)) session.writeFile(rel, text);
    await session.connect(capabilities, node);
    return session;
  }

  private async connect(capabilities: ClientCapabilities, node: { execArgv?: string[]; env?: NodeJS.ProcessEnv }): Promise<void> {
    this.server = spawn('node', [...(node.execArgv ?? []), SERVER, '--stdio'], {
      cwd: this.root,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...node.env },
    });
    this.server.stderr?.on('data', (chunk: Buffer) => this.errorLogs.push(`stderr: ${chunk.toString()}`));
    if (!this.server.stdout || !this.server.stdin) throw new Error('no stdio');
    const connection = createProtocolConnection(new StreamMessageReader(this.server.stdout), new StreamMessageWriter(this.server.stdin));
    this.connection = connection;
    connection.onRequest('workspace/configuration', (params: { items: { scopeUri?: string }[] }) => params.items.map((item) => this.settingsAnswer(item.scopeUri)));
    connection.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...params.registrations);
      this.notifyWaiters();
      return null;
    });
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params);
      this.published.push({ at: performance.now(), params });
      this.notifyWaiters();
    });
    connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
      if (params.type === 1) this.errorLogs.push(params.message);
    });
    connection.listen();
    const rootUri = pathToFileURL(this.root).href;
    this.initializeResult = (await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'demo' }],
      capabilities,
    })) as InitializeResult;
    await connection.sendNotification('initialized', {});
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
      await Promise.race([new Promise((r) => this.server.once('exit', r)), new Promise((r) => setTimeout(r, 2000))]);
    } finally {
      this.connection?.dispose();
      if (this.server && this.server.exitCode === null) this.server.kill();
      rmSync(this.root, { recursive: true, force: true });
    }
  }

  get exited(): boolean {
    return this.server.exitCode !== null;
  }

  // ---- waiting ----------------------------------------------------------------------------------

  private notifyWaiters(): void {
    for (const w of this.waiters) {
      if (w.check()) {
        this.waiters.delete(w);
        w.resolve();
      }
    }
  }

  waitFor(description: string, predicate: () => boolean, timeoutMs = TIMEOUT_MS): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        check: predicate,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = [...this.diagnostics.values()].map((p) => `${p.uri.slice(this.root.length + 7)} v${p.version}: ${p.diagnostics.map((d) => `${d.code}(${d.severity})`).join(', ')}`);
        reject(new Error(`Timed out waiting for ${description}.\nLast diagnostics:\n${seen.join('\n')}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Waits until the latest diagnostics published for `uri` satisfy `predicate`, and returns them. */
  async diagnosticsFor(uri: string, description: string, predicate: (p: PublishDiagnosticsParams) => boolean): Promise<Diagnostic[]> {
    await this.waitFor(`${description} (${uri.slice(this.root.length + 7)})`, () => {
      const p = this.diagnostics.get(uri);
      return p !== undefined && predicate(p);
    });
    return this.diagnostics.get(uri)?.diagnostics ?? [];
  }

  // ---- the workspace and the editor's buffers ---------------------------------------------------

  uriOf(rel: string): string {
    return pathToFileURL(join(this.root, rel)).href;
  }

  writeFile(rel: string, text: string): void {
    const absolute = join(this.root, rel);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, text);
  }

  /** Tells the server what changed on disk, as the editor's file watcher does. */
  fileEvents(...changes: [rel: string, type: FileChangeType][]): Promise<void> {
    return this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: changes.map(([rel, type]) => ({ uri: this.uriOf(rel), type })) });
  }

  open(rel: string, text: string, languageId = 'yaml'): TextDocument {
    const uri = this.uriOf(rel);
    const doc = TextDocument.create(uri, languageId, 1, text);
    this.buffers.set(uri, doc);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return doc;
  }

  change(uri: string, contentChanges: ContentChange[]): TextDocument {
    const previous = this.buffers.get(uri);
    if (!previous) throw new Error(`${uri} is not open`);
    const version = previous.version + 1;
    const doc = TextDocument.update(previous, contentChanges, version);
    this.buffers.set(uri, doc);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
    return doc;
  }

  setText(uri: string, text: string): TextDocument {
    return this.change(uri, [{ text }]);
  }

  close(uri: string): void {
    this.buffers.delete(uri);
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  codeActions(doc: TextDocument, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return this.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: doc.uri },
      range,
      context: { diagnostics, ...(only ? { only } : {}) },
    }) as Promise<CodeAction[]>;
  }
}

/** The edits of a code action's single TextDocumentEdit, applied to `doc`, after checking they target its version. */
export function applyAction(action: CodeAction, doc: TextDocument): string {
  const changes = action.edit?.documentChanges;
  if (changes?.length !== 1) throw new Error(`expected one document change, got ${JSON.stringify(action.edit)}`);
  const edit = changes[0] as TextDocumentEdit;
  if (edit.textDocument.uri !== doc.uri || edit.textDocument.version !== doc.version) {
    throw new Error(`the edit targets ${edit.textDocument.uri} v${edit.textDocument.version}, not ${doc.uri} v${doc.version}`);
  }
  return TextDocument.applyEdits(doc, edit.edits as TextEdit[]);
}

export const codes = (ds: readonly Diagnostic[]) => ds.map((d) => d.code);

/**
 * Applies a code action's workspace edit as the editor would, to files on disk (open buffers are not
 * touched): resource creations, then text edits of unversioned documents. Returns the paths written.
 */
export function applyToDisk(session: LspSession, action: CodeAction): string[] {
  const written: string[] = [];
  for (const change of action.edit?.documentChanges ?? []) {
    if ('kind' in change) {
      if (change.kind !== 'create') throw new Error(`unexpected resource operation ${change.kind}`);
      const rel = fileURLToPath(change.uri).slice(session.root.length + 1);
      if (!existsSync(join(session.root, rel))) session.writeFile(rel, '');
      continue;
    }
    const absolute = fileURLToPath(change.textDocument.uri);
    if (change.textDocument.version !== null) throw new Error(`the edit of ${absolute} expects an open buffer`);
    const before = TextDocument.create(change.textDocument.uri, 'yaml', 0, readFileSync(absolute, 'utf8'));
    writeFileSync(absolute, TextDocument.applyEdits(before, change.edits as TextEdit[]));
    written.push(absolute.slice(session.root.length + 1));
  }
  return written;
}
