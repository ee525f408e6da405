// Lexer for the C-family sources Readiness scans: JavaScript/TypeScript (template literals with
// `${}` interpolation, regular expression literals), Go (raw back-quoted strings, runes) and
// Rust (raw strings `r#"…"#`, byte strings, char literals versus lifetimes, nested block comments).
import { Masker, isIdentChar, lineEnd, type LexedSource } from './masked';

export interface CLikeOptions {
  dialect: 'js' | 'go' | 'rust';
}

const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await', 'instanceof']);
const REGEX_AFTER_CHAR = '(,=:[!&|?{};+-*%<>~^';
const MAX_REGEX = 400;

export function lexCLike(text: string, { dialect }: CLikeOptions): LexedSource {
  const m = new Masker(text);
  const n = text.length;
  const js = dialect === 'js';
  const rust = dialect === 'rust';
  // Brace depth at which each open template interpolation (`${`) started.
  const templates: number[] = [];
  let depth = 0;
  let lastSig = '';
  let lastWord = '';
  let i = 0;

  /** Scans template text from `from`; returns where it stopped and whether at `${`. */
  const templatePart = (from: number): { end: number; interp: boolean } => {
    let j = from;
    while (j < n) {
      const c = text[j];
      if (c === '\\') j += 2;
      else if (c === '`') return { end: j, interp: false };
      else if (c === '$' && text[j + 1] === '{') return { end: j, interp: true };
      else j++;
    }
    return { end: n, interp: false };
  };

  /** A quoted string ending at the same quote; `multiline` false stops at the end of the line. */
  const quoted = (start: number, open: number, quote: string, multiline: boolean, escapes = true): number => {
    let j = open;
    while (j < n) {
      const c = text[j];
      if (c === '\\' && escapes) {
        j += 2;
        continue;
      }
      if (c === quote) {
        m.literal(start, open, j, j + 1);
        return j + 1;
      }
      if (!multiline && (c === '\n' || c === '\r')) break;
      j++;
    }
    // Unterminated: blank what was consumed so the rest of the line is not read as code.
    m.blank(open, j);
    return j;
  };

  while (i < n) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const e = lineEnd(text, i);
      m.comment(i, e);
      i = e;
      continue;
    }
    if (c === '/' && next === '*') {
      let j = i + 2;
      let nest = 1;
      while (j < n && nest > 0) {
        if (text[j] === '*' && text[j + 1] === '/') {
          nest--;
          j += 2;
        } else if (rust && text[j] === '/' && text[j + 1] === '*') {
          nest++;
          j += 2;
        } else j++;
      }
      m.comment(i, j);
      i = j;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (rust && (c === 'r' || c === 'b') && !isIdentChar(text[i - 1])) {
      // r"…", r#"…"#, br"…", b"…"
      let j = i + (c === 'b' && text[i + 1] === 'r' ? 2 : 1);
      const raw = text[j - 1] === 'r';
      let hashes = 0;
      while (raw && text[j] === '#') {
        hashes++;
        j++;
      }
      if (text[j] === '"' && (raw || c === 'b')) {
        if (!raw) {
          i = quoted(i, j + 1, '"', true);
        } else {
          const close = '"' + '#'.repeat(hashes);
          const end = text.indexOf(close, j + 1);
          const stop = end < 0 ? n : end;
          m.literal(i, j + 1, stop, end < 0 ? n : end + close.length);
          i = end < 0 ? n : end + close.length;
        }
        lastSig = '"';
        lastWord = '';
        continue;
      }
    }
    if (c === '"') {
      i = quoted(i, i + 1, '"', rust);
      lastSig = '"';
      lastWord = '';
      continue;
    }
    if (c === "'") {
      if (rust) {
        // A char literal is one (possibly escaped) character between quotes; anything else is a lifetime.
        const close = next === '\\' ? text.indexOf("'", i + 2) : text.codePointAt(i + 1)! > 0xffff ? i + 3 : i + 2;
        if (close > i && text[close] === "'" && close - i <= 12) {
          m.literal(i, i + 1, close, close + 1);
          i = close + 1;
          lastSig = '"';
          continue;
        }
        i++;
        lastSig = "'";
        continue;
      }
      if (js && /[A-Za-z0-9]/.test(text[i - 1] ?? '')) {
        // An apostrophe inside a word (JSX text: `Don't`) cannot open a string in code.
        i++;
        continue;
      }
      i = quoted(i, i + 1, "'", false);
      lastSig = '"';
      lastWord = '';
      continue;
    }
    if (c === '`') {
      if (!js) {
        // Go raw string: no escapes, may span lines.
        i = quoted(i, i + 1, '`', true, false);
      } else {
        const part = templatePart(i + 1);
        if (!part.interp) {
          if (part.end < n) m.literal(i, i + 1, part.end, part.end + 1);
          else m.blank(i + 1, n);
          i = part.end + 1;
        } else {
          m.blank(i + 1, part.end);
          templates.push(depth);
          depth++;
          i = part.end + 2;
        }
      }
      lastSig = '"';
      lastWord = '';
      continue;
    }
    if (js && c === '/' && (lastSig === '' || REGEX_AFTER_CHAR.includes(lastSig) || REGEX_AFTER_WORD.has(lastWord))) {
      // A regular expression literal, on one line, `/` inside a class `[...]` not closing it; the
      // search is bounded so a long line of slashes cannot make lexing quadratic.
      const e = Math.min(lineEnd(text, i), i + MAX_REGEX);
      let j = i + 1;
      let inClass = false;
      while (j < e) {
        const d = text[j];
        if (d === '\\') j += 2;
        else if (d === '[') (inClass = true), j++;
        else if (d === ']') (inClass = false), j++;
        else if (d === '/' && !inClass) break;
        else j++;
      }
      if (j < e && j > i + 1) {
        m.blank(i + 1, j);
        i = j + 1;
        while (isIdentChar(text[i])) i++;
        lastSig = ')';
        lastWord = '';
        continue;
      }
    }
    if (js && c === '{') depth++;
    if (js && c === '}') {
      if (templates.length && templates[templates.length - 1] === depth - 1) {
        templates.pop();
        depth--;
        const part = templatePart(i + 1);
        m.blank(i + 1, part.end);
        if (part.interp) {
          templates.push(depth);
          depth++;
          i = part.end + 2;
        } else i = part.end + 1;
        lastSig = '"';
        lastWord = '';
        continue;
      }
      depth = Math.max(0, depth - 1);
    }
    if (isIdentChar(c)) {
      let j = i;
      while (j < n && isIdentChar(text[j])) j++;
      lastWord = text.slice(i, j);
      lastSig = 'a';
      i = j;
      continue;
    }
    lastSig = c;
    lastWord = '';
    i++;
  }
  return m.finish();
}
