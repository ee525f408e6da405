import { workflowModel, type WfJob, type WfStep } from '../engine/workflow/model';
import { contextRefs, scalarExpressions } from '../engine/workflow/expressions';
import type { FileRule, RelatedInfo, YamlSourceFile } from '../engine/types';

// Contexts naming the code of the pull request or of the run that triggered workflow_run.
const HEAD_CONTEXTS = new Set([
  'github.event.pull_request.head.sha', 'github.event.pull_request.head.ref', 'github.head_ref',
  'github.event.pull_request.merge_commit_sha', 'github.event.pull_request.number', 'github.event.number',
  'github.event.pull_request.head.repo.full_name',
  'github.event.workflow_run.head_sha', 'github.event.workflow_run.head_branch', 'github.event.workflow_run.head_repository.full_name',
  'github.event.workflow_run.pull_requests.*.head.sha', 'github.event.workflow_run.pull_requests.[].head.sha',
  'github.event.workflow_run.pull_requests.*.head.ref', 'github.event.workflow_run.pull_requests.[].head.ref',
]);

/** The expression in a scalar that names the untrusted head, if any. */
function headRef(file: YamlSourceFile, node: unknown): { range: { start: number; end: number }; path: string } | undefined {
  for (const e of scalarExpressions(file.text, node)) {
    const ref = contextRefs(e.body).find((r) => HEAD_CONTEXTS.has(r.path));
    if (ref) return { range: e.range, path: ref.path };
  }
  return undefined;
}

/** Fetching the pull request's code from a shell (`gh pr checkout`, `git fetch origin pull/N/head`). */
const SHELL_CHECKOUT = /\bgh\s+pr\s+checkout\b|\bgit\s+fetch\b[^\n]*\bpull\/|\brefs\/pull\//;

/** A job condition that limits it to branches of this repository (forks cannot reach it). */
function sameRepoOnly(job: WfJob, step: WfStep): boolean {
  const cond = `${job.if?.text ?? ''} ${step.if?.text ?? ''}`;
  return /head\.repo\.full_name\s*==\s*github\.repository|github\.repository\s*==\s*github\.event\.pull_request\.head\.repo\.full_name|head\.repo\.fork\s*==\s*false|!\s*github\.event\.pull_request\.head\.repo\.fork/.test(cond);
}

const rule: FileRule = {
  id: 'workflow-dangerous-trigger',
  meta: {
    scope: 'file',
    kinds: ['workflow'],
    category: 'security',
    severity: 'error',
    description: 'A pull_request_target or workflow_run workflow that checks out the untrusted head code and runs it with the base repository\'s secrets and token.',
    fixable: false,
  },
  check(ctx) {
    const file = ctx.file;
    if (file.format !== 'yaml') return;
    const model = workflowModel(file);
    const trigger = model.triggers.find((t) => t.event === 'pull_request_target' || t.event === 'workflow_run');
    if (!trigger) return;
    for (const job of model.jobs) {
      job.steps.forEach((step, i) => {
        let at: { start: number; end: number } | undefined;
        let what = '';
        if (step.uses?.slug === 'actions/checkout' && !step.uses.path) {
          for (const key of ['ref', 'repository']) {
            const v = step.with.get(key)?.value;
            const h = v ? headRef(file, v.node) : undefined;
            if (h) {
              at = h.range;
              what = h.path;
              break;
            }
          }
        } else if (step.run && SHELL_CHECKOUT.test(step.run.text)) {
          at = step.run.range;
          what = 'the pull request branch';
        }
        if (!at || sameRepoOnly(job, step)) return;
        // Code runs when a later step executes anything from the workspace: a script, a local action, a build.
        const runner = job.steps.slice(i + 1).find((s) => s.run || s.uses?.kind === 'local' || /^(docker\/build-push-action|gradle\/|actions\/setup-node|pnpm\/action-setup)/.test(s.uses?.slug ?? ''));
        if (!runner) return;
        const related: RelatedInfo[] = [
          { file: file.path, range: trigger.range, message: `${trigger.event} runs with the base repository's secrets and a token that can write` },
          { file: file.path, range: (runner.run ?? runner.uses)!.range, message: 'the checked-out code runs here' },
        ];
        const event = trigger.event === 'workflow_run' ? 'workflow_run' : 'pull_request_target';
        ctx.report({
          range: at,
          message: `This ${event} job checks out untrusted code (${what}) and then runs it with the base repository's secrets and write token, so any pull request can take them over; build untrusted code in a pull_request workflow without secrets, and keep ${event} for steps that do not run it.`,
          related,
        });
      });
    }
  },
};

export default rule;
