/**
 * Entry of the API suite, bundled to one CommonJS file (scripts/build-vscode-suite.ts):
 * `run()` is what `@vscode/test-electron` calls (extensionTestsPath), `runSuite()` what the
 * runner extension inside code-server calls (test/vscode/runner/). Both run the same mocha tests.
 */
import Mocha from 'mocha';

export interface TestResult {
  title: string;
  state: 'passed' | 'failed';
  durationMs: number;
  error?: string;
}

export interface SuiteResults {
  passed: number;
  failed: number;
  tests: TestResult[];
}

/** Runs every test; resolves with what passed and failed (it never rejects for a failing test). */
export async function runSuite(): Promise<SuiteResults> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 120_000, color: false, reporter: 'spec' });
  // The test files call mocha's globals (suite, test, ...) as they load: give them those first,
  // then load them in this order (activation first).
  mocha.suite.emit('pre-require', globalThis, 'roo-devops-api-suite', mocha);
  await import('./activation.test');
  await import('./diagnostics.test');
  await import('./quick-fix.test');
  await import('./snippets.test');
  await import('./commands.test');

  const tests: TestResult[] = [];
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (t) => tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 }));
    runner.on('fail', (t, error: Error) => tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration ?? 0, error: error.stack ?? error.message }));
  });
  const passed = tests.filter((t) => t.state === 'passed').length;
  // A failed hook skips the tests under it: those count as failed too, not as silently absent.
  const failed = Math.max(tests.length - passed, mocha.suite.total() - passed);
  return { passed, failed, tests };
}

export async function run(): Promise<void> {
  const results = await runSuite();
  if (results.failed > 0 || results.passed === 0) throw new Error(`editor-api: ${results.passed} passed, ${results.failed} failed`);
}
