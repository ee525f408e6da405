// Whether a file's diagnostics would come out as last published, decided from the findings and
// texts behind them rather than by converting and serialising them again: typing in one file
// re-publishes every file holding cross-file findings (a 5,000-line render.yaml's run to 130 KB),
// and those are mostly unchanged.
import type { Finding } from '../engine/types';
export { samePlain } from '../engine/samePlain';
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
