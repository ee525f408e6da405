// Where a position in a POSIX shell script sits, quoting-wise, so that an expression moved into an
// environment variable is referenced in a way that keeps the script's meaning: unquoted text gets
// `"$NAME"`, double-quoted text `${NAME}`, single-quoted text closes and reopens the quotes around
// `"$NAME"`. Positions we cannot classify with confidence (here-documents, `case` patterns inside
// quotes, unbalanced quoting) give `unknown`, and callers offer no fix.

export type QuoteContext = 'unquoted' | 'double' | 'single' | 'unknown';

/** The quoting context at each requested index of `script` (indices ascending or not). */
export function quoteContexts(script: string, at: readonly number[]): QuoteContext[] {
  const wanted = new Map<number, QuoteContext>();
  for (const a of at) wanted.set(a, 'unknown');
  // A stack of states: `$(`/backticks open a fresh unquoted context even inside double quotes.
  const stack: ('top' | 'dq' | 'sq' | 'sub' | 'bt')[] = ['top'];
  let heredoc = false;
  let i = 0;
  const mark = () => {
    if (!wanted.has(i)) return;
    const s = stack[stack.length - 1];
    wanted.set(i, heredoc ? 'unknown' : s === 'dq' ? 'double' : s === 'sq' ? 'single' : 'unquoted');
  };
  while (i < script.length) {
    mark();
    const s = stack[stack.length - 1];
    const c = script[i];
    if (s === 'sq') {
      if (c === "'") stack.pop();
      i++;
      continue;
    }
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (s === 'dq') {
      if (c === '"') stack.pop();
      else if (c === '$' && script[i + 1] === '(') {
        stack.push('sub');
        i += 2;
        continue;
      } else if (c === '`') stack.push('bt');
      i++;
      continue;
    }
    // top, sub or bt: an unquoted context.
    if (c === "'") stack.push('sq');
    else if (c === '"') stack.push('dq');
    else if (c === '$' && script[i + 1] === '(') {
      stack.push('sub');
      i += 2;
      continue;
    } else if (c === ')' && s === 'sub') stack.pop();
    else if (c === '`') {
      if (s === 'bt') stack.pop();
      else stack.push('bt');
    } else if (c === '<' && script[i + 1] === '<' && script[i + 2] !== '<') heredoc = true;
    else if (c === '#' && (i === 0 || /[\s;]/.test(script[i - 1]))) {
      // A comment runs to the end of the line; an expression inside it is still substituted, and
      // replacing it there is harmless, so positions in comments count as unquoted.
      while (i < script.length && script[i] !== '\n') {
        i++;
        mark();
      }
      continue;
    }
    i++;
  }
  if (wanted.has(script.length)) mark();
  return at.map((a) => wanted.get(a) ?? 'unknown');
}
