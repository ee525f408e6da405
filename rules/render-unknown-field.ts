import { blueprintKeys } from '../engine/render/walk';
import { belongsElsewhere } from '../engine/render/describe';
import { KNOWN_MISTAKES, LEVEL_LABELS, LEVELS } from '../engine/render/spec';
import { suggest } from '../engine/text/suggest';
import { pairKey, scalarSource } from '../engine/yaml/ast';
import type { FileRule, Fix } from '../engine/types';

const rule: FileRule = {
  id: 'render-unknown-field',
  meta: {
    scope: 'file',
    kinds: ['render'],
    category: 'correctness',
    severity: 'error',
    description: 'A render.yaml key that the Blueprint spec does not have at that level (typos, root `redis:`, `fromRedis`, keys at the wrong level).',
    fixable: true,
    perService: true,
  },
  check(ctx) {
    const file = ctx.file;
    if (file.format !== 'yaml') return;
    for (const v of blueprintKeys(file)) {
      const where = LEVEL_LABELS[v.level];
      if (v.spec) {
        // A known key on a service it does not apply to (e.g. `schedule` on a web service).
        if (v.service && v.spec.appliesTo && !v.spec.appliesTo.test(v.service)) {
          const kind = v.service.type ? `a \`type: ${v.service.type}\`${v.service.runtime === 'static' ? ' static' : ''} service` : 'this service';
          ctx.report({ range: v.keyRange, severity: 'warning', message: `\`${v.key}\` applies only to ${v.spec.appliesTo.label}; Render ignores it on ${kind}: remove it or fix the service's type.` });
        }
        continue;
      }
      const mistake = KNOWN_MISTAKES[v.level]?.[v.key];
      if (mistake) {
        ctx.report({ range: v.keyRange, message: `\`${v.key}\` is not valid in ${where}: ${mistake}.` });
        continue;
      }
      const siblings = new Set(v.map.items.map((p) => pairKey(p)));
      const candidates = Object.keys(LEVELS[v.level]).filter((k) => !siblings.has(k));
      const s = suggest(v.key, candidates);
      const elsewhere = belongsElsewhere(v.key, v.level);
      if (s) {
        const fix: Fix | undefined = s.certain && scalarSource(file.text, v.pair.key) === v.key
          ? { title: `Rename \`${v.key}\` to \`${s.value}\``, edits: [{ file: file.path, start: v.keyRange.start, end: v.keyRange.end, newText: s.value }], safe: true }
          : undefined;
        ctx.report({ range: v.keyRange, message: `Unknown key \`${v.key}\` in ${where}: did you mean \`${s.value}\`? Render rejects or ignores keys it does not know.`, fix });
      } else if (elsewhere) {
        ctx.report({ range: v.keyRange, message: `\`${v.key}\` is not a key of ${where}; it belongs in ${elsewhere}: move it there.` });
      } else {
        ctx.report({ range: v.keyRange, message: `Unknown key \`${v.key}\` in ${where}: remove it or check the Blueprint reference (https://render.com/docs/blueprint-spec).` });
      }
    }
  },
};

export default rule;
