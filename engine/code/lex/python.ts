// Lexer for Python: `#` comments, string prefixes (r, b, u, f and pairs), triple-quoted strings
// (docstrings are strings, not code) and f-string replacement fields, which are code and may hold
// an environment read (`f"{os.environ['HOST']}:80"`).
import { Masker, isIdentChar, type LexedSource } from './masked';

export function lexPython(text: string): LexedSource {
  const m = new Masker(text);
  const n = text.length;
  // Open f-string replacement fields: the string to resume and the bracket depth at `{`.
  const fields: { quote: string; depth: number }[] = [];
  let depth = 0;
  let i = 0;

  /**
   * Scans string content from `from` up to its closing quote (or, in an f-string, an opening `{`).
   * Returns the stop offset and what stopped it.
   */
  const content = (from: number, quote: string, f: boolean): { end: number; stop: 'close' | 'field' | 'eof' } => {
    let j = from;
    const triple = quote.length === 3;
    while (j < n) {
      const c = text[j];
      // Even in a raw string a backslash keeps the next quote from closing it.
      if (c === '\\') {
        j += 2;
        continue;
      }
      if (f && c === '{') {
        if (text[j + 1] === '{') {
          j += 2;
          continue;
        }
        return { end: j, stop: 'field' };
      }
      if (text.startsWith(quote, j)) return { end: j, stop: 'close' };
      if (!triple && (c === '\n' || c === '\r')) return { end: j, stop: 'eof' };
      j++;
    }
    return { end: n, stop: 'eof' };
  };

  const resume = (from: number, quote: string, start: number, fresh: boolean): number => {
    const r = content(from, quote, true);
    if (r.stop === 'field') {
      m.blank(from, r.end);
      fields.push({ quote, depth });
      depth++;
      return r.end + 1;
    }
    if (fresh && r.stop === 'close') m.literal(start, from, r.end, r.end + quote.length);
    else m.blank(from, r.end);
    return r.stop === 'close' ? r.end + quote.length : r.end;
  };

  while (i < n) {
    const c = text[i];
    if (c === '#') {
      let e = i;
      while (e < n && text[e] !== '\n' && text[e] !== '\r') e++;
      m.comment(i, e);
      i = e;
      continue;
    }
    const prefix = /^[rRbBuUfF]{1,2}(?=['"])/.exec(text.slice(i, i + 3));
    if ((c === '"' || c === "'" || prefix) && !(prefix && isIdentChar(text[i - 1]))) {
      const p = prefix ? prefix[0].toLowerCase() : '';
      const q = i + p.length;
      const quote = text.startsWith(text[q].repeat(3), q) ? text[q].repeat(3) : text[q];
      const from = q + quote.length;
      if (p.includes('f')) {
        i = resume(from, quote, i, true);
        continue;
      }
      const r = content(from, quote, false);
      if (r.stop === 'close') {
        m.literal(i, from, r.end, r.end + quote.length);
        i = r.end + quote.length;
      } else {
        m.blank(from, r.end);
        i = r.end;
      }
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      const top = fields[fields.length - 1];
      if (c === '}' && top && top.depth === depth - 1) {
        fields.pop();
        depth--;
        i = resume(i + 1, top.quote, i, false);
        continue;
      }
      depth = Math.max(0, depth - 1);
    }
    if (isIdentChar(c)) {
      while (i < n && isIdentChar(text[i])) i++;
      continue;
    }
    i++;
  }
  return m.finish();
}
