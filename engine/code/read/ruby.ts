// Environment reads in Ruby: `ENV["X"]`, `ENV.fetch("X")` (raises when unset), `ENV.fetch("X", d)`
// and `ENV.fetch("X") { d }`.
import { callArgs, defaultText, expressionEnd, literalIn, matchingClose, prevSig, skipWs, wordAt, wordBefore } from './tokens';
import { readFrom, type EnvRead, type Outcome, type ReaderOutput } from './types';
import { lineEnd, type LexedSource } from '../lex/masked';

export function readRuby(lex: LexedSource): ReaderOutput {
  const { code } = lex;
  const reads: EnvRead[] = [];
  let dynamic = false;
  const add = (r: EnvRead | undefined) => r && reads.push(r);

  for (const m of code.matchAll(/(?<![\w:.])(?:::)?ENV\s*(\[|\.\s*(fetch|to_h|each|select|keys|filter|map|slice)\b)/g)) {
    const start = m.index!;
    if (m[1] === '[') {
      const open = start + m[0].length - 1;
      const close = matchingClose(code, open);
      const lit = close > 0 ? literalIn(lex, open + 1, close) : undefined;
      if (!lit) {
        dynamic = true;
        continue;
      }
      add(readFrom(lit.value, lit.valueStart, lit.valueStart + lit.value.length, outcome(lex, start, close + 1), `ENV["${lit.value}"]`));
      continue;
    }
    if (m[2] !== 'fetch') {
      dynamic = true;
      continue;
    }
    const open = skipWs(code, start + m[0].length);
    if (code[open] !== '(') continue;
    const call = callArgs(code, open);
    const lit = call?.args[0] && literalIn(lex, call.args[0].start, call.args[0].end);
    if (!call || !lit) {
      dynamic = true;
      continue;
    }
    const after = skipWs(code, call.close + 1);
    let o: Outcome;
    if (call.args[1]) o = { kind: 'default', text: defaultText(lex, call.args[1].start, call.args[1].end) };
    else if (code[after] === '{' || wordAt(code, after) === 'do') o = { kind: 'default', text: 'block' };
    else o = outcome(lex, start, call.close + 1);
    add(readFrom(lit.value, lit.valueStart, lit.valueStart + lit.value.length, o, `ENV.fetch("${lit.value}")`));
  }
  return { reads, dynamic };
}

const TESTS_BEFORE = new Set(['if', 'unless', 'elsif', 'while', 'until', 'and', 'or', 'not']);
/** Passed as the fallback of something else (`field :x, default: ENV["X"]`). */
const FALLBACK_ARGUMENT = /\b(default|fallback)\s*:\s*$/;

function outcome(lex: LexedSource, start: number, end: number): Outcome {
  const { code } = lex;
  const a = skipWs(code, end);
  const ahead = code.slice(a, a + 12);
  if (ahead.startsWith('||=')) return { kind: 'default', text: defaultText(lex, skipWs(code, a + 3), expressionEnd(code, a + 3)) };
  if (code[a] === '=' && !/^=[=~>]/.test(ahead)) return { kind: 'write' };
  const orAt = /^(?:\.presence\s*)?\|\|/.exec(ahead);
  if (orAt) {
    const d = skipWs(code, a + orAt[0].length);
    return { kind: 'default', text: defaultText(lex, d, expressionEnd(code, d)) };
  }
  if (/^(&&|&\.|==|!=|=~|\?\s)/.test(ahead) || /^\.\s*\w+\?/.test(ahead)) return { kind: 'optional' };
  const b = prevSig(code, start);
  if (/(\|\||&&|==|!=|!)$/.test(code.slice(Math.max(0, b - 1), b + 1))) return { kind: 'optional' };
  const w = wordBefore(code, start);
  if (w && TESTS_BEFORE.has(w.word)) return { kind: 'optional' };
  if (FALLBACK_ARGUMENT.test(code.slice(Math.max(0, start - 20), start))) return { kind: 'optional' };
  // A statement modifier guards the line: `pidfile ENV["PIDFILE"] if ENV["PIDFILE"]`.
  if (/\b(if|unless)\b/.test(code.slice(end, lineEnd(code, end)))) return { kind: 'optional' };
  return checkedLater(code, start, end) ? { kind: 'optional' } : { kind: 'plain' };
}

/** `key = ENV["KEY"]` then `key.present?`, `if key`, `key || …` nearby. */
function checkedLater(code: string, start: number, end: number): boolean {
  const decl = /(?:^|\n)[ \t]*@?([A-Za-z_]\w*)\s*=\s*$/.exec(code.slice(Math.max(0, start - 80), start));
  if (!decl) return false;
  const v = decl[1];
  return new RegExp(`\\b${v}(\\.(present|blank|nil|empty)\\?|\\s*(\\|\\||&&|==|!=))|\\b(if|unless|elsif)\\s+!?${v}\\b|!${v}\\b`).test(code.slice(end, end + 600));
}
