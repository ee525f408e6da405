import { ciVersionUses, type CiValue, type CiVersionUse } from '../engine/versions/ci';
import { describeLines, effectiveSources, lineMatches, pinnedLines, productionConflicts } from '../engine/versions/compare';
import { productionSources, type ProductionSource } from '../engine/versions/production';
import { languageName, sameLine, showLine, type Line } from '../engine/versions/spec';
import type { Fix, RelatedInfo, WorkspaceRule } from '../engine/types';

/**
 * The production version written in the precision of the CI value it replaces: `3.9` → `3.11`,
 * `3.9.7` → `3.11.0` when production names a patch, `18.x` → `20.x`, `v18` → `v20`.
 */
export function alignedVersion(ciText: string, line: Line, prodText: string): string {
  const v = /^v/.test(ciText) ? 'v' : '';
  if (/^v?\d+\.x$/i.test(ciText)) return `${v}${line.major}.x`;
  const ciParts = ciText.replace(/^v/, '').split(/[-+]/)[0].split('.').length;
  const prod = /^v?(\d+(?:\.\d+){0,2})$/.exec(prodText.trim().replace(/^python-/i, ''));
  const prodParts = prod ? prod[1].split('.') : [];
  const lineParts = showLine(line).split('.');
  const parts = prodParts.length >= ciParts && prodParts.length ? prodParts.slice(0, Math.max(ciParts, lineParts.length)) : lineParts;
  return v + parts.join('.');
}

function related(s: ProductionSource): RelatedInfo {
  return { file: s.file, range: s.range, message: `production: ${s.label}` };
}

function ciFix(use: CiVersionUse, value: CiValue, line: Line, prod: ProductionSource): Fix | undefined {
  if (!value.literal || use.matrix || use.values.length !== 1) return undefined;
  let newText = alignedVersion(value.text, line, prod.text);
  const text = use.file.text;
  // A plain `3.10` is the float 3.1 to YAML (and to GitHub): quote what would read as a float.
  const plain = text[value.range.start - 1] !== '"' && text[value.range.start - 1] !== "'" && use.input !== 'container';
  if (plain && /^\d+\.\d+$/.test(newText)) newText = `"${newText}"`;
  return { title: `Set ${use.input} to ${newText}`, edits: [{ file: use.file.path, start: value.range.start, end: value.range.end, newText }], safe: true };
}

const rule: WorkspaceRule = {
  id: 'runtime-version-mismatch',
  meta: {
    scope: 'workspace',
    category: 'operations',
    severity: 'warning',
    description: 'Python or Node versions that differ between CI (setup-python, setup-node, container) and production (render.yaml, Dockerfile, version files, engines), or between production sources.',
    fixable: true,
  },
  check(ctx) {
    const sources = productionSources(ctx.workspace, ctx.settings);
    if (!sources.length) return;
    for (const { source, against } of productionConflicts(sources)) {
      const lang = languageName(source.language);
      const want = showLine(against.req.pinned!);
      const message = source.req.pinned
        ? `${source.label} selects ${lang} ${showLine(source.req.pinned)} but production runs ${lang} ${want} (${against.label}); set it to ${want} so every environment runs the same version.`
        : `${source.label} excludes ${lang} ${want}, which production runs (${against.label}); widen it to include ${want}.`;
      ctx.report({
        file: source.file,
        range: source.range,
        message,
        related: [related(against)],
      });
    }
    for (const use of ciVersionUses(ctx.workspace)) {
      const effective = effectiveSources(sources, use.language);
      if (!effective.length) continue;
      const pinned = use.values.filter((v) => v.req.pinned);
      // A floating CI version (`3.x`, `lts/*`, `>=18`) follows releases; nothing definite to compare.
      if (!pinned.length || pinned.some((v) => lineMatches(v.req.pinned!, effective))) continue;
      const lang = languageName(use.language);
      const lines = pinnedLines(effective);
      const top = effective[0];
      const ciLines = describeLines(pinned.map((v) => v.req.pinned!).filter((l, i, a) => a.findIndex((x) => sameLine(x, l)) === i));
      const prodWhat = lines.length ? `production runs ${lang} ${describeLines(lines)}` : `production allows ${top.text}`;
      const todo = use.matrix
        ? lines.length ? `add ${describeLines(lines)} to the matrix` : `test a version that satisfies ${top.text}`
        : lines.length ? `set ${use.input} to ${describeLines(lines)}` : `use a version that satisfies ${top.text}`;
      const image = use.input === 'container' ? use.via.replace(/^container image /, '') : undefined;
      const where = image !== undefined ? `container ${image}` : use.matrix ? `the ${use.via} matrix` : use.via;
      const todoText = image !== undefined && lines.length === 1 ? `use ${image.replace(pinned[0].text, alignedVersion(pinned[0].text, lines[0], top.text))}` : todo;
      const fix = lines.length === 1 && pinned.length === 1 ? ciFix(use, pinned[0], lines[0], top) : undefined;
      ctx.report({
        file: use.file.path,
        range: use.anchor,
        message: `CI job "${use.job.id}" tests on ${lang} ${ciLines} (${where}) but ${prodWhat} (${top.label}); ${todoText}.`,
        related: effective.slice(0, 3).map(related),
        fix,
      });
    }
  },
};

export default rule;
