import { ACTION_MAJORS, RUNTIME_STATUS } from '../engine/workflow/deprecatedActions';
import { allSteps, workflowModel } from '../engine/workflow/model';
import { nextLineStart } from '../engine/yaml/ast';
import type { FileRule } from '../engine/types';

/** Major version of a ref: `v3`, `v3.1.2`, `3` → 3; a SHA is read from a trailing `# v3.1.2` comment. */
function majorOf(ref: string, lineRest: string): { major: number; pinned: boolean } | undefined {
  const m = /^v?(\d+)(?:\.\d+)*$/.exec(ref);
  if (m) return { major: Number(m[1]), pinned: false };
  if (/^[0-9a-f]{40}$/i.test(ref)) {
    const c = /#\s*v?(\d+)(?:\.\d+)*\b/.exec(lineRest);
    return c ? { major: Number(c[1]), pinned: true } : undefined;
  }
  return undefined;
}

const rule: FileRule = {
  id: 'workflow-deprecated-action',
  meta: {
    scope: 'file',
    kinds: ['workflow'],
    category: 'operations',
    severity: 'warning',
    description: 'An action major version that runs on a removed or end-of-life Node runtime, or talks to a retired GitHub service.',
    fixable: true,
  },
  check(ctx) {
    const file = ctx.file;
    if (file.format !== 'yaml') return;
    for (const { step } of allSteps(workflowModel(file))) {
      const u = step.uses;
      if (u?.kind !== 'repository' || u.path || u.ref === undefined) continue;
      const entry = ACTION_MAJORS[u.slug!];
      if (!entry) continue;
      const end = u.range.end;
      const parsed = majorOf(u.ref, file.text.slice(end, nextLineStart(file.text, end)));
      if (!parsed) continue;
      const runtime = entry.majors[parsed.major];
      const current = `v${entry.current}`;
      const name = `${u.owner}/${u.repo}`;
      let message: string | undefined;
      if (entry.retired && parsed.major <= entry.retired.upTo) {
        message = `${name}@v${parsed.major} no longer works: ${entry.retired.reason}; use ${name}@${current}.`;
      } else if (runtime === 'node12' || runtime === 'node16' || runtime === 'node20') {
        message = `${name}@v${parsed.major} runs on ${RUNTIME_STATUS[runtime]}; use ${name}@${current} (${entry.majors[entry.current]}).`;
      }
      if (!message) continue;
      // A SHA pin needs the new release's SHA, which only the registry knows: no fix then.
      const fix = !parsed.pinned && u.refRange
        ? { title: `Use ${name}@${current}`, edits: [{ file: file.path, start: u.refRange.start, end: u.refRange.end, newText: current }], safe: true }
        : undefined;
      ctx.report({ range: u.refRange ?? u.range, message: parsed.pinned ? message.replace(/;/, ` (the pinned commit is v${parsed.major});`) : message, fix });
    }
  },
};

export default rule;
