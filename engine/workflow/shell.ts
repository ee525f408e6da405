// Which shell runs a `run:` step: the step's `shell:`, else `defaults.run.shell` of the job, then of
// the workflow, else the runner's default (bash on Linux and macOS, pwsh on Windows). GitHub Docs,
// "Workflow syntax": jobs.<job_id>.steps[*].shell.
import { isMap } from 'yaml';
import { mapValue, scalarString } from '../yaml/ast';
import type { WfJob, WfStep, WorkflowModel } from './model';

export type ShellFamily = 'posix' | 'pwsh' | 'other' | 'unknown';

function family(shell: string): ShellFamily {
  const cmd = shell.trim().split(/\s+/)[0].toLowerCase();
  if (cmd === 'bash' || cmd === 'sh') return 'posix';
  if (cmd === 'pwsh' || cmd === 'powershell') return 'pwsh';
  return 'other';
}

/** Runner labels of a job, with `${{ matrix.x }}` expanded to the matrix values. */
function runnerLabels(job: WfJob): string[] | undefined {
  const out: string[] = [];
  for (const l of job.runsOn) {
    const m = /^\$\{\{\s*matrix\.([\w-]+)\s*\}\}$/.exec(l.text.trim());
    if (m) {
      const axis = job.matrix.find((a) => a.key === m[1]);
      const values = [...(axis?.values ?? []), ...job.matrixInclude.map((e) => e.get(m[1])?.value).filter((v) => v !== undefined)];
      if (!values.length || values.some((v) => v.text.includes('${{'))) return undefined;
      out.push(...values.map((v) => v.text));
    } else if (l.text.includes('${{')) return undefined;
    else out.push(l.text);
  }
  return out;
}

export function stepShell(model: WorkflowModel, job: WfJob | undefined, step: WfStep): ShellFamily {
  if (step.shell) return family(step.shell.text);
  if (job?.defaultsShell) return family(job.defaultsShell.text);
  const defaults = model.root ? mapValue(model.root, 'defaults') : undefined;
  const wfShell = isMap(defaults) ? scalarString(mapValue(mapValue(defaults, 'run'), 'shell')) : undefined;
  if (wfShell) return family(wfShell);
  // Composite action steps must name their shell; without one the action is invalid.
  if (!job) return 'unknown';
  const labels = runnerLabels(job);
  if (!labels) return 'unknown';
  const fromMatrix = job.runsOn.some((l) => l.text.includes('${{'));
  const windows = labels.filter((l) => /windows/i.test(l)).length;
  if (windows === 0) return 'posix';
  // Static labels all apply to one runner; matrix values are different runners.
  return !fromMatrix || windows === labels.length ? 'pwsh' : 'unknown';
}
