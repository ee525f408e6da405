import { effectiveSeverity, runRules, sortFindings, type RunOptions, type RunResult } from './runner';
import { Slicer } from './slicer';
import type { ResolvedConfig } from './config';
import type { Rule, Workspace, WorkspaceContext } from './types';

export interface AsyncRunOptions extends Omit<RunOptions, 'files' | 'workspaceRules'> {
  /**
   * After each slice of files: how many are done, of how many, and the last one checked. Before
   * that, after each step of building the rules' tables ahead (`prepare`): 0 done, no file, and
   * the rule (`preparing`) the table is for.
   */
  onProgress?: (done: number, total: number, file: string, preparing?: string) => void;
  /** Target length of one synchronous slice, in milliseconds (default 10; a given `slicer` has its own). */
  sliceMs?: number;
  /** Shares slicing and cancellation with other work (e.g. the load before); `isCancelled` is then the slicer's. */
  slicer?: Slicer;
}

/**
 * The full run of `runRules`, in slices of files sized to take about `sliceMs` each, with the
 * event loop served between slices: a server stays responsive and sees a cancellation request
 * within a slice. The workspace-wide tables of rules that `prepare` them are built first, a step
 * at a time in the same slices (built by the first file that needs them, they would hold one
 * slice for as long as they take). Cross-file rules run one at a time at the end, with the event
 * loop served between them (each is one uninterruptible call). The findings are the same as one
 * `runRules` call over everything.
 */
export async function runRulesAsync(workspace: Workspace, rules: readonly Rule[], config: ResolvedConfig, opts: AsyncRunOptions = {}): Promise<RunResult> {
  const { onProgress, sliceMs = 10, slicer: given, ...base } = opts;
  const slicer = given ?? new Slicer(opts.isCancelled, sliceMs);
  const isCancelled = slicer.isCancelled;
  const paths = workspace.files().map((f) => f.path);
  const result: RunResult = { findings: [], failures: [], cancelled: false };
  const take = (part: RunResult) => {
    result.findings.push(...part.findings);
    result.failures.push(...part.failures);
  };
  for (const rule of rules) {
    if (!rule.prepare || effectiveSeverity(rule, config) === 'off') continue;
    const ctx: WorkspaceContext = { workspace, options: config.rules[rule.id]?.options ?? {}, settings: config.settings, report: () => undefined };
    try {
      for (const _ of rule.prepare(ctx)) {
        onProgress?.(0, paths.length, '', rule.id);
        if (await slicer.stop()) return { ...result, cancelled: true };
      }
    } catch {
      // Left to `check`: it builds the same tables, and a rule that throws there is isolated and reported.
    }
  }
  let size = 8;
  for (let i = 0; i < paths.length; ) {
    if (isCancelled()) return { ...result, cancelled: true };
    const slice = paths.slice(i, i + size);
    const started = performance.now();
    const part = runRules(workspace, rules, config, { ...base, isCancelled, files: new Set(slice), workspaceRules: false });
    if (part.cancelled) return { ...result, cancelled: true };
    take(part);
    i += slice.length;
    onProgress?.(i, paths.length, slice[slice.length - 1]);
    const took = Math.max(performance.now() - started, 0.1);
    // Grow or shrink the slice towards the target, at most doubling so one big file cannot mislead it.
    size = Math.max(1, Math.min(size * 2, Math.round((size * slicer.sliceMs) / took)));
    if (await slicer.pause()) return { ...result, cancelled: true };
  }
  for (const rule of rules) {
    if (rule.meta.scope !== 'workspace') continue;
    if (await slicer.stop()) return { ...result, cancelled: true };
    const part = runRules(workspace, [rule], config, { ...base, isCancelled, files: new Set(), workspaceRules: true });
    if (part.cancelled) return { ...result, cancelled: true };
    take(part);
  }
  if (isCancelled()) return { ...result, cancelled: true };
  sortFindings(result.findings);
  return result;
}
