// Whether a file's diagnostics would come out as last published, decided from the findings and
// texts behind them rather than by converting and serialising them again: typing in one file
// re-publishes every file holding cross-file findings (a 5,000-line render.yaml's run to 130 KB),
// and those are mostly unchanged.
import type { Finding } from '../engine/types';
import type { TextSource } from './convert';

/** The texts a publication's positions were computed on: its file's and those its related information points into. */
export function positionTexts(file: string, findings: readonly Finding[], source: TextSource): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>([[file, source.text(file)]]);
  for (const f of findings) {
    if (!out.has(f.file)) out.set(f.file, source.text(f.file));
    for (const r of f.related) if (!out.has(r.file)) out.set(r.file, source.text(r.file));
  }
  return out;
}

export function sameTexts(texts: ReadonlyMap<string, string | undefined>, source: TextSource): boolean {
  for (const [file, text] of texts) if (source.text(file) !== text) return false;
  return true;
}

/** Structural equality of plain data (findings are plain objects, arrays and primitives). */
export function samePlain(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!samePlain(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!samePlain((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}
