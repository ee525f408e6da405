import { runRules, sortFindings, type RunOptions, type RunResult } from './runner';
import { Slicer } from './slicer';
import type { ResolvedConfig } from './config';
import type { Rule, Workspace } from './types';

export interface AsyncRunOptions extends Omit<RunOptions, 'files' | 'workspaceRules'> {
  /** After each slice of files: how many are done, of how many, and the last one checked. */
  onProgress?: (done: number, total: number, file: string) => void;
  /** Target length of one synchronous slice, in milliseconds (default 10; a given `slicer` has its own). */
  sliceMs?: number;
  /** Shares slicing and cancellation with other work (e.g. the load before); `isCancelled` is then the slicer's. */
  slicer?: Slicer;
}

/**
 * The full run of `runRules`, in slices of files sized to take about `sliceMs` each, with the
 * event loop served between slices: a server stays responsive and sees a cancellation request
 * within a slice. Cross-file rules run one at a time at the end, with the event loop served
 * between them (each is one uninterruptible call). The findings are the same as one `runRules`
 * call over everything.
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
