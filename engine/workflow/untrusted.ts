// Expression contexts whose value an outside contributor can choose, and the action inputs that
// run their value as code. Checked 2026-12-02 against:
// - GitHub Security Lab, "Keeping your GitHub Actions and workflows secure Part 2: Untrusted input"
//   https://securitylab.github.com/resources/github-actions-untrusted-input/
// - GitHub Docs, "Security hardening for GitHub Actions" > "Understanding the risk of script injections"
//   https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions
// - actionlint's built-in untrusted inputs (rhysd/actionlint `expr_insecure.go`) and zizmor's
//   template-injection audit (zizmorcore/zizmor `crates/zizmor/src/audit/template_injection.rs`,
//   `data/context-capabilities.csv`, "arbitrary" capabilities).
// Fields that only people with write access can set (release notes, `github.ref_name` of a push)
// are left out on purpose: they are not an injection from outside.

/** Paths in `contextRefs` form (lower case, `*` for any element). */
export const UNTRUSTED_CONTEXTS: readonly string[] = [
  'github.head_ref',
  'github.event.issue.title',
  'github.event.issue.body',
  'github.event.pull_request.title',
  'github.event.pull_request.body',
  'github.event.pull_request.head.ref',
  'github.event.pull_request.head.label',
  'github.event.pull_request.head.repo.default_branch',
  'github.event.pull_request.head.repo.description',
  'github.event.pull_request.head.repo.homepage',
  'github.event.comment.body',
  'github.event.review.body',
  'github.event.review_comment.body',
  'github.event.discussion.title',
  'github.event.discussion.body',
  'github.event.answer.body',
  'github.event.pages.*.page_name',
  'github.event.commits.*.message',
  'github.event.commits.*.author.name',
  'github.event.commits.*.author.email',
  'github.event.commits.*.committer.name',
  'github.event.commits.*.committer.email',
  'github.event.head_commit.message',
  'github.event.head_commit.author.name',
  'github.event.head_commit.author.email',
  'github.event.head_commit.committer.name',
  'github.event.head_commit.committer.email',
  'github.event.workflow_run.head_branch',
  'github.event.workflow_run.display_title',
  'github.event.workflow_run.head_commit.message',
  'github.event.workflow_run.head_commit.author.name',
  'github.event.workflow_run.head_commit.author.email',
  'github.event.workflow_run.head_commit.committer.name',
  'github.event.workflow_run.head_commit.committer.email',
  'github.event.workflow_run.head_repository.description',
  'github.event.workflow_run.pull_requests.*.head.ref',
  'github.event.merge_group.head_commit.message',
];

/** Runner variables that already hold a context's value, so the fix can use them without adding `env:`. */
export const DEFAULT_ENV_FOR_CONTEXT: Readonly<Record<string, string>> = {
  'github.head_ref': 'GITHUB_HEAD_REF',
};

/** Actions whose named input is run as code (CodeQL's and zizmor's sink lists), by `owner/repo`. */
export const CODE_INPUTS: Readonly<Record<string, readonly string[]>> = {
  'actions/github-script': ['script'],
  'amadevus/pwsh-script': ['script'],
  'jannekem/run-python-script-action': ['script'],
  'cardinalby/js-eval-action': ['expression'],
};

/** Functions whose result is a boolean or a hash, so an untrusted argument cannot reach the script. */
export const SAFE_FUNCTIONS: ReadonlySet<string> = new Set(['contains', 'startswith', 'endswith', 'hashfiles', 'success', 'failure', 'always', 'cancelled']);

/** UNTRUSTED_CONTEXTS split once: every `${{ }}` reference of every workflow is looked up in it. */
const UNTRUSTED_PARTS: readonly (readonly string[])[] = UNTRUSTED_CONTEXTS.map((u) => u.split('.'));

/** Whether the first `path.length` parts of `pattern` match `path`. */
function matchesStart(pattern: readonly string[], path: readonly string[]): boolean {
  for (let i = 0; i < path.length; i++) {
    const p = pattern[i];
    if (p !== path[i] && !(p === '*' && (path[i] === '*' || path[i] === '[]'))) return false;
  }
  return true;
}

/**
 * How a referenced path relates to the untrusted list: `value` when it names an untrusted field,
 * `object` when it names an object containing one (`github.event.pull_request` in `toJSON(…)`),
 * `input` for `inputs.*` / `github.event.inputs.*` / `github.event.client_payload.*`.
 */
export function untrustedKind(path: string): 'value' | 'object' | 'input' | undefined {
  const parts = path.split('.');
  for (const p of UNTRUSTED_PARTS) {
    if (p.length === parts.length && matchesStart(p, parts)) return 'value';
    if (parts.length >= 2 && parts.length < p.length && matchesStart(p, parts)) return 'object';
  }
  if (parts[0] === 'github' && parts.length === 1) return 'object';
  if (parts[0] === 'inputs' && parts.length >= 2) return 'input';
  if (parts[0] === 'github' && parts[1] === 'event' && (parts[2] === 'inputs' || parts[2] === 'client_payload') && parts.length >= 4) return 'input';
  return undefined;
}
