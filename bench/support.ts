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
