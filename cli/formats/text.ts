import * as path from 'node:path';
import { findingPosition } from '../../engine/report/positions';
import type { Formatter } from './types';

const COLORS = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };

/** Compiler-style lines (`file:line:col severity message [rule-id]`), so editors and terminals link them. */
export const formatText: Formatter = (result, opts) => {
  const paint = (code: string, s: string) => (opts.color ? `${code}${s}${COLORS.reset}` : s);
  const lines: string[] = [];
  const shown = opts.quiet ? result.findings.filter((f) => f.severity === 'error') : result.findings;
  const rel = path.relative(process.cwd(), result.root);
  for (const f of shown) {
    const p = findingPosition(result.workspace, f);
    const file = rel && !rel.startsWith('..') ? `${rel}/${f.file}` : f.file;
    const where = p.line > 0 ? `${file}:${p.line}:${p.column}` : file;
    lines.push(`${where} ${paint(COLORS[f.severity], f.severity)} ${f.message} ${paint(COLORS.dim, `[${f.ruleId}]`)}`);
  }
  const c = { error: 0, warning: 0, info: 0 };
  for (const f of result.findings) c[f.severity]++;
  const total = result.findings.length;
  const fixable = result.findings.filter((f) => f.fixes.some((x) => x.safe)).length;
  if (lines.length) lines.push('');
  lines.push(
    paint(COLORS.bold, `${total} problem${total === 1 ? '' : 's'} (${c.error} error${c.error === 1 ? '' : 's'}, ${c.warning} warning${c.warning === 1 ? '' : 's'}, ${c.info} info)`) +
      ` in ${result.fileCount} config file${result.fileCount === 1 ? '' : 's'} · score ${result.score.score}/100 · ${result.score.verdict}` +
      (fixable ? ` · ${fixable} fixable with --fix` : ''),
  );
  return lines.join('\n') + '\n';
};
