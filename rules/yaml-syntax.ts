import { groupDigits } from '../engine/text/numbers';
import type { FileRule, Range } from '../engine/types';

/** The parser reports an unclosed quote where the file ends; the opening quote is where the mistake is. */
function openingQuote(text: string, code: string, message: string, at: number): Range | undefined {
  const m = /^Missing closing (["'])quote/.exec(message);
  if (code !== 'MISSING_CHAR' || !m) return undefined;
  const open = text.lastIndexOf(m[1], Math.max(0, at - 1));
  if (open < 0) return undefined;
  let end = open;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return { start: open, end };
}

/** Parse errors listed per file; the rest are counted in one more finding. */
const MAX_LISTED = 100;

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
    let reported = 0;
    const errors = file.parseErrors.filter((e) => e.code !== 'DUPLICATE_KEY'); // reported, with a fix, by duplicate-key
    for (const e of errors) {
      // A garbled file can hold tens of thousands of errors, most of them echoes of the first:
      // listing them all would send the editor megabytes of diagnostics on every keystroke.
      if (reported === MAX_LISTED) {
        const rest = errors.length - MAX_LISTED;
        ctx.report({ range: { start: e.range.start, end: Math.min(file.text.length, Math.max(e.range.end, e.range.start + 1)) }, message: `${groupDigits(rest)} more YAML error${rest === 1 ? '' : 's'} from here on are not listed; fix the ones above first (later errors often follow from them).` });
        break;
      }
      reported++;
      const range = openingQuote(file.text, e.code, e.message, e.range.start)
        ?? (e.range.end > e.range.start ? e.range : { start: e.range.start, end: Math.min(file.text.length, e.range.start + 1) });
      ctx.report({ range, message: `${e.message}${e.message.endsWith('.') ? '' : '.'}`, severity: e.severity === 'warning' ? 'warning' : undefined });
    }
  },
};

export default rule;
