/** Per-file limits: a file over one is said to be so in one `engine/limits` finding, never skipped in silence. */
import { expect, test } from 'bun:test';
import { DEFAULT_CONFIG, DEFAULT_LIMITS, type Limits, resolveConfig } from '../../server/src/core/config';
import { lint } from '../../server/src/core/engine';
import { RULES } from '../../server/src/core/rules';

const PATH = '.github/workflows/ci.yml';

/** One step running `npm ci` `n` times, a line each. */
function manyCommands(n: number): string {
  return `on: push\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n${'          npm ci\n'.repeat(n)}`;
}

function workflow(jobs: number, command = 'npm ci'): string {
  let text = 'on: push\njobs:\n';
  for (let i = 0; i < jobs; i++) text += `  j${i}:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${command}\n`;
  return text;
}

const withLimits = (limits: Partial<Limits>) => ({ ...DEFAULT_CONFIG, limits: { ...DEFAULT_LIMITS, ...limits } });

test('the defaults: 5 MB, 100,000 characters a line, 100,000 lines, 300,000 tokens, 1,000 findings a file', () => {
  expect(DEFAULT_LIMITS).toEqual({ maxFileBytes: 5 * 1024 * 1024, maxLineLength: 100_000, maxLines: 100_000, maxNodes: 300_000, maxFindingsPerFile: 1000 });
});

test('a file of more tokens than maxNodes gets one engine/limits finding, however few its lines', () => {
  // One line of a flow sequence: few lines, many nodes.
  const text = `on: push\nenv:\n  LIST: [${Array.from({ length: 40 }, (_, i) => `v${i}`).join(',')}]\n`;
  const tokens = 2 + 1 + 1 + 40; // on push env LIST v0..v39
  // A plain YAML file: a workflow this short would be reported by github-actions/schema (it has no jobs).
  expect(lint({ path: 'config/list.yml', text }, { config: withLimits({ maxNodes: tokens }) }).findings).toEqual([]);
  const over = lint({ path: 'config/list.yml', text }, { config: withLimits({ maxNodes: tokens - 1 }) });
  expect(over.findings.map((f) => `${f.ruleId} ${f.message}`)).toEqual([
    `engine/limits This file has more than ${tokens - 1} tokens (\`limits.maxNodes\`, a bound on the nodes of its parse), so it was not checked.`,
  ]);
});

test('a file of more lines than maxLines gets one engine/limits finding and no parse; at the limit it is checked', () => {
  const workflow = (jobs: number) => `on: push\njobs:\n${Array.from({ length: jobs }, (_, i) => `  j${i}:\n    runs-on: x\n    steps:\n      - run: npm ci\n`).join('')}`;
  const text = workflow(25);
  const lines = text.split('\n').length - 1;
  const at = lint({ path: '.github/workflows/ci.yml', text }, { config: withLimits({ maxLines: lines }) });
  expect(at.findings.filter((f) => f.ruleId === 'package-manager/js-commands')).toHaveLength(25);
  const over = lint({ path: '.github/workflows/ci.yml', text }, { config: withLimits({ maxLines: lines - 1 }) });
  expect(over.findings.map((f) => `${f.ruleId} ${f.message}`)).toEqual([
    `engine/limits This file has ${lines} lines, over the limit of ${lines - 1} (\`limits.maxLines\`), so it was not checked.`,
  ]);
  // CRLF and CR-only line endings count the same lines.
  const crlf = lint({ path: '.github/workflows/ci.yml', text: text.replaceAll('\n', '\r\n') }, { config: withLimits({ maxLines: lines - 1 }) });
  const cr = lint({ path: '.github/workflows/ci.yml', text: text.replaceAll('\n', '\r') }, { config: withLimits({ maxLines: lines - 1 }) });
  expect([crlf.findings.map((f) => f.message), cr.findings.map((f) => f.message)]).toEqual([over.findings.map((f) => f.message), over.findings.map((f) => f.message)]);
});

test('limits are read from the configuration; an invalid one keeps its default', () => {
  const config = resolveConfig('limits:\n  maxFindingsPerFile: 10\n  maxLineLength: -3\n', RULES);
  expect(config.limits).toEqual({ ...DEFAULT_LIMITS, maxFindingsPerFile: 10 });
  expect(resolveConfig('rules: {}\n', RULES).limits).toBeUndefined();
});

test('past the findings cap: the first findings by position, and one info finding with the number dropped', () => {
  const text = workflow(30);
  const all = lint({ path: PATH, text }).findings.filter((f) => f.ruleId !== 'engine/limits');
  expect(all.length).toBeGreaterThanOrEqual(30);
  const r = lint({ path: PATH, text }, { config: withLimits({ maxFindingsPerFile: 10 }) });
  const limits = r.findings.filter((f) => f.ruleId === 'engine/limits');
  expect(limits.map((f) => [f.severity, f.message])).toEqual([
    ['info', `${all.length - 10} more finding(s) of this file are not shown: at most 10 are reported per file (\`limits.maxFindingsPerFile\`).`],
  ]);
  const kept = r.findings.filter((f) => f.ruleId !== 'engine/limits');
  expect(kept).toEqual(all.slice(0, 10));
});

test('the cap holds per rule while the rule runs, so that 100,000 findings cost the memory of the cap', () => {
  const text = manyCommands(20_000);
  const r = lint({ path: PATH, text }, { config: withLimits({ maxFindingsPerFile: 50 }) });
  expect(r.byRule?.get('package-manager/js-commands')?.length).toBe(50);
  expect(r.overflowByRule?.get('package-manager/js-commands')).toBe(19_950);
  expect(r.findings.length).toBe(51);
  expect(r.findings.find((f) => f.ruleId === 'engine/limits')?.message).toStartWith('19950 more finding(s)');
});

test('suppressed findings past the cap are not counted as dropped', () => {
  const text = `# roo-devops-disable package-manager/js-commands\n${manyCommands(100)}`;
  const r = lint({ path: PATH, text }, { config: withLimits({ maxFindingsPerFile: 5 }) });
  expect(r.findings.filter((f) => f.ruleId === 'engine/limits' || f.ruleId === 'package-manager/js-commands')).toEqual([]);
});

test('a file over maxFileBytes is not parsed; just under it, it is checked', () => {
  const text = workflow(200);
  const bytes = Buffer.byteLength(text);
  const over = lint({ path: PATH, text }, { config: withLimits({ maxFileBytes: bytes - 1 }) });
  expect(over.findings.map((f) => [f.ruleId, f.message])).toEqual([
    ['engine/limits', `This file is ${bytes} bytes, over the limit of ${bytes - 1} (\`limits.maxFileBytes\`), so it was not checked.`],
  ]);
  const under = lint({ path: PATH, text }, { config: withLimits({ maxFileBytes: bytes }) });
  expect(under.findings.some((f) => f.ruleId === 'package-manager/js-commands')).toBe(true);
  expect(under.findings.some((f) => f.ruleId === 'engine/limits' && f.messageId === 'fileTooLarge')).toBe(false);
});

test('bytes are counted in UTF-8, not in UTF-16 code units', () => {
  const text = `on: push\n# ${'€'.repeat(100)}\n`; // 3 bytes, one code unit each
  const bytes = Buffer.byteLength(text);
  expect(bytes).toBeGreaterThan(text.length);
  expect(lint({ path: PATH, text }, { config: withLimits({ maxFileBytes: text.length + 10 }) }).findings.map((f) => f.messageId)).toEqual(['fileTooLarge']);
  expect(lint({ path: PATH, text }, { config: withLimits({ maxFileBytes: bytes }) }).findings.map((f) => f.messageId)).not.toContain('fileTooLarge');
});

test('a line over maxLineLength: one finding at that line, whatever the line ending', () => {
  for (const eol of ['\n', '\r\n', '\r']) {
    const text = ['on: push', 'jobs:', '  a:', `    runs-on: ${'x'.repeat(200)}`, ''].join(eol);
    const r = lint({ path: PATH, text }, { config: withLimits({ maxLineLength: 100 }) });
    expect(r.findings.map((f) => [f.messageId, f.message, text.slice(0, f.range.start).split(eol).length])).toEqual([
      ['lineTooLong', 'Line 4 is 213 characters long, over the limit of 100 (`limits.maxLineLength`), so this file was not checked.', 4],
    ]);
  }
});

test('the default line limit turns a quadratic-prone one-line file into one finding, fast', () => {
  const text = `on: push\njobs:\n  a:\n    steps:\n      - run: echo ${'npm '.repeat(60_000)}\n`;
  const started = performance.now();
  const r = lint({ path: PATH, text });
  expect(r.findings.map((f) => f.messageId)).toEqual(['lineTooLong']);
  expect(performance.now() - started).toBeLessThan(200);
});

test('engine/limits can be set to another severity through rules, per file through overrides', () => {
  const text = workflow(1);
  const config = { ...withLimits({ maxFileBytes: 10 }), overrides: [{ files: ['.github/**'], rules: { 'engine/limits': { severity: 'warning' as const } } }] };
  expect(lint({ path: PATH, text }, { config }).findings.map((f) => f.severity)).toEqual(['warning']);
});
