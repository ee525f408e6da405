// `${{ … }}` expressions located with exact file offsets inside any YAML scalar: plain, single-
// and double-quoted (escapes, line folding) and block scalars (`|`, `>-`, indentation stripped).
// GitHub substitutes expressions into the scalar's *value*, so we decode the scalar ourselves while
// recording, for every character of the value, the file offset it came from; the decoded value is
// checked against the yaml package's own value and, when they differ (an exotic form we do not
// model), offsets fall back to a search of the source text, which is exact whenever an expression
// is written without escapes or line breaks inside it (all real-world cases).
import { isScalar, type Scalar } from 'yaml';
import type { Range } from '../types';

/**
 * A scalar's value with the file offset of each of its characters (`offsets[value.length]` is the
 * end). Kept per node for the life of the file version, so 4 bytes per character, not 8.
 */
export interface DecodedScalar {
  value: string;
  offsets: Int32Array;
  /** False when our decoding disagreed with the parser; `offsets` is then empty. */
  exact: boolean;
}

export interface Expression {
  /** `${{ … }}` as it appears in the value. */
  text: string;
  /** The expression body between the braces, trimmed. */
  body: string;
  /** File offsets of `${{` … `}}` (end exclusive). */
  range: Range;
  /** File offsets of the trimmed body. */
  bodyRange: Range;
  /** Index range of the expression within the scalar's decoded value. */
  valueStart: number;
  valueEnd: number;
  /** True when the file text at `range` is exactly `text` (no escapes or folded breaks inside), so a fix may replace it. */
  verbatim: boolean;
  /** False when `}}` is missing (the rest of the value is then taken as the body). */
  closed: boolean;
}

const NO_OFFSETS = new Int32Array(0);

const memo = new WeakMap<object, { decoded: DecodedScalar; expressions: Expression[] }>();

/** Decodes a scalar node from the file text; see the module comment. */
export function decodeScalar(text: string, node: Scalar): DecodedScalar {
  const r = node.range;
  const expected = node.value === null || node.value === undefined ? '' : String(node.value);
  if (!r) return { value: expected, offsets: NO_OFFSETS, exact: false };
  const src = text.slice(r[0], r[1]);
  const identity = identityOffsets(node, src, r[0], expected);
  if (identity) return { value: expected, offsets: identity, exact: true };
  let out: Out | undefined;
  try {
    switch (node.type) {
      case 'BLOCK_LITERAL':
      case 'BLOCK_FOLDED':
        out = decodeBlock(src, r[0], node.type === 'BLOCK_FOLDED');
        break;
      case 'QUOTE_DOUBLE':
        out = decodeFlow(src.slice(1, src.endsWith('"') && src.length > 1 ? -1 : undefined), r[0] + 1, 'double');
        break;
      case 'QUOTE_SINGLE':
        out = decodeFlow(src.slice(1, src.endsWith("'") && src.length > 1 ? -1 : undefined), r[0] + 1, 'single');
        break;
      default:
        // Numbers and booleans are plain scalars too; their source text is not their value.
        out = typeof node.value === 'string' ? decodeFlow(src, r[0], 'plain') : undefined;
    }
  } catch {
    out = undefined;
  }
  if (!out || out.chars.join('') !== expected) return { value: expected, offsets: NO_OFFSETS, exact: false };
  out.offsets.push(r[1] - (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0));
  return { value: expected, offsets: Int32Array.from(out.offsets), exact: true };
}

/**
 * Most scalars are one line without escapes: their value is their source text (inside the quotes),
 * character for character, which is what decoding them would find at several times the cost.
 * Undefined when anything in the text could make decoding differ (a line break, an escape, a
 * quote, plain trailing blanks) or the value is not the text.
 */
function identityOffsets(node: Scalar, src: string, start: number, expected: string): Int32Array | undefined {
  let from = 0;
  let to = src.length;
  switch (node.type) {
    case 'QUOTE_DOUBLE':
    case 'QUOTE_SINGLE': {
      const q = node.type === 'QUOTE_DOUBLE' ? '"' : "'";
      if (src.length < 2 || !src.endsWith(q)) return undefined;
      from = 1;
      to = src.length - 1;
      const special = src.indexOf(q === '"' ? '\\' : "'", 1);
      if (special >= 0 && special < to) return undefined;
      break;
    }
    case 'PLAIN': {
      if (typeof node.value !== 'string') return undefined;
      const last = src.charCodeAt(to - 1);
      if (last === 0x20 || last === 0x09) return undefined;
      break;
    }
    default:
      return undefined;
  }
  if (to - from !== expected.length || src.indexOf('\n') >= 0 || src.indexOf('\r') >= 0) return undefined;
  if (from === 0 ? src !== expected : !src.startsWith(expected, from)) return undefined;
  const offsets = new Int32Array(expected.length + 1);
  const base = start + from;
  for (let i = 0; i <= expected.length; i++) offsets[i] = base + i;
  return offsets;
}

interface Out {
  chars: string[];
  offsets: number[];
}

function push(out: Out, s: string, offset: number): void {
  out.chars.push(s);
  out.offsets.push(offset);
}

/** Lines of `src` as [start, end) pairs relative to `src`, excluding the line break. */
function lines(src: string): { start: number; end: number; brk: number }[] {
  const res: { start: number; end: number; brk: number }[] = [];
  let i = 0;
  while (i <= src.length) {
    let j = i;
    while (j < src.length && src[j] !== '\n' && src[j] !== '\r') j++;
    const brk = src[j] === '\r' && src[j + 1] === '\n' ? 2 : j < src.length ? 1 : 0;
    res.push({ start: i, end: j, brk });
    if (!brk) break;
    i = j + brk;
  }
  return res;
}

function decodeBlock(src: string, base: number, folded: boolean): Out {
  const ls = lines(src);
  const header = src.slice(ls[0].start, ls[0].end).replace(/\s+#.*$/, '').trim();
  const chomp = header.includes('-') ? 'strip' : header.includes('+') ? 'keep' : 'clip';
  const explicit = /\d/.exec(header);
  const body = ls.slice(1);
  // A trailing empty "line" after the final break is not content.
  if (body.length && body[body.length - 1].start === body[body.length - 1].end && !body[body.length - 1].brk) body.pop();
  let indent = -1;
  for (const l of body) {
    const t = src.slice(l.start, l.end);
    if (t.trim() !== '') {
      indent = t.length - t.trimStart().length;
      break;
    }
  }
  // An explicit indentation indicator is relative to the parent's indentation, which is not visible
  // here; the first content line's indentation is right for every block we have seen, and the
  // value check in decodeScalar catches the rest.
  if (explicit && indent < 0) return { chars: [], offsets: [] };
  const out: Out = { chars: [], offsets: [] };
  if (indent < 0) return out;
  type Line = { empty: boolean; more: boolean; start: number; end: number; brkAt: number };
  const content: Line[] = body.map((l) => {
    const t = src.slice(l.start, l.end);
    const start = Math.min(l.start + indent, l.end);
    return { empty: t.trim() === '' && t.length <= indent, more: /^[ \t]/.test(src.slice(start, l.end)), start, end: l.end, brkAt: l.end };
  });
  let lastContent = content.length - 1;
  while (lastContent >= 0 && content[lastContent].empty) lastContent--;
  if (!folded) {
    for (let k = 0; k <= lastContent; k++) {
      const l = content[k];
      if (!l.empty) for (let c = l.start; c < l.end; c++) push(out, src[c], base + c);
      if (k < lastContent) push(out, '\n', base + l.brkAt);
    }
  } else {
    let prevMore = true;
    let pendingEmpty: Line[] = [];
    let first = true;
    for (let k = 0; k <= lastContent; k++) {
      const l = content[k];
      if (l.empty) {
        pendingEmpty.push(l);
        continue;
      }
      if (first) {
        for (const e of pendingEmpty) push(out, '\n', base + e.brkAt);
      } else {
        const prev = content[k - pendingEmpty.length - 1];
        if (!prevMore && !l.more) {
          if (pendingEmpty.length === 0) push(out, ' ', base + prev.brkAt);
          else for (const e of pendingEmpty) push(out, '\n', base + e.brkAt);
        } else {
          push(out, '\n', base + prev.brkAt);
          for (const e of pendingEmpty) push(out, '\n', base + e.brkAt);
        }
      }
      pendingEmpty = [];
      first = false;
      for (let c = l.start; c < l.end; c++) push(out, src[c], base + c);
      prevMore = l.more;
    }
  }
  if (lastContent < 0) return out;
  if (chomp === 'clip') push(out, '\n', base + content[lastContent].brkAt);
  else if (chomp === 'keep') {
    push(out, '\n', base + content[lastContent].brkAt);
    for (let k = lastContent + 1; k < content.length; k++) push(out, '\n', base + content[k].brkAt);
  }
  return out;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ',
  '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};
const HEX_LEN: Record<string, number> = { x: 2, u: 4, U: 8 };

function decodeFlow(src: string, base: number, mode: 'plain' | 'single' | 'double'): Out {
  const out: Out = { chars: [], offsets: [] };
  // Characters produced by escapes are never trimmed by line folding.
  let protectedLen = 0;
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (ch === '\n' || ch === '\r') {
      while (out.chars.length > protectedLen && /[ \t]/.test(out.chars[out.chars.length - 1])) {
        out.chars.pop();
        out.offsets.pop();
      }
      const breakAt = i;
      const empties: number[] = [];
      i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1;
      for (;;) {
        while (i < src.length && (src[i] === ' ' || src[i] === '\t')) i++;
        if (src[i] === '\n' || src[i] === '\r') {
          empties.push(i);
          i += src[i] === '\r' && src[i + 1] === '\n' ? 2 : 1;
        } else break;
      }
      if (empties.length === 0) push(out, ' ', base + breakAt);
      else for (const e of empties) push(out, '\n', base + e);
      continue;
    }
    if (mode === 'single' && ch === "'" && src[i + 1] === "'") {
      push(out, "'", base + i);
      i += 2;
      protectedLen = out.chars.length;
      continue;
    }
    if (mode === 'double' && ch === '\\') {
      const e = src[i + 1];
      if (e === '\n' || e === '\r') {
        // An escaped line break joins the lines without a space.
        i += 1 + (e === '\r' && src[i + 2] === '\n' ? 2 : 1);
        while (i < src.length && (src[i] === ' ' || src[i] === '\t')) i++;
        protectedLen = out.chars.length;
        continue;
      }
      if (e in SIMPLE_ESCAPES) {
        push(out, SIMPLE_ESCAPES[e], base + i);
        i += 2;
      } else if (e in HEX_LEN) {
        const n = HEX_LEN[e];
        const cp = parseInt(src.slice(i + 2, i + 2 + n), 16);
        const s = String.fromCodePoint(cp);
        for (const unit of s.split('')) push(out, unit, base + i);
        i += 2 + n;
      } else throw new Error('bad escape');
      protectedLen = out.chars.length;
      continue;
    }
    push(out, ch, base + i);
    i++;
  }
  if (mode === 'plain') {
    while (out.chars.length && /[ \t]/.test(out.chars[out.chars.length - 1])) {
      out.chars.pop();
      out.offsets.pop();
    }
  }
  return out;
}

/** Index ranges of `${{ … }}` in a string; string literals inside the expression may contain `}}`. */
export function findExpressionSpans(value: string): { start: number; end: number; closed: boolean }[] {
  const spans: { start: number; end: number; closed: boolean }[] = [];
  let i = value.indexOf('${{');
  while (i >= 0) {
    let j = i + 3;
    let closed = false;
    while (j < value.length) {
      if (value[j] === "'") {
        j++;
        while (j < value.length) {
          if (value[j] === "'" && value[j + 1] === "'") j += 2;
          else if (value[j] === "'") break;
          else j++;
        }
        j++;
        continue;
      }
      if (value[j] === '}' && value[j + 1] === '}') {
        closed = true;
        j += 2;
        break;
      }
      j++;
    }
    const end = Math.min(j, value.length);
    spans.push({ start: i, end, closed });
    i = value.indexOf('${{', end);
  }
  return spans;
}

/** Every `${{ … }}` in a scalar node, with file ranges (memoised per node). */
export function scalarExpressions(text: string, node: unknown): Expression[] {
  if (!isScalar(node) || typeof node.value !== 'string') return [];
  // Most scalars hold no expression: nothing to decode or remember for them.
  if (!node.value.includes('${{')) return [];
  return analyse(text, node).expressions;
}

/** The scalar's decoded value and its offset map (memoised per node). */
export function decodedScalar(text: string, node: Scalar): DecodedScalar {
  return analyse(text, node).decoded;
}

function analyse(text: string, node: Scalar): { decoded: DecodedScalar; expressions: Expression[] } {
  const hit = memo.get(node);
  if (hit) return hit;
  const decoded = decodeScalar(text, node);
  const expressions: Expression[] = [];
  const value = decoded.value;
  if (value.includes('${{')) {
    const spans = findExpressionSpans(value);
    if (decoded.exact) {
      for (const s of spans) {
        const start = decoded.offsets[s.start];
        // A block scalar's final line break may be implied by the end of the file (offset
        // text.length): an unclosed expression running into it ends there, not one past it.
        const end = Math.min(decoded.offsets[s.end - 1] + 1, text.length);
        expressions.push(make(text, value, s, start, end, decoded.offsets));
      }
    } else {
      // Fallback: match the spans, in order, to occurrences in the source text.
      const r = node.range!;
      const src = text.slice(r[0], r[1]);
      let from = 0;
      for (const s of spans) {
        const exprText = value.slice(s.start, s.end);
        const at = src.indexOf(exprText, from);
        if (at < 0) continue;
        from = at + exprText.length;
        expressions.push(make(text, value, s, r[0] + at, r[0] + at + exprText.length));
      }
    }
  }
  const res = { decoded, expressions };
  memo.set(node, res);
  return res;
}

function make(text: string, value: string, s: { start: number; end: number; closed: boolean }, start: number, end: number, offsets?: Int32Array): Expression {
  const exprText = value.slice(s.start, s.end);
  const inner = exprText.slice(3, s.closed ? -2 : undefined);
  const lead = inner.length - inner.trimStart().length;
  const body = inner.trim();
  const bStartIdx = s.start + 3 + lead;
  const bEndIdx = bStartIdx + body.length;
  let bodyRange: Range;
  if (offsets) bodyRange = body.length ? { start: offsets[bStartIdx], end: offsets[bEndIdx - 1] + 1 } : { start: offsets[bStartIdx], end: offsets[bStartIdx] };
  else bodyRange = { start: start + 3 + lead, end: start + 3 + lead + body.length };
  return {
    text: exprText, body, range: { start, end }, bodyRange, valueStart: s.start, valueEnd: s.end,
    verbatim: text.slice(start, end) === exprText, closed: s.closed,
  };
}

/** A context property path referenced in an expression body, e.g. `github.event.issue.title`. */
export interface ContextRef {
  /** Normalised path: lower-case, `['x']` written `.x`, `[*]`/`.*` written `.*`, other indexes `.[]`. */
  path: string;
  /** Index range within the body. */
  start: number;
  end: number;
  /** Name of the innermost function call whose arguments contain the reference, if any. */
  inFunction?: string;
}

/** An identifier character (module level: a closure named per call costs a property definition under tsx). */
function isId(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_-]/.test(c);
}

/**
 * Context references in an expression body (a lexical pass, enough for audits): identifiers
 * followed by `.name`, `.*`, `['name']` or `[expr]` accesses. Literals are skipped.
 */
export function contextRefs(body: string): ContextRef[] {
  const refs: ContextRef[] = [];
  const calls: (string | undefined)[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (c === "'") {
      i++;
      while (i < body.length && !(body[i] === "'" && body[i + 1] !== "'")) i += body[i] === "'" ? 2 : 1;
      i++;
      continue;
    }
    if (c === '(') {
      calls.push(undefined);
      i++;
      continue;
    }
    if (c === ')') {
      calls.pop();
      i++;
      continue;
    }
    if (/[A-Za-z_]/.test(c) && !isId(body[i - 1]) && body[i - 1] !== '.') {
      const start = i;
      while (isId(body[i])) i++;
      const head = body.slice(start, i);
      let j = i;
      while (body[j] === ' ') j++;
      if (body[j] === '(') {
        calls.push(head.toLowerCase());
        i = j + 1;
        continue;
      }
      const parts = [head.toLowerCase()];
      let end = i;
      for (;;) {
        if (body[end] === '.' && body[end + 1] === '*') {
          parts.push('*');
          end += 2;
        } else if (body[end] === '.' && isId(body[end + 1])) {
          let k = end + 1;
          while (isId(body[k])) k++;
          parts.push(body.slice(end + 1, k).toLowerCase());
          end = k;
        } else if (body[end] === '[') {
          const m = /^\[\s*(?:'((?:[^']|'')*)'|(\*)|[^\]]*)\s*\]/.exec(body.slice(end));
          if (!m) break;
          parts.push(m[1] !== undefined ? m[1].replace(/''/g, "'").toLowerCase() : m[2] ? '*' : '[]');
          end += m[0].length;
        } else break;
      }
      if (!['true', 'false', 'null'].includes(head.toLowerCase())) {
        const fn = [...calls].reverse().find((f) => f !== undefined);
        refs.push({ path: parts.join('.'), start, end, inFunction: fn });
      }
      i = end;
      continue;
    }
    i++;
  }
  return refs;
}
