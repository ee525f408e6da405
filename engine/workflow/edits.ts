// Text edits for workflow fixes that keep the file's own layout: new keys go at the indentation
// of their siblings, new lines use the file's line ending, nothing else moves.
import { isMap, type YAMLMap } from 'yaml';
import { blockEnd, columnOf, eolOf, isFlow, nodeRange, type AnyPair } from '../yaml/ast';
import type { FileEdit, YamlSourceFile } from '../types';

/** A YAML scalar for `value` that reads back as the same string in block context. */
export function yamlPlainOrQuoted(value: string): string {
  const needsQuotes = value === '' || /^[\s'"&*!|>%@`#,[\]{}?:-]/.test(value) || /: | #|\s$/.test(value);
  return needsQuotes ? `'${value.replace(/'/g, "''")}'` : value;
}

/** Column of a block map's first key (its children's indentation). */
export function keyColumn(file: YamlSourceFile, map: YAMLMap): number | undefined {
  const first = (map.items as AnyPair[])[0];
  const r = first ? nodeRange(first.key) : undefined;
  return r ? columnOf(file.text, r.start) : undefined;
}

/**
 * Adds `key: value` lines to a block map (appended after its last entry), or, when `pair` is
 * absent, a new `name:` block holding them at the end of `parent`. Undefined when the layout is
 * not one we can edit safely (flow maps, `name:` with a non-map value).
 */
export function addToBlockMap(file: YamlSourceFile, parent: YAMLMap, name: string, pair: AnyPair | undefined, lines: { key: string; value: string }[]): FileEdit[] | undefined {
  if (!lines.length) return [];
  const eol = eolOf(file.text);
  if (isFlow(parent)) return undefined;
  if (pair) {
    const map = pair.value;
    if (!isMap(map) || isFlow(map) || map.items.length === 0) return undefined;
    const col = keyColumn(file, map);
    const at = blockEnd(file, map);
    if (col === undefined || at === undefined) return undefined;
    const text = lines.map((l) => `${' '.repeat(col)}${l.key}: ${l.value}${eol}`).join('');
    return [{ file: file.path, start: at, end: at, newText: at === file.text.length && !/[\r\n]$/.test(file.text) ? eol + text.slice(0, -eol.length) : text }];
  }
  const col = keyColumn(file, parent);
  const at = blockEnd(file, parent);
  if (col === undefined || at === undefined) return undefined;
  const inner = ' '.repeat(col + 2);
  const text = `${' '.repeat(col)}${name}:${eol}` + lines.map((l) => `${inner}${l.key}: ${l.value}${eol}`).join('');
  return [{ file: file.path, start: at, end: at, newText: at === file.text.length && !/[\r\n]$/.test(file.text) ? eol + text.slice(0, -eol.length) : text }];
}
