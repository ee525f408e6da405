// Alias and merge-key resolution that stays linear in the size of the file. The `yaml` package's
// own `Alias.resolve(doc)` walks the whole document (recursively) on every call, which makes a
// file with many aliases quadratic and a deeply nested one overflow the stack; and expanding
// aliases naively is exponential (the "billion laughs" file). Everything here is iterative,
// memoised per document and bounded.
import { isAlias, isMap, isPair, isScalar, isSeq, type Alias, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { DEFAULT_LIMITS } from '../limits';

export interface DocumentShape {
  /** Each alias's anchored node: the last node with that anchor before the alias, as YAML defines it. */
  targets: Map<Alias, Node | undefined>;
  /** Deepest collection nesting, not following aliases (the document root is depth 0). */
  depth: number;
  /** Nodes the document would have with every alias expanded; Infinity when an alias refers to its own ancestor. */
  expandedNodes: number;
  /** The first alias whose expansion is excessive or cyclic, for the diagnostic's position. */
  worstAlias?: Alias;
}

const shapes = new WeakMap<Document, DocumentShape>();

// The `yaml` package tags its nodes with these (registered symbols, what its own `isMap` & co. read).
const NODE_TYPE = Symbol.for('yaml.node.type');
const ALIAS = Symbol.for('yaml.alias');
const MAP = Symbol.for('yaml.map');
const PAIR = Symbol.for('yaml.pair');
const SEQ = Symbol.for('yaml.seq');
type Typed = { [NODE_TYPE]?: symbol };

/** Pushes the node's children that are nodes (objects), in order. */
function pushChildNodes(node: unknown, out: unknown[]): void {
  if (isMap(node)) {
    for (const p of node.items as Pair[]) {
      if (p.key !== null && typeof p.key === 'object') out.push(p.key);
      if (p.value !== null && typeof p.value === 'object') out.push(p.value);
    }
  } else if (isSeq(node)) {
    for (const i of node.items) {
      if (isPair(i)) {
        if (i.key !== null && typeof i.key === 'object') out.push(i.key);
        if (i.value !== null && typeof i.value === 'object') out.push(i.value);
      } else if (i !== null && typeof i === 'object') out.push(i);
    }
  } else if (isPair(node)) {
    if (node.key !== null && typeof node.key === 'object') out.push(node.key);
    if (node.value !== null && typeof node.value === 'object') out.push(node.value);
  }
}

/** A node without children to size and that no alias can be inside of (a scalar): it expands to itself. */
function isLeaf(node: unknown): boolean {
  const type = (node as Typed)[NODE_TYPE];
  return type !== MAP && type !== SEQ && type !== PAIR && type !== ALIAS;
}

/**
 * Visits every node below `root` in pre-order (document order) with its collection depth (pairs do
 * not add a level), through an explicit stack with no allocation per node: it runs on every parse.
 */
function preOrder(root: unknown, visit: (node: object, depth: number) => void): void {
  const nodes: unknown[] = [root];
  const depths: number[] = [0];
  while (nodes.length) {
    const node = nodes.pop();
    const d = depths.pop()!;
    if (node === null || node === undefined || typeof node !== 'object') continue;
    visit(node, d);
    if (isAlias(node)) continue;
    const pair = isPair(node);
    const next = pair ? d : d + 1;
    // Children pushed last to first, so they come off the stack in document order.
    if (isMap(node)) {
      const items = node.items as Pair[];
      for (let i = items.length - 1; i >= 0; i--) {
        nodes.push(items[i].value, items[i].key);
        depths.push(next, next);
      }
    } else if (isSeq(node)) {
      const items = node.items;
      for (let i = items.length - 1; i >= 0; i--) {
        const item = items[i];
        if (isPair(item)) {
          nodes.push(item.value, item.key);
          depths.push(next, next);
        } else {
          nodes.push(item);
          depths.push(next);
        }
      }
    } else if (pair) {
      nodes.push(node.value, node.key);
      depths.push(next, next);
    }
  }
}

/** One pre-order walk (document order) and, for a document with aliases, one post-order pass; both use explicit stacks. */
export function documentShape(doc: Document): DocumentShape {
  const hit = shapes.get(doc);
  if (hit) return hit;
  const targets = new Map<Alias, Node | undefined>();
  const anchors = new Map<string, Node>();
  let depth = 0;
  // Nodes other than pairs: the expanded size of a document without aliases.
  let plainNodes = 0;
  // The pre-order walk of `preOrder`, written out: it runs on every parse, and one read of a node's
  // type replaces the four type tests per node.
  const nodes: unknown[] = [doc.contents];
  const depths: number[] = [0];
  while (nodes.length) {
    const node = nodes.pop();
    const d = depths.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (d > depth) depth = d;
    const type = (node as Typed)[NODE_TYPE];
    if (type === ALIAS) {
      targets.set(node as Alias, anchors.get((node as Alias).source));
      continue;
    }
    if (type === PAIR) {
      nodes.push((node as Pair).value, (node as Pair).key);
      depths.push(d, d);
      continue;
    }
    plainNodes++;
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) anchors.set(anchor, node as Node);
    // Children pushed last to first, so they come off the stack in document order.
    if (type === MAP) {
      const items = (node as YAMLMap).items as Pair[];
      for (let i = items.length - 1; i >= 0; i--) {
        nodes.push(items[i].value, items[i].key);
        depths.push(d + 1, d + 1);
      }
    } else if (type === SEQ) {
      const items = (node as { items: unknown[] }).items;
      for (let i = items.length - 1; i >= 0; i--) {
        const item = items[i];
        if (item !== null && typeof item === 'object' && (item as Typed)[NODE_TYPE] === PAIR) {
          nodes.push((item as Pair).value, (item as Pair).key);
          depths.push(d + 1, d + 1);
        } else {
          nodes.push(item);
          depths.push(d + 1);
        }
      }
    }
  }
  // Most files have no aliases: nothing expands, and the sizing pass below (a second walk with a
  // map entry per node, a large share of the parse time on every keystroke) is not needed.
  if (targets.size === 0) {
    const shape = { targets, depth, expandedNodes: plainNodes };
    shapes.set(doc, shape);
    return shape;
  }

  // Expanded size of each node, children first. An alias to a node that is still being sized is
  // a cycle (`&a [*a]`): infinitely large once expanded. Leaves count 1 where they are met, with no
  // entry or stack frame of their own (about half of all nodes).
  const size = new Map<unknown, number>();
  const inProgress = new Set<unknown>();
  let worstAlias: Alias | undefined;
  const sizeOf = (root: unknown): number => {
    if (isLeaf(root)) return 1;
    // A node's dependencies (its children, or an alias's target) are pushed onto `deps` when it is
    // first reached, above the index kept in `from`, and read back from there when it is sized.
    const work: unknown[] = [root];
    const from: number[] = [-1];
    const deps: unknown[] = [];
    while (work.length) {
      const top = work.length - 1;
      const node = work[top];
      if (size.has(node)) {
        // Sized meanwhile, or found cyclic while listing its deps (it then stays in progress).
        if (from[top] >= 0) deps.length = from[top];
        work.pop();
        from.pop();
        continue;
      }
      if (from[top] < 0) {
        const start = (from[top] = deps.length);
        if (isAlias(node)) {
          const target = targets.get(node);
          if (target !== undefined) deps.push(target);
        } else pushChildNodes(node, deps);
        inProgress.add(node);
        // Frames pushed here sit above this node's deps, which stay put until it is sized.
        const end = deps.length;
        for (let i = start; i < end; i++) {
          const dep = deps[i];
          if (inProgress.has(dep)) {
            size.set(node, Infinity);
            worstAlias ??= isAlias(node) ? node : undefined;
          } else if (!size.has(dep) && !isLeaf(dep)) {
            work.push(dep);
            from.push(-1);
          }
        }
        continue;
      }
      const start = from[top];
      work.pop();
      from.pop();
      inProgress.delete(node);
      if (size.has(node)) {
        deps.length = start;
        continue;
      }
      let n = isPair(node) ? 0 : 1;
      for (let i = start; i < deps.length; i++) {
        const dep = deps[i];
        n += isLeaf(dep) ? 1 : (size.get(dep) ?? 0);
      }
      deps.length = start;
      if (isAlias(node)) n = Math.max(0, n - 1);
      size.set(node, n);
    }
    return size.get(root) ?? 0;
  };
  const expandedNodes = doc.contents === null || doc.contents === undefined ? 0 : sizeOf(doc.contents);
  if (!worstAlias && expandedNodes > DEFAULT_LIMITS.maxExpandedNodes) {
    // The first alias in document order that expands to a large share of it.
    preOrder(doc.contents, (node) => {
      if (!worstAlias && isAlias(node) && (size.get(node) ?? 0) > DEFAULT_LIMITS.maxExpandedNodes / 100) worstAlias = node;
    });
  }
  const shape = { targets, depth, expandedNodes, worstAlias };
  shapes.set(doc, shape);
  return shape;
}

/** Records the shape of a document built without a full parse (../parse/incremental), which knows it already. */
export function rememberShape(doc: Document, shape: DocumentShape): void {
  shapes.set(doc, shape);
}

/** Follows an alias to its anchored node in constant time; anything else is returned as is. */
export function resolveAlias(node: unknown, doc: Document): unknown {
  if (!isAlias(node)) return node;
  const shape = documentShape(doc);
  if (shape.targets.has(node)) return shape.targets.get(node);
  // Not a node of this document: the caller passed another document; resolve the slow way.
  return node.resolve(doc) ?? undefined;
}

/**
 * The maps whose keys a mapping really holds, in YAML merge order: the map itself, then each
 * `<<` source (a map, an alias to one, or a list of them), recursively. Each map appears once
 * (a merge cycle or a diamond cannot repeat it) and at most `limit` maps are returned.
 */
export function mergedMaps(node: unknown, doc: Document, limit = DEFAULT_LIMITS.maxAliasExpansions): YAMLMap[] {
  const out: YAMLMap[] = [];
  const seen = new Set<unknown>();
  const stack: unknown[] = [node];
  while (stack.length && out.length < limit) {
    const target = resolveAlias(stack.pop(), doc);
    if (!isMap(target) || seen.has(target)) continue;
    seen.add(target);
    out.push(target);
    const sources: unknown[] = [];
    for (const p of target.items as Pair[]) {
      const key = isScalar(p.key) ? p.key.value : p.key;
      if (key !== '<<') continue;
      if (isSeq(p.value)) sources.push(...p.value.items);
      else sources.push(p.value);
    }
    for (let i = sources.length - 1; i >= 0; i--) stack.push(sources[i]);
  }
  return out;
}
