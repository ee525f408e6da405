import { isMap, isSeq, isPair } from 'yaml';
import { deleteLinesRange, isFlow, keyRange, mapValue, pairKey, pairRange, type AnyPair, type YAMLMap } from '../engine/yaml/ast';
import type { FileContext, FileRule, Range, YamlSourceFile } from '../engine/types';

function lineOf(ctx: FileContext, offset: number): number {
  return ctx.file.lines.positionAt(offset).line + 1;
}

function reportDuplicate(ctx: FileContext, key: string, first: Range, firstWhole: Range, dup: Range, canFix: boolean): void {
  const why = ctx.file.kind === 'dotenv'
    ? 'the later value wins and the earlier one silently does nothing'
    : ctx.file.kind === 'compose'
      ? 'Docker Compose rejects the file and other parsers keep only the later value'
      : 'parsers either reject the file or silently keep only the later value';
  ctx.report({
    range: dup,
    message: `${key} is defined twice (first on line ${lineOf(ctx, first.start)}); ${why}. Remove one of them.`,
    related: [{ file: ctx.file.path, range: first, message: `first definition of ${key}` }],
    fix: canFix ? { title: `Remove the earlier ${key} (line ${lineOf(ctx, first.start)})`, edits: [{ file: ctx.file.path, ...deleteLinesRange(ctx.file.text, firstWhole), newText: '' }], safe: true } : undefined,
  });
}

const rule: FileRule = {
  id: 'duplicate-key',
  meta: {
    scope: 'file',
    kinds: ['compose', 'render', 'workflow', 'dotenv'],
    category: 'correctness',
    severity: 'error',
    description: 'A mapping key defined twice in YAML, or a variable defined twice in a dotenv file.',
    fixable: true,
    perService: true,
  },
  check(ctx) {
    const file = ctx.file;
    if (file.format === 'dotenv') {
      const seen = new Map<string, (typeof file.env.entries)[number]>();
      for (const e of file.env.entries) {
        const prev = seen.get(e.key);
        if (prev) reportDuplicate(ctx, e.key, prev.keyRange, prev.range, e.keyRange, true);
        seen.set(e.key, e);
      }
      return;
    }
    if (file.format !== 'yaml') return;
    // The root `services` mapping's own keys are compared in checkAcross (they are the services).
    const services = servicesMap(file);
    // Iterative walk: hostile files can nest far deeper than the call stack allows. Nodes and
    // their depths are kept side by side, so the walk allocates nothing per node.
    const nodes: unknown[] = file.docs.map((d) => d.contents);
    const depths: number[] = nodes.map(() => 0);
    while (nodes.length) {
      const node = nodes.pop();
      const depth = depths.pop()!;
      if (depth > 500) continue;
      if (isMap(node)) {
        for (const item of node.items as AnyPair[]) {
          nodes.push(item.value);
          depths.push(depth + 1);
        }
        if (node !== services) checkKeys(ctx, node);
      } else if (isSeq(node)) {
        for (const item of node.items) {
          nodes.push(isPair(item) ? item.value : item);
          depths.push(depth + 1);
        }
      }
    }
  },
  checkAcross(ctx) {
    const file = ctx.file;
    const services = file.format === 'yaml' ? servicesMap(file) : undefined;
    if (services) checkKeys(ctx, services);
  },
};

/** The root `services` mapping of the first document (a Compose file's services). */
function servicesMap(file: YamlSourceFile): YAMLMap | undefined {
  const doc = file.docs[0];
  const value = doc && isMap(doc.contents) ? mapValue(doc.contents, 'services') : undefined;
  return isMap(value) ? value : undefined;
}

/** Below this many keys a map is searched by comparing keys, without a lookup table. */
const SMALL_MAP = 12;
/** The keys of the small map being checked (checkKeys does not nest). */
const smallMapKeys: (string | undefined)[] = new Array<string | undefined>(SMALL_MAP).fill(undefined);

function checkKeys(ctx: FileContext, node: YAMLMap): void {
  const items = node.items as AnyPair[];
  if (items.length < 2) return;
  if (items.length <= SMALL_MAP) {
    // Written by index, never read beyond this map's keys: no list is made per map of every file.
    const keys = smallMapKeys;
    for (let i = 0; i < items.length; i++) {
      const key = pairKey(items[i]);
      keys[i] = key === '<<' ? undefined : key;
      if (key === undefined || key === '<<') continue;
      // The closest earlier pair with the same key, as a table of the last pair per key would give.
      for (let j = i - 1; j >= 0; j--) {
        if (keys[j] === key) {
          report(ctx, node, key, items[j], items[i]);
          break;
        }
      }
    }
    // Nothing of the file is kept past its check (a key can be a slice holding the whole text).
    keys.fill(undefined, 0, items.length);
    return;
  }
  const seen = new Map<string, AnyPair>();
  for (const item of items) {
    const key = pairKey(item);
    if (key === undefined || key === '<<') continue;
    const prev = seen.get(key);
    if (prev) report(ctx, node, key, prev, item);
    seen.set(key, item);
  }
}

function report(ctx: FileContext, node: YAMLMap, key: string, prev: AnyPair, item: AnyPair): void {
  const kr = keyRange(item);
  if (kr) reportDuplicate(ctx, key, keyRange(prev)!, pairRange(prev)!, kr, !isFlow(node));
}

export default rule;
