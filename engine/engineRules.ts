import type { Category, Severity } from './types';

/** Diagnostics the engine itself emits (not rules users write fixtures for, but ids users see). */
export const ENGINE_RULES: Record<string, { category: Category; severity: Severity; description: string }> = {
  'readiness-internal': { category: 'correctness', severity: 'info', description: 'A rule failed on a file and was skipped; the other rules still ran.' },
  'readiness-skipped': { category: 'correctness', severity: 'info', description: 'A file was not analysed (over the size limit, or binary).' },
  'readiness-config': { category: 'correctness', severity: 'warning', description: 'A problem in .readiness.json or a suppression comment (unknown rule id, unknown key).' },
};
