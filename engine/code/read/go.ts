// Environment reads in Go: `os.Getenv("X")` (empty when unset), `os.LookupEnv("X")` (tested by
// design), `cmp.Or(os.Getenv("X"), "d")`, and the idiom `v := os.Getenv("X"); if v == "" { v = … }`.
import { callArgs, defaultText, literalIn, prevSig, skipWs } from './tokens';
import { readFrom, type EnvRead, type Outcome, type ReaderOutput } from './types';
import type { LexedSource } from '../lex/masked';

export function readGo(lex: LexedSource): ReaderOutput {
  const { code } = lex;
  const reads: EnvRead[] = [];
  let dynamic = /\bos\s*\.\s*Environ\s*\(/.test(code);
  for (const m of code.matchAll(/\b(?:os|syscall)\s*\.\s*(Getenv|LookupEnv)\s*\(/g)) {
    const open = m.index! + m[0].length - 1;
    const call = callArgs(code, open);
    const lit = call?.args[0] && literalIn(lex, call.args[0].start, call.args[0].end);
    if (!call || !lit) {
      dynamic = true;
      continue;
    }
    const o: Outcome = m[1] === 'LookupEnv' ? { kind: 'optional' } : outcome(lex, m.index!, call.close + 1);
    const r = readFrom(lit.value, lit.valueStart, lit.valueStart + lit.value.length, o, `os.${m[1]}("${lit.value}")`);
    if (r) reads.push(r);
  }
  return { reads, dynamic };
}

function outcome(lex: LexedSource, start: number, end: number): Outcome {
  const { code } = lex;
  const a = skipWs(code, end);
  if (/^(==|!=)/.test(code.slice(a, a + 2))) return { kind: 'optional' };
  const b = prevSig(code, start);
  if (/(==|!=)$/.test(code.slice(Math.max(0, b - 1), b + 1))) return { kind: 'optional' };
  // cmp.Or(os.Getenv("X"), "fallback")
  const orCall = /\bcmp\s*\.\s*Or\s*\(\s*$/.exec(code.slice(Math.max(0, start - 20), start));
  if (orCall) {
    const open = start - orCall[0].length + orCall[0].indexOf('(');
    const call = callArgs(code, open);
    const second = call?.args[1];
    if (second) return { kind: 'default', text: defaultText(lex, second.start, second.end) };
  }
  const decl = /\b([A-Za-z_]\w*)\s*:?=\s*$/.exec(code.slice(Math.max(0, start - 60), start));
  if (decl) {
    const v = decl[1];
    const after = code.slice(end, end + 400);
    const assign = new RegExp(`\\bif\\s+${v}\\s*==\\s*""\\s*\\{\\s*${v}\\s*=\\s*([^\\n;}]+)`).exec(after);
    if (assign) {
      const at = end + assign.index + assign[0].length - assign[1].length;
      return { kind: 'default', text: defaultText(lex, at, at + assign[1].length) };
    }
    if (new RegExp(`\\b${v}\\s*(==|!=)\\s*""|\\blen\\(\\s*${v}\\s*\\)\\s*(==|>|!=)\\s*0`).test(after)) return { kind: 'optional' };
  }
  return { kind: 'plain' };
}
