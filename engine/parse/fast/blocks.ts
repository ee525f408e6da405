// The block structure of one document, read line by line. Open collections are kept on a stack as
// yaml's parser keeps them (parse/parser.js), because where yaml puts a comment or a blank line
// (the previous value's trailing comment, the next key's comment, the collection's own comment,
// the document's) depends on which collections are open when it is read and on its indentation.
// Anything outside the handled subset throws `Unhandled`, and the caller parses with yaml.
import { Alias, Pair, YAMLMap, YAMLSeq, type Document, type Scalar } from 'yaml';
import * as trivia from './trivia';
import { endAdd, onlySpace, resolveProps, type EndState, type Props, type Tok } from './trivia';
import { Ch, badPlainStart, lineRest, plainKeyEnd, plainValueEnd, quotedEnd } from './lines';
import { blockValue, doubleQuoted, singleQuoted, ScalarMaker } from './scalars';
import { flowCollection, flowSeqLines } from './flow';

const { ANCHOR, COMMENT, IND, NL, SPACE } = trivia;
const { AMP: C_AMP, COLON: C_COLON, COMMA: C_COMMA, DASH: C_DASH, DQ: C_DQ, HASH: C_HASH, LBRACE: C_LBRACE, LBRACK: C_LBRACK, NL: C_NL, RBRACE: C_RBRACE, RBRACK: C_RBRACK, SP: C_SP, SQ: C_SQ, STAR: C_STAR } = Ch;

export class Unhandled extends Error {}

/** One instance for every throw: it carries nothing, and a stack trace per fallback would cost more than the check that led to it. */
const UNHANDLED = new Unhandled('not handled by the fast path');

function unhandled(): never {
  throw UNHANDLED;
}

interface Frame {
  seq: boolean;
  indent: number;
  /** Where the collection begins: its first key or `-`. */
  start: number;
  node: YAMLMap | YAMLSeq;
  /** Props of the collection itself (its comment before, a blank line before), applied when it closes. */
  props: Props | null;
  /** The last item still waits for its value (`key:` or `-` with nothing after it yet). */
  awaiting: boolean;
  /** While awaiting: a map item's tokens from its `:` on, a sequence item's from before its `-`. */
  toks: Tok[];
  /** While awaiting in a map: the item's key. */
  key: Scalar | null;
  /** While awaiting: where an empty value sits (after the indicator and the spaces that follow it). */
  emptyAt: number;
  /** Blank lines and comments after the last value, not yet given to anything. */
  pending: Tok[] | null;
  /** The last value when it is a scalar or flow collection on one line: trailing comments may still join it. */
  last: Last | null;
}

interface Last extends EndState {
  node: Scalar | YAMLMap | YAMLSeq | Alias;
  /** The anchor before the value, set after its comment. */
  anchor: string;
  /** Props of a sequence item's value, applied after its comment as the composer does. */
  props: Props | null;
  /** A flow collection: its range is set after its comment. */
  flow: boolean;
}

export interface DocBody {
  contents: YAMLMap | YAMLSeq;
  /** Comment lines before the contents (the composer's prelude): `#...` or `\n` sources. */
  prelude: string[];
  /** Trailing blank lines and comments of the document. */
  end: Tok[];
  start: number;
  /** The document begins with a `---` line. */
  docStart: boolean;
}

export class BlockParser {
  private readonly stack: Frame[] = [];
  private root: YAMLMap | YAMLSeq | null = null;
  private docEnd: Tok[] = [];
  /** Props of the root collection: comments and blank lines between `---` and it. */
  private rootProps: Props | null = null;
  private readonly maker: ScalarMaker;

  constructor(private readonly text: string, private readonly doc: Document.Parsed, private readonly maxFrames: number) {
    this.maker = new ScalarMaker(doc);
  }

  parse(): DocBody {
    const text = this.text;
    const len = text.length;
    const prelude: string[] = [];
    let docStart = -1;
    // after a `---` line: its tokens and those of the lines up to the content (compose-doc.js's props)
    let startToks: Tok[] | null = null;
    let pos = 0;
    while (pos < len) {
      let eol = text.indexOf('\n', pos);
      if (eol < 0) eol = len;
      const next = eol < len ? eol + 1 : len;
      let col = pos;
      while (col < eol && text.charCodeAt(col) === C_SP) col++;
      if (col === eol) {
        // blank line
        if (docStart < 0) {
          if (eol < len) prelude.push('\n');
        } else {
          if (col > pos) this.trivia({ type: SPACE, start: pos, end: col, indent: -1 }, startToks);
          if (eol < len) this.trivia({ type: NL, start: eol, end: next, indent: -1 }, startToks);
        }
        pos = next;
        continue;
      }
      const c = text.charCodeAt(col);
      if (c === C_HASH) {
        if (docStart < 0) {
          prelude.push(text.slice(col, eol));
          if (eol < len) prelude.push('\n');
        } else {
          if (col > pos) this.trivia({ type: SPACE, start: pos, end: col, indent: -1 }, startToks);
          this.trivia({ type: COMMENT, start: col, end: eol, indent: col - pos }, startToks);
          if (eol < len) this.trivia({ type: NL, start: eol, end: next, indent: -1 }, startToks);
        }
        pos = next;
        continue;
      }
      if (col === pos && (c === C_DASH || c === 46) && /^(?:---|\.\.\.)(?:[ \n]|$)/.test(text.slice(pos, pos + 4))) {
        // a first `---` line, on its own, begins the document; any other marker is left to yaml
        if (docStart >= 0 || c !== C_DASH || eol >= len || !/^--- *$/.test(text.slice(pos, eol))) unhandled();
        docStart = pos;
        startToks = [{ type: IND, start: pos, end: pos + 3, indent: -1 }];
        if (eol > pos + 3) startToks.push({ type: SPACE, start: pos + 3, end: eol, indent: -1 });
        startToks.push({ type: NL, start: eol, end: next, indent: -1 });
        pos = next;
        continue;
      }
      if (docStart < 0) {
        if (col !== pos) unhandled();
        docStart = pos;
      }
      if (startToks && !this.root) {
        if (col !== pos) unhandled();
        this.rootProps = resolveProps(text, startToks, false, true, pos);
      }
      pos = this.content(pos, col, eol);
    }
    if (docStart < 0 || !this.root) unhandled();
    this.finishLast();
    while (this.stack.length) this.pop();
    if (this.maker.bad) unhandled();
    return { contents: this.root, prelude, end: this.docEnd, start: docStart, docStart: startToks !== null };
  }

  /** Routes a blank line's or comment line's tokens as yaml's blockMap/blockSequence do. */
  private trivia(tok: Tok, startToks: Tok[] | null): void {
    const f = this.stack[this.stack.length - 1];
    if (!f) {
      startToks!.push(tok);
      return;
    }
    if (f.awaiting) {
      f.toks.push(tok);
      return;
    }
    const last = f.last;
    if (tok.type === NL) {
      if (f.pending) f.pending.push(tok);
      else if (last?.lastComment) endAdd(this.text, last, tok);
      else f.pending = [tok];
      return;
    }
    if (!f.pending) {
      f.pending = [tok];
      return;
    }
    if (tok.type === COMMENT && tok.indent > f.indent && last && onlySpace(f.pending)) {
      // an indented comment after a value is that value's trailing comment
      for (const t of f.pending) endAdd(this.text, last, t);
      endAdd(this.text, last, tok);
      f.pending = null;
      return;
    }
    f.pending.push(tok);
  }

  /** A line with content at column `col - pos`; answers where the next line starts. */
  private content(pos: number, col: number, eol: number): number {
    const text = this.text;
    const indent = col - pos;
    const seqLine = text.charCodeAt(col) === C_DASH && (col + 1 === eol || text.charCodeAt(col + 1) === C_SP);
    this.finishLast();
    // the indentation is a token of its own, read before the line's content (and so before any collection closes)
    if (col > pos && this.stack.length) this.trivia({ type: SPACE, start: pos, end: col, indent: -1 }, null);
    for (;;) {
      const f = this.stack[this.stack.length - 1];
      if (!f) {
        if (this.root) unhandled();
        if (indent !== 0) unhandled();
        return seqLine ? this.newSeq(pos, col, eol, this.rootProps, null) : this.newMap(pos, col, eol, indent, this.rootProps, null);
      }
      if (f.awaiting) {
        if (!f.seq && !seqLine && indent > f.indent && text.charCodeAt(col) === C_LBRACK) return this.flowValueLines(col, f);
        if (seqLine ? indent > f.indent || (indent === f.indent && !f.seq) : indent > f.indent) {
          // the awaited value is a collection starting on this line
          const props = f.seq
            ? resolveProps(text, f.toks, true, true, f.emptyAt)
            : resolveProps(text, f.toks, false, false, f.key!.range![2]);
          f.awaiting = false;
          const next = seqLine ? this.newSeq(pos, col, eol, props, f) : this.newMap(pos, col, eol, indent, props, f);
          return next;
        }
        if (!f.seq && indent === f.indent && !seqLine) {
          // the next key: the empty value keeps the tokens up to its second line break
          const nl: number[] = [];
          for (let i = 0; i < f.toks.length; i++) {
            const st = f.toks[i];
            if (st.type === NL) nl.push(i);
            else if (st.type === COMMENT ? st.indent > f.indent : st.type !== SPACE) nl.length = 0;
          }
          const start = nl.length >= 2 ? f.toks.splice(nl[1]) : null;
          this.emptyValue(f);
          f.pending = start;
          return this.mapItem(pos, col, eol, f);
        }
        if (f.seq && seqLine && indent === f.indent) {
          this.emptyValue(f);
          return this.seqItem(pos, col, eol, f);
        }
        if (indent < f.indent || (f.seq && !seqLine && indent === f.indent)) {
          this.pop();
          continue;
        }
        unhandled();
      }
      if (indent === f.indent) {
        if (f.seq && seqLine) return this.seqItem(pos, col, eol, f);
        if (!f.seq && !seqLine) return this.mapItem(pos, col, eol, f);
        if (!f.seq) unhandled();
        // a key at the indentation of the sequence: it ends the sequence (`key:\n- a\nnext:`)
      } else if (indent > f.indent) unhandled();
      this.pop();
    }
  }

  private frame(seq: boolean, indent: number, start: number, node: YAMLMap | YAMLSeq, props: Props | null): Frame {
    if (this.stack.length >= this.maxFrames) unhandled();
    const f: Frame = { seq, indent, start, node, props, awaiting: false, toks: [], key: null, emptyAt: 0, pending: null, last: null };
    this.stack.push(f);
    return f;
  }

  /** Gives a new collection to the awaiting item of `parent` (or makes it the root). */
  private attach(node: YAMLMap | YAMLSeq, parent: Frame | null): void {
    if (!parent) this.root = node;
    else if (parent.seq) (parent.node as YAMLSeq).items.push(node);
    else (parent.node as YAMLMap).items.push(new Pair(parent.key!, node));
  }

  private newMap(pos: number, col: number, eol: number, indent: number, props: Props | null, parent: Frame | null): number {
    const map = new YAMLMap(this.doc.schema);
    this.attach(map, parent);
    const f = this.frame(false, indent, col, map, props);
    return this.mapItem(pos, col, eol, f);
  }

  private newSeq(pos: number, col: number, eol: number, props: Props | null, parent: Frame | null): number {
    const seq = new YAMLSeq(this.doc.schema);
    this.attach(seq, parent);
    const f = this.frame(true, col - pos, col, seq, props);
    return this.seqItem(pos, col, eol, f);
  }

  /** `key: value`, `key:` (value on the next lines) at `col`. */
  private mapItem(pos: number, col: number, eol: number, f: Frame): number {
    const text = this.text;
    const c = text.charCodeAt(col);
    let key: Scalar;
    let colon: number;
    if (c === C_SQ || c === C_DQ) {
      const qe = quotedEnd(text, col, eol);
      if (qe < 0) unhandled();
      colon = qe;
      while (colon < eol && text.charCodeAt(colon) === C_SP) colon++;
      if (text.charCodeAt(colon) !== C_COLON || !(colon + 1 === eol || text.charCodeAt(colon + 1) === C_SP)) unhandled();
      const value = c === C_SQ ? singleQuoted(text, col, qe) : doubleQuoted(text, col, qe);
      if (value === undefined) unhandled();
      key = this.maker.make(value, c === C_SQ ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE', false, true, col, qe);
    } else {
      if (badPlainStart(text, col, eol)) unhandled();
      const k = plainKeyEnd(text, col, eol);
      if (!k) unhandled();
      colon = k.colon;
      key = this.maker.make(text.slice(col, k.end), 'PLAIN', true, true, col, k.end);
    }
    // yaml reports a `:` more than 1024 characters after the start of its key
    if (colon - col > 1000) unhandled();
    if (f.pending) {
      const kp = resolveProps(text, f.pending, false, true, col);
      if (kp.spaceBefore) key.spaceBefore = true;
      if (kp.comment) key.commentBefore = kp.comment;
      f.pending = null;
    }
    let p = colon + 1;
    while (p < eol && text.charCodeAt(p) === C_SP) p++;
    f.key = key;
    return this.value(pos, colon, p, eol, f, col - pos, null);
  }

  /** `- value`, `- key: value`, `-` at `col`. */
  private seqItem(pos: number, col: number, eol: number, f: Frame): number {
    const text = this.text;
    const toks = f.pending ?? [];
    f.pending = null;
    toks.push({ type: IND, start: col, end: col + 1, indent: -1 });
    let p = col + 1;
    while (p < eol && text.charCodeAt(p) === C_SP) p++;
    if (p > col + 1) toks.push({ type: SPACE, start: col + 1, end: p, indent: -1 });
    const props = resolveProps(text, toks, true, true, col);
    if (p < eol && text.charCodeAt(p) !== C_HASH) {
      const c = text.charCodeAt(p);
      if (c === C_DASH && (p + 1 === eol || text.charCodeAt(p + 1) === C_SP)) unhandled();
      const isKey = c === C_SQ || c === C_DQ ? quotedKey(text, p, eol) : !badPlainStart(text, p, eol) && plainKeyEnd(text, p, eol) !== undefined;
      if (isKey) {
        // a mapping in the item, its first key on the item's line
        const map = new YAMLMap(this.doc.schema);
        (f.node as YAMLSeq).items.push(map);
        const mf = this.frame(false, p - pos, p, map, props.comment || props.spaceBefore ? props : null);
        return this.mapItem(pos, p, eol, mf);
      }
    }
    f.toks = toks;
    return this.value(pos, col, p, eol, f, col - pos, props);
  }

  /**
   * The value after an indicator (`:` of a key, `-` of an item) at `ind`, starting at `p`.
   * `props` are a sequence item's (applied to its value), `lineIndent` the column yaml's lexer
   * gives the line's first token.
   */
  private value(pos: number, ind: number, p: number, eol: number, f: Frame, lineIndent: number, props: Props | null): number {
    const text = this.text;
    const len = text.length;
    const next = eol < len ? eol + 1 : len;
    let anchor = '';
    let anchorTok: Tok | null = null;
    if (!f.seq && text.charCodeAt(p) === C_AMP) {
      // `key: &name value` or `key: &name` (the value on the next lines)
      const q = nameEnd(text, p + 1, eol);
      if (q < 0) unhandled();
      anchor = text.slice(p + 1, q);
      anchorTok = { type: ANCHOR, start: p, end: q, indent: -1 };
      let p2 = q;
      while (p2 < eol && text.charCodeAt(p2) === C_SP) p2++;
      if (p2 < eol && text.charCodeAt(p2) !== C_HASH) {
        const c2 = text.charCodeAt(p2);
        if (c2 === C_AMP || c2 === C_STAR) unhandled();
      } else {
        f.toks = [{ type: IND, start: ind, end: ind + 1, indent: -1 }];
        if (p > ind + 1) f.toks.push({ type: SPACE, start: ind + 1, end: p, indent: -1 });
        f.toks.push(anchorTok);
        if (p2 > q) f.toks.push({ type: SPACE, start: q, end: p2, indent: -1 });
        if (p2 < eol) f.toks.push({ type: COMMENT, start: p2, end: eol, indent: lineIndent });
        if (eol < len) f.toks.push({ type: NL, start: eol, end: next, indent: -1 });
        f.awaiting = true;
        f.emptyAt = p2;
        return next;
      }
      p = p2;
    }
    if (p === eol || text.charCodeAt(p) === C_HASH) {
      // nothing yet: the value is on the next lines, or empty
      if (f.seq) {
        // tokens after the `-` are already in f.toks, its spaces included
      } else {
        f.toks = [{ type: IND, start: ind, end: ind + 1, indent: -1 }];
        if (p > ind + 1) f.toks.push({ type: SPACE, start: ind + 1, end: p, indent: -1 });
      }
      if (p < eol) f.toks.push({ type: COMMENT, start: p, end: eol, indent: f.seq ? p - pos : lineIndent });
      if (eol < len) f.toks.push({ type: NL, start: eol, end: next, indent: -1 });
      f.awaiting = true;
      f.emptyAt = p;
      return next;
    }
    const c = text.charCodeAt(p);
    if (c === 124 || c === 62) return this.blockScalar(p, eol, f, props, anchor);
    let node: Scalar | YAMLMap | YAMLSeq | Alias;
    let valueEnd: number;
    let range: number[];
    const flow = c === C_LBRACK || c === C_LBRACE;
    if (c === C_STAR) {
      valueEnd = nameEnd(text, p + 1, eol);
      if (valueEnd < 0) unhandled();
      node = new Alias(text.slice(p + 1, valueEnd));
      range = [p, valueEnd, valueEnd];
      node.range = range as [number, number, number];
    } else if (flow) {
      const fc = flowCollection(text, p, eol, this.doc.schema, this.maker);
      if (!fc) unhandled();
      node = fc.node;
      valueEnd = fc.end;
      range = [p, valueEnd, valueEnd];
    } else if (c === C_SQ || c === C_DQ) {
      valueEnd = quotedEnd(text, p, eol);
      if (valueEnd < 0) unhandled();
      const value = c === C_SQ ? singleQuoted(text, p, valueEnd) : doubleQuoted(text, p, valueEnd);
      if (value === undefined) unhandled();
      node = this.maker.make(value, c === C_SQ ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE', false, false, p, valueEnd);
      range = node.range as number[];
    } else {
      if (badPlainStart(text, p, eol)) unhandled();
      const v = plainValueEnd(text, p, eol);
      if (!v) unhandled();
      valueEnd = v.end;
      node = this.maker.make(text.slice(p, valueEnd), 'PLAIN', true, false, p, valueEnd);
      range = node.range as number[];
    }
    const comment = lineRest(text, valueEnd, eol);
    if (comment === undefined) unhandled();
    if (f.seq) (f.node as YAMLSeq).items.push(node);
    else (f.node as YAMLMap).items.push(new Pair(f.key!, node));
    // the composer's end tokens: the range's end runs on over them, a comment among them is the value's
    const last: Last = { node, range, comment: '', sep: '', lastComment: false, props, flow, anchor };
    const trailEnd = comment < 0 ? eol : comment;
    if (trailEnd > valueEnd) endAdd(text, last, { type: SPACE, start: valueEnd, end: trailEnd, indent: -1 });
    if (comment >= 0) endAdd(text, last, { type: COMMENT, start: comment, end: eol, indent: lineIndent });
    if (eol < len) endAdd(text, last, { type: NL, start: eol, end: next, indent: -1 });
    f.last = last;
    return next;
  }

  /**
   * A key's value written as a flow sequence on the following line(s): whole on the next line, or
   * over several (see `flowSeqLines`), with nothing but a line break and indentation between the
   * key's `:` and the `[`.
   */
  private flowValueLines(col: number, f: Frame): number {
    const text = this.text;
    const len = text.length;
    const between = resolveProps(text, f.toks, false, false, f.key!.range![2]);
    if (between.comment || between.spaceBefore || between.anchor) unhandled();
    let lineEnd = text.indexOf('\n', col);
    if (lineEnd < 0) lineEnd = len;
    // `[a, b]` whole on the line, or `[` alone with the items on the lines below
    const fc = flowCollection(text, col, lineEnd, this.doc.schema, this.maker) ?? flowSeqLines(text, col, f.indent, this.doc.schema, this.maker);
    if (!fc) unhandled();
    f.awaiting = false;
    f.toks = [];
    let eol = text.indexOf('\n', fc.end);
    if (eol < 0) eol = len;
    const next = eol < len ? eol + 1 : len;
    // only spaces may follow the `]` on its line
    let k = fc.end;
    while (k < eol && text.charCodeAt(k) === C_SP) k++;
    if (k !== eol) unhandled();
    const node = fc.node;
    (f.node as YAMLMap).items.push(new Pair(f.key!, node));
    const range = [col, fc.end, fc.end];
    const last: Last = { node, range, comment: '', sep: '', lastComment: false, props: null, flow: true, anchor: '' };
    if (eol > fc.end) endAdd(text, last, { type: SPACE, start: fc.end, end: eol, indent: -1 });
    if (eol < len) endAdd(text, last, { type: NL, start: eol, end: next, indent: -1 });
    f.last = last;
    return next;
  }

  /** `|` or `>` with an optional chomping indicator, then the lines of the scalar (parse/lexer.js's rules). */
  private blockScalar(p: number, eol: number, f: Frame, props: Props | null, anchor: string): number {
    const text = this.text;
    const len = text.length;
    const folded = text.charCodeAt(p) === 62;
    let h = p + 1;
    let chomp = '';
    const cc = text.charCodeAt(h);
    if (cc === 45 || cc === 43) {
      chomp = text[h];
      h++;
    }
    let k = h;
    while (k < eol && text.charCodeAt(k) === C_SP) k++;
    if (k !== eol || eol >= len) unhandled();
    const bodyStart = eol + 1;
    const srcEnd = blockScalarEnd(text, bodyStart, f.indent + 1, chomp === '+');
    if (srcEnd < 0) unhandled();
    const source = text.slice(bodyStart, srcEnd);
    const value = blockValue(source, folded, chomp, f.indent);
    if (value === undefined) unhandled();
    const end = eol + 1 + source.length;
    const node = this.maker.make(value, folded ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL', false, false, p, end);
    if (anchor) node.anchor = anchor;
    applyProps(node, props);
    if (f.seq) (f.node as YAMLSeq).items.push(node);
    else (f.node as YAMLMap).items.push(new Pair(f.key!, node));
    f.last = null;
    return srcEnd;
  }

  /** The awaiting item of `f` gets an empty value (compose-node.js's composeEmptyNode). */
  private emptyValue(f: Frame): void {
    const props = f.seq ? resolveProps(this.text, f.toks, true, true, f.emptyAt) : resolveProps(this.text, f.toks, false, false, f.key!.range![2]);
    const node = this.maker.make('', 'PLAIN', true, false, f.emptyAt, f.emptyAt);
    if (props.anchor) node.anchor = props.anchor;
    if (props.spaceBefore) node.spaceBefore = true;
    if (props.comment) {
      node.comment = props.comment;
      node.range![2] = props.end;
    }
    if (f.seq) (f.node as YAMLSeq).items.push(node);
    else (f.node as YAMLMap).items.push(new Pair(f.key!, node));
    f.awaiting = false;
    f.toks = [];
    f.key = null;
  }

  /** Sets the trailing comment and props of the top collection's last value, now that no more can join it. */
  private finishLast(): void {
    const f = this.stack[this.stack.length - 1];
    const last = f?.last;
    if (!last) return;
    f.last = null;
    const node = last.node;
    if (last.comment) node.comment = last.comment;
    if (last.flow) node.range = last.range as [number, number, number];
    if (last.anchor) (node as Scalar).anchor = last.anchor;
    applyProps(node, last.props);
  }

  /** Closes the top collection (parser.js's pop, then the composer's range and comment). */
  private pop(): void {
    const f = this.stack.pop()!;
    if (f.awaiting) this.emptyValue(f);
    const node = f.node;
    const items = node.items as unknown[];
    const lastItem = items[items.length - 1] as Pair | Scalar | YAMLMap | YAMLSeq;
    const lastNode = (f.seq ? lastItem : (lastItem as Pair).value) as Scalar;
    const offset = lastNode.range![2];
    let commentEnd = offset;
    const trail = f.pending;
    if (trail) {
      let moves = true;
      if (f.indent !== 0) for (const t of trail) if (t.type === COMMENT && t.indent >= f.indent) moves = false;
      if (moves) {
        const parent = this.stack[this.stack.length - 1];
        if (parent) {
          if (parent.pending) unhandled();
          parent.pending = trail;
        } else this.docEnd = trail;
      } else {
        const tp = resolveProps(this.text, trail, f.seq, true, offset);
        if (tp.comment) node.comment = tp.comment;
        commentEnd = tp.end;
      }
    }
    node.range = [f.start, offset, commentEnd];
    applyProps(node, f.props);
  }
}

/** Whether a quoted scalar at `p` is followed by a mapping `:`. */
function quotedKey(text: string, p: number, eol: number): boolean {
  let k = quotedEnd(text, p, eol);
  if (k < 0) return false;
  while (k < eol && text.charCodeAt(k) === C_SP) k++;
  return text.charCodeAt(k) === C_COLON && (k + 1 === eol || text.charCodeAt(k + 1) === C_SP);
}

/** The end of an anchor's or alias's name starting at `q`, or -1 when yaml would report it (empty, ending in `:`) or it runs into a flow indicator. */
function nameEnd(text: string, q: number, eol: number): number {
  let k = q;
  while (k < eol) {
    const c = text.charCodeAt(k);
    if (c === C_SP) break;
    if (c === C_COMMA || c === C_LBRACK || c === C_RBRACK || c === C_LBRACE || c === C_RBRACE) return -1;
    k++;
  }
  if (k === q || text.charCodeAt(k - 1) === C_COLON) return -1;
  return k;
}

function applyProps(node: Scalar | YAMLMap | YAMLSeq | Alias, props: Props | null): void {
  if (!props) return;
  if (props.anchor) (node as Scalar).anchor = props.anchor;
  if (props.spaceBefore) node.spaceBefore = true;
  if (props.comment) node.commentBefore = props.comment;
}

/** Where the lexer ends a block scalar whose lines start at `pos` (the offset after its source), or -1. */
function blockScalarEnd(text: string, pos: number, indentNext: number, keep: boolean): number {
  const len = text.length;
  let nl = pos - 1;
  let indent = 0;
  let i = pos;
  for (; i < len; i++) {
    const ch = text.charCodeAt(i);
    if (ch === C_SP) indent++;
    else if (ch === C_NL) {
      nl = i;
      indent = 0;
    } else break;
  }
  if (i >= len) return -1;
  if (indent >= indentNext) {
    const need = indent;
    do {
      const at = nl + 1;
      let sp = 0;
      while (text.charCodeAt(at + sp) === C_SP) sp++;
      const ch = at + sp < len ? text.charCodeAt(at + sp) : -1;
      if (!(ch === C_NL || sp >= need)) break;
      nl = text.indexOf('\n', at + sp);
    } while (nl !== -1);
    if (nl === -1) nl = len;
  }
  if (!keep) {
    for (;;) {
      let j = nl - 1;
      const lastChar = j;
      while (text.charCodeAt(j) === C_SP) j--;
      if (j >= 0 && text.charCodeAt(j) === C_NL && j >= pos && j + 1 + indent > lastChar) nl = j;
      else break;
    }
  }
  return Math.min(nl + 1, len);
}
