import { isMap, isScalar, isSeq } from 'yaml';
import { blueprint, describeLocation, type Blueprint, type Field } from '../engine/render/blueprint';
import { directory, type Directory } from '../engine/render/directory';
import { listOf } from '../engine/render/describe';
import {
  DATABASE_PLANS, DEPRECATED_VALUES, KEYVALUE_PLANS, LEVEL_LABELS, SERVICE_PLANS, TYPE_MISTAKES, normaliseSlug,
  type KeySpec, type LevelName,
} from '../engine/render/spec';
import { blueprintKeys, type KeyVisit } from '../engine/render/walk';
import { suggest } from '../engine/text/suggest';
import { eolOf, lineStartOf, mapGet, nextLineStart, quoteOf } from '../engine/yaml/ast';
import type { FileContext, FileEdit, FileRule, Fix, Range, YamlSourceFile } from '../engine/types';

function typeName(node: unknown): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (!isScalar(node)) return 'empty';
  const v = node.value;
  if (v === null || v === undefined) return 'empty';
  if (typeof v === 'string') return `the string "${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  return `${typeof v === 'number' ? 'the number' : typeof v === 'boolean' ? 'the boolean' : 'the value'} ${String(v)}`;
}

const KIND_LABEL: Record<KeySpec['kind'], string> = {
  string: 'a string', integer: 'a whole number', number: 'a number', boolean: '`true` or `false`', scalar: 'a single value', list: 'a list', map: 'a mapping',
};

/** Whether the value has the kind the spec asks for; an empty value is left to Render's defaults. */
function kindMismatch(spec: KeySpec, node: unknown): boolean {
  if (isScalar(node) && (node.value === null || node.value === undefined)) return false;
  switch (spec.kind) {
    case 'string': case 'scalar': return !isScalar(node);
    case 'integer': return !isScalar(node) || typeof node.value !== 'number' || !Number.isInteger(node.value);
    case 'number': return !isScalar(node) || typeof node.value !== 'number';
    case 'boolean': return !isScalar(node) || typeof node.value !== 'boolean';
    case 'list': return !isSeq(node);
    case 'map': return !isMap(node);
  }
}

/** Plans a `plan`/`previewPlan` accepts at this level, or undefined when not a plan key. */
function planList(v: KeyVisit): readonly string[] | undefined {
  const kv = v.service?.type === 'keyvalue' || v.service?.type === 'redis';
  if (v.level === 'service' && v.key === 'plan') return v.service?.runtime === 'static' ? undefined : kv ? KEYVALUE_PLANS : SERVICE_PLANS;
  if (v.level === 'service' && v.key === 'previewPlan') return KEYVALUE_PLANS;
  if (v.level === 'servicePreviews' && v.key === 'plan') return SERVICE_PLANS;
  if (v.level === 'database' && (v.key === 'plan' || v.key === 'previewPlan')) return DATABASE_PLANS;
  return undefined;
}

function valueEdit(file: YamlSourceFile, range: Range, node: unknown, value: string): FileEdit {
  const q = quoteOf(node);
  return { file: file.path, start: range.start, end: range.end, newText: `${q}${value}${q}` };
}

/** `type: static` → `type: web` plus `runtime: static` on the next line when the service names no runtime. */
function staticTypeFix(file: YamlSourceFile, v: KeyVisit): Fix | undefined {
  if (v.map.flow) return undefined;
  const edits: FileEdit[] = [valueEdit(file, v.valueRange, v.value, 'web')];
  const runtime = mapGet(v.map, 'runtime') ?? mapGet(v.map, 'env');
  if (!runtime) {
    const text = file.text;
    const indent = ' '.repeat(v.keyRange.start - lineStartOf(text, v.keyRange.start));
    const at = nextLineStart(text, v.valueRange.end);
    const eol = eolOf(text);
    const atEnd = at === text.length && !/[\r\n]$/.test(text);
    edits.push({ file: file.path, start: at, end: at, newText: atEnd ? `${eol}${indent}runtime: static` : `${indent}runtime: static${eol}` });
  }
  return { title: 'Use `type: web` with `runtime: static`', edits, safe: true };
}

function deprecatedKeyFix(file: YamlSourceFile, v: KeyVisit): Fix | undefined {
  const text = file.text;
  if (text.slice(v.keyRange.start, v.keyRange.end) !== v.key) return undefined;
  if (v.key === 'env' && !mapGet(v.map, 'runtime')) {
    return { title: 'Rename `env` to `runtime`', edits: [{ file: file.path, start: v.keyRange.start, end: v.keyRange.end, newText: 'runtime' }], safe: true };
  }
  if (v.key === 'autoDeploy' && !mapGet(v.map, 'autoDeployTrigger') && isScalar(v.value) && typeof v.value.value === 'boolean') {
    const trigger = v.value.value ? 'commit' : 'off';
    return {
      title: `Replace \`autoDeploy: ${v.value.value}\` with \`autoDeployTrigger: ${trigger}\``,
      edits: [{ file: file.path, start: v.keyRange.start, end: v.valueRange.end, newText: `autoDeployTrigger: ${trigger}` }],
      safe: true,
    };
  }
  return undefined;
}

function checkEnum(ctx: FileContext, file: YamlSourceFile, v: KeyVisit, allowed: readonly string[], label: string, slug: boolean): void {
  if (!isScalar(v.value) || v.value.value === null || v.value.value === undefined) {
    if (isScalar(v.value) && (v.key === 'type' || v.key === 'runtime' || v.key === 'env')) {
      ctx.report({ range: v.keyRange, message: `\`${v.key}\` has no value: use one of ${listOf(allowed)}.` });
    }
    return;
  }
  const raw = String(v.value.value);
  const norm = slug ? normaliseSlug : (s: string) => s;
  if (allowed.some((a) => norm(a) === norm(raw))) return;
  const deprecated = DEPRECATED_VALUES[v.level]?.[v.key]?.[raw];
  if (deprecated) {
    const fix: Fix | undefined = deprecated.replacement ? { title: `Use \`${v.key}: ${deprecated.replacement}\``, edits: [valueEdit(file, v.valueRange, v.value, deprecated.replacement)], safe: false } : undefined;
    ctx.report({ range: v.valueRange, severity: 'warning', message: `${deprecated.note}: write \`${v.key}: ${deprecated.replacement}\`.`, fix });
    return;
  }
  if (v.level === 'service' && v.key === 'type' && TYPE_MISTAKES[raw.toLowerCase()]) {
    const isStatic = raw.toLowerCase() === 'static';
    ctx.report({
      range: v.valueRange,
      severity: isStatic ? 'warning' : 'error',
      message: `\`type: ${raw}\` is not a Render service type: ${TYPE_MISTAKES[raw.toLowerCase()]}.`,
      fix: isStatic ? staticTypeFix(file, v) : undefined,
    });
    return;
  }
  const s = suggest(raw, allowed);
  const fix: Fix | undefined = s?.certain ? { title: `Change to \`${s.value}\``, edits: [valueEdit(file, v.valueRange, v.value, s.value)], safe: true } : undefined;
  const hint = s ? ` Did you mean \`${s.value}\`?` : '';
  ctx.report({ range: v.valueRange, message: `\`${v.key}: ${raw}\` is not one of Render's ${label} (${listOf(allowed, 12)}).${hint}`, fix });
}

function checkVisit(ctx: FileContext, file: YamlSourceFile, v: KeyVisit): void {
  const spec = v.spec;
  if (!spec) return;
  const where = LEVEL_LABELS[v.level as LevelName];
  if (spec.deprecated) {
    ctx.report({
      range: v.keyRange,
      severity: 'warning',
      message: `\`${v.key}\` is deprecated in ${where}: ${spec.deprecated.note}.`,
      fix: deprecatedKeyFix(file, v),
    });
  }
  if (kindMismatch(spec, v.value)) {
    ctx.report({ range: v.valueRange, message: `\`${v.key}\` must be ${KIND_LABEL[spec.kind]} in ${where}, not ${typeName(v.value)}.` });
    return;
  }
  if (spec.kind === 'list' && spec.itemKind === 'string' && isSeq(v.value)) {
    for (const item of v.value.items) {
      if (!isScalar(item)) ctx.report({ range: { start: (item as { range?: number[] }).range?.[0] ?? v.valueRange.start, end: (item as { range?: number[] }).range?.[1] ?? v.valueRange.end }, message: `Each item of \`${v.key}\` must be a string, not ${typeName(item)}.` });
    }
  }
  if (spec.kind === 'list' && spec.level && isSeq(v.value)) {
    for (const item of v.value.items) {
      if (isScalar(item) || isSeq(item)) {
        const r = (item as { range?: number[] }).range;
        if (r) ctx.report({ range: { start: r[0], end: r[1] }, message: `Each item of \`${v.key}\` must be a mapping (${LEVEL_LABELS[spec.level]}), not ${typeName(item)}.` });
      }
    }
  }
  const plans = planList(v);
  if (plans) checkEnum(ctx, file, v, plans, v.level === 'database' ? 'Postgres plans' : v.service?.type === 'keyvalue' || v.service?.type === 'redis' ? 'Key Value plans' : 'instance types', true);
  else if (spec.enum) checkEnum(ctx, file, v, spec.enum, spec.enumName ?? 'values', Boolean(spec.slug));
  if ((spec.min !== undefined || spec.max !== undefined) && isScalar(v.value) && typeof v.value.value === 'number') {
    const n = v.value.value;
    if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) {
      const bounds = spec.max !== undefined ? `between ${spec.min ?? 0} and ${spec.max}` : `at least ${spec.min}`;
      ctx.report({ range: v.valueRange, message: `\`${v.key}: ${n}\` is out of range: it must be ${bounds}.` });
    }
  }
}

/** Names used twice in one scope, and resources defined both at the root and in an environment. */
function checkNames(ctx: FileContext, bp: Blueprint): void {
  type Named = { name?: Field<string>; location: Blueprint['services'][number]['location'] };
  const kinds: [string, Named[]][] = [['service', bp.services], ['database', bp.databases], ['environment group', bp.envVarGroups]];
  for (const [kind, list] of kinds) {
    const byScope = new Map<unknown, Map<string, Field<string>>>();
    const rootNames = new Map<string, Field<string>>();
    for (const r of list) {
      const name = r.name;
      if (!name?.value) continue;
      const scopeKey = r.location.scope === 'root' ? 'root' : r.location.environmentNode;
      const seen = byScope.get(scopeKey) ?? new Map<string, Field<string>>();
      byScope.set(scopeKey, seen);
      const first = seen.get(name.value);
      if (first) {
        ctx.report({
          range: name.valueRange,
          message: `Two ${kind}s are named \`${name.value}\` in ${describeLocation(r.location)}: Render requires unique names, and references to \`${name.value}\` become ambiguous; rename one.`,
          related: [{ file: bp.file.path, range: first.valueRange, message: `first ${kind} named ${name.value}` }],
        });
      } else seen.set(name.value, name);
      if (r.location.scope === 'root') rootNames.set(name.value, name);
    }
    for (const r of list) {
      if (r.location.scope !== 'environment' || !r.name?.value) continue;
      const atRoot = rootNames.get(r.name.value);
      if (!atRoot) continue;
      ctx.report({
        range: r.name.valueRange,
        message: `The ${kind} \`${r.name.value}\` is defined both at the root and in ${describeLocation(r.location)}: define each resource in one place only.`,
        related: [{ file: bp.file.path, range: atRoot.valueRange, message: `${kind} ${r.name.value} at the root` }],
      });
    }
  }
}

/** Blueprints whose names, per directory, were checked and found unique. */
const quietNames = new WeakMap<Directory, Set<string>>();

const rule: FileRule = {
  id: 'render-invalid-value',
  meta: {
    scope: 'file',
    kinds: ['render'],
    category: 'correctness',
    severity: 'error',
    description: 'A render.yaml value Render rejects or ignores: unknown service types, runtimes, plans, regions and properties, wrong value types, duplicate names, and deprecated keys such as `env:`.',
    fixable: true,
    perService: true,
  },
  check(ctx) {
    const file = ctx.file;
    if (file.format !== 'yaml') return;
    for (const v of blueprintKeys(file)) checkVisit(ctx, file, v);
  },
  // Names are compared across services.
  checkAcross(ctx) {
    const file = ctx.file;
    if (file.format !== 'yaml') return;
    const bp = blueprint(file);
    if (!bp) return;
    // The names and places of every resource are the directory's: while it is the one a quiet check saw, the check stays quiet.
    const dir = directory(ctx.workspace);
    if (dir && quietNames.get(dir)?.has(file.path)) return;
    let reported = false;
    checkNames(dir ? { ...ctx, report: (r) => { reported = true; ctx.report(r); } } : ctx, bp);
    if (!dir || reported) return;
    let quiet = quietNames.get(dir);
    if (!quiet) quietNames.set(dir, (quiet = new Set()));
    quiet.add(file.path);
  },
};

export default rule;


