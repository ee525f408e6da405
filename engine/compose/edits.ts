// Text edits on Compose files that keep the author's indentation, quoting and line endings.
import { isScalar } from 'yaml';
import { blockEnd, columnOf, eolOf, isFlow, nodeRange, type AnyPair, type YAMLMap } from '../yaml/ast';
import type { FileEdit, YamlSourceFile } from '../types';

/** Column of a block map's keys (its indentation). */
export function keyIndent(file: YamlSourceFile, map: YAMLMap): number | undefined {
  const first = (map.items as AnyPair[])[0];
  const r = first ? nodeRange(first.key) : undefined;
  return r ? columnOf(file.text, r.start) : undefined;
}

/** The file's indentation step, from the first nested block map found (2 when unknown). */
export function indentStep(file: YamlSourceFile, parentKey: AnyPair, child: YAMLMap): number {
  const parent = nodeRange(parentKey.key);
  const inner = keyIndent(file, child);
  if (parent && inner !== undefined && inner > columnOf(file.text, parent.start)) return inner - columnOf(file.text, parent.start);
  return 2;
}

/**
 * Replaces a scalar's value with `newText` (a plain scalar that needs no quoting). Inside the
 * quotes when the quoted source is exactly the value; otherwise the whole node: an empty or `~`
 * value, escapes, a number or a value folded over lines is not as long in the source as its value.
 */
export function replaceScalar(file: YamlSourceFile, node: unknown, newText: string): FileEdit | undefined {
  const r = nodeRange(node);
  if (!r || !isScalar(node)) return undefined;
  if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') {
    const inner = file.text.slice(r.start + 1, r.end - 1);
    if (file.text[r.end - 1] === file.text[r.start] && inner === String(node.value)) return { file: file.path, start: r.start + 1, end: r.end - 1, newText };
  }
  return { file: file.path, start: r.start, end: r.end, newText };
}

/** Offset where a scalar's characters start (after an opening quote). */
export function scalarTextStart(node: unknown): number | undefined {
  const r = nodeRange(node);
  if (!r || !isScalar(node)) return undefined;
  return node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? r.start + 1 : r.start;
}

/**
 * Appends lines (already relative to the map's indentation) at the end of a block map, each
 * indented like the map's keys. Undefined for flow maps, which a line insert would break.
 */
export function appendToBlockMap(file: YamlSourceFile, map: YAMLMap, lines: string[]): FileEdit | undefined {
  if (isFlow(map)) return undefined;
  const indent = keyIndent(file, map);
  const at = blockEnd(file, map);
  if (indent === undefined || at === undefined) return undefined;
  const eol = eolOf(file.text);
  // The last line of the file may have no line break: add one before the new lines.
  const lead = at === file.text.length && !/[\r\n]$/.test(file.text) ? eol : '';
  const pad = ' '.repeat(indent);
  return { file: file.path, start: at, end: at, newText: lead + lines.map((l) => pad + l + eol).join('') };
}

/** YAML for a flow sequence of strings, double-quoted (`["CMD", "redis-cli", "ping"]`). */
export function flowStrings(items: string[]): string {
  return `[${items.map((i) => JSON.stringify(i)).join(', ')}]`;
}
