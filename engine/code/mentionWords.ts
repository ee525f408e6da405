// The UPPER_CASE words of a file searched only for mentions (a render.yaml, a Compose file, a
// script), kept up to date across edits of an open buffer without scanning the whole text again:
// a keystroke in a 5,000-line file changes a few words at most, and the words are usually the same.
import { textChange } from '../parse/incremental';
import { ownString } from '../text/ownString';

const WORD = /\b[A-Z][A-Z0-9_]*[A-Z0-9]\b/g;

/** How often each word occurs in `text` (what `\b…\b` matches is always a whole run of word characters). */
export interface MentionCounts {
  text: string;
  counts: Map<string, number>;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function tally(text: string, into: Map<string, number>, by: 1 | -1): void {
  for (const m of text.matchAll(WORD)) into.set(m[0], (into.get(m[0]) ?? 0) + by);
}

export function countMentions(text: string): MentionCounts {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(WORD)) {
    const n = counts.get(m[0]);
    if (n === undefined) counts.set(ownString(m[0]), 1);
    else counts.set(m[0], n + 1);
  }
  return { text, counts };
}

/**
 * Moves `m` to `text`, re-counting only the runs of word characters the change touches; true when
 * the set of words changed.
 */
export function updateMentions(m: MentionCounts, text: string): boolean {
  const old = m.text;
  const c = textChange(old, text);
  let start = c.start;
  while (start > 0 && isWordChar(old.charCodeAt(start - 1))) start--;
  let oldEnd = c.oldEnd;
  while (oldEnd < old.length && isWordChar(old.charCodeAt(oldEnd))) oldEnd++;
  const newEnd = c.newEnd + (oldEnd - c.oldEnd);
  const delta = new Map<string, number>();
  tally(old.slice(start, oldEnd), delta, -1);
  tally(text.slice(start, newEnd), delta, 1);
  let changed = false;
  for (const [word, d] of delta) {
    if (d === 0) continue;
    const before = m.counts.get(word) ?? 0;
    const after = before + d;
    if (after === 0) m.counts.delete(word);
    else m.counts.set(before === 0 ? ownString(word) : word, after);
    if ((before === 0) !== (after === 0)) changed = true;
  }
  m.text = text;
  return changed;
}
