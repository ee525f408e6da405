import { allSteps, workflowModel, type WfUses } from '../engine/workflow/model';
import type { FileRule } from '../engine/types';

const DEFAULT_TRUSTED = ['actions', 'github'];

/** `owner` trusts every repository of the owner, `owner/repo` one repository (case-insensitive). */
function trusted(list: string[], u: WfUses): boolean {
  const owner = u.owner!.toLowerCase();
  return list.some((t) => {
    const x = t.toLowerCase().replace(/\/\*$/, '');
    return x === owner || x === u.slug;
  });
}

const rule: FileRule = {
  id: 'workflow-unpinned-action',
  meta: {
    scope: 'file',
    kinds: ['workflow'],
    category: 'security',
    severity: 'info',
    description: 'A third-party action or reusable workflow referenced by a tag or branch instead of a full commit SHA.',
    fixable: false,
  },
  check(ctx) {
    const file = ctx.file;
    if (file.format !== 'yaml') return;
    const opt = ctx.options.trusted;
    const list = Array.isArray(opt) ? opt.filter((x): x is string => typeof x === 'string') : DEFAULT_TRUSTED;
    const model = workflowModel(file);
    const uses = [...model.jobs.map((j) => j.uses), ...allSteps(model).map((s) => s.step.uses)];
    for (const u of uses) {
      if (u?.kind !== 'repository' || u.ref === undefined || trusted(list, u)) continue;
      if (/^[0-9a-f]{40}$/i.test(u.ref) || u.ref.includes('${{')) continue;
      const spec = `${u.owner}/${u.repo}${u.path ? `/${u.path}` : ''}`;
      const what = /^[0-9a-f]{7,39}$/i.test(u.ref) ? 'a short commit SHA, which can become ambiguous' : `${u.ref}, a tag or branch its owner can move to other code at any time`;
      ctx.report({
        range: u.refRange ?? u.range,
        message: `${spec} is referenced by ${what}; pin the full 40-character commit SHA (${spec}@<sha> # ${u.ref}).`,
      });
    }
  },
};

export default rule;
