// Small, position-preserving helpers over the `yaml` package's AST. Rules use these instead of
// converting documents to plain JS, so every finding keeps the exact range of the node at fault.
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Range, YamlSourceFile } from '../types';
import { resolveAlias } from './resolve';

export { isAlias, isMap, isPair, isScalar, isSeq };
export type { Node, Pair, Scalar, YAMLMap, YAMLSeq };

export type AnyPair = Pair<unknown, unknown>;

export function rootMap(file: YamlSourceFile, docIndex = 0): YAMLMap | undefined {
  const doc = file.docs[docIndex];
  return doc && isMap(doc.contents) ? doc.contents : undefined;
}

export function pairKey(pair: AnyPair): string | undefined {
  const k = pair.key;
  if (isScalar(k)) return k.value === null || k.value === undefined ? undefined : String(k.value);
  if (typeof k === 'string') return k;
  return undefined;
}

export function mapPairs(node: unknown): AnyPair[] {
  return isMap(node) ? (node.items as AnyPair[]) : [];
}

export function seqItems(node: unknown): unknown[] {
  return isSeq(node) ? node.items : [];
}

export function mapGet(node: unknown, key: string): AnyPair | undefined {
  if (!isMap(node)) return undefined;
  for (const p of node.items as AnyPair[]) if (pairKey(p) === key) return p;
  return undefined;
}

export function mapValue(node: unknown, key: string): unknown {
  return mapGet(node, key)?.value ?? undefined;
}

/**
 * Follows an alias to its anchor (one step: anchors cannot point at aliases), in constant time
 * (yaml/resolve). Never call the yaml package's `Alias.resolve` directly: it walks the whole
 * document each time. `mergedMaps` in yaml/resolve follows `<<` merge keys, bounded.
 */
export function deref(node: unknown, doc: Document): unknown {
  return resolveAlias(node, doc);
}

export function scalarString(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (v === null || v === undefined) return undefined;
  return typeof v === 'string' ? v : String(v);
}

export function nodeRange(node: unknown): Range | undefined {
  const r = (node as { range?: [number, number, number] } | undefined)?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

export function keyRange(pair: AnyPair): Range | undefined {
  return nodeRange(pair.key);
}

/** From the start of the key to the end of the value (or key when the value is empty). */
export function pairRange(pair: AnyPair): Range | undefined {
  const k = keyRange(pair);
  if (!k) return undefined;
  const v = nodeRange(pair.value);
  return { start: k.start, end: v && v.end > k.end ? v.end : k.end };
}

/** Column (in UTF-16 units) of an offset within its line. */
export function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

/** Start of the line containing `offset`; a leading byte order mark is not part of the first line. */
export function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i === 0 && offset > 0 && text.charCodeAt(0) === 0xfeff ? 1 : i;
}

/** Offset just after the line break that ends the line containing `offset` (or text end). */
export function nextLineStart(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  if (text[i] === '\r' && text[i + 1] === '\n') return i + 2;
  return i < text.length ? i + 1 : i;
}

export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** True when the collection is written in flow style (`[a, b]` / `{a: 1}`). */
export function isFlow(node: unknown): boolean {
  return (isMap(node) || isSeq(node)) && Boolean((node as YAMLMap | YAMLSeq).flow);
}

/** Source text of a scalar as written, quotes included. */
export function scalarSource(text: string, node: unknown): string | undefined {
  const r = nodeRange(node);
  return r ? text.slice(r.start, r.end) : undefined;
}

/** Quote style of a scalar, so fixes can write a replacement in the same style. */
export function quoteOf(node: unknown): '"' | "'" | '' {
  if (!isScalar(node)) return '';
  if (node.type === 'QUOTE_DOUBLE') return '"';
  if (node.type === 'QUOTE_SINGLE') return "'";
  return '';
}

/** Offset after the last line of a block collection's content (start of the next line). */
export function blockEnd(file: YamlSourceFile, node: unknown): number | undefined {
  const r = nodeRange(node);
  if (!r) return undefined;
  // `range[1]` may include trailing blank lines/comments; trim back to the last content character.
  let end = r.end;
  while (end > r.start && /\s/.test(file.text[end - 1])) end--;
  return nextLineStart(file.text, end - 1 < r.start ? r.start : end - 1);
}

/**
 * Edits that delete a pair or sequence item written on its own line(s), including the line break,
 * so removal never leaves a blank line or breaks the surrounding indentation.
 */
export function deleteLinesRange(text: string, range: Range): Range {
  const start = lineStartOf(text, range.start);
  let end = range.end;
  while (end > range.start && /\s/.test(text[end - 1])) end--;
  return { start, end: nextLineStart(text, Math.max(range.start, end - 1)) };
}

/** Indentation (spaces) of the line that contains `offset`. */
export function indentAt(text: string, offset: number): string {
  const start = lineStartOf(text, offset);
  let i = start;
  while (text[i] === ' ') i++;
  return text.slice(start, i);
}
