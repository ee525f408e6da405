// A string cut from a larger one (`slice`, a regular-expression match) can keep the whole larger
// string alive in V8. Names an index keeps for a long time (a source file's environment reads and
// words) are copied out of the file's text with this, and equal names share one copy, so the
// index does not hold every file's text.

const pool = new Map<string, string>();
/** The pool is emptied when it reaches this size (names only; a later copy is as good). */
const MAX_POOLED = 100_000;

export function ownString(s: string): string {
  let own = pool.get(s);
  if (own === undefined) {
    if (pool.size >= MAX_POOLED) pool.clear();
    // join builds a new flat string; short slices are copies already.
    own = s.length < 13 ? s : s.split('').join('');
    pool.set(own, own);
  }
  return own;
}
