/**
 * How often a crashed server is started again: at most `maxRestarts` within `windowMs`,
 * after which the user is asked (a crash loop must not burn CPU in the background forever).
 * The numbers are vscode-languageclient's defaults (4 within 3 minutes), made explicit here
 * so that they do not change under us with a library update. Free of `vscode` so it can be
 * tested alone.
 */
export const MAX_RESTARTS = 4;
export const RESTART_WINDOW_MS = 3 * 60 * 1000;

export class RestartBudget {
  private crashes: number[] = [];

  constructor(
    readonly maxRestarts = MAX_RESTARTS,
    readonly windowMs = RESTART_WINDOW_MS,
  ) {}

  /** Records a crash at `now`; true when the server may be restarted for it. */
  crashed(now: number): boolean {
    this.crashes = this.crashes.filter((t) => now - t < this.windowMs);
    this.crashes.push(now);
    return this.crashes.length <= this.maxRestarts;
  }

  /** Crashes within the window at `now`. */
  recent(now: number): number {
    return this.crashes.filter((t) => now - t < this.windowMs).length;
  }

  /** The user restarted the server by hand: the count starts again. */
  reset(): void {
    this.crashes = [];
  }
}
