import { Composer, Lexer, LineCounter, Parser, type CST, type Document } from 'yaml';
import { DEFAULT_LIMITS, type Limits } from '../limits';
import { documentShape, type DocumentShape } from '../yaml/resolve';
import { nodeRange } from '../yaml/ast';
import { groupDigits } from '../text/numbers';
import type { YamlParseError } from '../types';
import { parseFast } from './fast';

export interface ParsedYaml {
  docs: Document.Parsed[];
  lineCounter: LineCounter;
  errors: YamlParseError[];
  /** Set when collections nest deeper than the limit: the documents are dropped, never walked. */
  tooDeep?: number;
}

/**
 * Parses every document of a YAML stream, keeping node ranges and comments. Duplicate keys are
 * left to the duplicate-key rule (so they are reported once, with a fix), hence `uniqueKeys: false`.
 * Aliases are never expanded here; rules follow them through yaml/resolve (linear, bounded).
 */
export function parseYaml(text: string, limits: Limits = DEFAULT_LIMITS): ParsedYaml {
  const lineCounter = new LineCounter();
  let docs: Document.Parsed[];
  try {
    const parsed = parseDocuments(text, lineCounter, limits.maxDepth);
    if ('tooDeep' in parsed) return { docs: [], lineCounter, errors: [], tooDeep: parsed.tooDeep };
    docs = parsed.docs;
  } catch (err) {
    // Pathological nesting can exhaust the parser's stack; report it instead of failing the audit.
    if (err instanceof RangeError) return { docs: [], lineCounter, errors: [], tooDeep: limits.maxDepth };
    return { docs: [], lineCounter, errors: [{ message: `The document could not be parsed: ${String(err)}`, range: { start: 0, end: Math.min(text.length, 1) }, code: 'PARSE_FAILED', severity: 'error' }] };
  }
  const errors: YamlParseError[] = [];
  for (const doc of docs) {
    // The parser catches its own stack overflow and keeps a truncated tree: never hand that to rules.
    if (doc.errors.some((e) => e.code === 'RESOURCE_EXHAUSTION' || /call stack/i.test(e.message))) return { docs: [], lineCounter, errors: [], tooDeep: limits.maxDepth };
    const shape = documentShape(doc);
    if (shape.depth > limits.maxDepth) return { docs: [], lineCounter, errors: [], tooDeep: shape.depth };
    errors.push(...collectErrors(doc, text, shape, limits));
  }
  return { docs, lineCounter, errors };
}

/** Options of every parse, so a partial re-parse (./incremental) reads text exactly as a whole one. */
export const PARSE_OPTIONS = { uniqueKeys: false, prettyErrors: false, keepSourceTokens: false } as const;

/**
 * Nesting the composer is never given, whatever `maxDepth` says. yaml's parser keeps an explicit
 * stack, but its composer recurses once or more per level: past about 800 levels it exhausts the
 * call stack, and when that happens while V8 compiles a regular expression the process dies with a
 * fatal out-of-memory error that no catch can stop (seen with 10,000 nested `[`).
 */
const COMPOSE_MAX_DEPTH = 400;

/**
 * `parseAllDocuments`: the common shapes of configuration files by ./fast (the same documents,
 * several times cheaper), everything else by yaml itself (`parseDocumentsWithYaml`).
 */
export function parseDocuments(source: string, lineCounter: LineCounter, maxDepth: number): { docs: Document.Parsed[] } | { tooDeep: number } {
  const docs = parseFast(source, lineCounter, maxDepth, PARSE_OPTIONS);
  return docs ? { docs } : parseDocumentsWithYaml(source, lineCounter, maxDepth);
}

/**
 * `parseAllDocuments` with the documents' nesting bounded before they are composed: the parser is
 * driven one lexeme at a time and stops once its stack (the open collections, plus a few tokens)
 * is deeper than `maxDepth` allows, so deep input costs what it takes to read that far.
 */
export function parseDocumentsWithYaml(source: string, lineCounter: LineCounter, maxDepth: number): { docs: Document.Parsed[] } | { tooDeep: number } {
  // The parser's stack holds the document and the token being read besides the collections.
  const limit = Math.min(maxDepth, COMPOSE_MAX_DEPTH) + 8;
  // Every parse error is an Error object; their stack traces (never shown) made a garbled file of
  // 70,000 errors take three times as long to parse.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    const parser = new Parser(lineCounter.addNewLine);
    lineCounter.addNewLine(0);
    const tokens: CST.Token[] = [];
    for (const lexeme of new Lexer().lex(source)) {
      for (const token of parser.next(lexeme)) tokens.push(token);
      if (parser.stack.length > limit) return { tooDeep: parser.stack.length };
    }
    for (const token of parser.end()) tokens.push(token);
    const composer = new Composer(PARSE_OPTIONS);
    const docs = Array.from(composer.compose(tokens)) as Document.Parsed[];
    // An empty stream still has its comments and errors in one empty document (as parseAllDocuments).
    return { docs: docs.length ? docs : (Object.assign([], { empty: true }, composer.streamInfo()) as unknown as Document.Parsed[]) };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** The errors and warnings of one document, then an alias bomb when its aliases expand too far. */
export function collectErrors(doc: Document.Parsed, text: string, shape: DocumentShape, limits: Limits): YamlParseError[] {
  const errors: YamlParseError[] = [];
  for (const e of doc.errors) errors.push(toError(e.message, e.pos, e.code, 'error', text.length));
  for (const w of doc.warnings) errors.push(toError(w.message, w.pos, w.code, 'warning', text.length));
  if (shape.expandedNodes > limits.maxExpandedNodes) {
    const range = nodeRange(shape.worstAlias) ?? { start: 0, end: Math.min(text.length, 1) };
    const what = Number.isFinite(shape.expandedNodes)
      ? `expand to more than ${groupDigits(limits.maxExpandedNodes)} nodes (an alias bomb)`
      : 'refer to the node that contains them, so they expand forever';
    errors.push({
      message: `Aliases in this document ${what}; Docker Compose and most YAML loaders reject or hang on it. Write the repeated content out, or reuse it with fewer levels of aliases`,
      range, code: 'ALIAS_BOMB', severity: 'error',
    });
  }
  return errors;
}

function toError(message: string, pos: [number, number], code: string, severity: 'error' | 'warning', length: number): YamlParseError {
  const start = Math.max(0, Math.min(pos[0], length));
  const end = Math.max(start, Math.min(pos[1], length));
  const firstLine = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return { message: firstLine, range: { start, end }, code, severity };
}
