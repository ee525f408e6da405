// Environment reads in JavaScript/TypeScript: `process.env.X`, `process.env["X"]`, destructuring
// `const { X = "d" } = process.env`, `import.meta.env.X` (Vite), `Bun.env.X`, `Deno.env.get("X")`,
// and the `env("X", default)` helper Strapi passes to its config files (`({ env }) => …`).
import { callArgs, defaultText, expressionEnd, literalIn, matchingClose, matchingOpen, prevSig, skipWs, wordAt, wordBefore } from './tokens';
import { readFrom, type EnvRead, type Outcome, type ReaderOutput } from './types';
import type { LexedSource } from '../lex/masked';

/** Set by Vite itself, never by the deploy config. */
const VITE_BUILTINS = new Set(['MODE', 'DEV', 'PROD', 'SSR', 'BASE_URL']);
const STRAPI_TYPES = new Set(['int', 'float', 'bool', 'json', 'array', 'date', 'oneOf']);

export function readJs(lex: LexedSource): ReaderOutput {
  const { code } = lex;
  const reads: EnvRead[] = [];
  let dynamic = false;
  const add = (r: EnvRead | undefined) => r && reads.push(r);

  for (const m of code.matchAll(/\b(process|Bun)\s*\.\s*env\b(?!\s*\.\s*\w+\s*\()|\bimport\s*\.\s*meta\s*\.\s*env\b/g)) {
    const start = m.index!;
    const object = m[1] ? `${m[1]}.env` : 'import.meta.env';
    const vite = !m[1];
    let q = skipWs(code, start + m[0].length);
    if (code.startsWith('?.', q)) q = skipWs(code, q + 2);
    else if (code[q] === '.') q = skipWs(code, q + 1);
    else if (code[q] !== '[') {
      const r = destructured(lex, start, object);
      if (r.rest) dynamic = true;
      r.reads.forEach((x) => add(vite && VITE_BUILTINS.has(x.name) ? undefined : x));
      if (!r.reads.length && /Object\s*\.\s*(keys|entries|values|assign)\s*\(\s*$|\bfor\s*\(.*\bin\s*$/.test(code.slice(Math.max(0, start - 40), start))) dynamic = true;
      continue;
    }
    if (code[q] === '[') {
      const close = matchingClose(code, q);
      const lit = close > 0 ? literalIn(lex, q + 1, close) : undefined;
      if (!lit) {
        dynamic = true;
        continue;
      }
      if (vite && VITE_BUILTINS.has(lit.value)) continue;
      add(readFrom(lit.value, lit.valueStart, lit.valueStart + lit.value.length, outcome(lex, start, close + 1), `${object}["${lit.value}"]`));
      continue;
    }
    const name = wordAt(code, q);
    if (!name || (vite && VITE_BUILTINS.has(name))) continue;
    add(readFrom(name, q, q + name.length, outcome(lex, start, q + name.length), `${object}.${name}`));
  }

  for (const m of code.matchAll(/\bDeno\s*\.\s*env\s*\.\s*(get|toObject)\s*\(/g)) {
    const open = m.index! + m[0].length - 1;
    if (m[1] === 'toObject') {
      dynamic = true;
      continue;
    }
    const call = callArgs(code, open);
    const lit = call?.args[0] && literalIn(lex, call.args[0].start, call.args[0].end);
    if (!call || !lit) {
      dynamic = true;
      continue;
    }
    add(readFrom(lit.value, lit.valueStart, lit.valueStart + lit.value.length, outcome(lex, m.index!, call.close + 1), `Deno.env.get("${lit.value}")`));
  }

  // Strapi hands config files an `env` helper: `module.exports = ({ env }) => ({ … env('X', d) … })`.
  if (strapiConfig(code)) {
    for (const m of code.matchAll(/(?<![.\w$])env(?:\s*\.\s*(\w+))?\s*\(/g)) {
      if (m[1] && !STRAPI_TYPES.has(m[1])) continue;
      const open = m.index! + m[0].length - 1;
      const call = callArgs(code, open);
      const lit = call?.args[0] && literalIn(lex, call.args[0].start, call.args[0].end);
      if (!call || !lit) continue;
      // env.oneOf(name, expected, default): the default is the third argument.
      const fallback = call.args[m[1] === 'oneOf' ? 2 : 1];
      const o: Outcome = fallback ? { kind: 'default', text: defaultText(lex, fallback.start, fallback.end) } : outcome(lex, m.index!, call.close + 1);
      add(readFrom(lit.value, lit.valueStart, lit.valueStart + lit.value.length, o, `env("${lit.value}")`));
    }
  }
  return { reads: createEnvSchemas(lex, reads), dynamic };
}

/** `({ env }) =>` or `({ env, strapi }) =>`: a parameter list destructuring `env`. */
function strapiConfig(code: string): boolean {
  for (const m of code.matchAll(/\(\s*\{/g)) {
    const open = m.index! + m[0].length - 1;
    const close = matchingClose(code, open);
    if (close < 0 || close - open > 200 || !/\benv\b/.test(code.slice(open, close))) continue;
    if (/^\}\s*\)\s*=>/.test(code.slice(close, close + 40))) return true;
  }
  return false;
}

/**
 * t3-env (`createEnv({ server: { X: z.string().optional() }, runtimeEnv: { X: process.env.X } })`):
 * the schema, not the read, says whether a variable may be missing.
 */
function createEnvSchemas(lex: LexedSource, reads: EnvRead[]): EnvRead[] {
  if (!/\bcreateEnv\s*\(/.test(lex.code)) return reads;
  return reads.map((r) => {
    const schema = new RegExp(`\\b${r.name}\\s*:\\s*z\\b[^\\n]*?\\.(optional|default|catch)\\s*\\(`).exec(lex.code);
    if (!schema) return r;
    if (schema[1] === 'optional') return { ...r, optional: true };
    const open = schema.index + schema[0].length - 1;
    const arg = callArgs(lex.code, open)?.args[0];
    return { ...r, hasDefault: true, default: arg ? defaultText(lex, arg.start, arg.end) : '' };
  });
}

/** `const { A, B = "d", C: c, "D-E": d, ...rest } = process.env` */
function destructured(lex: LexedSource, objectStart: number, object: string): { reads: EnvRead[]; rest: boolean } {
  const { code } = lex;
  const none = { reads: [], rest: false };
  const eq = prevSig(code, objectStart);
  if (code[eq] !== '=' || /[=!<>]/.test(code[eq - 1] ?? '')) return none;
  const close = prevSig(code, eq);
  if (code[close] !== '}') return none;
  const open = matchingOpen(code, close);
  if (open < 0) return none;
  const out: EnvRead[] = [];
  let rest = false;
  let depth = 0;
  let entryStart = open + 1;
  const entry = (s: number, e: number): void => {
    const at = skipWs(code, s);
    if (at >= e) return;
    if (code.startsWith('...', at)) {
      rest = true;
      return;
    }
    const lit = lex.strings.get(at);
    const name = lit ? lit.value : wordAt(code, at);
    if (!name) return;
    const nameStart = lit ? lit.valueStart : at;
    const body = code.slice(at, e);
    const eqAt = body.search(/=(?!=)/);
    const o: Outcome = eqAt >= 0 ? { kind: 'default', text: defaultText(lex, at + eqAt + 1, e) } : { kind: 'plain' };
    const r = readFrom(name, nameStart, nameStart + name.length, o, `${object}.${name}`);
    if (r) out.push(r);
  };
  for (let i = open + 1; i < close; i++) {
    const c = code[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      entry(entryStart, i);
      entryStart = i + 1;
    }
  }
  entry(entryStart, close);
  return { reads: out, rest };
}

/** How the value of the expression [start, end) is used. */
export function outcome(lex: LexedSource, start: number, end: number): Outcome {
  const { code } = lex;
  const a = skipWs(code, end);
  const two = code.slice(a, a + 3);
  if (/^(\?\?=|\|\|=)/.test(two)) return { kind: 'default', text: defaultText(lex, skipWs(code, a + 3), expressionEnd(code, a + 3)) };
  if (code[a] === '=' && code[a + 1] !== '=' && code[a + 1] !== '>') return { kind: 'write' };
  if (two.startsWith('||') || two.startsWith('??')) {
    const d = skipWs(code, a + 2);
    return { kind: 'default', text: defaultText(lex, d, expressionEnd(code, d)) };
  }
  if (/^(\?\.|===?|!==?|&&)/.test(two) || (code[a] === '?' && code[a + 1] !== '?')) return { kind: 'optional' };
  const b = prevSig(code, start);
  const before = code.slice(Math.max(0, b - 2), b + 1);
  if (/(\|\||\?\?|&&|===?|!==?|!)$/.test(before) && !/[^=!]=$/.test(before)) return { kind: 'optional' };
  if (wordBefore(code, start)?.word === 'typeof') return { kind: 'optional' };
  // Passed as the fallback of something else: `{ default: process.env.X }`.
  if (/\b(default|fallback|defaultValue)\s*:\s*$/.test(code.slice(Math.max(0, start - 20), start))) return { kind: 'optional' };
  if (code[b] === '(' && code[a] === ')' && /\b(if|while)\s*$/.test(code.slice(Math.max(0, b - 8), b))) return { kind: 'optional' };
  return checkedLater(code, start, end) ? { kind: 'optional' } : { kind: 'plain' };
}

/** `const port = process.env.PORT; if (!port) …`: the value is stored, then tested. */
function checkedLater(code: string, start: number, end: number): boolean {
  const decl = /(?:\b(?:const|let|var)\s+)?([A-Za-z_$][\w$]*)\s*=\s*$/.exec(code.slice(Math.max(0, start - 60), start));
  if (!decl) return false;
  const name = decl[1].replace(/[$]/g, '\\$');
  const after = code.slice(end, end + 600);
  return new RegExp(`!\\s*${name}\\b|\\b${name}\\s*(\\|\\||\\?\\?|\\?(?!\\.)|===?|!==?)|\\bif\\s*\\(\\s*${name}\\s*\\)`).test(after);
}
