import type { Category, Finding, Severity } from './types';

export const CATEGORIES: Category[] = ['security', 'correctness', 'configuration', 'reliability', 'operations'];

/** Points one finding costs; see docs/score.md. */
export const SEVERITY_WEIGHT: Record<Severity, number> = { error: 10, warning: 3, info: 1 };

/** The most one category can cost, so one noisy category cannot hide the state of the others. */
export const CATEGORY_CAP = 40;

export type Verdict = 'ready' | 'ready with warnings' | 'not ready';

export interface ScoreBreakdown {
  score: number;
  verdict: Verdict;
  penalties: Record<Category, number>;
}

const ENGINE_IDS = new Set(['readiness-internal', 'readiness-skipped', 'readiness-config']);

/** Engine notices say something about the audit itself, not the configuration: they never count. */
export function isEngineNotice(ruleId: string): boolean {
  return ENGINE_IDS.has(ruleId);
}

/**
 * score = 100 − Σ over categories of min(CATEGORY_CAP, Σ weights of that category's findings),
 * floored at 0. Engine notices (skipped files, internal errors) do not count.
 * Verdict: any error → not ready; otherwise any warning → ready with warnings; else ready.
 */
export function computeScore(findings: readonly Pick<Finding, 'ruleId' | 'severity' | 'category'>[]): ScoreBreakdown {
  const penalties = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  let errors = 0;
  let warnings = 0;
  for (const f of findings) {
    if (ENGINE_IDS.has(f.ruleId)) continue;
    penalties[f.category] += SEVERITY_WEIGHT[f.severity];
    if (f.severity === 'error') errors++;
    if (f.severity === 'warning') warnings++;
  }
  let total = 0;
  for (const c of CATEGORIES) {
    penalties[c] = Math.min(CATEGORY_CAP, penalties[c]);
    total += penalties[c];
  }
  const score = Math.max(0, 100 - total);
  const verdict: Verdict = errors > 0 ? 'not ready' : warnings > 0 ? 'ready with warnings' : 'ready';
  return { score, verdict, penalties };
}
