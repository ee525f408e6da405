import type { FileEdit, Finding, Fix } from './types';

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** Applies non-overlapping edits to one text; inserts at the same point keep their given order. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const ordered = edits.map((e, i) => ({ ...e, i })).sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
  let out = '';
  let cursor = 0;
  for (const e of ordered) {
    if (e.start < cursor) continue;
    out += text.slice(cursor, e.start) + e.newText;
    cursor = e.end;
  }
  return out + text.slice(cursor);
}

function overlaps(a: FileEdit, b: FileEdit): boolean {
  if (a.file !== b.file) return false;
  if (a.start === a.end && b.start === b.end) return false;
  return a.start < b.end && b.start < a.end || (a.start === a.end && a.start > b.start && a.start < b.end) || (b.start === b.end && b.start > a.start && b.start < a.end);
}

function sameEdit(a: FileEdit, b: FileEdit): boolean {
  return a.file === b.file && a.start === b.start && a.end === b.end && a.newText === b.newText;
}

/**
 * Picks the fixes fix-all applies: the first safe fix of each finding, skipping any fix that
 * conflicts with one already taken (all of a fix or none of it). Identical edits from two fixes
 * (e.g. the same `.env.example` line) are applied once.
 */
export function selectFixes(findings: readonly Finding[]): { fixes: Fix[]; edits: FileEdit[] } {
  const taken: FileEdit[] = [];
  const fixes: Fix[] = [];
  for (const f of findings) {
    const fix = f.fixes.find((x) => x.safe);
    if (!fix) continue;
    const fresh = fix.edits.filter((e) => !taken.some((t) => sameEdit(t, e)));
    if (fresh.some((e) => taken.some((t) => overlaps(t, e)))) continue;
    if (fresh.some((e) => fix.edits.some((o) => o !== e && overlaps(o, e)))) continue;
    // Two inserts of the same line at the same point (e.g. two findings both adding NAME=) collapse;
    // the same line inserted at different points (one `restart:` per service) is kept.
    const unique = fresh.filter((e) => !taken.some((t) => t.file === e.file && t.start === t.end && e.start === e.end && t.start === e.start && t.newText === e.newText));
    taken.push(...unique);
    fixes.push(fix);
  }
  return { fixes, edits: taken };
}

/** Groups edits per file and applies them; `read` returns current text ('' for a new file). */
export function applyFileEdits(edits: readonly FileEdit[], read: (file: string) => string | undefined): Map<string, string> {
  const byFile = new Map<string, FileEdit[]>();
  for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const out = new Map<string, string>();
  for (const [file, list] of byFile) out.set(file, applyEdits(read(file) ?? '', list));
  return out;
}
