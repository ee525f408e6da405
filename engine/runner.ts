import picomatch from 'picomatch';
import { isSuppressed, readSuppressions, type Suppressions } from './suppressions';
import { ENGINE_RULES } from './engineRules';
import { checkFileRule } from './shardCache';
import { keepFindings, keptFindings } from './keptWorkspaceFindings';
import { DEFAULT_LIMITS } from './limits';
import type { ResolvedConfig } from './config';
import type { FileContext, FileKind, FileRule, Finding, Fix, ReportInput, Rule, Severity, SourceFile, Workspace, WorkspaceContext, WorkspaceRule } from './types';

export interface RunOptions {
  /** Limit file-scoped rules to these files (incremental re-checks); all files when absent. */
  files?: ReadonlySet<string>;
  /** Run workspace-scoped rules (default true). */
  workspaceRules?: boolean;
  /** Receives one line per internal error, once per rule and file. */
  log?: (message: string) => void;
  isCancelled?: () => boolean;
  /** Milliseconds one file rule may take on one file (default `DEFAULT_LIMITS.ruleBudgetMs`). */
  ruleBudgetMs?: number;
  /** Clock for the budget, replaceable in tests. */
  now?: () => number;
  /**
   * Re-run `perService` rules on the edited services only, re-using what the previous run on the
   * same workspace kept (./shardCache): for a server checking one file per keystroke.
   */
  incremental?: boolean;
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
 * Runs every enabled rule; a rule that throws, or overruns its time budget, on a file is isolated
 * (one `readiness-internal` finding, one log line, not re-run on that file version) and never
 * prevents the others from reporting.
 */
export function runRules(workspace: Workspace, rules: readonly Rule[], config: ResolvedConfig, opts: RunOptions = {}): RunResult {
  const findings: Finding[] = [];
  const failures: RuleFailure[] = [];
  const ignored = config.ignore.length ? picomatch(config.ignore, { dot: true }) : () => false;
  // Per file version: an edited file's other rules and its next keystroke's checks read them again.
  const suppressionsOf = (file: SourceFile): Suppressions => file.model('readiness.suppressions', () => readSuppressions(file));
  const knownIds = new Set([...rules.map((r) => r.id), ...Object.keys(ENGINE_RULES), 'all']);

  const makeReport = (rule: Rule, severity: Severity, defaultFile: () => string | undefined) => (input: ReportInput): void => {
    const file = input.file ?? defaultFile();
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

  const internal = (file: SourceFile, message: string): void => {
    findings.push({ ruleId: 'readiness-internal', severity: 'info', category: 'correctness', file: file.path, range: { start: 0, end: 0 }, message, fixes: [], related: [] });
  };
  // A rule stopped on a file version stays stopped for that version: it is not re-run (it would
  // throw or stall again), its notice is repeated and the log line is written only once.
  const stoppedOn = (file: SourceFile) => file.model('readiness.stoppedRules', () => new Map<string, string>());
  // Read for every rule and file: a file no rule ever stopped on gets no map of its own.
  const noticeFor = (file: SourceFile, ruleId: string): string | undefined => (stops > 0 && stoppedFiles.has(file) ? stoppedOn(file).get(ruleId) : undefined);
  const loggedWorkspaceFailures = workspace.model('readiness.loggedWorkspaceFailures', () => new Set<string>());
  const stop = (rule: Rule, file: SourceFile | undefined, error: string, notice: string): void => {
    failures.push({ ruleId: rule.id, file: file?.path, error });
    const line = `[readiness] rule ${rule.id} ${file ? `stopped on ${file.path}` : 'failed'}: ${error}`;
    if (file) {
      stoppedOn(file).set(rule.id, notice);
      stoppedFiles.add(file);
      stops++;
      internal(file, notice);
      opts.log?.(line);
    } else if (!loggedWorkspaceFailures.has(line)) {
      loggedWorkspaceFailures.add(line);
      opts.log?.(line);
    }
  };
  const describe = (err: unknown): string => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));
  const budget = opts.ruleBudgetMs ?? DEFAULT_LIMITS.ruleBudgetMs;
  const now = opts.now ?? (() => performance.now());

  // With a subset, iterate only it: incremental checks and sliced runs cost what they check, not the workspace size.
  const files = opts.files ? subset(workspace, opts.files) : workspace.files();
  // The files each kind's rules check, in path order: a rule visits its own kinds' files only.
  const byKind = new Map<FileKind, SourceFile[]>();
  const checked: SourceFile[] = [];
  let inOrder = true;
  for (const file of files) {
    if (file.format === 'skipped' || (opts.files && !opts.files.has(file.path)) || ignored(file.path)) continue;
    if (inOrder && checked.length && !(checked[checked.length - 1].path < file.path)) inOrder = false;
    checked.push(file);
    let list = byKind.get(file.kind);
    if (!list) byKind.set(file.kind, (list = []));
    list.push(file);
  }
  // Several rules check the same kinds: their merged list is made once per run, by filtering the
  // files in path order (as workspaces list them) rather than sorting.
  const byKinds = new Map<string, readonly SourceFile[]>();
  const kindsFiles = (kinds: readonly FileKind[]): readonly SourceFile[] => {
    if (kinds.length === 1) return byKind.get(kinds[0]) ?? [];
    const key = kinds.join();
    let list = byKinds.get(key);
    if (!list) byKinds.set(key, (list = inOrder ? checked.filter((f) => kinds.includes(f.kind)) : filesOfKinds(byKind, kinds)));
    return list;
  };
  for (const rule of rules) {
    if (opts.isCancelled?.()) return { findings, failures, cancelled: true };
    const severity = effectiveSeverity(rule, config);
    if (severity === 'off') continue;
    const options = config.rules[rule.id]?.options ?? {};
    if (rule.meta.scope === 'workspace') {
      if (opts.workspaceRules === false) continue;
      const wsRule = rule as WorkspaceRule;
      const reuse = opts.incremental ? keptFindings(workspace, wsRule, config) : undefined;
      if (reuse) {
        for (const f of reuse) findings.push(f);
        continue;
      }
      const ctx: WorkspaceContext = { workspace, options, settings: config.settings, report: makeReport(rule, severity, noFile) };
      const mark = findings.length;
      const started = now();
      try {
        wsRule.check(ctx);
      } catch (err) {
        if (opts.incremental) keepFindings(workspace, wsRule, config, undefined);
        stop(rule, undefined, describe(err), '');
        continue;
      }
      const took = now() - started;
      // Cross-file rules have no single file to stop on; the slowness is logged (once per state).
      if (took > budget) stop(rule, undefined, `took ${Math.round(took)} ms, over the ${budget} ms budget`, '');
      if (opts.incremental) keepFindings(workspace, wsRule, config, took > budget ? undefined : findings.slice(mark));
      continue;
    }
    const fileRule = rule as FileRule;
    const list = kindsFiles(fileRule.meta.kinds);
    if (!list.length) continue;
    // One report function per rule, for the file being checked (checks run one at a time, to the
    // end): a one-off audit has some 15,000 rule and file pairs.
    let checking = '';
    const report = makeReport(rule, severity, () => checking);
    for (const file of list) {
      const notice = noticeFor(file, rule.id);
      if (notice !== undefined) {
        internal(file, notice);
        continue;
      }
      checking = file.path;
      const ctx: FileContext = { workspace, file, options, settings: config.settings, report };
      const mark = findings.length;
      const started = now();
      try {
        checkFileRule(fileRule, ctx, findings, config, opts.incremental === true);
      } catch (err) {
        findings.length = mark;
        stop(rule, file, describe(err), `Rule ${rule.id} failed on this file and was skipped; other rules still ran. Please report it.`);
        continue;
      }
      const took = Math.round(now() - started);
      if (took > budget) {
        findings.length = mark;
        stop(rule, file, `took ${took} ms, over the ${budget} ms budget`, `Rule ${rule.id} took ${took} ms on this file, over its ${budget} ms budget, so it was stopped here until the file changes; other rules still ran. Please report it.`);
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
    const s = suppressionsOf(file);
    if (s.file.size === 0 && s.lines.size === 0) return true;
    return !isSuppressed(s, f.ruleId, file.lines.positionAt(f.range.start).line);
  });
  return { findings: sortFindings(kept), failures, cancelled: false };
}

/** The files of `kinds`, in path order (one kind's list as it is). */
function filesOfKinds(byKind: ReadonlyMap<FileKind, SourceFile[]>, kinds: readonly FileKind[]): readonly SourceFile[] {
  if (kinds.length === 1) return byKind.get(kinds[0]) ?? [];
  const out: SourceFile[] = [];
  kinds.forEach((k, i) => {
    if (kinds.indexOf(k) === i) for (const f of byKind.get(k) ?? []) out.push(f);
  });
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const noFile = (): undefined => undefined;

/** Files some rule was stopped on (their version's `readiness.stoppedRules` map exists). */
const stoppedFiles = new WeakSet<SourceFile>();
/** Rules stopped on a file so far, in this process: while none was, no file is looked up. */
let stops = 0;

function subset(workspace: Workspace, paths: ReadonlySet<string>): SourceFile[] {
  const out: SourceFile[] = [];
  for (const p of paths) {
    const file = workspace.get(p);
    if (file) out.push(file);
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
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
