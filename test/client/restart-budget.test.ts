import { describe, expect, test } from 'bun:test';
import { MAX_RESTARTS, RESTART_WINDOW_MS, RestartBudget } from '../../client/src/restart-budget';

describe('restarts after a crash are bounded', () => {
  test('four restarts within three minutes, then none', () => {
    const budget = new RestartBudget();
    expect([MAX_RESTARTS, RESTART_WINDOW_MS]).toEqual([4, 180_000]);
    const answers = [0, 1000, 2000, 3000, 4000].map((t) => budget.crashed(t));
    expect(answers).toEqual([true, true, true, true, false]);
    expect(budget.recent(4000)).toBe(5);
  });

  test('crashes older than the window no longer count', () => {
    const budget = new RestartBudget(2, 1000);
    expect(budget.crashed(0)).toBe(true);
    expect(budget.crashed(10)).toBe(true);
    expect(budget.crashed(20)).toBe(false);
    // The first two have left the window; the one at 20 is still inside.
    expect(budget.crashed(1015)).toBe(true);
    expect(budget.crashed(1016)).toBe(false);
  });

  test('a restart by hand starts the count again', () => {
    const budget = new RestartBudget(1, 1000);
    expect(budget.crashed(0)).toBe(true);
    expect(budget.crashed(1)).toBe(false);
    budget.reset();
    expect(budget.crashed(2)).toBe(true);
  });
});
