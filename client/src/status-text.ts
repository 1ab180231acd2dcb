/**
 * What the status bar item says in each state of the server, as text with a codicon, a tooltip and
 * an accessible label (a screen reader reads the words, never the icon). Free of `vscode` so it can
 * be tested alone; `status-bar.ts` shows it.
 */
export type ClientStatus =
  | { state: 'starting' }
  | { state: 'checking'; done: number; total: number }
  | { state: 'ready'; files?: number; findings?: number }
  | { state: 'stopped'; reason: string };

export interface StatusView {
  text: string;
  tooltip: string;
  /** Read by screen readers instead of the text. */
  label: string;
  /** Drawn with the error background: the server is not checking anything. */
  error: boolean;
}

const CLICK = 'Click to open the Roo DevOps output.';

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function statusView(status: ClientStatus): StatusView {
  switch (status.state) {
    case 'starting':
      return {
        text: '$(sync~spin) Roo DevOps: starting',
        tooltip: `The Roo DevOps language server is starting; findings appear once it is ready. ${CLICK}`,
        label: 'Roo DevOps: starting',
        error: false,
      };
    case 'checking':
      return {
        text: `$(sync~spin) Roo DevOps: checking ${plural(status.total, 'file')}`,
        tooltip: `Roo DevOps is checking the workspace: ${status.done} of ${plural(status.total, 'file')} done. Open files are checked as you type meanwhile. ${CLICK}`,
        label: `Roo DevOps: checking ${plural(status.total, 'file')}, ${status.done} done`,
        error: false,
      };
    case 'ready': {
      const last = status.files === undefined ? '' : ` The last check of the workspace read ${plural(status.files, 'file')} and found ${plural(status.findings ?? 0, 'problem')} (see the Problems view).`;
      return {
        text: '$(check) Roo DevOps: ready',
        tooltip: `Roo DevOps is ready: DevOps files are checked as you open and edit them.${last} ${CLICK}`,
        label: 'Roo DevOps: ready',
        error: false,
      };
    }
    case 'stopped':
      return {
        text: '$(error) Roo DevOps: stopped',
        tooltip: `The Roo DevOps language server stopped: ${status.reason} Nothing is checked until it runs again ("Roo DevOps: Restart Server"). ${CLICK}`,
        label: `Roo DevOps: stopped. ${status.reason}`,
        error: true,
      };
  }
}

/** Findings by severity, as the server answers Validate Workspace. */
export interface ValidateWorkspaceResult {
  files: number;
  findings: number;
  bySeverity?: { error: number; warning: number; info: number };
  cancelled?: boolean;
}

/** The sentence that ends "Validate Workspace". */
export function validationSummary(result: ValidateWorkspaceResult): string {
  const s = result.bySeverity;
  const counts =
    result.findings === 0
      ? 'no problems'
      : s
        ? [plural(s.error, 'error'), plural(s.warning, 'warning'), `${s.info} info`].join(', ')
        : plural(result.findings, 'finding');
  const head = result.cancelled ? `Roo DevOps: validation cancelled after ${plural(result.files, 'file')}` : `Roo DevOps: ${plural(result.files, 'file')} checked`;
  return `${head} — ${counts}.`;
}
