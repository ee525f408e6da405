import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { DEFAULT_LIMITS, type Limits } from '../limits';
import { documentShape, type DocumentShape } from '../yaml/resolve';
import { nodeRange } from '../yaml/ast';
import type { YamlParseError } from '../types';

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
    docs = parseAllDocuments(text, { ...PARSE_OPTIONS, lineCounter }) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = [docs as unknown as Document.Parsed];
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

/** The errors and warnings of one document, then an alias bomb when its aliases expand too far. */
export function collectErrors(doc: Document.Parsed, text: string, shape: DocumentShape, limits: Limits): YamlParseError[] {
  const errors: YamlParseError[] = [];
  for (const e of doc.errors) errors.push(toError(e.message, e.pos, e.code, 'error', text.length));
  for (const w of doc.warnings) errors.push(toError(w.message, w.pos, w.code, 'warning', text.length));
  if (shape.expandedNodes > limits.maxExpandedNodes) {
    const range = nodeRange(shape.worstAlias) ?? { start: 0, end: Math.min(text.length, 1) };
    const what = Number.isFinite(shape.expandedNodes)
      ? `expand to more than ${limits.maxExpandedNodes.toLocaleString('en-US')} nodes (an alias bomb)`
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
