import { runRules, sortFindings, type RunOptions, type RunResult } from './runner';
import type { ResolvedConfig } from './config';
import type { Rule, Workspace } from './types';

export interface AsyncRunOptions extends Omit<RunOptions, 'files' | 'workspaceRules'> {
  /** After each slice of files: how many are done, of how many, and the last one checked. */
  onProgress?: (done: number, total: number, file: string) => void;
  /** Target length of one synchronous slice, in milliseconds (default 10). */
  sliceMs?: number;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The full run of `runRules`, in slices of files sized to take about `sliceMs` each, with the
 * event loop served between slices: a server stays responsive and sees a cancellation request
 * within a slice. Cross-file rules run once at the end (each is one uninterruptible call).
 * The findings are the same as one `runRules` call over everything.
 */
export async function runRulesAsync(workspace: Workspace, rules: readonly Rule[], config: ResolvedConfig, opts: AsyncRunOptions = {}): Promise<RunResult> {
  const { onProgress, sliceMs = 10, ...base } = opts;
  const paths = workspace.files().map((f) => f.path);
  const result: RunResult = { findings: [], failures: [], cancelled: false };
  let size = 8;
  for (let i = 0; i < paths.length; ) {
    if (opts.isCancelled?.()) return { ...result, cancelled: true };
    const slice = paths.slice(i, i + size);
    const started = performance.now();
    const part = runRules(workspace, rules, config, { ...base, files: new Set(slice), workspaceRules: false });
    if (part.cancelled) return { ...result, cancelled: true };
    result.findings.push(...part.findings);
    result.failures.push(...part.failures);
    i += slice.length;
    onProgress?.(i, paths.length, slice[slice.length - 1]);
    const took = Math.max(performance.now() - started, 0.1);
    // Grow or shrink the slice towards the target, at most doubling so one big file cannot mislead it.
    size = Math.max(1, Math.min(size * 2, Math.round((size * sliceMs) / took)));
    await yieldToEventLoop();
  }
  if (opts.isCancelled?.()) return { ...result, cancelled: true };
  const cross = runRules(workspace, rules, config, { ...base, files: new Set(), workspaceRules: true });
  if (cross.cancelled) return { ...result, cancelled: true };
  result.findings.push(...cross.findings);
  result.failures.push(...cross.failures);
  sortFindings(result.findings);
  return result;
}
