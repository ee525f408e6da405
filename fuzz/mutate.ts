// Mutations of real config files: what half-typed, badly merged, corrupted or hostile files look like.
import type { Rng } from './rng';

const UNICODE = [
  '\u0000', '\t', '\r', '\r\n', '\n', '\uFEFF', '\u00A0', '\u200B', '\u200E', '\u202E', '\u2028', '\u2029',
  '\uD800', '\uDC00', '\uFFFD', '\uFFFF', 'é', 'e\u0301', 'ß', 'İ', '中文', 'デプロイ', '🚀', '👩‍💻', '🏳️‍🌈', '\u{10FFFF}',
  '#', ':', '- ', '&a ', '*a', '<<: *a', '!!binary ', '!tag ', '? ', '|', '>-', '"', "'", '`', '${', '}', '${{', '}}', '[', ']', '{', '}', ',', '%YAML 1.2', '---', '...', '=', 'export ', '\\',
];

function lines(text: string): string[] {
  return text.split(/(?<=\n)/);
}

const MUTATIONS: ((text: string, rng: Rng, other: string) => string)[] = [
  // byte flip: one character replaced by a random BMP code unit or a neighbour bit pattern
  (t, rng) => {
    if (!t) return t;
    const i = rng.int(t.length);
    const c = rng.chance(0.5) ? t.charCodeAt(i) ^ (1 << rng.int(7)) : rng.int(0x10000);
    return t.slice(0, i) + String.fromCharCode(c) + t.slice(i + 1);
  },
  // line deletion
  (t, rng) => {
    const ls = lines(t);
    if (!ls.length) return t;
    ls.splice(rng.int(ls.length), 1 + (rng.chance(0.2) ? rng.int(5) : 0));
    return ls.join('');
  },
  // line duplication (duplicate keys, repeated items)
  (t, rng) => {
    const ls = lines(t);
    if (!ls.length) return t;
    const i = rng.int(ls.length);
    const n = 1 + (rng.chance(0.2) ? rng.int(4) : 0);
    ls.splice(i, 0, ...ls.slice(i, i + n));
    return ls.join('');
  },
  // indentation shift of a run of lines
  (t, rng) => {
    const ls = lines(t);
    if (!ls.length) return t;
    const from = rng.int(ls.length);
    const to = Math.min(ls.length, from + 1 + rng.int(6));
    const delta = rng.pick([-4, -2, -1, 1, 2, 4]);
    for (let i = from; i < to; i++) {
      ls[i] = delta > 0 ? (rng.chance(0.1) ? '\t' : ' '.repeat(delta)) + ls[i] : ls[i].replace(new RegExp(`^ {0,${-delta}}`), '');
    }
    return ls.join('');
  },
  // random truncation (a file being typed or a partial write)
  (t, rng) => t.slice(0, rng.int(t.length + 1)),
  // random Unicode and YAML/dotenv syntax characters
  (t, rng) => {
    const i = rng.int(t.length + 1);
    return t.slice(0, i) + rng.pick(UNICODE) + t.slice(i);
  },
  // line endings rewritten (CRLF, lone CR, mixed)
  (t, rng) => {
    const eol = rng.pick(['\r\n', '\r', '\n']);
    return rng.chance(0.5) ? t.replace(/\r?\n/g, eol) : t.replace(/\n/, `${eol}`);
  },
  // a chunk of another file spliced in (crossover)
  (t, rng, other) => {
    const a = rng.int(t.length + 1);
    const b = rng.int(other.length + 1);
    const c = Math.min(other.length, b + rng.int(400));
    return t.slice(0, a) + other.slice(b, c) + t.slice(a);
  },
  // deep nesting: a run of openers (flow, block, complex keys, aliases), closed or left open; up to
  // 20,000 levels, far past the parser's limit, where its composer once exhausted the stack
  (t, rng) => {
    const [open, close] = rng.pick([['[', ']'], ['{a: ', '}'], ['[{a: ', '}]'], ['- ', ''], ['? ', ''], ['&x [*x, ', ']']] as const);
    const n = 1 + (rng.chance(0.5) ? rng.int(300) : rng.int(20000));
    const i = rng.int(t.length + 1);
    return t.slice(0, i) + open.repeat(n) + (rng.chance(0.7) ? close.repeat(n) : '') + t.slice(i);
  },
  // a line swapped with another
  (t, rng) => {
    const ls = lines(t);
    if (ls.length < 2) return t;
    const i = rng.int(ls.length);
    const j = rng.int(ls.length);
    [ls[i], ls[j]] = [ls[j], ls[i]];
    return ls.join('');
  },
];

/** Applies 1–4 random mutations. */
export function mutate(text: string, rng: Rng, other: string): string {
  let out = text;
  const n = 1 + rng.int(4);
  for (let i = 0; i < n; i++) out = rng.pick(MUTATIONS)(out, rng, other);
  return out;
}
