import * as path from 'node:path';
import { toJsonReport } from '../../engine/report/json';
import { renderMarkdown } from '../../engine/report/markdown';
import { buildReportModel } from '../../engine/report/model';
import type { Formatter } from './types';

/** The readiness report; `file:line` links are relative to where the report is written (or the working folder). */
export const formatMarkdown: Formatter = (result, opts) => {
  const model = buildReportModel([toJsonReport(result, opts.toolVersion)], opts.toolVersion);
  const base = opts.outputPath ? path.dirname(path.resolve(opts.outputPath)) : process.cwd();
  return renderMarkdown(model, {
    generatedAt: opts.generatedAt,
    fixHint: 'run `readiness audit --fix`',
    fileLink: (f) => {
      const rel = path.relative(base, path.join(f.root, f.file)).split(path.sep).join('/');
      return f.line > 0 ? `${rel}#L${f.line}` : rel;
    },
  });
};
