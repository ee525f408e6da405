// Scalar nodes as yaml's composer makes them (compose/compose-scalar.js): the core schema's own
// tags resolve plain values, so numbers, booleans and nulls come out exactly as yaml gives them.
import { Scalar, isScalar, type Document } from 'yaml';

type Tag = { default?: boolean | 'key'; test?: RegExp; format?: string; tag: string; collection?: string; resolve: (value: string, onError: (msg: string) => void, options: object) => unknown };

/** A scalar could only be a string: no core tag's test accepts a value starting with this character. */
function onlyString(c: number): boolean {
  // ~ + - . 0-9 N n T t F f, and the empty value
  return !(c === 126 || c === 43 || c === 45 || c === 46 || (c >= 48 && c <= 57) || c === 78 || c === 110 || c === 84 || c === 116 || c === 70 || c === 102);
}

/**
 * Set by a tag's resolve through `onResolveError` and taken at once by `make`: one function for
 * every scalar, where a closure per scalar (or per document, as a named one costs under tsx) would do.
 */
let resolveFailed = false;
function onResolveError(): void {
  resolveFailed = true;
}

export class ScalarMaker {
  private readonly tags: Tag[];
  private readonly str: Tag;
  private failed = false;
  constructor(private readonly doc: Document.Parsed) {
    const tags = doc.schema.tags as unknown as Tag[];
    this.tags = tags;
    const str = tags.find((t) => t.tag === 'tag:yaml.org,2002:str' && !t.collection);
    if (!str) throw new Error('yaml schema without a string tag');
    this.str = str;
  }

  /** Set when a tag's resolve reported an error: the caller gives up on the fast path. */
  get bad(): boolean {
    return this.failed;
  }

  make(value: string, type: Scalar.Type, plain: boolean, atKey: boolean, start: number, valueEnd: number): Scalar {
    let tag = this.str;
    if (plain && (value === '' || !onlyString(value.charCodeAt(0)))) {
      for (const t of this.tags) {
        if ((t.default === true || (atKey && t.default === 'key')) && t.test?.test(value)) {
          tag = t;
          break;
        }
      }
    }
    resolveFailed = false;
    const res = tag.resolve(value, onResolveError, this.doc.options);
    if (resolveFailed) this.failed = true;
    const scalar = isScalar(res) ? res : new Scalar(res);
    scalar.range = [start, valueEnd, valueEnd];
    scalar.source = value;
    scalar.type = type;
    if (tag.format) scalar.format = tag.format;
    return scalar;
  }
}

/** The value of a single-line single-quoted scalar whose quotes are at `start` and `end - 1`. */
export function singleQuoted(text: string, start: number, end: number): string {
  return text.slice(start + 1, end - 1).replace(/''/g, "'");
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', N: '\u0085',
  _: '\u00a0', L: '\u2028', P: '\u2029', ' ': ' ', '"': '"', '/': '/', '\\': '\\', '\t': '\t',
};

/** The value of a single-line double-quoted scalar, or undefined where yaml would report an error. */
export function doubleQuoted(text: string, start: number, end: number): string | undefined {
  let res = '';
  for (let i = start + 1; i < end - 1; i++) {
    const ch = text[i];
    if (ch !== '\\') {
      res += ch;
      continue;
    }
    const next = text[++i];
    const cc = ESCAPES[next];
    if (cc) res += cc;
    else if (next === 'x' || next === 'u' || next === 'U') {
      const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const hex = text.slice(i + 1, i + 1 + length);
      if (i + 1 + length > end - 1 || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) return undefined;
      res += String.fromCodePoint(code);
      i += length;
    } else return undefined;
  }
  return res;
}

/**
 * The value of a block scalar without an indentation indicator (compose/resolve-block-scalar.js),
 * or undefined where yaml would report an error. `source` is the lexer's: the lines after the
 * header, up to and including the last line break of the scalar.
 */
export function blockValue(source: string, folded: boolean, chomp: string, parentIndent: number): string | undefined {
  const lines = source ? splitLines(source) : [];
  let chompStart = lines.length;
  for (let i = lines.length - 1; i >= 0; --i) {
    if (lines[i][1] === '') chompStart = i;
    else break;
  }
  if (chompStart === 0) return chomp === '+' && lines.length > 0 ? '\n'.repeat(Math.max(1, lines.length - 1)) : '';
  let trimIndent = parentIndent;
  let contentStart = 0;
  for (let i = 0; i < chompStart; ++i) {
    const [indent, content] = lines[i];
    if (content === '') {
      if (indent.length > trimIndent) trimIndent = indent.length;
    } else {
      if (indent.length < trimIndent) return undefined;
      trimIndent = indent.length;
      contentStart = i;
      if (trimIndent === 0) return undefined;
      break;
    }
  }
  for (let i = lines.length - 1; i >= chompStart; --i) {
    if (lines[i][0].length > trimIndent) chompStart = i + 1;
  }
  let value = '';
  let sep = '';
  let prevMoreIndented = false;
  for (let i = 0; i < contentStart; ++i) value += lines[i][0].slice(trimIndent) + '\n';
  for (let i = contentStart; i < chompStart; ++i) {
    const [indent, content] = lines[i];
    if (content && indent.length < trimIndent) return undefined;
    if (!folded) {
      value += sep + indent.slice(trimIndent) + content;
      sep = '\n';
    } else if (indent.length > trimIndent) {
      if (sep === ' ') sep = '\n';
      else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
      value += sep + indent.slice(trimIndent) + content;
      sep = '\n';
      prevMoreIndented = true;
    } else if (content === '') {
      if (sep === '\n') value += '\n';
      else sep = '\n';
    } else {
      value += sep + content;
      sep = ' ';
      prevMoreIndented = false;
    }
  }
  switch (chomp) {
    case '-':
      break;
    case '+':
      for (let i = chompStart; i < lines.length; ++i) value += '\n' + lines[i][0].slice(trimIndent);
      if (value[value.length - 1] !== '\n') value += '\n';
      break;
    default:
      value += '\n';
  }
  return value;
}

function splitLines(source: string): [string, string][] {
  const split = source.split(/\n( *)/);
  const first = split[0];
  const m = /^( *)/.exec(first);
  const lines: [string, string][] = [m?.[1] ? [m[1], first.slice(m[1].length)] : ['', first]];
  for (let i = 1; i < split.length; i += 2) lines.push([split[i], split[i + 1]]);
  return lines;
}
