// Scanning inside one line: where a plain or quoted scalar ends, whether it is a mapping key, and
// the one-line flow collections. Every function answers undefined on anything it does not handle.

/**
 * Character codes. Other modules copy them into constants of their own when they load: an imported
 * binding read in a loop costs a property read (a getter call, as tsx compiles modules) each time.
 */
export const Ch = {
  NL: 10,
  SP: 32,
  HASH: 35,
  COLON: 58,
  DASH: 45,
  SQ: 39,
  DQ: 34,
  COMMA: 44,
  LBRACK: 91,
  RBRACK: 93,
  LBRACE: 123,
  RBRACE: 125,
  AMP: 38,
  STAR: 42,
} as const;

const { SP, HASH, COLON, SQ, DQ, COMMA, LBRACK, RBRACK, LBRACE, RBRACE } = Ch;

/** Characters that cannot start a plain scalar here (or that start something the fast path leaves to yaml). */
export function badPlainStart(text: string, p: number, eol: number): boolean {
  const c = text.charCodeAt(p);
  switch (c) {
    case 91: case 93: case 123: case 125: case 44: case 35: case 38: case 42: case 33: case 124: case 62:
    case 39: case 34: case 37: case 64: case 96:
      return true;
    case 45: case 63: case 58: {
      // `-`, `?` and `:` start a plain scalar only when something other than a space follows
      const n = p + 1 < eol ? text.charCodeAt(p + 1) : SP;
      return n === SP;
    }
  }
  return false;
}

/** A `:` at `k` that is a mapping indicator in block context. */
function isBlockColon(text: string, k: number, eol: number): boolean {
  return k + 1 >= eol || text.charCodeAt(k + 1) === SP;
}

/**
 * The end of a plain key starting at `p` on a line ending at `eol`: the offset of its `:` and the
 * end of its text (trailing spaces dropped). Undefined when the line has no `: ` before a comment.
 */
export function plainKeyEnd(text: string, p: number, eol: number): { colon: number; end: number } | undefined {
  let end = p;
  for (let k = p; k < eol; k++) {
    const c = text.charCodeAt(k);
    if (c === COLON) {
      if (isBlockColon(text, k, eol)) return k > p ? { colon: k, end } : undefined;
      end = k + 1;
    } else if (c === SP) {
      if (k + 1 < eol && text.charCodeAt(k + 1) === HASH) return undefined;
    } else end = k + 1;
  }
  return undefined;
}

/**
 * The end of a plain value starting at `p`: its text ends at `end`, a comment may start at
 * `comment`. Undefined when it holds a `: ` (yaml reads a nested mapping there, an error).
 */
export function plainValueEnd(text: string, p: number, eol: number): { end: number; comment: number } | undefined {
  let end = p;
  for (let k = p; k < eol; k++) {
    const c = text.charCodeAt(k);
    if (c === COLON) {
      if (isBlockColon(text, k, eol)) return undefined;
      end = k + 1;
    } else if (c === SP) {
      if (k + 1 < eol && text.charCodeAt(k + 1) === HASH) return { end, comment: k + 1 };
    } else end = k + 1;
  }
  return { end, comment: -1 };
}

/** The offset after the closing quote of a quoted scalar starting at `p`, or -1 when it does not close on this line. */
export function quotedEnd(text: string, p: number, eol: number): number {
  const q = text.charCodeAt(p);
  for (let k = p + 1; k < eol; k++) {
    const c = text.charCodeAt(k);
    if (q === SQ) {
      if (c === SQ) {
        if (k + 1 < eol && text.charCodeAt(k + 1) === SQ) k++;
        else return k + 1;
      }
    } else if (c === 92) k++;
    else if (c === DQ) return k + 1;
  }
  return -1;
}

/** What follows a value on its line: the comment's offset (-1 if none), or undefined when something else does. */
export function lineRest(text: string, k: number, eol: number): number | undefined {
  let spaced = false;
  while (k < eol && text.charCodeAt(k) === SP) {
    k++;
    spaced = true;
  }
  if (k === eol) return -1;
  if (text.charCodeAt(k) === HASH && spaced) return k;
  return undefined;
}

/** End of a plain scalar inside a one-line flow collection, or -1 where the fast path stops. */
export function plainFlowEnd(text: string, p: number, eol: number): number {
  let end = p;
  for (let k = p; k < eol; k++) {
    const c = text.charCodeAt(k);
    if (c === COMMA || c === RBRACK || c === RBRACE) return end;
    if (c === LBRACK || c === LBRACE) return -1;
    if (c === COLON) {
      const n = k + 1 < eol ? text.charCodeAt(k + 1) : SP;
      if (n === SP || n === COMMA || n === RBRACK || n === RBRACE || n === LBRACK || n === LBRACE) return end === p ? -1 : end;
      end = k + 1;
    } else if (c === SP) {
      if (k + 1 < eol && text.charCodeAt(k + 1) === HASH) return -1;
    } else end = k + 1;
  }
  return -1;
}
