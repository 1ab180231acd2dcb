/**
 * "Did you mean …?": the candidate closest to a misspelt word, by edit distance
 * with adjacent transpositions (`scirpt` → `script` is one edit), or undefined
 * when nothing is close enough to be a likely typo.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    if (c === word) continue;
    const cl = c.toLowerCase();
    if (cl === lower) return c;
    // Words of very different lengths are never a typo of one another; skip the table.
    if (Math.abs(cl.length - lower.length) > 2) continue;
    const d = distance(lower, cl, bestDistance);
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  // One edit for short words, two from six characters on: beyond that a suggestion is a guess.
  const allowed = lower.length < 6 ? 1 : 2;
  if (bestDistance <= allowed && bestDistance < lower.length) return best;
  return completion(word, candidates);
}

/** A key written without its suffix (`expire` for `expire_in`): the one candidate that starts with the word and a separator. */
function completion(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length < 4) return undefined;
  const lower = word.toLowerCase();
  const found = [...candidates].filter((c) => c.toLowerCase().startsWith(lower) && /^[_\-.]/.test(c.slice(word.length)));
  return found.length === 1 ? found[0] : undefined;
}

/** Optimal string alignment distance, stopping early once it exceeds `limit`. */
function distance(a: string, b: string, limit: number): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Number.POSITIVE_INFINITY;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return rowMin;
  }
  return rows[a.length][b.length];
}
