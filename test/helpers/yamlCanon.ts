// A plain, comparable picture of a parse: every node with its class, ranges, comments and values,
// the errors and line starts. Two parses are the same when their pictures are deeply equal.
import { isAlias, isDocument, isMap, isPair, isScalar, isSeq } from 'yaml';
import { documentShape } from '../../engine/yaml/resolve';
import type { ParsedYaml } from '../../engine/parse/yaml';

function canonNode(node: unknown): unknown {
  if (node === null || typeof node !== 'object') return node;
  // yaml tells nodes apart by a non-enumerable symbol: a copy that lost it is not the same node.
  const kind = isMap(node) ? 'map' : isSeq(node) ? 'seq' : isScalar(node) ? 'scalar' : isPair(node) ? 'pair' : isAlias(node) ? 'alias' : 'other';
  const out: Record<string, unknown> = { class: (node as object).constructor.name, kind };
  for (const [k, v] of Object.entries(node)) {
    if (k === 'items' && (isMap(node) || isSeq(node))) out.items = (v as unknown[]).map(canonNode);
    else if ((k === 'key' || k === 'value') && isPair(node)) out[k] = canonNode(v);
    else if (v !== undefined) out[k] = v instanceof Date ? v.toISOString() : v;
  }
  return out;
}

export function canonParse(p: ParsedYaml): unknown {
  return {
    tooDeep: p.tooDeep,
    errors: p.errors,
    lineStarts: p.lineCounter.lineStarts,
    docs: p.docs.map((d) => {
      const shape = documentShape(d);
      return {
        document: isDocument(d),
        range: d.range,
        commentBefore: d.commentBefore,
        comment: d.comment,
        directives: { docStart: d.directives?.docStart, docEnd: d.directives?.docEnd, yaml: d.directives?.yaml },
        errors: d.errors.map((e) => ({ name: e.name, code: e.code, pos: e.pos, message: e.message })),
        warnings: d.warnings.map((e) => ({ name: e.name, code: e.code, pos: e.pos, message: e.message })),
        shape: { depth: shape.depth, expandedNodes: shape.expandedNodes, aliases: shape.targets.size },
        contents: canonNode(d.contents),
      };
    }),
  };
}
