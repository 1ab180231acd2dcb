/**
 * What the benchmarks share: the seeded generator their inputs come from, the
 * percentile of a sorted sample, and the section of `bench/RESULTS.md` each one
 * replaces between its markers.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const RESULTS = join(import.meta.dir, 'RESULTS.md');

/** mulberry32: a small deterministic generator, so every run generates the same inputs. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The nearest-rank percentile `p` (0–100) of an ascending sample. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

/**
 * Replaces the text between `<!-- name -->` and `<!-- /name -->` of RESULTS.md with
 * `section` (which carries both markers), or appends it when the markers are not there.
 */
export function writeResultsSection(name: string, section: string): void {
  const start = `<!-- ${name} -->`;
  const end = `<!-- /${name} -->`;
  const current = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '';
  const s = current.indexOf(start);
  const e = current.indexOf(end);
  writeFileSync(RESULTS, s >= 0 && e > s ? current.slice(0, s) + section + current.slice(e + end.length) : `${current.trimEnd()}\n\n${section}\n`);
  console.error(`wrote ${RESULTS}`);
}

/** The line a bench part prints last, carrying its figures to `bench/run.ts`. */
export const RESULT_MARK = 'BENCH_RESULT ';

/** Prints a part's figures for `bench/run.ts` (one line, JSON). */
export function emitResult(value: unknown): void {
  console.log(`${RESULT_MARK}${JSON.stringify(value)}`);
}

/** The figures a part printed: the last `BENCH_RESULT` line of its output, or undefined when there is none. */
export function parseResult<T = unknown>(stdout: string): T | undefined {
  const lines = stdout.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i].trim();
    if (line.startsWith(RESULT_MARK)) {
      try {
        return JSON.parse(line.slice(RESULT_MARK.length)) as T;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
