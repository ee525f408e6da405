// A single-pass parser for the YAML that configuration files are mostly made of, giving exactly
// the Document that yaml's Lexer, Parser and Composer give (same node classes, ranges, comments,
// values and types), at a fraction of their cost. It handles one document of block mappings and
// sequences holding one-line plain and quoted scalars, block scalars without an indentation
// indicator, one-line flow collections of scalars, comments and blank lines. On anything else
// (anchors, aliases, tags, directives, several documents, tabs, multi-line flow scalars, anything
// yaml would report as an error or warning) it answers undefined without building much, and the
// caller parses with yaml. test/parse/fast.test.ts compares both on every node.
import { Composer, Document, LineCounter, isPair, type DocumentOptions, type ParsedNode } from 'yaml';
import { BlockParser, Unhandled } from './blocks';
import * as trivia from './trivia';
import type { Tok } from './trivia';

const { COMMENT, NL } = trivia;

/** Characters the fast path never reads: tabs, carriage returns, a byte order mark. */
const UNHANDLED_CHARS = /[\t\r\uFEFF]/;

/** What is left unhandled once CRLF line ends are read as LF. */
const UNHANDLED_BESIDES_CRLF = /[\t\uFEFF]|\r(?!\n)/;

/** Set READINESS_YAML_FAST=0 to parse every file with yaml (to compare results or timings). */
const DISABLED = process.env.READINESS_YAML_FAST === '0';

/**
 * The documents of `text` as yaml's Composer gives them with `options`, or undefined when the text
 * is not one the fast path handles (or it failed in any way): then yaml must parse it.
 */
export function parseFast(text: string, lineCounter: LineCounter, maxDepth: number, options: object): Document.Parsed[] | undefined {
  if (DISABLED) return undefined;
  try {
    return parseFastOrThrow(text, lineCounter, maxDepth, options);
  } catch {
    return undefined;
  }
}

/** `parseFast`, but failures other than "not handled" are thrown (for tests: a bug must not hide behind the fallback). */
export function parseFastOrThrow(text: string, lineCounter: LineCounter, maxDepth: number, options: object): Document.Parsed[] | undefined {
  if (UNHANDLED_CHARS.test(text)) return UNHANDLED_BESIDES_CRLF.test(text) ? undefined : parseCrlf(text, lineCounter, maxDepth, options);
  const composer = new Composer(options);
  // The composer's directives, as compose-doc.js hands them to each document.
  const directives = (composer as unknown as { directives: DocumentOptions['_directives'] }).directives;
  const doc = new Document(undefined, Object.assign({ _directives: directives }, options)) as Document.Parsed;
  // yaml's parser holds the document and the token being read besides the open collections.
  const maxFrames = Math.min(maxDepth, 400) - 4;
  let body;
  try {
    body = new BlockParser(text, doc, maxFrames).parse();
  } catch (err) {
    if (err instanceof Unhandled) return undefined;
    throw err;
  }
  if (body.docStart) doc.directives.docStart = true;
  doc.contents = body.contents as unknown as ParsedNode;
  const contentEnd = body.contents.range![2];
  const end = documentEnd(text, body.end, contentEnd);
  if (end.comment) doc.comment = end.comment;
  doc.range = [body.start, contentEnd, end.offset];
  decorate(doc, body.prelude);
  lineCounter.addNewLine(0);
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) lineCounter.addNewLine(nl + 1);
  return [doc];
}

/**
 * A text with CRLF line ends reads as the same text with LF ends (yaml ends lines, scalars and
 * comments before the CR and folds block scalars to LF): it is parsed that way, and every range is
 * moved by the CRs before it.
 */
function parseCrlf(text: string, lineCounter: LineCounter, maxDepth: number, options: object): Document.Parsed[] | undefined {
  const lf = text.replace(/\r\n/g, '\n');
  const docs = parseFastOrThrow(lf, new LineCounter(), maxDepth, options);
  if (!docs) return undefined;
  // crs[o]: the CRs before offset o of the LF text (a range ending at a line break ends at its CR).
  const crs = new Uint32Array(lf.length + 1);
  let j = 0;
  for (let i = 0, n = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) continue;
    crs[j++] = n;
    if (c === 10 && i > 0 && text.charCodeAt(i - 1) === 13) n++;
  }
  crs[j] = j ? crs[j - 1] + (text.charCodeAt(text.length - 1) === 10 && text.charCodeAt(text.length - 2) === 13 ? 1 : 0) : 0;
  const moved = new Set<number[]>();
  const move = (r: number[] | undefined): void => {
    if (!r || moved.has(r)) return;
    moved.add(r);
    for (let k = 0; k < r.length; k++) r[k] += crs[r[k]];
  };
  // yaml joins the lines of a comment with their line breaks, CR included: those are left to it.
  const multiLine = (c: { comment?: string | null; commentBefore?: string | null }): boolean => Boolean(c.comment?.includes('\n') || c.commentBefore?.includes('\n'));
  const stack: unknown[] = [];
  for (const doc of docs) {
    if (multiLine(doc)) return undefined;
    move(doc.range as unknown as number[]);
    stack.push(doc.contents);
  }
  while (stack.length) {
    const node = stack.pop() as { range?: number[]; items?: unknown[]; key?: unknown; value?: unknown; comment?: string | null; commentBefore?: string | null } | null;
    if (node === null || typeof node !== 'object') continue;
    if (isPair(node)) {
      stack.push(node.key, node.value);
      continue;
    }
    if (multiLine(node)) return undefined;
    move(node.range);
    if (Array.isArray(node.items)) for (const item of node.items) stack.push(item);
  }
  lineCounter.addNewLine(0);
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) lineCounter.addNewLine(nl + 1);
  return docs;
}

/** compose/resolve-end.js over the document's trailing blank lines and comments. */
function documentEnd(text: string, toks: readonly Tok[], offset: number): { comment: string; offset: number } {
  let comment = '';
  let sep = '';
  for (const tok of toks) {
    if (tok.type === NL) {
      if (comment) sep += '\n';
    } else if (tok.type === COMMENT) {
      const cb = text.slice(tok.start + 1, tok.end) || ' ';
      comment = comment ? comment + sep + cb : cb;
      sep = '';
    }
    offset += tok.end - tok.start;
  }
  return { comment, offset };
}

/** The composer's `decorate`: comments before the document go to it or to its first node. */
function decorate(doc: Document.Parsed, prelude: readonly string[]): void {
  let comment = '';
  let atComment = false;
  let afterEmptyLine = false;
  for (const source of prelude) {
    if (source[0] === '#') {
      comment += (comment === '' ? '' : afterEmptyLine ? '\n\n' : '\n') + (source.substring(1) || ' ');
      atComment = true;
      afterEmptyLine = false;
    } else {
      if (!atComment) afterEmptyLine = true;
      atComment = false;
    }
  }
  if (comment) {
    if (afterEmptyLine || doc.directives.docStart) doc.commentBefore = comment;
    else {
      const items = (doc.contents as { items: unknown[] }).items;
      let it = items[0] as { commentBefore?: string | null };
      if (isPair(it)) it = it.key as typeof it;
      const cb = it.commentBefore;
      it.commentBefore = cb ? `${comment}\n${cb}` : comment;
    }
  }
  doc.errors = [];
  doc.warnings = [];
}
