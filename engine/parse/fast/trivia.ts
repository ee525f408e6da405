// Blank lines, comments and indicators between nodes, and how yaml's composer reads them
// (compose/resolve-props.js and resolve-end.js, restricted to the tokens the fast path produces).

export const NL = 0;
export const COMMENT = 1;
export const SPACE = 2;
/** A `:` or `-` indicator. */
export const IND = 3;
/** An anchor (`&name`) before a map value. */
export const ANCHOR = 4;

export interface Tok {
  type: number;
  start: number;
  end: number;
  /** Column of a comment's `#` when it begins its line (yaml's lexer indent), else -1. */
  indent: number;
}

export interface Props {
  comment: string;
  spaceBefore: boolean;
  hasNewline: boolean;
  /** Where the last token ends (or the given offset when there is none). */
  end: number;
  /** The name of an anchor among the tokens. */
  anchor: string;
}

/** What `resolveProps` gives for these tokens; `seq` when the indicator among them is a `-`. */
export function resolveProps(text: string, toks: readonly Tok[], seq: boolean, startOnNewline: boolean, offset: number): Props {
  let spaceBefore = false;
  let atNewline = startOnNewline;
  let comment = '';
  let commentSep = '';
  let hasNewline = false;
  let found = false;
  let anchor = '';
  for (let i = 0; i < toks.length; i++) {
    const tok = toks[i];
    switch (tok.type) {
      case COMMENT: {
        const cb = text.slice(tok.start + 1, tok.end) || ' ';
        comment = comment ? comment + commentSep + cb : cb;
        commentSep = '';
        atNewline = false;
        break;
      }
      case NL:
        if (atNewline) {
          if (comment) comment += '\n';
          else if (!found || !seq) spaceBefore = true;
        } else commentSep += '\n';
        atNewline = true;
        hasNewline = true;
        break;
      case IND:
        found = true;
        atNewline = seq;
        break;
      case ANCHOR:
        anchor = text.slice(tok.start + 1, tok.end);
        atNewline = false;
        break;
    }
  }
  return { comment, spaceBefore, hasNewline, end: toks.length ? toks[toks.length - 1].end : offset, anchor };
}

/** The comment `resolveEnd` builds from a node's trailing tokens, kept as they arrive. */
export interface EndState {
  /** The node's range, its end moved over every token added. */
  range: number[];
  comment: string;
  sep: string;
  lastComment: boolean;
}

export function endAdd(text: string, st: EndState, tok: Tok): void {
  if (tok.type === COMMENT) {
    const cb = text.slice(tok.start + 1, tok.end) || ' ';
    st.comment = st.comment ? st.comment + st.sep + cb : cb;
    st.sep = '';
    st.lastComment = true;
  } else {
    if (tok.type === NL && st.comment) st.sep += '\n';
    st.lastComment = false;
  }
  st.range[2] = tok.end;
}

/** Only newlines and spaces (yaml's `atIndentedComment` condition on an item's start). */
export function onlySpace(toks: readonly Tok[]): boolean {
  for (let i = 0; i < toks.length; i++) if (toks[i].type !== NL && toks[i].type !== SPACE) return false;
  return true;
}
