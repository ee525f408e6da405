// Decides which production sources disagree and what production effectively runs per folder.
// Sources are compared only within one folder (a service's code folder, or a file's own folder):
// in a monorepo a frontend's `.nvmrc` and a backend's Dockerfile describe different programs.
import { allowsLine, sameLine, showLine, type Language, type Line } from './spec';
import type { ProductionSource } from './production';

export interface ProductionConflict {
  /** The less authoritative source, where the finding goes. */
  source: ProductionSource;
  /** The source production follows. */
  against: ProductionSource;
}

function sharesDir(a: ProductionSource, b: ProductionSource): boolean {
  return a.dirs.some((d) => b.dirs.includes(d));
}

/** True when `b` disagrees with `a` (a pinned): a different line, or a range that excludes a's line. */
function disagrees(a: ProductionSource, b: ProductionSource): boolean {
  const line = a.req.pinned;
  if (!line) return false;
  if (b.req.pinned) return !sameLine(line, b.req.pinned);
  return !allowsLine(b.req, line);
}

/** Each disagreeing source once, against the most authoritative source of its folder. */
export function productionConflicts(sources: readonly ProductionSource[]): ProductionConflict[] {
  const out: ProductionConflict[] = [];
  const ranked = [...sources].sort((x, y) => y.authority - x.authority);
  for (const b of ranked) {
    const a = ranked.find((x) => x !== b && x.language === b.language && x.authority > b.authority && x.req.pinned && sharesDir(x, b));
    if (a && disagrees(a, b)) out.push({ source: b, against: a });
  }
  return out;
}

/**
 * What production runs, per folder and language: the most authoritative pinned source, or, when
 * nothing pins a version, the most authoritative range.
 */
export function effectiveSources(sources: readonly ProductionSource[], language: Language): ProductionSource[] {
  const byDir = new Map<string, ProductionSource>();
  const rank = (s: ProductionSource) => (s.req.pinned ? 1000 : 0) + s.authority;
  for (const s of sources) {
    if (s.language !== language) continue;
    for (const d of s.dirs) {
      const cur = byDir.get(d);
      if (!cur || rank(s) > rank(cur)) byDir.set(d, s);
    }
  }
  return [...new Set(byDir.values())].sort((x, y) => rank(y) - rank(x) || (x.file < y.file ? -1 : x.file > y.file ? 1 : 0));
}

/** True when a CI line is what some production folder runs (or allows, when it only declares a range). */
export function lineMatches(line: Line, effective: readonly ProductionSource[]): boolean {
  return effective.some((e) => (e.req.pinned ? sameLine(e.req.pinned, line) : allowsLine(e.req, line)));
}

/** The distinct pinned lines production runs. */
export function pinnedLines(effective: readonly ProductionSource[]): Line[] {
  const out: Line[] = [];
  for (const e of effective) if (e.req.pinned && !out.some((l) => sameLine(l, e.req.pinned!))) out.push(e.req.pinned);
  return out;
}

export function describeLines(lines: readonly Line[]): string {
  return lines.map(showLine).join(', ');
}
