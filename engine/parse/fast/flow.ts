// One-line flow collections of scalars (`[a, "b"]`, `{k: v}`), as compose/resolve-flow-collection.js
// builds them, and the one multi-line shape Prettier gives long Compose lists (`flowSeqLines`);
// nested collections, empty items, comments and other line breaks are left to yaml.
import { Pair, YAMLMap, YAMLSeq, type Scalar, type Schema } from 'yaml';
import { Ch, badPlainStart, plainFlowEnd, quotedEnd } from './lines';
import { doubleQuoted, singleQuoted, type ScalarMaker } from './scalars';

const { COLON: C_COLON, COMMA: C_COMMA, DQ: C_DQ, LBRACE: C_LBRACE, NL: C_NL, RBRACE: C_RBRACE, RBRACK: C_RBRACK, SP: C_SP, SQ: C_SQ } = Ch;

function skipSpaces(text: string, k: number, eol: number): number {
  while (k < eol && text.charCodeAt(k) === C_SP) k++;
  return k;
}

/** One scalar of a flow collection at `p`: the node (its range ending after the spaces that follow) and where those end. */
function flowScalar(text: string, p: number, eol: number, maker: ScalarMaker, atKey: boolean): { node: Scalar; next: number } | undefined {
  const c = text.charCodeAt(p);
  let node: Scalar;
  let valueEnd: number;
  if (c === C_SQ || c === C_DQ) {
    valueEnd = quotedEnd(text, p, eol);
    if (valueEnd < 0) return undefined;
    const value = c === C_SQ ? singleQuoted(text, p, valueEnd) : doubleQuoted(text, p, valueEnd);
    if (value === undefined) return undefined;
    node = maker.make(value, c === C_SQ ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE', false, atKey, p, valueEnd);
  } else {
    if (p >= eol || badPlainStart(text, p, eol)) return undefined;
    valueEnd = plainFlowEnd(text, p, eol);
    if (valueEnd <= p) return undefined;
    node = maker.make(text.slice(p, valueEnd), 'PLAIN', true, atKey, p, valueEnd);
  }
  const next = skipSpaces(text, valueEnd, eol);
  node.range![2] = next;
  return { node, next };
}

/** A flow collection starting at `p` and closing on the same line: the node (range ending at its bracket) and that end. */
export function flowCollection(text: string, p: number, eol: number, schema: Schema, maker: ScalarMaker): { node: YAMLMap | YAMLSeq; end: number } | undefined {
  // The range is the caller's to set: the composer sets it after the collection's comment.
  const isMap = text.charCodeAt(p) === C_LBRACE;
  const close = isMap ? C_RBRACE : C_RBRACK;
  const coll = isMap ? new YAMLMap(schema) : new YAMLSeq(schema);
  coll.flow = true;
  let k = skipSpaces(text, p + 1, eol);
  if (k < eol && text.charCodeAt(k) === close) {
    return { node: coll, end: k + 1 };
  }
  for (;;) {
    const key = flowScalar(text, k, eol, maker, isMap);
    if (!key) return undefined;
    k = key.next;
    if (isMap) {
      // `{k: v}` only, the colon right after the key
      if (k !== key.node.range![1] || text.charCodeAt(k) !== C_COLON || k + 1 >= eol || text.charCodeAt(k + 1) !== C_SP) return undefined;
      k = skipSpaces(text, k + 1, eol);
      const value = flowScalar(text, k, eol, maker, false);
      if (!value) return undefined;
      k = value.next;
      (coll as YAMLMap).items.push(new Pair(key.node, value.node));
    } else {
      (coll as YAMLSeq).items.push(key.node);
    }
    if (k >= eol) return undefined;
    const c = text.charCodeAt(k);
    if (c === close) {
      return { node: coll, end: k + 1 };
    }
    if (c !== C_COMMA) return undefined;
    k = skipSpaces(text, k + 1, eol);
    // an empty item (`[a, ]`, `[a,,b]`) is left to yaml
    if (k >= eol || text.charCodeAt(k) === close || text.charCodeAt(k) === C_COMMA) return undefined;
  }
}

/**
 * A flow sequence whose `[` ends its line, then one scalar and its comma per line, then `]` first
 * on a line of its own, every line indented more than `minIndent` (as Prettier writes long Compose
 * lists such as `test:` and `entrypoint:`): the node and the offset after its `]`.
 */
export function flowSeqLines(text: string, p: number, minIndent: number, schema: Schema, maker: ScalarMaker): { node: YAMLSeq; end: number } | undefined {
  const len = text.length;
  let k = skipSpaces(text, p + 1, len);
  if (text.charCodeAt(k) !== C_NL) return undefined;
  const seq = new YAMLSeq(schema);
  seq.flow = true;
  for (;;) {
    const start = k + 1;
    const q = skipSpaces(text, start, len);
    if (q - start <= minIndent || q >= len) return undefined;
    let eol = text.indexOf('\n', q);
    if (eol < 0) eol = len;
    if (text.charCodeAt(q) === C_RBRACK) return seq.items.length ? { node: seq, end: q + 1 } : undefined;
    const item = flowScalar(text, q, eol, maker, false);
    if (!item || text.charCodeAt(item.next) !== C_COMMA) return undefined;
    seq.items.push(item.node);
    k = skipSpaces(text, item.next + 1, eol);
    if (k !== eol || k >= len) return undefined;
  }
}
