import { docsUrl } from '../docsLink';
import { findingPosition } from './positions';
import type { AuditResult } from '../audit';
import type { Severity } from '../types';

export const TOOL_NAME = 'readiness';

export interface JsonFinding {
  ruleId: string;
  severity: Severity;
  category: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  fixable: boolean;
  docs: string;
}

export interface JsonReport {
  version: 1;
  tool: { name: string; version: string };
  root: string;
  files: number;
  durationMs: number;
  score: number;
  summary: Record<Severity, number>;
  findings: JsonFinding[];
}

const cmp = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The contract's order: file, line, column, rule id (then the rest, so ties never depend on the
 * order rules ran in). Plain code-unit comparison: the same on every machine and locale.
 */
export function compareJsonFindings(a: JsonFinding, b: JsonFinding): number {
  return cmp(a.file, b.file) || a.line - b.line || a.column - b.column || cmp(a.ruleId, b.ruleId) || a.endLine - b.endLine || a.endColumn - b.endColumn || cmp(a.message, b.message);
}

export function toJsonReport(result: AuditResult, toolVersion: string): JsonReport {
  const summary: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const findings: JsonFinding[] = result.findings.map((f) => {
    summary[f.severity]++;
    const p = findingPosition(result.workspace, f);
    return {
      ruleId: f.ruleId, severity: f.severity, category: f.category, file: f.file,
      line: p.line, column: p.column, endLine: p.endLine, endColumn: p.endColumn,
      message: f.message, fixable: f.fixes.some((x) => x.safe), docs: docsUrl(f.ruleId),
    };
  });
  findings.sort(compareJsonFindings);
  return {
    version: 1,
    tool: { name: TOOL_NAME, version: toolVersion },
    root: result.root,
    files: result.fileCount,
    durationMs: result.durationMs,
    score: result.score.score,
    summary,
    findings,
  };
}
