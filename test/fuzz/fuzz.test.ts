/**
 * The bounded fuzz run: 5,000 seeded mutations of the fixtures and the corpus,
 * every registered file kind in turn, each held to the properties of
 * `harness.ts`. A failure prints the seed, the case, the kind and the command
 * that reproduces it; `bun scripts/fuzz.ts` runs longer and larger.
 */
import { describe, expect, test } from 'bun:test';
import { formatOf } from '../../server/src/core/formats';
import { FILE_KINDS } from '../../server/src/core/types';
import {
  BOUNDED_LIMITS,
  emptyStats,
  failureReport,
  fallbackSeed,
  makeCase,
  MUTATORS,
  mulberry32,
  parses,
  Random,
  runCases,
  seedsByKind,
  splitsPair,
  summary,
  warmUp,
} from './harness';

/** Fixed, so that CI runs the same cases each time; the long run draws fresh seeds. */
const SEED = 20_240_607;
const CASES = 5_000;
/** Chunks of cases, each its own test so that a slow machine shows where the time went. */
const CHUNK = 500;

describe('the harness', () => {
  test('mulberry32 is reproducible and spread over [0, 1)', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(new Set(xs).size).toBe(1000);
    expect(xs.filter((x) => x < 0.5).length).toBeGreaterThan(400);
  });

  test('every registered kind has seeds, linted under a path of its format', () => {
    const seeds = seedsByKind();
    for (const kind of FILE_KINDS) {
      const list = seeds.get(kind) ?? [];
      expect(list.length, kind).toBeGreaterThan(0);
      for (const s of list) expect(() => formatOf(kind, s.path, s.text)).not.toThrow();
    }
  });

  test('a kind with no fixture gets a seed of its format', () => {
    for (const kind of FILE_KINDS) {
      const s = fallbackSeed(kind);
      expect(s.text.length, kind).toBeGreaterThan(0);
      expect(s.path.length, kind).toBeGreaterThan(0);
    }
  });

  test('a case is the same whenever it is made, whatever ran before', () => {
    const late = makeCase(SEED, 4321);
    for (let i = 0; i < 20; i++) makeCase(SEED, i);
    const again = makeCase(SEED, 4321);
    expect(again.text).toBe(late.text);
    expect(again.mutations).toEqual(late.mutations);
    expect(again.kind).toBe(late.kind);
    expect(makeCase(SEED + 1, 4321).text === late.text && makeCase(SEED + 2, 4321).text === late.text).toBe(false);
  });

  test('consecutive cases visit every kind', () => {
    const kinds = new Set(Array.from({ length: FILE_KINDS.length }, (_, i) => makeCase(SEED, i).kind));
    expect(kinds.size).toBe(FILE_KINDS.length);
  });

  test('each mutation changes some seed, within the limits', () => {
    const r = new Random(mulberry32(3));
    const text = 'a:\n  b: [1, 2]\n  c: "é😀"\n';
    for (const m of MUTATORS) {
      let changed = false;
      for (let i = 0; i < 20 && !changed; i++) {
        const out = m.apply(text, r, BOUNDED_LIMITS, 'x: 1\n');
        expect(out.length, m.name).toBeLessThan(text.length + 60 * BOUNDED_LIMITS.huge);
        changed = out !== text;
      }
      expect(changed, m.name).toBe(true);
    }
  });

  test('invalid UTF-8 is decoded with replacement characters, as the shells read files', () => {
    const r = new Random(mulberry32(11));
    const m = MUTATORS.find((x) => x.name === 'invalid-utf8');
    const out = m?.apply('name: x\n', r, BOUNDED_LIMITS, '') ?? '';
    expect(out).toContain('\ufffd');
  });

  test('a range between the halves of a surrogate pair is caught, a lone half is not a pair', () => {
    expect(splitsPair('a😀b', 2)).toBe(true);
    expect(splitsPair('a😀b', 1)).toBe(false);
    expect(splitsPair('a😀b', 3)).toBe(false);
    expect(splitsPair('a\ud83db', 2)).toBe(false);
  });

  test('the parse check tells a broken file from a sound one', () => {
    expect(parses('yaml', 'a: 1\n')).toBe(true);
    expect(parses('yaml', 'a: [1\n')).toBe(false);
    expect(parses('json', '{"a": 1}')).toBe(true);
    expect(parses('json', '{"a": 1,}')).toBe(false);
    expect(parses('jsonc', '{"a": 1,} // ok')).toBe(true);
    expect(parses('toml', 'a = 1\n')).toBe(true);
    expect(parses('toml', 'a = \n')).toBe(false);
    expect(parses('dockerfile', 'FROM x')).toBeUndefined();
  });

  test('a case that breaks a property is reported with the way to reproduce it', () => {
    const c = makeCase(SEED, 3);
    const report = failureReport(c, ['rule x crashed: Error: boom']);
    expect(report).toContain(`seed ${SEED}, case 3, kind ${c.kind}`);
    expect(report).toContain(`bun scripts/fuzz.ts --seed ${SEED} --case 3`);
    expect(report).toContain('rule x crashed');
  });
});

describe(`bounded fuzz run (seed ${SEED}, ${CASES} cases)`, () => {
  const stats = emptyStats();
  test('warm-up: every seed lints', () => {
    warmUp();
  }, 60_000);

  for (let from = 0; from < CASES; from += CHUNK) {
    test(`cases ${from}..${from + CHUNK - 1}`, () => {
      const before = stats.failed.length;
      runCases(
        SEED,
        Array.from({ length: CHUNK }, (_, i) => from + i),
        BOUNDED_LIMITS,
        stats,
      );
      const failed = stats.failed.slice(before);
      if (failed.length) console.error(failed.map((f) => failureReport(f.c, f.failures)).join('\n'));
      expect(failed.map((f) => `case ${f.c.index} (${f.c.kind}): ${f.failures[0]}`)).toEqual([]);
    }, 120_000);
  }

  test('summary', () => {
    console.log(summary(stats));
    expect(stats.cases).toBe(CASES);
    // The properties were exercised, not skipped: findings and fixes were seen.
    expect(stats.findings).toBeGreaterThan(CASES);
    expect(stats.fixes).toBeGreaterThan(100);
  });
});
