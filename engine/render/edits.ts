// Edits that remove an item from a render.yaml list without breaking the YAML around it.
import { isSeq, type YAMLSeq } from 'yaml';
import { deleteLinesRange, nodeRange } from '../yaml/ast';
import type { FileEdit, Range, YamlSourceFile } from '../types';
import type { Field } from './blueprint';

/**
 * Removes one item of a list. A block item goes with its line(s); a flow item with the comma that
 * separates it. When the item is the only one, `whenEmpty` (e.g. `[]`) replaces the whole list, or
 * the list's key goes with it when `whenEmpty` is undefined.
 */
export function removeListItem(file: YamlSourceFile, list: Field<unknown>, item: unknown, whenEmpty?: string): FileEdit | undefined {
  const seq = list.node;
  if (!isSeq(seq)) return undefined;
  const items = (seq as YAMLSeq).items;
  const index = items.indexOf(item as never);
  const r = nodeRange(item);
  if (index < 0 || !r) return undefined;
  const text = file.text;
  if (items.length === 1) {
    if (whenEmpty !== undefined) {
      if (seq.flow) return { file: file.path, start: list.valueRange.start, end: list.valueRange.end, newText: whenEmpty };
      const colon = text.indexOf(':', list.keyRange.end);
      return { file: file.path, start: colon + 1, end: blockListEnd(text, list.valueRange), newText: ` ${whenEmpty}` };
    }
    const whole = deleteLinesRange(text, { start: list.keyRange.start, end: list.valueRange.end });
    return { file: file.path, ...whole, newText: '' };
  }
  if (seq.flow) {
    const next = nodeRange(items[index + 1]);
    const prev = nodeRange(items[index - 1]);
    // `[a, b]`: remove `a, ` (up to the next item) or `, b` (from the previous item's end).
    const range: Range = next ? { start: r.start, end: next.start } : { start: prev!.end, end: r.end };
    return { file: file.path, ...range, newText: '' };
  }
  // A block item starts at its `- ` marker, which precedes the node's range.
  let start = r.start;
  while (start > 0 && text[start - 1] !== '-' && text[start - 1] !== '\n') start--;
  if (text[start - 1] === '-') start--;
  return { file: file.path, ...deleteLinesRange(text, { start, end: r.end }), newText: '' };
}

/** End of a block list's last content line, before its line break. */
function blockListEnd(text: string, range: Range): number {
  let end = range.end;
  while (end > range.start && /\s/.test(text[end - 1])) end--;
  return end;
}
