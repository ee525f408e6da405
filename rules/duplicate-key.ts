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
    // Iterative walk: hostile files can nest far deeper than the call stack allows.
    const stack: { node: unknown; depth: number }[] = file.docs.map((d) => ({ node: d.contents, depth: 0 }));
    while (stack.length) {
      const { node, depth } = stack.pop()!;
      if (depth > 500) continue;
      if (isMap(node)) {
        for (const item of node.items as AnyPair[]) stack.push({ node: item.value, depth: depth + 1 });
        if (node !== services) checkKeys(ctx, node);
      } else if (isSeq(node)) {
        for (const item of node.items) stack.push({ node: isPair(item) ? item.value : item, depth: depth + 1 });
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

function checkKeys(ctx: FileContext, node: YAMLMap): void {
  const seen = new Map<string, AnyPair>();
  for (const item of node.items as AnyPair[]) {
    const key = pairKey(item);
    if (key === undefined || key === '<<') continue;
    const prev = seen.get(key);
    const kr = keyRange(item);
    if (prev && kr) reportDuplicate(ctx, key, keyRange(prev)!, pairRange(prev)!, kr, !isFlow(node));
    seen.set(key, item);
  }
}

export default rule;
