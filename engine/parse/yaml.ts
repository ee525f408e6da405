import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { YamlParseError } from '../types';

export interface ParsedYaml {
  docs: Document.Parsed[];
  lineCounter: LineCounter;
  errors: YamlParseError[];
}

/**
 * Parses every document of a YAML stream, keeping node ranges and comments. Duplicate keys are
 * left to the duplicate-key rule (so they are reported once, with a fix), hence `uniqueKeys: false`.
 * Aliases are never expanded here; rules that follow them use the bounded resolver in yaml/ast.
 */
export function parseYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { lineCounter, uniqueKeys: false, prettyErrors: false, keepSourceTokens: false }) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = [docs as unknown as Document.Parsed];
  } catch (err) {
    // Pathological nesting can exhaust the parser's stack; report it instead of failing the audit.
    const message = err instanceof RangeError ? 'The document is nested too deeply to be parsed.' : `The document could not be parsed: ${String(err)}`;
    return { docs: [], lineCounter, errors: [{ message, range: { start: 0, end: Math.min(text.length, 1) }, code: 'PARSE_FAILED', severity: 'error' }] };
  }
  const errors: YamlParseError[] = [];
  for (const doc of docs) {
    for (const e of doc.errors) errors.push(toError(e.message, e.pos, e.code, 'error', text.length));
    for (const w of doc.warnings) errors.push(toError(w.message, w.pos, w.code, 'warning', text.length));
  }
  return { docs, lineCounter, errors };
}

function toError(message: string, pos: [number, number], code: string, severity: 'error' | 'warning', length: number): YamlParseError {
  const start = Math.max(0, Math.min(pos[0], length));
  const end = Math.max(start, Math.min(pos[1], length));
  const firstLine = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return { message: firstLine, range: { start, end }, code, severity };
}
