// Re-parsing a YAML file after an edit without parsing all of it again. Most edits of a large
// Compose file or render.yaml change one item of one root-level block collection (a service under
// `services:`): only the items the edit touched are parsed again, on their own, and spliced into
// the previous tree; everything after them keeps its nodes, with offsets shifted.
//
// The result must be exactly what `parseYaml` gives for the new text (test/parse/incremental.test.ts
// compares every node, range, comment, error and line start over random edits). So this only
// handles the shapes where parsing the items alone is provably the same as parsing them in place,
// and answers undefined (parse everything) for anything else: aliases, several documents, tabs or
// a line less indented than the items, comments or blank lines where the items meet their
// neighbours, errors other than the local ones a broken indentation gives, a change outside the
// items.
//
// The previous file's tree is taken over: its nodes are reused and moved, so the previous
// `ParsedYaml` (and any SourceFile holding it) must not be used afterwards.
import { Alias, LineCounter, Pair, Scalar, YAMLMap, YAMLSeq, isMap, isPair, isScalar, isSeq, type Document } from 'yaml';
import { DEFAULT_LIMITS, type Limits } from '../limits';
import { documentShape, rememberShape } from '../yaml/resolve';
import { collectErrors, parseDocuments, type ParsedYaml } from './yaml';

/** One contiguous replacement: `[start, oldEnd)` of the old text became `[start, newEnd)` of the new. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

// The parse and the source index both ask for the same edit's change (the same two strings).
let last: { before: string; after: string; change: TextChange } | undefined;

/** The smallest single replacement that turns `before` into `after` (common prefix and suffix). */
export function textChange(before: string, after: string): TextChange {
  if (last && last.before === before && last.after === after) return { ...last.change };
  const change = computeChange(before, after);
  last = { before, after, change };
  return { ...change };
}

function computeChange(before: string, after: string): TextChange {
  const min = Math.min(before.length, after.length);
  // Whole blocks first (string comparison runs natively), then character by character.
  const BLOCK = 1024;
  let start = 0;
  while (start + BLOCK <= min && before.slice(start, start + BLOCK) === after.slice(start, start + BLOCK)) start += BLOCK;
  while (start < min && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail + BLOCK <= min - start && before.slice(before.length - tail - BLOCK, before.length - tail) === after.slice(after.length - tail - BLOCK, after.length - tail)) tail += BLOCK;
  while (tail < min - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { start, oldEnd: before.length - tail, newEnd: after.length - tail };
}

/**
 * Errors (code and message) that a parse of the items alone reports exactly as the whole-file
 * parse does: keys and items indented wrongly inside an item, a key without its colon. Anything
 * that can run past the end of the items (an unclosed quote or bracket) is absent, so such a text
 * is parsed whole.
 */
const LOCAL_ERRORS = new Set([
  'BLOCK_AS_IMPLICIT_KEY:Nested mappings are not allowed in compact mappings',
  'BLOCK_AS_IMPLICIT_KEY:A block sequence may not be used as an implicit map key',
  'MULTILINE_IMPLICIT_KEY:Implicit keys need to be on a single line',
  'MISSING_CHAR:Implicit map keys need to be followed by map values',
  'BAD_INDENT:All mapping items must start at the same column',
  'BAD_INDENT:All sequence items must start at the same column',
]);

interface Stats {
  /** Deepest collection nesting below the node (0 for a scalar), as `documentShape` counts it. */
  depth: number;
  /** Nodes other than pairs, the node itself included. */
  nodes: number;
}

/** Stats of subtrees that are reused unchanged from one version to the next. */
const statsCache = new WeakMap<object, Stats>();

/**
 * Depth and node count of a subtree (the same count as `documentShape`: a collection's keys and
 * values one level below it, pairs not counted), or undefined when it holds an alias. Recursive
 * over yaml's node classes, without allocating: after a whole parse every service is measured at
 * the first edit.
 */
function statsOf(root: unknown): Stats | undefined {
  if (root === null || typeof root !== 'object') return { depth: 0, nodes: 0 };
  const hit = statsCache.get(root);
  if (hit) return hit;
  const acc = { depth: 0, nodes: 0 };
  if (!measure(root, 0, acc)) return undefined;
  statsCache.set(root, acc);
  return acc;
}

function measure(node: unknown, d: number, acc: Stats): boolean {
  if (node === null || typeof node !== 'object') return true;
  if (node instanceof Alias) return false;
  if (d > acc.depth) acc.depth = d;
  if (node instanceof Pair) return measure(node.key, d, acc) && measure(node.value, d, acc);
  acc.nodes++;
  if (node instanceof YAMLMap || node instanceof YAMLSeq) {
    const items = node.items as unknown[];
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item instanceof Pair) {
        if (!measure(item.key, d + 1, acc) || !measure(item.value, d + 1, acc)) return false;
      } else if (!measure(item, d + 1, acc)) return false;
    }
  }
  return true;
}

/**
 * The offset arrays (`range`) of a subtree, in one flat list kept per subtree: every keystroke
 * moves every node after the edit, and a list of arrays is walked many times faster than the tree
 * (no type checks, no recursion). A subtree's list stays right while its nodes do: the incremental
 * parse replaces whole items and never changes one, and the list of a root pair whose collection it
 * splices is dropped (`forgetRanges`).
 */
const rangeLists = new WeakMap<object, number[][]>();

function rangesOf(node: object): number[][] {
  let list = rangeLists.get(node);
  if (!list) rangeLists.set(node, (list = collectRanges(node, [])));
  return list;
}

// `instanceof` on yaml's node classes: yaml's type guards are calls through the module's exports.
function collectRanges(node: unknown, out: number[][]): number[][] {
  if (node instanceof Scalar) {
    if (node.range) out.push(node.range);
  } else if (node instanceof YAMLMap || node instanceof YAMLSeq) {
    if (node.range) out.push(node.range);
    const items = node.items as unknown[];
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item instanceof Pair) {
        collectRanges(item.key, out);
        collectRanges(item.value, out);
      } else collectRanges(item, out);
    }
  } else if (node instanceof Pair) {
    collectRanges(node.key, out);
    collectRanges(node.value, out);
  } else if (node !== null && typeof node === 'object') {
    const range = (node as { range?: number[] | null }).range;
    if (range) out.push(range);
  }
  return out;
}

/** Adds `delta` to every offset of a subtree. */
function shift(node: unknown, delta: number): void {
  if (delta === 0 || node === null || typeof node !== 'object') return;
  const list = rangesOf(node);
  for (let i = 0; i < list.length; i++) {
    const range = list[i];
    range[0] += delta;
    range[1] += delta;
    range[2] += delta;
  }
}

/** Index of the first element of an ascending list that is at least `x`. */
function firstAtLeast(list: readonly number[], x: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Offset after the line break ending the line at `offset` (or the text's end). */
function nextLineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text.charCodeAt(i - 1) !== 10) i--;
  return i;
}

/** Where an item begins: the start of its line, after checking that it begins that line at `indent`. */
function itemLineStart(text: string, item: unknown, seq: boolean): { line: number; indent: number } | undefined {
  const at = seq ? (item as { range?: number[] } | null)?.range?.[0] : isPair(item) && isScalar(item.key) ? item.key.range?.[0] : undefined;
  if (at === undefined) return undefined;
  const line = lineStart(text, at);
  let i = line;
  while (text.charCodeAt(i) === 32) i++;
  const indent = i - line;
  if (!seq) return i === at ? { line, indent } : undefined;
  // `- value` on one line: the dash at the indentation, then spaces up to the node.
  if (text[i] !== '-') return undefined;
  for (let k = i + 1; k < at; k++) if (text.charCodeAt(k) !== 32) return undefined;
  return at > i + 1 ? { line, indent } : undefined;
}

/** Offsets where lines start (after each `\n`) within `text`, the first line included. */
interface RegionLines {
  /** Starts of the lines indented exactly `indent` with content: where items must begin. */
  itemStarts: number[];
}

/** Checks the new text of the items line by line; undefined when it cannot be parsed on its own. */
function scanRegion(region: string, indent: number, seq: boolean): RegionLines | undefined {
  const itemStarts: number[] = [];
  let lastKind: 'blank' | 'comment' | 'content' = 'blank';
  for (let start = 0; start < region.length; ) {
    const nl = region.indexOf('\n', start);
    const end = nl < 0 ? region.length : nl;
    let i = start;
    while (region.charCodeAt(i) === 32) i++;
    const c = region.charCodeAt(i);
    const rest = region.slice(i, end);
    if (rest.includes('\r') && !(rest.indexOf('\r') === rest.length - 1)) return undefined; // a lone CR ends lines for some readers
    if (c === 9) return undefined; // tab before content: the indentation rules differ
    if (i >= end || rest === '\r') lastKind = 'blank';
    else if (c === 35 /* # */) lastKind = 'comment';
    else {
      const col = i - start;
      if (col < indent) return undefined;
      if (col === indent) {
        if (seq ? !(c === 45 && (i + 1 >= end || region.charCodeAt(i + 1) === 32)) : c === 45 || c === 63 /* ? */) return undefined;
        itemStarts.push(start);
      }
      lastKind = 'content';
    }
    if (start === 0 && itemStarts[0] !== 0) return undefined;
    start = nl < 0 ? region.length : nl + 1;
  }
  return lastKind === 'content' && itemStarts.length ? { itemStarts } : undefined;
}

interface Errorish {
  pos: [number, number];
  code: string;
}

/** A copy with the same prototype and own properties (yaml marks its nodes with a non-enumerable symbol). */
function copyOf<T extends object>(o: T, changes: Partial<T>): T {
  return Object.assign(Object.create(Object.getPrototypeOf(o) as object, Object.getOwnPropertyDescriptors(o)) as T, changes);
}

function shiftedErrors<T extends Errorish>(list: readonly T[], by: number): T[] {
  return list.map((e) => copyOf(e, { pos: [e.pos[0] + by, e.pos[1] + by] } as Partial<T>));
}

function spaced(node: unknown): boolean {
  const n = node as { spaceBefore?: boolean; commentBefore?: string } | null;
  return Boolean(n && (n.spaceBefore || n.commentBefore));
}

/**
 * The items are parsed as the value of a stand-in root key, followed by what follows them in the
 * file (the next item's first line, or the next root key's line): how an item ends (an empty
 * value's offset, a broken key running on) depends on the token after it, so that token must be there.
 */
const PREFIX = 'S:\n';

type Follow = { kind: 'item' | 'root' | 'eof'; text: string };

interface ItemsParse {
  items: unknown[];
  errors: Document.Parsed['errors'];
  warnings: Document.Parsed['warnings'];
  /** Line starts within the items' text (relative to it), its end included when a line starts there. */
  lineStarts: number[];
  /** Offsets to add to the parse's offsets to place them in the items' text. */
  offset: number;
  /** Where the parse's document ends, trailing blank lines and comments included. */
  docEnd: number;
}

/** Parses the text of some items in their context; undefined unless it is exactly those items, then what follows, with at most local errors. */
function parseItems(region: string, indent: number, seq: boolean, itemStarts: readonly number[], follow: Follow): ItemsParse | undefined {
  const source = PREFIX + region + follow.text;
  const from = PREFIX.length;
  const to = PREFIX.length + region.length;
  const lineCounter = new LineCounter();
  let docs: Document.Parsed[];
  try {
    // Nesting too deep to compose is the whole parse's to report.
    const parsed = parseDocuments(source, lineCounter, DEFAULT_LIMITS.maxDepth);
    if ('tooDeep' in parsed) return undefined;
    docs = parsed.docs;
  } catch {
    return undefined;
  }
  if (!Array.isArray(docs) || docs.length !== 1) return undefined;
  const doc = docs[0];
  const root = doc.contents;
  if (!isMap(root) || root.flow || doc.commentBefore || doc.comment) return undefined;
  const pairs = root.items as Pair[];
  if (pairs.length !== (follow.kind === 'root' ? 2 : 1)) return undefined;
  const key = pairs[0].key;
  if (!isScalar(key) || key.value !== 'S' || key.range?.[0] !== 0) return undefined;
  if (follow.kind === 'root' && (pairs[1].key as { range?: number[] } | null)?.range?.[0] !== to) return undefined;
  const coll = pairs[0].value;
  if (!(seq ? isSeq(coll) : isMap(coll))) return undefined;
  const c = coll as YAMLMap | YAMLSeq;
  if (c.flow || c.commentBefore || c.comment || c.anchor || c.tag || c.spaceBefore) return undefined;
  const all = c.items as unknown[];
  if (all.length !== itemStarts.length + (follow.kind === 'item' ? 1 : 0)) return undefined;
  for (let k = 0; k < all.length; k++) {
    const at = itemLineStart(source, all[k], seq);
    if (!at || at.indent !== indent || at.line !== (k < itemStarts.length ? from + itemStarts[k] : to)) return undefined;
  }
  for (const list of [doc.errors, doc.warnings]) {
    for (const err of list) if (!LOCAL_ERRORS.has(`${err.code}:${err.message}`) || err.pos[0] < from || err.pos[1] > to) return undefined;
  }
  const lineStarts = lineCounter.lineStarts.filter((o) => o >= from && o <= to).map((o) => o - from);
  return { items: all.slice(0, itemStarts.length), errors: doc.errors, warnings: doc.warnings, lineStarts, offset: -from, docEnd: doc.range[2] };
}

/**
 * The parse of `text` (the previous text with one edit), reusing `prev`; undefined when only a
 * whole-file parse is certain to give the right tree.
 */
export function reparseYaml(prevText: string, prev: ParsedYaml, text: string, limits: Limits = DEFAULT_LIMITS, known?: TextChange): ParsedYaml | undefined {
  if (prev.tooDeep !== undefined || prev.docs.length !== 1) return undefined;
  const doc = prev.docs[0];
  const root = doc.contents;
  if (!isMap(root) || root.flow || !doc.range) return undefined;
  if (documentShape(doc).targets.size > 0) return undefined;
  if (prev.errors.some((e) => e.code === 'ALIAS_BOMB')) return undefined;

  const change = known ?? textChange(prevText, text);
  const delta = change.newEnd - change.oldEnd;

  // The root-level block collection whose items hold the change.
  const pairs = root.items as Pair[];
  let found: { r: number; coll: YAMLMap | YAMLSeq; starts: number[]; end: number; indent: number } | undefined;
  for (let r = 0; r < pairs.length && !found; r++) {
    const coll = pairs[r].value;
    if (!(isMap(coll) || isSeq(coll)) || coll.flow || !coll.items.length) continue;
    const seq = isSeq(coll);
    const first = itemLineStart(prevText, coll.items[0], seq);
    if (!first || change.start < first.line) continue;
    const nextKey = pairs[r + 1] ? (pairs[r + 1].key as { range?: number[] } | null)?.range?.[0] : undefined;
    if (pairs[r + 1] && nextKey === undefined) return undefined;
    const end = nextKey === undefined ? prevText.length : lineStart(prevText, nextKey);
    if (change.oldEnd > end) continue;
    const starts: number[] = [];
    for (const item of coll.items) {
      const at = itemLineStart(prevText, item, seq);
      if (!at || at.indent !== first.indent) return undefined;
      starts.push(at.line);
    }
    found = { r, coll, starts, end, indent: first.indent };
  }
  if (!found) return undefined;
  const { r, coll, starts, end: collEnd, indent } = found;
  const seq = isSeq(coll);
  const items = coll.items as unknown[];
  const blockEnd = (k: number) => (k + 1 < starts.length ? starts[k + 1] : collEnd);

  // Items whose lines the change touches (a change where two items meet touches both).
  let i = 0;
  while (i + 1 < starts.length && blockEnd(i) < change.start) i++;
  let j = i;
  while (j + 1 < starts.length && starts[j + 1] <= change.oldEnd) j++;
  const s = starts[i];
  const e = blockEnd(j);
  // What follows the items must not change how they end: no blank line or comment is attached to it.
  const after = j + 1 < items.length ? (seq ? items[j + 1] : (items[j + 1] as Pair).key) : pairs[r + 1]?.key;
  if (spaced(after)) return undefined;
  // Errors elsewhere would have to be merged in document order, and any but the local ones may
  // have left the rest of the tree recovered oddly: parse whole instead.
  for (const list of [doc.errors, doc.warnings]) {
    for (const err of list) if (err.pos[0] < s || err.pos[1] > e || !LOCAL_ERRORS.has(`${err.code}:${err.message}`)) return undefined;
  }

  const region = text.slice(s, e + delta);
  const lines = scanRegion(region, indent, seq);
  if (!lines) return undefined;

  // Of the next item its first line is enough: the token that ends the last edited item, and
  // proof that a break in them does not run on into it (it still begins an item of its own).
  const follow: Follow = j + 1 < items.length
    ? { kind: 'item', text: text.slice(e + delta, nextLineEnd(text, e + delta)) }
    : pairs[r + 1]
      ? { kind: 'root', text: text.slice(e + delta, nextLineEnd(text, e + delta)) }
      : { kind: 'eof', text: '' };
  const parsed = parseItems(region, indent, seq, lines.itemStarts, follow);
  if (!parsed) return undefined;
  const newItems = parsed.items;
  // After a broken last item, the parser's recovery depends on everything up to the end of the
  // file: only a following item that still parses as an item of its own shows the break is contained.
  if ((parsed.errors.length || parsed.warnings.length) && follow.kind !== 'item') return undefined;

  // Depth and size of the new tree, from cached subtree stats: the limits decide as for a full parse.
  let depth = 0;
  let nodes = 1;
  const add = (base: number, node: unknown): boolean => {
    const st = statsOf(node);
    if (!st) return false;
    if (st.nodes) depth = Math.max(depth, base + st.depth);
    nodes += st.nodes;
    return true;
  };
  for (let k = 0; k < pairs.length; k++) {
    if (!add(1, pairs[k].key)) return undefined;
    if (k !== r) {
      if (!add(1, pairs[k].value)) return undefined;
      continue;
    }
    depth = Math.max(depth, 1);
    nodes += 1;
    for (let m = 0; m < items.length; m++) {
      if (m >= i && m <= j) continue;
      if (!add(2, items[m])) return undefined;
    }
    for (const item of newItems) if (!add(2, item)) return undefined;
  }
  if (depth > limits.maxDepth || nodes > limits.maxExpandedNodes) return undefined;

  // Where the collection, the root and the document end: unchanged after the items (moved with
  // them), or at the end of the last item when the edit reached it. Any other end means the old
  // tree ended oddly (an error elsewhere): parse whole.
  const itemEnd = (item: unknown): number | undefined => (seq ? (item as { range?: number[] }).range?.[2] : ((item as Pair).value as { range?: number[] } | null)?.range?.[2]);
  const lastIsEdited = j === items.length - 1;
  const oldLastEnd = lastIsEdited ? itemEnd(items[j]) : undefined;
  const lastEnd = lastIsEdited ? itemEnd(newItems[newItems.length - 1]) : undefined;
  const newLastEnd = lastEnd === undefined ? undefined : lastEnd + parsed.offset;
  if (lastIsEdited && (oldLastEnd === undefined || newLastEnd === undefined)) return undefined;
  // A comment after the last item belongs to the collection (or the root, or the document) and
  // would have to be re-attached: parse whole.
  const trailing = (n: { comment?: string | null; range?: number[] | null }) => Boolean(n.comment) || n.range?.[2] !== n.range?.[1];
  if (lastIsEdited && (trailing(coll) || (r === pairs.length - 1 && (trailing(root) || doc.comment)))) return undefined;
  // Ends that lie after the items move with them; ends that were the last item's end (when the
  // edit reached it) become the new last item's; anything else means the old tree ended oddly.
  const moved = (x: number) => (x >= e ? x + delta : undefined);
  const atLast = (x: number) => (x === oldLastEnd ? newLastEnd! + s : undefined);
  const collEnds = [coll.range![1], coll.range![2]].map(lastIsEdited ? atLast : moved);
  const atEnd = lastIsEdited && r === pairs.length - 1;
  const rootEnds = [root.range![1], root.range![2]].map(atEnd ? atLast : moved);
  const docEnds = [atEnd ? atLast(doc.range[1]) : moved(doc.range[1]), atEnd ? parsed.docEnd + parsed.offset + s : moved(doc.range[2])];
  if ([...collEnds, ...rootEnds, ...docEnds].some((x) => x === undefined)) return undefined;

  // The first item's blank line or comment before it lies outside the re-parsed text: keep it.
  const before = (item: unknown) => (seq ? item : (item as Pair).key) as { spaceBefore?: boolean; commentBefore?: string } | null;
  const oldFirst = before(items[i]);
  const newFirst = before(newItems[0]);
  if (!oldFirst || !newFirst || newFirst.spaceBefore || newFirst.commentBefore) return undefined;
  if (oldFirst.spaceBefore) newFirst.spaceBefore = true;
  if (oldFirst.commentBefore !== undefined) newFirst.commentBefore = oldFirst.commentBefore;

  // Splice: new items in, later items and root pairs moved by the length change.
  for (const item of newItems) shift(item, s + parsed.offset);
  for (let m = j + 1; m < items.length; m++) shift(items[m], delta);
  for (let k = r + 1; k < pairs.length; k++) shift(pairs[k], delta);
  items.splice(i, j - i + 1, ...newItems);
  statsCache.delete(coll);
  rangeLists.delete(pairs[r]);
  rangeLists.delete(coll);
  [coll.range![1], coll.range![2]] = collEnds as number[];
  [root.range![1], root.range![2]] = rootEnds as number[];
  const range: [number, number, number] = [doc.range[0], docEnds[0]!, docEnds[1]!];

  const next = copyOf(doc, {
    range,
    errors: shiftedErrors(parsed.errors, s + parsed.offset),
    warnings: shiftedErrors(parsed.warnings, s + parsed.offset),
  });
  const shape = { targets: new Map(), depth, expandedNodes: nodes };
  rememberShape(next, shape);

  // Line starts: the previous ones around the items, the new ones within them.
  // The previous list is taken over and changed in place, as the tree is.
  const lineStarts = prev.lineCounter.lineStarts;
  const head = firstAtLeast(lineStarts, s);
  const tail = firstAtLeast(lineStarts, e + 1);
  const inner = parsed.lineStarts;
  for (let k = 0; k < inner.length; k++) inner[k] += s;
  lineStarts.splice(head, tail - head, ...inner);
  if (delta) for (let k = head + inner.length; k < lineStarts.length; k++) lineStarts[k] += delta;
  const counter = new LineCounter();
  counter.lineStarts = lineStarts;

  return { docs: [next], lineCounter: counter, errors: collectErrors(next, text, shape, limits) };
}
