/**
 * The status bar item: the server's state (starting, checking N files, ready, stopped and why).
 * The server tells the scans' progress with `rooDevops/status` (server/src/lsp/protocol.ts); starting
 * and stopped come from the client's own state. A click opens the output.
 */
import * as vscode from 'vscode';
import { type LanguageClient, State } from 'vscode-languageclient/node';
import { type ClientStatus, statusView } from './status-text';

/** Same string as the server's StatusNotification (the client does not import the server). */
export const STATUS_NOTIFICATION = 'rooDevops/status';

type ServerStatus = { state: 'checking'; done: number; total: number } | { state: 'ready'; files: number; findings: number };

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private status: ClientStatus = { state: 'starting' };
  /** Set when the server is stopped on purpose or by a failure, before the client's state says Stopped. */
  private stopReason: string | undefined;
  private lastReady: { files: number; findings: number } | undefined;

  constructor() {
    this.item = vscode.window.createStatusBarItem('rooDevops.status', vscode.StatusBarAlignment.Left, 0);
    this.item.name = 'Roo DevOps';
    this.item.command = 'rooDevops.showOutput';
    this.show({ state: 'starting' });
    this.item.show();
  }

  /** Follows a client: its state changes and the server's status notifications. */
  watch(client: LanguageClient): vscode.Disposable {
    const subscriptions = [
      client.onDidChangeState((event) => {
        if (event.newState === State.Starting) {
          this.stopReason = undefined;
          this.show({ state: 'starting' });
        } else if (event.newState === State.Running) {
          if (this.status.state === 'starting') this.show({ state: 'ready', ...this.lastReady });
        } else if (event.newState === State.Stopped) {
          this.show({ state: 'stopped', reason: this.stopReason ?? 'it was stopped.' });
        }
      }),
      client.onNotification(STATUS_NOTIFICATION, (status: ServerStatus) => {
        if (status.state === 'ready') this.lastReady = { files: status.files, findings: status.findings };
        this.show(status);
      }),
    ];
    return vscode.Disposable.from(...subscriptions);
  }

  /** Why the server stopped (crash budget spent, failed start), shown in the item and its tooltip. */
  stopped(reason: string): void {
    this.stopReason = reason;
    this.show({ state: 'stopped', reason });
  }

  /** The current state, for tests through the extension's API. */
  get current(): ClientStatus {
    return this.status;
  }

  private show(status: ClientStatus): void {
    this.status = status;
    const view = statusView(status);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.accessibilityInformation = { label: view.label, role: 'button' };
    this.item.backgroundColor = view.error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
