/**
 * The long fuzz run, and the reproduction of one case.
 *
 *   bun scripts/fuzz.ts [--seed S] [--cases N] [--start I] [--bounded]
 *   bun scripts/fuzz.ts --seed S --case N [--write FILE]
 *
 * Without `--seed` a fresh one is drawn and printed. The long run uses larger
 * inserts (huge lines, deep nesting) than the bounded run of the test suite;
 * `--bounded` uses the suite's, to reproduce one of its cases exactly.
 * Exit code 1 when any case fails.
 */
import { writeFileSync } from 'node:fs';
import { BOUNDED_LIMITS, checkCase, failureReport, LONG_LIMITS, makeCase, runCases, summary, warmUp } from '../test/fuzz/harness';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}

function intOption(name: string): number | undefined {
  const v = option(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} wants a non-negative integer, not "${v}"`);
    process.exit(2);
  }
  return n;
}

const seed = intOption('seed') ?? Math.floor(Math.random() * 2 ** 31);
const single = intOption('case');
// A single case is reproduced as the test suite made it unless asked otherwise.
const limits = process.argv.includes('--bounded') || (single !== undefined && !process.argv.includes('--long')) ? BOUNDED_LIMITS : LONG_LIMITS;

warmUp();

if (single !== undefined) {
  const c = makeCase(seed, single, limits);
  const o = checkCase(c);
  console.log(`seed ${seed}, case ${single}: kind ${c.kind}, path ${c.path}, from ${c.origin}`);
  console.log(`mutations [${c.mutations.join(', ')}], policy ${c.policy}, ${o.bytes} bytes, ${o.ms.toFixed(1)} ms, ${o.findings} findings, ${o.fixes} fixes`);
  const out = option('write');
  if (out) {
    writeFileSync(out, c.text);
    console.log(`input written to ${out}`);
  }
  if (o.failures.length) {
    console.log(failureReport(c, o.failures));
    process.exit(1);
  }
  console.log('all properties hold');
  process.exit(0);
}

const cases = intOption('cases') ?? 100_000;
const start = intOption('start') ?? 0;
console.log(`fuzzing: seed ${seed}, cases ${start}..${start + cases - 1}, ${limits === LONG_LIMITS ? 'long' : 'bounded'} limits`);
const began = performance.now();
const stats = runCases(
  seed,
  (function* () {
    for (let i = start; i < start + cases; i++) yield i;
  })(),
  limits,
  undefined,
  (c, o) => {
    if (o.failures.length) console.log(failureReport(c, o.failures));
    if ((c.index - start + 1) % 1000 === 0) console.log(`  ${c.index - start + 1} cases, ${((performance.now() - began) / 1000).toFixed(0)} s`);
  },
);
console.log(summary(stats));
process.exit(stats.failed.length ? 1 : 0);
