import { workflowModel } from '../engine/workflow/model';
import { keyColumn } from '../engine/workflow/edits';
import { blockEnd, eolOf, isFlow, lineStartOf } from '../engine/yaml/ast';
import type { FileRule } from '../engine/types';

const rule: FileRule = {
  id: 'workflow-missing-timeout',
  meta: {
    scope: 'file',
    kinds: ['workflow'],
    category: 'operations',
    severity: 'info',
    description: 'A job without timeout-minutes, so a hung step holds a runner for GitHub\'s default of 360 minutes.',
    fixable: true,
  },
  check(ctx) {
    const file = ctx.file;
    if (file.format !== 'yaml') return;
    const model = workflowModel(file);
    if (model.type !== 'workflow') return;
    const eol = eolOf(file.text);
    for (const job of model.jobs) {
      // A reusable-workflow call cannot take timeout-minutes; the called workflow's jobs set their own.
      if (job.uses || job.timeoutPair || !job.map) continue;
      let fix;
      const col = keyColumn(file, job.map);
      if (col !== undefined && !isFlow(job.map)) {
        // Right after runs-on when there is one, else before the job's first key.
        const runsOn = job.runsOnPair;
        const at = runsOn ? blockEnd(file, runsOn.value ?? runsOn.key) : lineStartOf(file.text, (job.map.range ?? [0])[0]);
        if (at !== undefined) {
          const prefix = at === file.text.length && !/[\r\n]$/.test(file.text) ? eol : '';
          fix = { title: 'Add timeout-minutes: 30', edits: [{ file: file.path, start: at, end: at, newText: `${prefix}${' '.repeat(col)}timeout-minutes: 30${prefix ? '' : eol}` }], safe: true };
        }
      }
      ctx.report({
        range: job.idRange,
        message: `Job ${job.id} has no timeout-minutes, so a hung step keeps it running for GitHub's default of 360 minutes; set a limit such as timeout-minutes: 30.`,
        fix,
      });
    }
  },
};

export default rule;
