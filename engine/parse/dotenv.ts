// A dotenv parser that keeps exact offsets of every part, so rules can point at a key, a value
// or a quote and fixes can rewrite just that span. It follows motdotla/dotenv's rules where
// parsers agree (quotes, multi-line double-quoted values, `export`, inline comments after
// unquoted values) and records, rather than rejects, what other parsers would choke on.
import type { Range } from '../types';

export type QuoteChar = '"' | "'" | '`';

export interface DotenvEntry {
  /** 0-based line of the key. */
  line: number;
  /** The whole entry, from the first non-blank character to the end of its value or comment. */
  range: Range;
  exportRange?: Range;
  key: string;
  keyRange: Range;
  /** Offset of `=`, or -1 for a line without one (`KEY`). */
  equals: number;
  /** Source text of the value, quotes included. */
  rawValue: string;
  valueRange: Range;
  /** The value as applications see it: unquoted, `\n` expanded in double quotes. */
  value: string;
  quote: QuoteChar | null;
  /** False when an opening quote never closes. */
  closed: boolean;
  comment?: { text: string; range: Range };
}

export interface DotenvComment {
  line: number;
  text: string;
  range: Range;
}

export interface DotenvFile {
  entries: DotenvEntry[];
  comments: DotenvComment[];
  /** Line numbers (0-based) that are neither blank, comment nor a parsable entry. */
  invalidLines: { line: number; range: Range }[];
  endsWithNewline: boolean;
  hasBom: boolean;
}

const KEY_CHAR = /[^\s=#'"`]/;

export function parseDotenv(text: string): DotenvFile {
  const entries: DotenvEntry[] = [];
  const comments: DotenvComment[] = [];
  const invalidLines: DotenvFile['invalidLines'] = [];
  const hasBom = text.charCodeAt(0) === 0xfeff;
  let pos = hasBom ? 1 : 0;
  let line = 0;
  const n = text.length;

  const lineEndFrom = (p: number): number => {
    let e = p;
    while (e < n && text[e] !== '\n' && text[e] !== '\r') e++;
    return e;
  };
  const skipBreak = (p: number): number => {
    if (text[p] === '\r' && text[p + 1] === '\n') return p + 2;
    if (text[p] === '\r' || text[p] === '\n') return p + 1;
    return p;
  };
  const countBreaks = (from: number, to: number): number => {
    let c = 0;
    for (let i = from; i < to; i++) {
      if (text[i] === '\n') c++;
      else if (text[i] === '\r' && text[i + 1] !== '\n') c++;
    }
    return c;
  };

  while (pos < n) {
    const eol = lineEndFrom(pos);
    let p = pos;
    while (p < eol && (text[p] === ' ' || text[p] === '\t')) p++;
    if (p === eol) {
      pos = skipBreak(eol);
      line++;
      continue;
    }
    if (text[p] === '#') {
      comments.push({ line, text: text.slice(p, eol), range: { start: p, end: eol } });
      pos = skipBreak(eol);
      line++;
      continue;
    }
    const entryStart = p;
    let exportRange: Range | undefined;
    const exportMatch = /^export[ \t]+/.exec(text.slice(p, eol));
    if (exportMatch && KEY_CHAR.test(text[p + exportMatch[0].length] ?? '')) {
      exportRange = { start: p, end: p + 6 };
      p += exportMatch[0].length;
    }
    const keyStart = p;
    while (p < eol && KEY_CHAR.test(text[p])) p++;
    const keyEnd = p;
    while (p < eol && (text[p] === ' ' || text[p] === '\t')) p++;
    if (keyEnd === keyStart || (p < eol && text[p] !== '=' && text[p] !== '#')) {
      invalidLines.push({ line, range: { start: entryStart, end: eol } });
      pos = skipBreak(eol);
      line++;
      continue;
    }
    const key = text.slice(keyStart, keyEnd);
    if (p >= eol || text[p] === '#') {
      // `KEY` alone: some parsers accept it as empty, most ignore it.
      const entry: DotenvEntry = {
        line, range: { start: entryStart, end: keyEnd }, exportRange, key,
        keyRange: { start: keyStart, end: keyEnd }, equals: -1, rawValue: '',
        valueRange: { start: keyEnd, end: keyEnd }, value: '', quote: null, closed: true,
      };
      if (p < eol) entry.comment = { text: text.slice(p, eol), range: { start: p, end: eol } };
      entries.push(entry);
      pos = skipBreak(eol);
      line++;
      continue;
    }
    const equals = p;
    p++;
    while (p < eol && (text[p] === ' ' || text[p] === '\t')) p++;
    const valueStart = p;
    const first = text[p];
    let entry: DotenvEntry;
    let next: number;
    if (first === '"' || first === "'" || first === '`') {
      const quote = first as QuoteChar;
      let q = p + 1;
      let close = -1;
      while (q < n) {
        const c = text[q];
        if (c === '\\' && quote === '"') {
          q += 2;
          continue;
        }
        if (c === quote) {
          close = q;
          break;
        }
        // Only double quotes and backticks may span lines; a single quote that reaches the end of
        // the line without closing is unbalanced (dotenv would then read it literally).
        if ((c === '\n' || c === '\r') && quote === "'") break;
        q++;
      }
      if (close >= 0) {
        const inner = text.slice(p + 1, close);
        const valueEnd = close + 1;
        const rest = lineEndFrom(valueEnd);
        let after = valueEnd;
        while (after < rest && (text[after] === ' ' || text[after] === '\t')) after++;
        entry = {
          line, range: { start: entryStart, end: valueEnd }, exportRange, key,
          keyRange: { start: keyStart, end: keyEnd }, equals, rawValue: text.slice(p, valueEnd),
          valueRange: { start: p, end: valueEnd },
          value: quote === '"' ? inner.replace(/\\n/g, '\n').replace(/\\r/g, '\r').replace(/\\"/g, '"') : inner,
          quote, closed: true,
        };
        if (after < rest && text[after] === '#') {
          entry.comment = { text: text.slice(after, rest), range: { start: after, end: rest } };
          entry.range = { start: entryStart, end: rest };
        }
        line += countBreaks(p, valueEnd);
        next = rest;
      } else {
        let valueEnd = eol;
        while (valueEnd > valueStart && (text[valueEnd - 1] === ' ' || text[valueEnd - 1] === '\t')) valueEnd--;
        entry = {
          line, range: { start: entryStart, end: valueEnd }, exportRange, key,
          keyRange: { start: keyStart, end: keyEnd }, equals, rawValue: text.slice(p, valueEnd),
          valueRange: { start: p, end: valueEnd }, value: text.slice(p, valueEnd), quote, closed: false,
        };
        next = eol;
      }
    } else {
      let valueEnd = p;
      let commentStart = -1;
      while (valueEnd < eol) {
        if (text[valueEnd] === '#' && valueEnd > valueStart && /[ \t]/.test(text[valueEnd - 1])) {
          commentStart = valueEnd;
          break;
        }
        valueEnd++;
      }
      let trimmedEnd = valueEnd;
      while (trimmedEnd > valueStart && (text[trimmedEnd - 1] === ' ' || text[trimmedEnd - 1] === '\t')) trimmedEnd--;
      entry = {
        line, range: { start: entryStart, end: commentStart >= 0 ? eol : trimmedEnd }, exportRange, key,
        keyRange: { start: keyStart, end: keyEnd }, equals, rawValue: text.slice(valueStart, trimmedEnd),
        valueRange: { start: valueStart, end: trimmedEnd }, value: text.slice(valueStart, trimmedEnd),
        quote: null, closed: true,
      };
      if (commentStart >= 0) entry.comment = { text: text.slice(commentStart, eol), range: { start: commentStart, end: eol } };
      next = eol;
    }
    entries.push(entry);
    pos = skipBreak(next);
    line++;
  }
  const last = text[n - 1];
  return { entries, comments, invalidLines, endsWithNewline: n === 0 || last === '\n' || last === '\r', hasBom };
}
