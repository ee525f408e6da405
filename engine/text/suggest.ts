// "Did you mean …?" for names and keys. A suggestion is *certain* (safe to apply as a fix) only when
// it differs by case alone, or by one edit (or one swap of neighbours) from a name of 4+ characters
// and no other candidate is as close.

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

export interface Suggestion {
  value: string;
  certain: boolean;
}

/** The closest candidate within a third of the name's length (at most 3 edits), if one stands out. */
export function suggest(name: string, candidates: Iterable<string>): Suggestion | undefined {
  const lower = name.toLowerCase();
  const limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  let best: string[] = [];
  let bestDistance = Infinity;
  for (const c of new Set(candidates)) {
    if (c === name) continue;
    // The distance is at least the difference in length: such a candidate can neither be chosen
    // nor tie with one that can (and a 40,000-character key costs no 40,000-row table).
    if (Math.abs(c.length - name.length) > limit) continue;
    const dist = c.toLowerCase() === lower ? 0 : editDistance(lower, c.toLowerCase()) + (c.length > 0 ? 0 : 99);
    if (dist < bestDistance) {
      best = [c];
      bestDistance = dist;
    } else if (dist === bestDistance) best.push(c);
  }
  if (best.length !== 1 || bestDistance > limit) return undefined;
  return { value: best[0], certain: bestDistance === 0 || (bestDistance === 1 && name.length >= 4) };
}
