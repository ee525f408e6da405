// A render.yaml's or Compose file's services as shards: the lines of each item of the root
// `services` collection, and the rest of the file (the frame: what comes before the first service
// and after the last). Rules whose findings inside a service depend on that service alone
// (`meta.perService`) are re-run on the edited services only: on a copy of the file whose
// `services` holds just those (`shardedFile`); see ./shardCache.
import { isMap, isPair, isScalar, isSeq, type Document, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { documentShape } from './yaml/resolve';
import type { YamlSourceFile } from './types';

export interface Shards {
  /** Index of the `services` pair in the root mapping. */
  pairIndex: number;
  /** The collection's items: pairs (Compose) or nodes (Render), the same objects while a service's text is unchanged. */
  items: readonly unknown[];
  /** Where each item's lines start. */
  starts: readonly number[];
  /** Where the last item's lines end (the next root key's line, or the end of the text). */
  end: number;
}

function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text.charCodeAt(i - 1) !== 10) i--;
  return i;
}

/** The start of an item's line, when the item begins that line at the given indentation (any, when undefined). */
function itemLine(text: string, item: unknown, seq: boolean): { line: number; indent: number } | undefined {
  const at = seq ? (item as { range?: number[] } | null)?.range?.[0] : isPair(item) && isScalar(item.key) ? item.key.range?.[0] : undefined;
  if (at === undefined) return undefined;
  const line = lineStart(text, at);
  let i = line;
  while (text.charCodeAt(i) === 32) i++;
  if (!seq) return i === at ? { line, indent: i - line } : undefined;
  if (text[i] !== '-') return undefined;
  for (let k = i + 1; k < at; k++) if (text.charCodeAt(k) !== 32) return undefined;
  return at > i + 1 ? { line, indent: i - line } : undefined;
}

function hasRepeatedKey(pairs: readonly Pair[]): boolean {
  const seen = new Set<unknown>();
  for (const p of pairs) {
    const key = isScalar(p.key) ? p.key.value : p.key;
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}

function build(file: YamlSourceFile): Shards | undefined {
  if (file.docs.length !== 1) return undefined;
  const doc = file.docs[0];
  const root = doc.contents;
  if (!isMap(root) || root.flow) return undefined;
  // A service's nodes must not follow aliases into other services: a copy without them would differ.
  if (documentShape(doc).targets.size > 0) return undefined;
  const pairs = root.items as Pair[];
  const pairIndex = pairs.findIndex((p) => isScalar(p.key) && p.key.value === 'services');
  if (pairIndex < 0) return undefined;
  const coll = pairs[pairIndex].value;
  const seq = isSeq(coll);
  if (!(seq || isMap(coll)) || (coll as YAMLMap | YAMLSeq).flow || !(coll as YAMLMap | YAMLSeq).items.length) return undefined;
  const items = (coll as YAMLMap | YAMLSeq).items as unknown[];
  // A name given twice: a whole check reads the first only, so what is kept for the other would be
  // wrong once the first goes (the second then counts).
  if (!seq && hasRepeatedKey(items as Pair[])) return undefined;
  const starts: number[] = [];
  let indent: number | undefined;
  for (const item of items) {
    const at = itemLine(file.text, item, seq);
    if (!at || (indent !== undefined && at.indent !== indent) || (starts.length && at.line <= starts[starts.length - 1])) return undefined;
    indent = at.indent;
    starts.push(at.line);
  }
  const next = pairs[pairIndex + 1]?.key as { range?: number[] } | null | undefined;
  if (pairs[pairIndex + 1] && next?.range === undefined) return undefined;
  const end = next?.range ? lineStart(file.text, next.range[0]) : file.text.length;
  if (end < starts[starts.length - 1]) return undefined;
  return { pairIndex, items, starts, end };
}

/** The services of a render.yaml or Compose file as shards (memoised per file version); undefined when its shape does not allow them. */
export function serviceShards(file: YamlSourceFile): Shards | undefined {
  return file.model('readiness.serviceShards', () => build(file));
}

/** Which item's lines hold `offset` (binary search), or -1 outside the items (the frame). */
export function shardAt(shards: Shards, offset: number): number {
  if (offset < shards.starts[0] || offset >= shards.end) return -1;
  let lo = 0;
  let hi = shards.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (shards.starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Where item `k`'s lines end. */
export function shardEnd(shards: Shards, k: number): number {
  return k + 1 < shards.starts.length ? shards.starts[k + 1] : shards.end;
}

/** A copy with the same prototype and own properties (yaml marks its nodes with a non-enumerable symbol). */
function copy<T extends object>(o: T, changes: Partial<T>): T {
  return Object.assign(Object.create(Object.getPrototypeOf(o) as object, Object.getOwnPropertyDescriptors(o)) as T, changes);
}

/**
 * The file as a rule sees it when only some services are checked: the same text, path and nodes,
 * with `services` holding just the items `keep` lists. Models memoised per file version are built
 * afresh for it (they then cover those services only).
 */
export function shardedFile(file: YamlSourceFile, shards: Shards, keep: readonly number[]): YamlSourceFile {
  const doc = file.docs[0];
  const root = doc.contents as YAMLMap;
  const pair = root.items[shards.pairIndex] as Pair;
  const coll = copy(pair.value as YAMLMap | YAMLSeq, { items: keep.map((k) => shards.items[k]) } as Partial<YAMLMap>);
  const items = (root.items as Pair[]).map((p, k) => (k === shards.pairIndex ? copy(p, { value: coll }) : p));
  const docCopy = copy(doc, { contents: copy(root, { items }) as unknown as Document.Parsed["contents"] });
  const cache = new Map<string, unknown>();
  const model = <T>(key: string, make: () => T): T => {
    if (!cache.has(key)) cache.set(key, make());
    return cache.get(key) as T;
  };
  return { ...file, docs: [docCopy], model };
}
