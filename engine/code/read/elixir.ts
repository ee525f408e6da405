// Environment reads in Elixir: `System.get_env("X")` (nil when unset), `System.get_env("X", d)`,
// `System.fetch_env!("X")` (raises), `System.fetch_env("X")` (tested by design). The Phoenix idiom
// `System.get_env("X") || raise "…"` is required; `System.get_env("X") || "d"` has a default.
import { callArgs, defaultText, expressionEnd, literalIn, skipWs, wordAt, wordBefore } from './tokens';
import { readFrom, type EnvRead, type Outcome, type ReaderOutput } from './types';
import type { LexedSource } from '../lex/masked';

export function readElixir(lex: LexedSource): ReaderOutput {
  const { code } = lex;
  const reads: EnvRead[] = [];
  let dynamic = false;
  for (const m of code.matchAll(/\bSystem\s*\.\s*(get_env|fetch_env!|fetch_env)\s*\(/g)) {
    const open = m.index! + m[0].length - 1;
    const call = callArgs(code, open);
    const lit = call?.args[0] && literalIn(lex, call.args[0].start, call.args[0].end);
    if (!call || !lit) {
      dynamic = true;
      continue;
    }
    let o: Outcome;
    if (m[1] === 'fetch_env!') o = { kind: 'plain' };
    else if (m[1] === 'fetch_env') o = { kind: 'optional' };
    else if (call.args[1]) o = { kind: 'default', text: defaultText(lex, call.args[1].start, call.args[1].end) };
    else o = outcome(lex, m.index!, call.close + 1);
    const r = readFrom(lit.value, lit.valueStart, lit.valueStart + lit.value.length, o, `System.${m[1]}("${lit.value}")`);
    if (r) reads.push(r);
  }
  return { reads, dynamic };
}

function outcome(lex: LexedSource, start: number, end: number): Outcome {
  const { code } = lex;
  const a = skipWs(code, end);
  if (code.startsWith('||', a)) {
    const d = skipWs(code, a + 2);
    if (wordAt(code, d) === 'raise') return { kind: 'plain' };
    return { kind: 'default', text: defaultText(lex, d, expressionEnd(code, d)) };
  }
  if (/^(&&|==|!=)/.test(code.slice(a, a + 2))) return { kind: 'optional' };
  const w = wordBefore(code, start);
  if (w && ['if', 'unless', 'and', 'or', 'not'].includes(w.word)) return { kind: 'optional' };
  return { kind: 'plain' };
}
