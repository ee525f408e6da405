import type { FileRule } from '../engine/types';

const rule: FileRule = {
  id: 'yaml-syntax',
  meta: {
    scope: 'file',
    kinds: ['compose', 'render', 'workflow'],
    category: 'correctness',
    severity: 'error',
    description: 'YAML that does not parse (bad indentation, tabs, unclosed brackets, duplicate anchors), at the parser\'s exact range.',
    fixable: false,
  },
  check(ctx) {
    const file = ctx.file;
    if (file.format !== 'yaml') return;
    for (const e of file.parseErrors) {
      if (e.code === 'DUPLICATE_KEY') continue; // reported, with a fix, by duplicate-key
      const range = e.range.end > e.range.start ? e.range : { start: e.range.start, end: Math.min(file.text.length, e.range.start + 1) };
      ctx.report({ range, message: `${e.message}${e.message.endsWith('.') ? '' : '.'}`, severity: e.severity === 'warning' ? 'warning' : undefined });
    }
  },
};

export default rule;
