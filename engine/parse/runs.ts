// A change that spans many services (the text put back after edits in several places, a revert, a
// whole-document format) is re-parsed one run of changed lines at a time, each run an ordinary
// incremental re-parse: the services between the runs keep their nodes, and with them everything
// rules keep per service, as after an edit inside one service. Otherwise such a change is parsed
// whole and the next few keystrokes rebuild every kept model.
//
// Any split of the change into runs is correct: the runs are applied one after the other, each
// re-parse gives exactly the whole parse of its intermediate text (./incremental), and the last
// text is the new one. The line matching below only decides how much is re-parsed.
import { DEFAULT_LIMITS, type Limits } from '../limits';
import { reparseYaml, type TextChange } from './incremental';
import type { ParsedYaml } from './yaml';

/** Below this many changed lines one re-parse is as good. */
const MIN_LINES = 40;
/** More runs than this: a whole parse is cheaper than re-parsing each. */
const MAX_RUNS = 32;
/** Lines that must match in a row for the texts to count as back in step. */
const RESYNC = 3;
/** How far ahead (in lines, on each side) a changed run may end. */
const LOOKAHEAD = 80;

interface Run {
  /** Old lines [a0, a1) became new lines [b0, b1). */
  a0: number;
  a1: number;
  b0: number;
  b1: number;
}

function changedRuns(a: readonly string[], b: readonly string[]): Run[] | undefined {
  const inStep = (x: number, y: number): boolean => {
    for (let k = 0; k < RESYNC; k++) {
      if (x + k >= a.length || y + k >= b.length) return x + k >= a.length && y + k >= b.length;
      if (a[x + k] !== b[y + k]) return false;
    }
    return true;
  };
  const runs: Run[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    let found = false;
    for (let sum = 1; sum <= 2 * LOOKAHEAD && !found; sum++) {
      for (let di = Math.max(0, sum - LOOKAHEAD); di <= Math.min(sum, LOOKAHEAD) && !found; di++) {
        if (!inStep(i + di, j + sum - di)) continue;
        runs.push({ a0: i, a1: i + di, b0: j, b1: j + sum - di });
        i += di;
        j += sum - di;
        found = true;
      }
    }
    if (!found || runs.length > MAX_RUNS) return undefined;
  }
  return runs;
}

/** Offsets of the line starts of `lines` joined by `\n`, and the end. */
function lineOffsets(lines: readonly string[]): number[] {
  const out = [0];
  for (const l of lines) out.push(out[out.length - 1] + l.length + 1);
  return out;
}

/**
 * The parse of `text` through one re-parse per run of changed lines; undefined when the change is
 * not one for this (then `prev` is untouched), 'whole' when a run could not be re-parsed after
 * others were (then `prev` was taken over and only a whole parse will do).
 */
export function reparseInRuns(prevText: string, prev: ParsedYaml, text: string, change: TextChange, limits: Limits = DEFAULT_LIMITS): ParsedYaml | 'whole' | undefined {
  const start = prevText.lastIndexOf('\n', change.start - 1) + 1;
  const nl = prevText.indexOf('\n', change.oldEnd);
  const oldEnd = nl < 0 ? prevText.length : nl + 1;
  const newEnd = oldEnd + (change.newEnd - change.oldEnd);
  const oldSpan = prevText.slice(start, oldEnd);
  const newSpan = text.slice(start, newEnd);
  const oldLines = oldSpan.split('\n');
  const newLines = newSpan.split('\n');
  if (oldLines.length < MIN_LINES || newLines.length < MIN_LINES) return undefined;
  const runs = changedRuns(oldLines, newLines);
  if (!runs || runs.length < 2) return undefined;
  const oldAt = lineOffsets(oldLines);
  const newAt = lineOffsets(newLines);
  const cut = (offsets: number[], span: string, line: number) => Math.min(offsets[line], span.length);
  let cur = prevText;
  let parsed = prev;
  // Last run first: the offsets of the runs before it stay as they were.
  for (let k = runs.length - 1; k >= 0; k--) {
    const r = runs[k];
    const x = start + cut(oldAt, oldSpan, r.a0);
    const y = start + cut(oldAt, oldSpan, r.a1);
    const next = cur.slice(0, x) + newSpan.slice(cut(newAt, newSpan, r.b0), cut(newAt, newSpan, r.b1)) + cur.slice(y);
    const step = reparseYaml(cur, parsed, next, limits);
    if (!step) return k === runs.length - 1 ? undefined : 'whole';
    parsed = step;
    cur = next;
  }
  return cur === text ? parsed : 'whole';
}
