import { collectAssignments, type Assignment } from '../engine/secrets/assignments';
import { parseInterpolation } from '../engine/compose/interpolation';
import { FLAG_RULES, PRODUCTION_DECLARATIONS } from '../engine/productionFlags';
import { isNonProductionPath, isProductionPath } from '../engine/env/productionPath';
import { dockerfileFlagFindings, prepareProductionDockerfiles } from '../engine/env/dockerfileFlags';
import type { FileContext, FileRule, Range, RelatedInfo, SourceFile } from '../engine/types';

interface Setting {
  assignment: Assignment;
  /** The effective value: the literal, or the default of `${VAR:-default}`. */
  value: string;
  /** Where that value is written, when it can be replaced exactly. */
  range?: Range;
  viaDefault: boolean;
}

function settingOf(a: Assignment): Setting | undefined {
  const v = a.value.trim();
  if (!v.includes('$')) return { assignment: a, value: v, range: a.exact ? { start: a.valueRange.start + a.value.indexOf(v), end: a.valueRange.start + a.value.indexOf(v) + v.length } : undefined, viaDefault: false };
  // `${DEBUG:-true}`: what runs when nobody sets DEBUG.
  const parts = parseInterpolation(a.value);
  const only = parts.filter((p) => p.kind !== 'literal' || p.text.trim() !== '');
  if (only.length !== 1 || only[0].kind !== 'variable') return undefined;
  const arg = only[0].argument;
  if (!arg || (only[0].operator !== ':-' && only[0].operator !== '-') || arg.parts.some((p) => p.kind !== 'literal')) return undefined;
  return { assignment: a, value: arg.text, range: a.exact ? { start: a.valueRange.start + arg.start, end: a.valueRange.start + arg.end } : undefined, viaDefault: true };
}

const rule: FileRule = {
  id: 'env-conflicting-flags',
  meta: {
    scope: 'file',
    kinds: ['dotenv', 'render', 'compose'],
    category: 'configuration',
    severity: 'error',
    description: 'Production configuration that turns on debug mode, a development/test environment, or mock/fake/test-mode switches.',
    fixable: true,
    perService: true,
  },
  // Which Dockerfiles production builds, and who builds them, is a table over every config file.
  prepare: ({ workspace, settings }) => prepareProductionDockerfiles(workspace, settings),
  // A file that is production config by its name: each setting is judged on its own.
  check(ctx) {
    const file = ctx.file;
    if (isNonProductionPath(file.path, ctx.settings) || !isProductionPath(file.path, ctx.settings)) return;
    reportSettings(ctx, settingsOf(file), `production config (${file.path})`, []);
  },
  // The Dockerfiles the file's services build; and the settings of a file that is production config
  // only because it says so somewhere (maybe in another service).
  checkAcross(ctx) {
    const file = ctx.file;
    if (isNonProductionPath(file.path, ctx.settings)) return;
    if (file.kind === 'render' || file.kind === 'compose') {
      // The Dockerfiles this file's services build are production configuration too.
      for (const d of dockerfileFlagFindings(ctx.workspace, ctx.settings, file.path)) {
        const { key } = d.setting;
        const shown = `ENV ${key}=${d.setting.value}`;
        const related: RelatedInfo[] = [{ file: d.owner.file, range: d.owner.nameRange, message: `${d.owner.label} builds ${d.dockerfile}` }];
        if (d.contradicted) related.push({ file: d.contradicted.file, range: d.contradicted.range, message: `${key}=${d.contradicted.value} declared here` });
        else if (d.production) related.push({ file: d.production.file, range: d.production.range, message: `${d.production.key}=${d.production.value} declares production` });
        const message = d.contradicted
          ? `${shown} in ${d.dockerfile} contradicts ${d.contradicted.file}, which sets ${key}=${d.contradicted.value} for ${d.owner.label}: the image is built, and runs anywhere else, with ${d.setting.value}, which ${d.flag.effect}; set ${key} to ${d.safe} in the Dockerfile.`
          : `${shown} in ${d.dockerfile}, which ${d.owner.label} runs in production, ${d.flag.effect}; set ${key} to ${d.safe}.`;
        ctx.report({
          file: d.dockerfile,
          range: d.setting.valueRange,
          message,
          related,
          fix: { title: `Set ${key} to ${d.safe}`, edits: [{ file: d.dockerfile, start: d.setting.valueRange.start, end: d.setting.valueRange.end, newText: d.safe }], safe: true },
        });
      }
    }
    if (isProductionPath(file.path, ctx.settings)) return;
    const settings = settingsOf(file);
    const declaration = settings.find((s) => PRODUCTION_DECLARATIONS.some((d) => d.name.test(s.assignment.key.toUpperCase()) && d.value.test(s.value)));
    if (!declaration) return;
    const why = `a file that sets ${declaration.assignment.key}=${declaration.value}`;
    reportSettings(ctx, settings, why, [{ file: file.path, range: declaration.assignment.keyRange, message: `${declaration.assignment.key}=${declaration.value} declares production` }]);
  },
};

function settingsOf(file: SourceFile): Setting[] {
  return collectAssignments(file).map(settingOf).filter((s): s is Setting => s !== undefined);
}

function reportSettings(ctx: FileContext, settings: Setting[], why: string, related: RelatedInfo[]): void {
  for (const s of settings) {
    const key = s.assignment.key;
    const flag = FLAG_RULES.find((f) => f.name.test(key.toUpperCase()) && f.unsafe.test(s.value));
    if (!flag) continue;
    const safe = flag.safe(s.value);
    const shown = s.viaDefault ? `${key} defaults to ${s.value}` : `${key}=${s.value}`;
    ctx.report({
      range: s.range ?? s.assignment.valueRange,
      message: `${shown} in ${why} ${flag.effect}; set ${key} to ${safe}.`,
      related,
      fix: s.range ? { title: `Set ${key} to ${safe}`, edits: [{ file: ctx.file.path, start: s.range.start, end: s.range.end, newText: safe }], safe: true } : undefined,
    });
  }
}

export default rule;
