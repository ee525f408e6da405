// Environment reads in Python: `os.getenv`, `os.environ.get`, `os.environ["X"]`,
// `os.environ.setdefault`, the same names imported from `os`, django-environ (`env("X")`,
// `env.bool("X", default=…)`, `env.db()`), python-decouple `config("X")`, `dj_database_url.config()`,
// and pydantic settings classes (./pydantic).
import { callArgs, defaultText, expressionEnd, literalIn, matchingClose, prevSig, skipWs, wordAt, wordBefore, type Arg } from './tokens';
import { readFrom, type EnvRead, type Outcome, type ReaderOutput } from './types';
import { readPydantic } from './pydantic';
import type { LexedSource } from '../lex/masked';

/** django-environ casts whose first argument is the variable name, and the name used when none is given. */
const DJANGO_ENVIRON: Record<string, string | undefined> = {
  str: undefined, bool: undefined, int: undefined, float: undefined, json: undefined, list: undefined, tuple: undefined, dict: undefined,
  url: undefined, path: undefined, bytes: undefined, db: 'DATABASE_URL', db_url: 'DATABASE_URL', cache: 'CACHE_URL', cache_url: 'CACHE_URL',
  email: 'EMAIL_URL', email_url: 'EMAIL_URL', search_url: 'SEARCH_URL',
};

export function readPython(lex: LexedSource): ReaderOutput {
  const { code } = lex;
  const reads: EnvRead[] = [];
  let dynamic = false;
  const add = (r: EnvRead | undefined) => r && reads.push(r);
  const fromOs = /^\s*from\s+os\s+import\s+([^\n]*)/m.exec(code)?.[1] ?? '';
  const bare = (name: string) => new RegExp(`\\b${name}\\b`).test(fromOs);

  /** A call whose first argument names the variable and whose second (or `default=`) is the fallback. */
  const call = (matchStart: number, open: number, via: (n: string) => string, implicit?: string, setsDefault = false) => {
    const c = callArgs(code, open);
    if (!c) return;
    const positional = c.args.filter((a) => !a.keyword);
    const first = positional[0] ?? c.args.find((a) => a.keyword === 'var' || a.keyword === 'key' || a.keyword === 'env');
    const lit = first && literalIn(lex, first.valueStart, first.end);
    let name: string;
    let nameStart: number;
    let nameEnd: number;
    if (lit) {
      name = lit.value;
      nameStart = lit.valueStart;
      nameEnd = nameStart + name.length;
    } else if (!first && implicit) {
      // `env.db()` reads DATABASE_URL: point at the call.
      name = implicit;
      nameStart = matchStart;
      nameEnd = open;
    } else {
      if (first) dynamic = true;
      return;
    }
    const fallback: Arg | undefined = c.args.find((a) => a.keyword === 'default') ?? (positional[1] && positional[0] === first ? positional[1] : undefined);
    const o: Outcome = fallback || setsDefault
      ? { kind: 'default', text: fallback ? defaultText(lex, fallback.valueStart, fallback.end) : '' }
      : outcome(lex, matchStart, c.close + 1);
    add(readFrom(name, nameStart, nameEnd, o, via(name)));
  };

  const getters = [
    String.raw`\bos\s*\.\s*(getenv)\s*\(`,
    String.raw`\bos\s*\.\s*environ\s*\.\s*(get|setdefault)\s*\(`,
    ...(bare('getenv') ? [String.raw`(?<![.\w])(getenv)\s*\(`] : []),
    ...(bare('environ') ? [String.raw`(?<![.\w])environ\s*\.\s*(get|setdefault)\s*\(`] : []),
  ];
  for (const m of code.matchAll(new RegExp(getters.join('|'), 'g'))) {
    const kind = m.slice(1).find(Boolean)!;
    const open = m.index! + m[0].length - 1;
    call(m.index!, open, (n) => (kind === 'getenv' ? `os.getenv("${n}")` : `os.environ.${kind}("${n}")`), undefined, kind === 'setdefault');
  }

  const subscripts = [String.raw`\bos\s*\.\s*environ\s*\[`, ...(bare('environ') ? [String.raw`(?<![.\w])environ\s*\[`] : [])];
  for (const m of code.matchAll(new RegExp(subscripts.join('|'), 'g'))) {
    const open = m.index! + m[0].length - 1;
    const close = matchingClose(code, open);
    const lit = close > 0 ? literalIn(lex, open + 1, close) : undefined;
    if (!lit) {
      dynamic = true;
      continue;
    }
    if (wordBefore(code, m.index!)?.word === 'del') continue;
    add(readFrom(lit.value, lit.valueStart, lit.valueStart + lit.value.length, outcome(lex, m.index!, close + 1), `os.environ["${lit.value}"]`));
  }
  if (/\bos\s*\.\s*environ\s*\.\s*(items|keys|values)\s*\(|\bfor\s+\w+\s+in\s+os\s*\.\s*environ\b/.test(code)) dynamic = true;

  // django-environ: `env = environ.Env(...)` then `env("X")`, `env.bool("X", default=False)`, `env.db()`.
  for (const decl of code.matchAll(/^\s*([A-Za-z_]\w*)\s*=\s*environ\s*\.\s*Env\s*\(/gm)) {
    const v = decl[1];
    for (const m of code.matchAll(new RegExp(`(?<![.\\w])${v}(?:\\s*\\.\\s*(\\w+))?\\s*\\(`, 'g'))) {
      if (m[1] !== undefined && !(m[1] in DJANGO_ENVIRON)) continue;
      call(m.index!, m.index! + m[0].length - 1, (n) => `${v}${m[1] ? `.${m[1]}` : ''}("${n}")`, m[1] ? DJANGO_ENVIRON[m[1]] : undefined);
    }
  }
  // python-decouple: `from decouple import config` then `config("X", default=…)`.
  if (/^\s*from\s+decouple\s+import\s+[^\n]*\bconfig\b/m.test(code)) {
    for (const m of code.matchAll(/(?<![.\w])config\s*\(/g)) call(m.index!, m.index! + m[0].length - 1, (n) => `config("${n}")`);
  }
  // dj-database-url reads DATABASE_URL (or `env=`) itself.
  for (const m of code.matchAll(/\bdj_database_url\s*\.\s*config\s*\(/g)) {
    const c = callArgs(code, m.index! + m[0].length - 1);
    if (!c) continue;
    const env = c.args.find((a) => a.keyword === 'env');
    const lit = env && literalIn(lex, env.valueStart, env.end);
    if (env && !lit) continue;
    const name = lit ? lit.value : 'DATABASE_URL';
    const start = lit ? lit.valueStart : m.index!;
    const fallback = c.args.find((a) => a.keyword === 'default');
    const o: Outcome = fallback ? { kind: 'default', text: defaultText(lex, fallback.valueStart, fallback.end) } : { kind: 'plain' };
    add(readFrom(name, start, lit ? start + name.length : m.index! + m[0].length - 1, o, 'dj_database_url.config()'));
  }

  const pydantic = readPydantic(lex);
  reads.push(...pydantic.reads);
  return { reads, dynamic: dynamic || pydantic.dynamic };
}

const TESTS_BEFORE = new Set(['if', 'elif', 'while', 'not', 'and', 'or', 'assert']);

/** How the value of the expression [start, end) is used. */
export function outcome(lex: LexedSource, start: number, end: number): Outcome {
  const { code } = lex;
  const a = skipWs(code, end);
  if (code[a] === '=' && code[a + 1] !== '=') return { kind: 'write' };
  const next = wordAt(code, a);
  if (next === 'or') {
    const d = skipWs(code, a + 2);
    return { kind: 'default', text: defaultText(lex, d, expressionEnd(code, d)) };
  }
  if (['and', 'is', 'in', 'not', 'if'].includes(next) || /^(==|!=)/.test(code.slice(a, a + 2))) return { kind: 'optional' };
  const before = wordBefore(code, start);
  if (before && before.start + before.word.length > prevSig(code, start) && TESTS_BEFORE.has(before.word)) return { kind: 'optional' };
  if (/(==|!=)$/.test(code.slice(Math.max(0, prevSig(code, start) - 1), prevSig(code, start) + 1))) return { kind: 'optional' };
  // Passed as the fallback of something else: `Field(default=os.getenv("X"))`.
  if (/\b(default|fallback)\s*=\s*$/.test(code.slice(Math.max(0, start - 20), start))) return { kind: 'optional' };
  return checkedLater(code, start, end) ? { kind: 'optional' } : { kind: 'plain' };
}

/** `key = os.getenv("KEY")` then `if not key:` / `if key is None` / `key or …` nearby. */
function checkedLater(code: string, start: number, end: number): boolean {
  const decl = /(?:^|\n)[ \t]*([A-Za-z_]\w*)\s*(?::\s*[\w[\], |.]+)?=\s*$/.exec(code.slice(Math.max(0, start - 80), start));
  if (!decl) return false;
  const v = decl[1];
  return new RegExp(`\\b(if|elif|while)\\s+(not\\s+)?${v}\\b|\\b${v}\\s+(is|or|and)\\b|\\b${v}\\s*(==|!=)`).test(code.slice(end, end + 600));
}
