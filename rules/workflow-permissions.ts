import { allSteps, workflowModel, type WfJob, type WorkflowModel } from '../engine/workflow/model';
import { scalarExpressions } from '../engine/workflow/expressions';
import { blockEnd, columnOf, eolOf, isScalar, mapPairs, nodeRange, seqItems, isMap, isSeq, type AnyPair } from '../engine/yaml/ast';
import type { FileRule, Range, RelatedInfo, YamlSourceFile } from '../engine/types';

/** The first `${{ secrets.X }}` (other than GITHUB_TOKEN) or `secrets: inherit` in a node tree. */
function firstSecret(file: YamlSourceFile, node: unknown): Range | undefined {
  const stack: unknown[] = [node];
  while (stack.length) {
    const n = stack.pop();
    if (isScalar(n)) {
      for (const e of scalarExpressions(file.text, n)) if (/\bsecrets\.(?!GITHUB_TOKEN\b)\w/i.test(e.body) || /\bsecrets\[/.test(e.body)) return e.range;
    } else if (isMap(n)) {
      const pairs = mapPairs(n);
      for (let i = pairs.length - 1; i >= 0; i--) stack.push(pairs[i].value);
    } else if (isSeq(n)) {
      const items = seqItems(n);
      for (let i = items.length - 1; i >= 0; i--) stack.push(items[i]);
    }
  }
  return undefined;
}

const DEPLOY_WORDS = /\b(deploy(?:ment|s|ing)?|release|publish)\b/i;

function deploys(job: WfJob): boolean {
  return Boolean(job.environment) || DEPLOY_WORDS.test(job.id.replace(/[-_]/g, ' ')) || DEPLOY_WORDS.test(job.name?.text ?? '');
}

/** Jobs without their own permissions that look like they write with the token (the fix could break them). */
function writesWithToken(file: YamlSourceFile, model: WorkflowModel): string[] {
  const writers = /^(actions\/(deploy-pages|create-release|upload-release-asset)|softprops\/action-gh-release|peter-evans\/create-pull-request|peter-evans\/create-or-update-comment|stefanzweifel\/git-auto-commit-action|ncipollo\/release-action|actions\/github-script|actions\/stale|actions\/labeler|github\/codeql-action|googleapis\/release-please-action|changesets\/action|marocchino\/sticky-pull-request-comment|thollander\/actions-comment-pull-request)$/;
  const out: string[] = [];
  for (const job of model.jobs) {
    if (job.permissions) continue;
    const hit = job.steps.some((s) => (s.uses?.slug && writers.test(s.uses.slug)) || /\bgit\s+push\b|\bgh\s+(release|pr|issue|api)\b|\bnpm\s+publish\b/.test(s.run?.text ?? ''))
      || Boolean(job.uses);
    if (hit) out.push(job.id);
  }
  return out;
}

const rule: FileRule = {
  id: 'workflow-permissions',
  meta: {
    scope: 'file',
    kinds: ['workflow'],
    category: 'security',
    severity: 'warning',
    description: 'A workflow that uses secrets or deploys without a permissions: block (the GITHUB_TOKEN gets the repository default, often write-all), or with permissions: write-all.',
    fixable: true,
  },
  check(ctx) {
    const file = ctx.file;
    if (file.format !== 'yaml') return;
    const model = workflowModel(file);
    if (model.type !== 'workflow' || !model.root) return;
    for (const p of [model.permissions, ...model.jobs.map((j) => j.permissions)]) {
      if (p?.kind !== 'write-all') continue;
      ctx.report({ range: p.range, message: 'permissions: write-all gives the GITHUB_TOKEN write access to every scope, so any step (or compromised action) can push code, publish packages and change settings; list only the scopes the job needs, e.g. contents: read.' });
    }
    if (model.permissions || !model.jobs.length || model.jobs.every((j) => j.permissions)) return;
    const related: RelatedInfo[] = [];
    // Only jobs that run with the default token count: a job with its own permissions: is settled.
    const open = model.jobs.filter((j) => !j.permissions);
    const envPair = model.get('env');
    const secret = (envPair ? firstSecret(file, envPair.value) : undefined) ?? open.map((j) => firstSecret(file, j.pair.value)).find((r) => r !== undefined);
    if (secret) related.push({ file: file.path, range: secret, message: 'a secret is used here' });
    const deployJob = open.find(deploys);
    if (deployJob) related.push({ file: file.path, range: deployJob.idRange, message: `job ${deployJob.id} deploys` });
    if (!related.length) return;
    const without = open.map((j) => j.id);
    const why = secret && deployJob ? 'uses secrets and deploys' : secret ? 'uses secrets' : 'deploys';
    const anchor: AnyPair | undefined = model.onPair;
    const range = (anchor && nodeRange(anchor.key)) ?? nodeRange(model.root.items[0]?.key) ?? { start: 0, end: 0 };

    let fix;
    if (model.onPair && !model.root.flow) {
      const eol = eolOf(file.text);
      const at = blockEnd(file, model.onPair.value ?? model.onPair.key);
      const col = columnOf(file.text, nodeRange(model.onPair.key)!.start);
      // Children are indented like the file's jobs are.
      const firstJob = model.jobs[0];
      const unit = Math.max(2, columnOf(file.text, firstJob.idRange.start) - (model.jobsPair ? columnOf(file.text, nodeRange(model.jobsPair.key)!.start) : 0));
      if (at !== undefined) {
        const prefix = at === file.text.length && !/[\r\n]$/.test(file.text) ? eol : '';
        const text = `${' '.repeat(col)}permissions:${eol}${' '.repeat(col + unit)}contents: read${prefix ? '' : eol}`;
        const writers = writesWithToken(file, model);
        fix = {
          title: writers.length ? `Add permissions: contents: read (then grant ${writers.join(', ')} the write scopes they need)` : 'Add permissions: contents: read',
          edits: [{ file: file.path, start: at, end: at, newText: prefix + text }],
          // Jobs that write with the token would lose that right: offered, never applied unasked.
          safe: writers.length === 0,
        };
      }
    }
    ctx.report({
      range,
      message: `This workflow ${why} but sets no permissions: (job${without.length > 1 ? 's' : ''} ${without.join(', ')}), so the GITHUB_TOKEN gets the repository's default, which can be write access to everything; add permissions: contents: read at the top and grant more per job where needed.`,
      related,
      fix,
    });
  },
};

export default rule;
