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
  /** The collection's items as they were in this version: pairs (Compose) or nodes (Render), the same objects while a service's text is unchanged. */
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

/**
 * The start of an item's line when the item begins that line (after `- ` for a sequence item), else
 * -1; its indentation is the first non-space of that line minus its start (`indentOf`).
 */
function itemLine(text: string, item: unknown, seq: boolean): number {
  const at = seq ? (item as { range?: number[] } | null)?.range?.[0] : isPair(item) && isScalar(item.key) ? item.key.range?.[0] : undefined;
  if (at === undefined) return -1;
  const line = lineStart(text, at);
  let i = line;
  while (text.charCodeAt(i) === 32) i++;
  if (!seq) return i === at ? line : -1;
  if (text[i] !== '-') return -1;
  for (let k = i + 1; k < at; k++) if (text.charCodeAt(k) !== 32) return -1;
  return at > i + 1 ? line : -1;
}

function indentOf(text: string, line: number): number {
  let i = line;
  while (text.charCodeAt(i) === 32) i++;
  return i - line;
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
  // A copy: the next version's incremental parse splices the collection's own list, and what was
  // kept from this version is matched against it by these items (./shardCache).
  const items = ((coll as YAMLMap | YAMLSeq).items as unknown[]).slice();
  // A name given twice: a whole check reads the first only, so what is kept for the other would be
  // wrong once the first goes (the second then counts).
  if (!seq && hasRepeatedKey(items as Pair[])) return undefined;
  const starts = new Array<number>(items.length);
  let indent = -1;
  for (let k = 0; k < items.length; k++) {
    const line = itemLine(file.text, items[k], seq);
    if (line < 0 || (k > 0 && line <= starts[k - 1])) return undefined;
    const at = indentOf(file.text, line);
    if (k > 0 && at !== indent) return undefined;
    indent = at;
    starts[k] = line;
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
