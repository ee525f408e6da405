// The readiness report as plain data, built from JSON reports only, so the CLI (Markdown) and the
// editor (webview) render the same numbers from the same formula without re-running anything.
import { CATEGORIES, CATEGORY_CAP, computeScore, isEngineNotice, SEVERITY_WEIGHT, type Verdict } from '../score';
import type { Category, Severity } from '../types';
import type { JsonFinding, JsonReport } from './json';

/** How many blockers the report lists before saying "and N more". */
export const BLOCKERS_SHOWN = 10;

export interface ReportFinding extends JsonFinding {
  /** Absolute root of the folder the finding belongs to. */
  root: string;
  /** File as shown to the reader: prefixed with the folder name in a multi-folder report. */
  label: string;
}

export interface ReportFile {
  root: string;
  file: string;
  label: string;
  findings: ReportFinding[];
}

export interface CategoryRow {
  category: Category;
  counts: Record<Severity, number>;
  /** Points this category costs the score, after the cap. */
  penalty: number;
  capped: boolean;
}

export interface ReportModel {
  toolVersion: string;
  /** One entry per audited folder, in the order given. */
  folders: { root: string; name: string; files: number }[];
  configFiles: number;
  score: number;
  verdict: Verdict;
  counts: Record<Severity, number>;
  categories: CategoryRow[];
  /** Errors, most important first (security before correctness …), at most BLOCKERS_SHOWN. */
  blockers: ReportFinding[];
  blockerCount: number;
  files: ReportFile[];
  fixable: { total: number; byRule: { ruleId: string; count: number }[] };
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function baseName(root: string): string {
  const parts = root.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? root;
}

/**
 * One model for one or more folders (a multi-root workspace). The score is the same formula
 * (`engine/score.ts`) over all findings together, so it matches the status bar.
 */
export function buildReportModel(reports: readonly JsonReport[], toolVersion?: string): ReportModel {
  const multi = reports.length > 1;
  const all: ReportFinding[] = [];
  for (const r of reports) {
    const name = baseName(r.root);
    for (const f of r.findings) all.push({ ...f, root: r.root, label: multi ? `${name}/${f.file}` : f.file });
  }
  const score = computeScore(all.map((f) => ({ ruleId: f.ruleId, severity: f.severity, category: f.category as Category })));
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const perCategory = new Map<string, Record<Severity, number>>(CATEGORIES.map((c) => [c, { error: 0, warning: 0, info: 0 }]));
  const fixableByRule = new Map<string, number>();
  for (const f of all) {
    counts[f.severity]++;
    perCategory.get(f.category)![f.severity]++;
    if (f.fixable) fixableByRule.set(f.ruleId, (fixableByRule.get(f.ruleId) ?? 0) + 1);
  }
  const categories = CATEGORIES.map((category) => {
    const c = perCategory.get(category)!;
    const raw = (c.error * SEVERITY_WEIGHT.error + c.warning * SEVERITY_WEIGHT.warning + c.info * SEVERITY_WEIGHT.info);
    return { category, counts: c, penalty: score.penalties[category], capped: raw > CATEGORY_CAP && score.penalties[category] === CATEGORY_CAP };
  });
  const rank = (c: string) => {
    const i = CATEGORIES.indexOf(c as Category);
    return i < 0 ? CATEGORIES.length : i;
  };
  const errors = all
    .filter((f) => f.severity === 'error' && !isEngineNotice(f.ruleId))
    .sort((a, b) => rank(a.category) - rank(b.category) || cmp(a.label, b.label) || a.line - b.line || a.column - b.column || cmp(a.ruleId, b.ruleId));
  const files = new Map<string, ReportFile>();
  for (const f of all) {
    const key = `${f.root}\0${f.file}`;
    let entry = files.get(key);
    if (!entry) files.set(key, (entry = { root: f.root, file: f.file, label: f.label, findings: [] }));
    entry.findings.push(f);
  }
  const fileList = [...files.values()].sort((a, b) => cmp(a.label, b.label));
  for (const file of fileList) {
    file.findings.sort((a, b) => a.line - b.line || a.column - b.column || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || cmp(a.ruleId, b.ruleId));
  }
  return {
    toolVersion: toolVersion ?? reports[0]?.tool.version ?? '',
    folders: reports.map((r) => ({ root: r.root, name: baseName(r.root), files: r.files })),
    configFiles: reports.reduce((n, r) => n + r.files, 0),
    score: score.score,
    verdict: score.verdict,
    counts,
    categories,
    blockers: errors.slice(0, BLOCKERS_SHOWN),
    blockerCount: errors.length,
    files: fileList,
    fixable: {
      total: all.filter((f) => f.fixable).length,
      byRule: [...fixableByRule].map(([ruleId, count]) => ({ ruleId, count })).sort((a, b) => b.count - a.count || cmp(a.ruleId, b.ruleId)),
    },
  };
}
