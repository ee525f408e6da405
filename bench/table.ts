// The benchmark table: one row per case, headline figures, the ratio and each target with ✔/✘.
import type { CaseResult } from './env';

function figures(values: Record<string, unknown> | null): string {
  if (!values) return '—';
  return Object.entries(values)
    .filter(([k, v]) => k !== 'name' && typeof v === 'number')
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

export function formatTable(results: readonly CaseResult[]): string {
  const rows = [['case', 'Readiness', 'baseline', 'ratio', 'targets']];
  for (const r of results) {
    rows.push([
      `${r.name} (${r.unit})`,
      figures(r.readiness),
      r.baseline ? `${r.baseline.name}: ${figures(r.baseline)}` : '—',
      r.ratio === null ? '—' : r.ratio.toFixed(2),
      r.targets.map((t) => `${t.met ? '✔' : '✘'} ${t.what} ${t.value} (${t.limit})`).join('; '),
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row: string[]) => `| ${row.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}
