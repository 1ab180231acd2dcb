/** A rule that throws costs its own findings and one `engine/rule-crashed` finding; the others stand. */
import { expect, test } from 'bun:test';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { describeFailure, lint } from '../../server/src/core/engine';
import type { Rule } from '../../server/src/core/rule';
import { ruleById } from '../../server/src/core/rules';

const WORKFLOW = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm ci\n      - run: pip install -r requirements.txt\n';

function withThrowingRule<T>(id: string, error: unknown, run: () => T): T {
  const rule = ruleById(id) as Rule<unknown>;
  const check = rule.check;
  rule.check = () => {
    throw error;
  };
  try {
    return run();
  } finally {
    rule.check = check;
  }
}

test('a throwing rule is one engine/rule-crashed finding for the file; the other rules still report', () => {
  const secretText = 'token=s3cr3tvalue';
  const r = withThrowingRule('package-manager/js-commands', new Error(`boom on ${secretText}`), () =>
    lint({ path: '.github/workflows/ci.yml', text: WORKFLOW }, { config: { ...DEFAULT_CONFIG } }),
  );
  expect(r.crashes.map((c) => c.ruleId)).toEqual(['package-manager/js-commands']);
  const crashed = r.findings.filter((f) => f.ruleId === 'engine/rule-crashed');
  expect(crashed.map((f) => [f.severity, f.message, f.range])).toEqual([
    ['info', 'Rule `package-manager/js-commands` failed on this file, so its findings are missing (please report this).', { start: 0, end: 0 }],
  ]);
  // The finding quotes neither the error nor the file.
  expect(crashed[0].message).not.toContain('boom');
  expect(r.findings.some((f) => f.ruleId === 'package-manager/python-commands')).toBe(true);
  expect(r.findings.some((f) => f.ruleId === 'package-manager/js-commands')).toBe(false);
});

test('a stack overflow or a thrown non-error is contained the same way', () => {
  const deep = (n: number): number => deep(n + 1) + 1;
  for (const error of [(() => { try { return deep(0); } catch (e) { return e; } })(), 'a string', undefined]) {
    const r = withThrowingRule('package-manager/python-commands', error, () => lint({ path: '.github/workflows/ci.yml', text: WORKFLOW }, { config: { ...DEFAULT_CONFIG } }));
    expect(r.findings.filter((f) => f.ruleId === 'engine/rule-crashed').length).toBe(1);
    expect(r.findings.some((f) => f.ruleId === 'package-manager/js-commands')).toBe(true);
  }
});

test('engine/rule-crashed takes its configured severity, and can be switched off', () => {
  const run = (severity: 'error' | 'off') =>
    withThrowingRule('package-manager/js-commands', new Error('x'), () =>
      lint({ path: '.github/workflows/ci.yml', text: WORKFLOW }, { config: { ...DEFAULT_CONFIG, rules: { 'engine/rule-crashed': { severity } } } }),
    );
  expect(run('error').findings.filter((f) => f.ruleId === 'engine/rule-crashed').map((f) => f.severity)).toEqual(['error']);
  const off = run('off');
  expect(off.findings.filter((f) => f.ruleId === 'engine/rule-crashed')).toEqual([]);
  // Off in the editor, the crash is still there for the shells, which exit 2 on it.
  expect(off.crashes.length).toBe(1);
});

test('what the shells log of a failure names the error and the code, never the text of the file', () => {
  const parse = (() => {
    try {
      JSON.parse('{"token": "s3cr3tvalue"');
      return undefined;
    } catch (e) {
      return e;
    }
  })();
  const logged = describeFailure(parse);
  expect(logged).toStartWith('SyntaxError (message withheld: it may quote the file)');
  expect(logged).not.toContain('s3cr3tvalue');
  expect(logged).toContain('    at ');
  expect(describeFailure(new TypeError("Cannot read properties of undefined (reading 'x')"))).toStartWith("TypeError: Cannot read properties of undefined (reading 'x')");
  expect(describeFailure(new Error('bad line: password=hunter2'))).not.toContain('hunter2');
  expect(describeFailure('password=hunter2')).not.toContain('hunter2');
});
