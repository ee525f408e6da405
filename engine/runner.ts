import picomatch from 'picomatch';
import { isSuppressed, readSuppressions, type Suppressions } from './suppressions';
import { ENGINE_RULES } from './engineRules';
import type { ResolvedConfig } from './config';
import type { FileContext, FileRule, Finding, Fix, ReportInput, Rule, Severity, SourceFile, Workspace, WorkspaceContext, WorkspaceRule } from './types';

export interface RunOptions {
  /** Limit file-scoped rules to these files (incremental re-checks); all files when absent. */
  files?: ReadonlySet<string>;
  /** Run workspace-scoped rules (default true). */
  workspaceRules?: boolean;
  /** Receives one line per internal error, once per rule and file. */
  log?: (message: string) => void;
  isCancelled?: () => boolean;
}

export interface RuleFailure {
  ruleId: string;
  file?: string;
  error: string;
}

export interface RunResult {
  findings: Finding[];
  failures: RuleFailure[];
  cancelled: boolean;
}

export function effectiveSeverity(rule: Rule, config: ResolvedConfig): Severity | 'off' {
  return config.rules[rule.id]?.severity ?? rule.meta.severity;
}

/**
 * Runs every enabled rule; a rule that throws is isolated (one `readiness-internal` finding and
 * one log line) and never prevents the others from reporting.
 */
export function runRules(workspace: Workspace, rules: readonly Rule[], config: ResolvedConfig, opts: RunOptions = {}): RunResult {
  const findings: Finding[] = [];
  const failures: RuleFailure[] = [];
  const ignored = config.ignore.length ? picomatch(config.ignore, { dot: true }) : () => false;
  const suppressionCache = new Map<string, Suppressions>();
  const suppressionsOf = (file: SourceFile): Suppressions => {
    let s = suppressionCache.get(file.path);
    if (!s) suppressionCache.set(file.path, (s = readSuppressions(file)));
    return s;
  };
  const knownIds = new Set([...rules.map((r) => r.id), ...Object.keys(ENGINE_RULES), 'all']);

  const makeReport = (rule: Rule, severity: Severity, defaultFile: string | undefined) => (input: ReportInput): void => {
    const file = input.file ?? defaultFile;
    if (!file || ignored(file)) return;
    const fixes: Fix[] = input.fix === undefined ? [] : Array.isArray(input.fix) ? input.fix : [input.fix];
    const overridden = config.rules[rule.id]?.severity;
    findings.push({
      ruleId: rule.id,
      severity: overridden && overridden !== 'off' ? overridden : input.severity ?? severity,
      category: rule.meta.category,
      file,
      range: input.range,
      message: input.message,
      fixes,
      related: input.related ?? [],
    });
  };

  const fail = (rule: Rule, file: SourceFile | undefined, err: unknown): void => {
    const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    failures.push({ ruleId: rule.id, file: file?.path, error });
    opts.log?.(`[readiness] rule ${rule.id} failed${file ? ` on ${file.path}` : ''}: ${error}`);
    if (file) {
      findings.push({
        ruleId: 'readiness-internal', severity: 'info', category: 'correctness', file: file.path, range: { start: 0, end: 0 },
        message: `Rule ${rule.id} failed on this file and was skipped; other rules still ran. Please report it.`, fixes: [], related: [],
      });
    }
  };

  const files = workspace.files();
  for (const rule of rules) {
    if (opts.isCancelled?.()) return { findings, failures, cancelled: true };
    const severity = effectiveSeverity(rule, config);
    if (severity === 'off') continue;
    const options = config.rules[rule.id]?.options ?? {};
    if (rule.meta.scope === 'workspace') {
      if (opts.workspaceRules === false) continue;
      const ctx: WorkspaceContext = { workspace, options, settings: config.settings, report: makeReport(rule, severity, undefined) };
      try {
        (rule as WorkspaceRule).check(ctx);
      } catch (err) {
        fail(rule, undefined, err);
      }
      continue;
    }
    const fileRule = rule as FileRule;
    for (const file of files) {
      if (!fileRule.meta.kinds.includes(file.kind) || file.format === 'skipped') continue;
      if (opts.files && !opts.files.has(file.path)) continue;
      if (ignored(file.path)) continue;
      const ctx: FileContext = { workspace, file, options, settings: config.settings, report: makeReport(rule, severity, file.path) };
      try {
        fileRule.check(ctx);
      } catch (err) {
        fail(rule, file, err);
      }
    }
  }

  for (const file of files) {
    if (opts.files && !opts.files.has(file.path)) continue;
    if (ignored(file.path)) continue;
    if (file.format === 'skipped') {
      findings.push({ ruleId: 'readiness-skipped', severity: 'info', category: 'correctness', file: file.path, range: { start: 0, end: 0 }, message: file.reason, fixes: [], related: [] });
      continue;
    }
    for (const m of suppressionsOf(file).mentions) {
      if (!knownIds.has(m.id)) {
        findings.push({ ruleId: 'readiness-config', severity: 'warning', category: 'correctness', file: file.path, range: m.range, message: `Unknown rule id "${m.id}" in a suppression comment; it suppresses nothing. Run \`readiness rules\` for the list.`, fixes: [], related: [] });
      }
    }
  }

  const kept = findings.filter((f) => {
    const file = workspace.get(f.file);
    if (!file || f.ruleId === 'readiness-config') return true;
    return !isSuppressed(suppressionsOf(file), f.ruleId, file.lines.positionAt(f.range.start).line);
  });
  return { findings: sortFindings(kept), failures, cancelled: false };
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => {
    if (a.file !== b.file) return a.file < b.file ? -1 : 1;
    if (a.range.start !== b.range.start) return a.range.start - b.range.start;
    if (a.ruleId !== b.ruleId) return a.ruleId < b.ruleId ? -1 : 1;
    if (a.range.end !== b.range.end) return a.range.end - b.range.end;
    return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
  });
}
