// Lexer for Ruby and Elixir: `#` comments, strings with `#{}` interpolation (code), Ruby heredocs,
// `=begin`/`=end` blocks and percent literals, Elixir heredocs (`"""`), sigils and `?c` characters.
import { Masker, isIdentChar, lineEnd, type LexedSource } from './masked';

export interface HashCommentOptions {
  dialect: 'ruby' | 'elixir';
}

const PAIRS: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };

interface OpenString {
  close: string;
  open: string;
  nest: number;
  interp: boolean;
  /** Bracket depth when its interpolation started. */
  depth: number;
}

export function lexHashComment(text: string, { dialect }: HashCommentOptions): LexedSource {
  const m = new Masker(text);
  const n = text.length;
  const ruby = dialect === 'ruby';
  const stack: OpenString[] = [];
  const heredocs: { id: string; squiggly: boolean }[] = [];
  let depth = 0;
  let lastSig = '';
  let i = 0;

  /** Scans string content; returns the stop offset and reason. `s.nest` tracks paired delimiters. */
  const part = (from: number, s: Omit<OpenString, 'depth'>): { end: number; stop: 'close' | 'interp' | 'eof' } => {
    let j = from;
    while (j < n) {
      const c = text[j];
      if (c === '\\') {
        j += 2;
        continue;
      }
      if (s.interp && c === '#' && text[j + 1] === '{') return { end: j, stop: 'interp' };
      if (s.open && c === s.open && s.open !== s.close) s.nest++;
      else if (text.startsWith(s.close, j)) {
        if (s.nest === 0) return { end: j, stop: 'close' };
        s.nest--;
      }
      j++;
    }
    return { end: n, stop: 'eof' };
  };

  /** Starts (or resumes) a string whose content begins at `from`; returns where code resumes. */
  const string = (start: number, from: number, s: Omit<OpenString, 'depth'>, fresh: boolean): number => {
    const r = part(from, s);
    if (r.stop === 'interp') {
      m.blank(from, r.end);
      stack.push({ ...s, depth });
      depth++;
      return r.end + 2;
    }
    if (r.stop === 'close' && fresh) m.literal(start, from, r.end, r.end + s.close.length);
    else m.blank(from, r.end);
    return r.stop === 'close' ? r.end + s.close.length : n;
  };

  const atLineStart = (p: number) => p === 0 || text[p - 1] === '\n' || text[p - 1] === '\r';
  const operand = () => lastSig === '' || '(,=[{|&!?:;+-*/%<>~^'.includes(lastSig);

  while (i < n) {
    const c = text[i];
    if ((c === '\n' || c === '\r') && heredocs.length) {
      // Heredoc bodies start on the line after their opener and end at the terminator line.
      let p = c === '\r' && text[i + 1] === '\n' ? i + 2 : i + 1;
      const bodyStart = p;
      for (const h of heredocs) {
        while (p < n) {
          const e = lineEnd(text, p);
          const line = text.slice(p, e);
          const done = (h.squiggly ? line.trim() : line) === h.id;
          p = text[e] === '\r' && text[e + 1] === '\n' ? e + 2 : e + 1;
          if (done) break;
        }
      }
      m.blank(bodyStart, Math.min(p, n));
      heredocs.length = 0;
      i = Math.min(p, n);
      continue;
    }
    if (c === '#') {
      const e = lineEnd(text, i);
      m.comment(i, e);
      i = e;
      continue;
    }
    if (ruby && atLineStart(i) && text.startsWith('=begin', i)) {
      const re = /^=end\b.*$/gm;
      re.lastIndex = i;
      const found = re.exec(text);
      const end = found ? found.index + found[0].length : n;
      m.comment(i, end);
      i = end;
      continue;
    }
    if (ruby && atLineStart(i) && text.startsWith('__END__', i) && /^__END__\s*$/.test(text.slice(i, lineEnd(text, i)))) {
      m.comment(i, n);
      break;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (ruby && c === '<' && text[i + 1] === '<' && operand()) {
      const h = /^<<([~-]?)(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2/.exec(text.slice(i, i + 80));
      if (h) {
        heredocs.push({ id: h[3], squiggly: h[1] !== '' });
        i += h[0].length;
        lastSig = '"';
        continue;
      }
    }
    if (c === '?' && !isIdentChar(text[i - 1]) && operand() && text[i + 1] !== undefined && /\S/.test(text[i + 1]) && !isIdentChar(text[i + 2])) {
      // `?"`, `?#`, `?a`: a character literal, not the start of a string or comment.
      const len = text[i + 1] === '\\' ? 3 : 2;
      m.blank(i + 1, i + len);
      i += len;
      lastSig = '"';
      continue;
    }
    if (c === '"' || c === "'" || (ruby && c === '`')) {
      const triple = !ruby && text.startsWith(c.repeat(3), i);
      const close = triple ? c.repeat(3) : c;
      i = string(i, i + close.length, { close, open: '', nest: 0, interp: c !== "'" || !ruby }, true);
      lastSig = '"';
      continue;
    }
    const percent = ruby && c === '%' && operand() ? /^%([qQwWiIrsx]?)([^A-Za-z0-9\s])/.exec(text.slice(i, i + 3)) : null;
    const sigil = !ruby && c === '~' ? /^~([A-Za-z]+)("""|'''|[^A-Za-z0-9\s])/.exec(text.slice(i, i + 12)) : null;
    if (percent || sigil) {
      const [whole, kind, delim] = (percent ?? sigil)!;
      const close = PAIRS[delim] ?? delim;
      const interp = percent ? kind === '' || /[QWIrx]/.test(kind) : kind === kind.toLowerCase();
      i = string(i, i + whole.length, { close, open: PAIRS[delim] ? delim : '', nest: 0, interp }, true);
      lastSig = '"';
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      const top = stack[stack.length - 1];
      if (c === '}' && top && top.depth === depth - 1) {
        stack.pop();
        depth--;
        i = string(i, i + 1, top, false);
        lastSig = '"';
        continue;
      }
      depth = Math.max(0, depth - 1);
    }
    if (isIdentChar(c)) {
      while (i < n && (isIdentChar(text[i]) || text[i] === '?' || text[i] === '!')) i++;
      lastSig = 'a';
      continue;
    }
    lastSig = c;
    i++;
  }
  return m.finish();
}
