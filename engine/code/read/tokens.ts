// Navigation over a lexed source's code view (comments and string contents already blanked), used
// by the per-language readers to look at what surrounds an environment read.
import type { LexedSource, StringLiteral } from '../lex/masked';

export function skipWs(code: string, i: number): number {
  let j = i;
  while (j < code.length && /\s/.test(code[j])) j++;
  return j;
}

/** Offset of the last non-blank character before `i`, or -1. */
export function prevSig(code: string, i: number): number {
  let j = i - 1;
  while (j >= 0 && /\s/.test(code[j])) j--;
  return j;
}

/** The identifier (or keyword) ending at or before `i` after skipping blanks, with its start. */
export function wordBefore(code: string, i: number): { word: string; start: number } | undefined {
  const end = prevSig(code, i) + 1;
  let s = end;
  while (s > 0 && /[A-Za-z0-9_$]/.test(code[s - 1])) s--;
  return s < end ? { word: code.slice(s, end), start: s } : undefined;
}

export function wordAt(code: string, i: number): string {
  const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(code.slice(i, i + 80));
  return m ? m[0] : '';
}

/**
 * Matching brackets of a code view, computed once per text in one pass (strings and comments are
 * blank, so only code brackets count): every lookup is then constant time, whatever the input.
 */
let matched: { code: string; pair: Int32Array } | undefined;

function pairs(code: string): Int32Array {
  if (matched?.code === code) return matched.pair;
  const pair = new Int32Array(code.length).fill(-1);
  const stack: number[] = [];
  const closer: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '(' || c === '[' || c === '{') stack.push(i);
    else if (c === ')' || c === ']' || c === '}') {
      // An unbalanced closer (a stray bracket) is left unmatched rather than pairing the wrong ones.
      if (stack.length && code[stack[stack.length - 1]] === closer[c]) {
        const open = stack.pop()!;
        pair[open] = i;
        pair[i] = open;
      }
    }
  }
  matched = { code, pair };
  return pair;
}

/** Offset of the bracket closing the one at `open`, or -1 when unbalanced. */
export function matchingClose(code: string, open: number): number {
  return open >= 0 && open < code.length ? pairs(code)[open] : -1;
}

/** Offset of the bracket opening the one that closes at `close`, or -1. */
export function matchingOpen(code: string, close: number): number {
  return close >= 0 && close < code.length ? pairs(code)[close] : -1;
}

export interface Arg {
  start: number;
  end: number;
  /** `name=` of a keyword argument (Python), when present. */
  keyword?: string;
  /** Where the value starts (after `name=`). */
  valueStart: number;
}

/** The arguments of the call whose `(` is at `open`, split at top-level commas; undefined when unbalanced. */
export function callArgs(code: string, open: number): { args: Arg[]; close: number } | undefined {
  const close = matchingClose(code, open);
  if (close < 0) return undefined;
  const args: Arg[] = [];
  let depth = 0;
  let start = open + 1;
  const push = (end: number) => {
    const s = skipWs(code, start);
    if (s >= end) return;
    const kw = /^([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)\s*/.exec(code.slice(s, end));
    args.push({ start: s, end, keyword: kw?.[1], valueStart: kw ? s + kw[0].length : s });
  };
  for (let i = open + 1; i < close; i++) {
    const c = code[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      push(i);
      start = i + 1;
    }
  }
  push(close);
  return { args, close };
}

/** The string literal that makes up the whole of [start, end) (blanks aside), if any. */
export function literalIn(lex: LexedSource, start: number, end: number): StringLiteral | undefined {
  const s = skipWs(lex.code, start);
  const lit = lex.strings.get(s);
  if (!lit) return undefined;
  return skipWs(lex.code, lit.end) >= end ? lit : undefined;
}

/** The source text of a default value, short: a literal's value, or the expression as written. */
export function defaultText(lex: LexedSource, start: number, end: number): string {
  const lit = literalIn(lex, start, end);
  if (lit) return lit.value;
  const raw = lex.text.slice(start, end).trim().replace(/\s+/g, ' ');
  return raw.length > 60 ? `${raw.slice(0, 57)}...` : raw;
}

/** End of the expression that starts at `i`: the next top-level `,`, `;`, `)`, `]`, `}` or line break. */
export function expressionEnd(code: string, i: number): number {
  let depth = 0;
  for (let j = i; j < code.length && j < i + 400; j++) {
    const c = code[j];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return j;
      depth--;
    } else if (depth === 0 && (c === ',' || c === ';' || c === '\n' || c === '\r')) return j;
  }
  return Math.min(code.length, i + 400);
}
