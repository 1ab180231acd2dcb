/**
 * "Validate Workspace" over stdio as VS Code drives it: the request carries a work-done token,
 * progress arrives on it as files done / total, the status notification follows the scan, and a
 * cancellation stops the scan between files with an answer that says so. Run `bun run build` first.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { CancellationTokenSource } from 'vscode-languageserver-protocol';
import { EDITOR_CAPABILITIES, LspSession } from '../support/lsp-session';

const FILES = 400;
const workflow = (i: number) => ['name: ci', 'on: push', 'jobs:', `  build${i}:`, '    runs-on: ubuntu-latest', '    steps:', '      - run: npm ci', ''].join('\n');

type Progress = { kind: 'begin' | 'report' | 'end'; message?: string; percentage?: number; cancellable?: boolean };
type Status = { state: 'checking'; done: number; total: number } | { state: 'ready'; files: number; findings: number };
interface Totals {
  files: number;
  findings: number;
  bySeverity: { error: number; warning: number; info: number };
  cancelled: boolean;
}

let session: LspSession;
const progress = new Map<string, Progress[]>();
const statuses: Status[] = [];

// The session's waitFor wakes on diagnostics; these notifications wake their own waiters.
const waiters = new Set<() => boolean>();
const wake = () => {
  for (const w of waiters) if (w()) waiters.delete(w);
};
function until(description: string, predicate: () => boolean, timeoutMs = 30_000): Promise<void> {
  if (predicate()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Timed out waiting for ${description}`)), timeoutMs);
    waiters.add(() => {
      if (!predicate()) return false;
      clearTimeout(timer);
      resolve();
      return true;
    });
  });
}

beforeAll(async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < FILES; i++) files[`.github/workflows/w${String(i).padStart(3, '0')}.yml`] = workflow(i);
  session = await LspSession.start(files, { ...EDITOR_CAPABILITIES, window: { workDoneProgress: true } });
  session.connection.onNotification('$/progress', (p: { token: string; value: Progress }) => {
    const list = progress.get(p.token) ?? [];
    list.push(p.value);
    progress.set(p.token, list);
    wake();
  });
  session.connection.onNotification('rooDevops/status', (s: Status) => {
    statuses.push(s);
    wake();
  });
  // The scan that follows `initialized` has ended when the status turns ready.
  await until('the first scan to end', () => statuses.some((s) => s.state === 'ready'), 30_000);
}, 40_000);

afterAll(() => session?.stop());

describe('rooDevops/validateWorkspace', () => {
  test('the status notification says checking N files, then ready', () => {
    const first = statuses[0];
    expect(first).toEqual({ state: 'checking', done: 0, total: FILES });
    expect(statuses.some((s) => s.state === 'checking' && s.done > 0 && s.done < FILES)).toBe(true);
    expect(statuses.find((s) => s.state === 'ready')).toEqual({ state: 'ready', files: FILES, findings: expect.any(Number) });
  });

  test('reports files done / total on the request token and answers with totals by severity', async () => {
    const totals = (await session.connection.sendRequest('rooDevops/validateWorkspace', { workDoneToken: 'full' })) as Totals;
    expect(totals.cancelled).toBe(false);
    expect(totals.files).toBe(FILES);
    expect(totals.findings).toBeGreaterThanOrEqual(FILES); // npm ci in each
    expect(totals.bySeverity.error + totals.bySeverity.warning + totals.bySeverity.info).toBe(totals.findings);
    await until('the end of the progress', () => progress.get('full')?.at(-1)?.kind === 'end');
    const events = progress.get('full') ?? [];
    expect(events[0]).toMatchObject({ kind: 'begin', cancellable: true, message: `0/${FILES} files` });
    const reports = events.filter((e) => e.kind === 'report');
    expect(reports.length).toBeGreaterThan(1);
    expect(reports.at(-1)).toMatchObject({ message: `${FILES}/${FILES} files`, percentage: 100 });
    // The counts only grow.
    const done = reports.map((r) => Number(r.message?.split('/')[0]));
    expect(done).toEqual([...done].sort((a, b) => a - b));
  });

  test('a cancelled request stops between files and answers with what it checked', async () => {
    const source = new CancellationTokenSource();
    const answer = session.connection.sendRequest('rooDevops/validateWorkspace', { workDoneToken: 'cancel-me' }, source.token) as Promise<Totals>;
    // Cancel as soon as the first report arrives: the scan is under way.
    await until('a first progress report', () => (progress.get('cancel-me') ?? []).some((e) => e.kind === 'report'));
    source.cancel();
    const totals = await answer;
    expect(totals.cancelled).toBe(true);
    expect(totals.files).toBeGreaterThan(0);
    expect(totals.files).toBeLessThan(FILES);
    await until('the end of the cancelled progress', () => progress.get('cancel-me')?.at(-1)?.kind === 'end');
  });

  test('without params (older clients, the CLI-like callers) it still answers', async () => {
    const totals = (await session.connection.sendRequest('rooDevops/validateWorkspace')) as Totals;
    expect(totals).toMatchObject({ files: FILES, cancelled: false });
  });
});
