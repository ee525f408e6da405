import type { FileRule } from '../engine/types';

const rule: FileRule = {
  id: 'env-syntax',
  meta: {
    scope: 'file',
    kinds: ['dotenv'],
    category: 'correctness',
    severity: 'warning',
    description: 'dotenv lines that parsers read differently or not at all: spaces around =, unbalanced quotes, invalid keys, missing final newline.',
    fixable: true,
  },
  check(ctx) {
    const file = ctx.file;
    if (file.format !== 'dotenv') return;
    const text = file.text;
    for (const bad of file.env.invalidLines) {
      ctx.report({ range: bad.range, message: 'This line is not KEY=value, a comment or blank; dotenv parsers ignore it. Fix or comment it out.' });
    }
    for (const e of file.env.entries) {
      if (e.equals >= 0 && (e.equals > e.keyRange.end || (e.valueRange.start > e.equals + 1 && e.rawValue !== ''))) {
        ctx.report({
          range: { start: e.keyRange.end, end: e.valueRange.start },
          message: `Spaces around = in ${e.key}: some parsers keep them in the key or value. Write ${e.key}=value.`,
          fix: { title: 'Remove the spaces around =', edits: [{ file: file.path, start: e.keyRange.end, end: e.valueRange.start, newText: '=' }], safe: true },
        });
      }
      if (!e.closed) {
        ctx.report({ range: e.valueRange, message: `The value of ${e.key} opens a ${e.quote} quote that never closes; parsers disagree on what it contains. Close the quote.` });
      }
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(e.key)) {
        ctx.report({ range: e.keyRange, message: `${e.key} is not a valid variable name (letters, digits and _, not starting with a digit); shells and many parsers reject it.` });
      }
    }
    if (text.length > 0 && !file.env.endsWithNewline) {
      const eol = text.includes('\r\n') ? '\r\n' : '\n';
      ctx.report({
        range: { start: text.length, end: text.length },
        message: 'The file does not end with a newline; tools that append to it will corrupt the last line. Add one.',
        fix: { title: 'Add a final newline', edits: [{ file: file.path, start: text.length, end: text.length, newText: eol }], safe: true },
      });
    }
  },
};

export default rule;
