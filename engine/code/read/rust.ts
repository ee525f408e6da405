// Environment reads in Rust: `env::var("X")` / `std::env::var_os("X")` / `dotenvy::var("X")`.
// They return a Result, so a read is required only when unwrapped (`.unwrap()`, `.expect(…)`, `?`);
// `.unwrap_or(…)`-style calls give a default; anything else handles the error itself.
// `env!("X")` is read at compile time, not by the running service, and is left out.
import { callArgs, defaultText, literalIn, skipWs, wordAt } from './tokens';
import { readFrom, type EnvRead, type Outcome, type ReaderOutput } from './types';
import type { LexedSource } from '../lex/masked';

export function readRust(lex: LexedSource): ReaderOutput {
  const { code } = lex;
  const reads: EnvRead[] = [];
  let dynamic = /\benv\s*::\s*vars(_os)?\s*\(/.test(code);
  for (const m of code.matchAll(/\b(?:env|dotenvy|dotenv)\s*::\s*(var|var_os)\s*\(/g)) {
    const open = m.index! + m[0].length - 1;
    const call = callArgs(code, open);
    const lit = call?.args[0] && literalIn(lex, call.args[0].start, call.args[0].end);
    if (!call || !lit) {
      dynamic = true;
      continue;
    }
    const r = readFrom(lit.value, lit.valueStart, lit.valueStart + lit.value.length, outcome(lex, call.close + 1), `env::${m[1]}("${lit.value}")`);
    if (r) reads.push(r);
  }
  return { reads, dynamic };
}

function outcome(lex: LexedSource, end: number): Outcome {
  const { code } = lex;
  const a = skipWs(code, end);
  if (code[a] === '?') return { kind: 'plain' };
  if (code[a] !== '.') return { kind: 'optional' };
  const method = wordAt(code, skipWs(code, a + 1));
  if (method === 'unwrap' || method === 'expect') return { kind: 'plain' };
  if (method === 'unwrap_or' || method === 'unwrap_or_else') {
    const open = skipWs(code, skipWs(code, a + 1) + method.length);
    const call = code[open] === '(' ? callArgs(code, open) : undefined;
    const arg = call?.args[0];
    return { kind: 'default', text: arg ? defaultText(lex, arg.start, arg.end) : '' };
  }
  if (method === 'unwrap_or_default') return { kind: 'default', text: '' };
  return { kind: 'optional' };
}
