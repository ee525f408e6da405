import * as path from 'node:path';
import { composeModel, type ComposeFileModel, type ComposeService } from '../engine/compose/model';
import { composeFileAt, composeRelative, projectEnv, projectModels } from '../engine/compose/project';
import { resolveInterpolation } from '../engine/compose/interpolation';
import { envTemplatePath } from '../engine/secrets/envExample';
import type { FileContext, FileRule, Range, Workspace, YamlSourceFile } from '../engine/types';

function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length];
}

/** ` Did you mean "db"?` when exactly one known name is close. */
function suggestion(name: string, known: Iterable<string>): string {
  const close = [...known].filter((k) => distance(k.toLowerCase(), name.toLowerCase()) <= Math.max(1, Math.floor(name.length / 4)));
  return close.length === 1 ? ` Did you mean "${close[0]}"?` : '';
}

function listed(names: Set<string>): string {
  const all = [...names];
  if (all.length === 0) return 'none are defined';
  return `defined: ${all.slice(0, 6).join(', ')}${all.length > 6 ? ', …' : ''}`;
}

/** A path as Compose sees it after interpolation, or undefined when it depends on variables nobody sets here. */
function interpolatedPath(ctx: FileContext, file: YamlSourceFile, value: string): string | undefined {
  if (!value.includes('$')) return value;
  const env = projectEnv(ctx.workspace, file);
  const r = resolveInterpolation(value, (n) => env.get(n));
  return r.missing.length || r.errors.length ? undefined : r.value;
}

function isRemote(context: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || /^git@|^github\.com\//.test(context);
}

/** Looks like a file (has an extension): Docker would create a directory in its place. */
function looksLikeFile(p: string): boolean {
  const base = path.posix.basename(p);
  // `conf.d`, `init.d` are directories by convention.
  return /.\.[A-Za-z0-9]{1,8}$/.test(base) && !/\.d$/.test(base);
}

/** Volumes, networks and secrets declared at the top level of the project's files. */
interface Names {
  volumes: Set<string>;
  networks: Set<string>;
  secrets: Set<string>;
}

// Per project model list (one per file and workspace state), shared by `check` and `checkAcross`.
const objectNames = new WeakMap<ComposeFileModel[], Names>();
const serviceNames = new WeakMap<ComposeFileModel[], Set<string>>();

function projectNames(models: ComposeFileModel[]): Names {
  let names = objectNames.get(models);
  if (names) return names;
  names = { volumes: new Set(), networks: new Set(['default']), secrets: new Set() };
  for (const m of models) {
    for (const v of m.volumes) names.volumes.add(v);
    for (const n of m.networks) names.networks.add(n);
    for (const s of m.secrets) names.secrets.add(s);
  }
  objectNames.set(models, names);
  return names;
}

function projectServices(models: ComposeFileModel[]): Set<string> {
  let names = serviceNames.get(models);
  if (names) return names;
  names = new Set();
  for (const m of models) for (const s of m.services) names.add(s.name);
  serviceNames.set(models, names);
  return names;
}

// The listing and suggestions per set of service names: when a service many others depend on is
// missing (its name being retyped), each of them is reported against the same names.
const serviceWords = new WeakMap<Set<string>, { listed: string; suggestions: Map<string, string> }>();

/** `listed(services)` and `suggestion(ref, services)`, worked out once per set of names. */
function serviceHints(services: Set<string>, ref: string): { listed: string; suggestion: string } {
  let words = serviceWords.get(services);
  if (!words) serviceWords.set(services, (words = { listed: listed(services), suggestions: new Map() }));
  let hint = words.suggestions.get(ref);
  if (hint === undefined) words.suggestions.set(ref, (hint = suggestion(ref, services)));
  return { listed: words.listed, suggestion: hint };
}

function missingService(svc: ComposeService, services: Set<string>, report: (r: Range, m: string) => void, ref: string, range: Range, how: string): void {
  const hint = serviceHints(services, ref);
  report(range, `${svc.name} ${how} "${ref}", which is not a service of this Compose project (${hint.listed}); Compose refuses to start it.${hint.suggestion}`);
}

function checkServiceRefs(svc: ComposeService, services: Set<string>, report: (r: Range, m: string) => void): void {
  for (const d of svc.dependsOn) {
    if (d.required && !services.has(d.service)) missingService(svc, services, report, d.service, d.range, 'depends on');
  }
  for (const l of svc.links) {
    const ref = l.text.split(':')[0];
    if (!services.has(ref)) missingService(svc, services, report, ref, l.range, 'links to');
  }
  for (const v of svc.volumesFrom) {
    if (v.text.startsWith('container:')) continue;
    const ref = v.text.split(':')[0];
    if (!services.has(ref)) missingService(svc, services, report, ref, v.range, 'takes volumes from');
  }
  if (svc.extends && !svc.extends.file && !services.has(svc.extends.service.text)) {
    const hint = serviceHints(services, svc.extends.service.text);
    report(svc.extends.service.range, `${svc.name} extends "${svc.extends.service.text}", which is not a service of this Compose project (${hint.listed}).${hint.suggestion}`);
  }
}

function checkObjectRefs(svc: ComposeService, names: Names, report: (r: Range, m: string) => void): void {
  for (const v of svc.volumes) {
    if (v.type !== 'volume' || !v.source || v.source.includes('$') || names.volumes.has(v.source)) continue;
    report(v.range, `${svc.name} mounts the named volume "${v.source}", which is not declared under the top-level volumes: (${listed(names.volumes)}); declare it or use a path such as ./${v.source} for a bind mount.${suggestion(v.source, names.volumes)}`);
  }
  if (!svc.networkMode) {
    for (const n of svc.networks) {
      if (n.text.includes('$') || names.networks.has(n.text)) continue;
      report(n.range, `${svc.name} joins the network "${n.text}", which is not declared under the top-level networks: (${listed(new Set([...names.networks].filter((x) => x !== 'default')))}); declare it.${suggestion(n.text, names.networks)}`);
    }
  }
  for (const s of svc.secrets) {
    if (s.text.includes('$') || names.secrets.has(s.text)) continue;
    report(s.range, `${svc.name} uses the secret "${s.text}", which is not declared under the top-level secrets: (${listed(names.secrets)}); declare it with file: or environment:.${suggestion(s.text, names.secrets)}`);
  }
}

/** A path as the service gives it, interpolated and relative to the workspace (a module function: see checkPaths). */
function resolvedPath(ctx: FileContext, file: YamlSourceFile, text: string): string | undefined {
  const p = interpolatedPath(ctx, file, text);
  return p === undefined ? undefined : composeRelative(file, p);
}

function checkPaths(ctx: FileContext, file: YamlSourceFile, svc: ComposeService, report: (r: Range, m: string) => void): void {
  const ws: Workspace = ctx.workspace;
  for (const e of svc.envFiles) {
    if (!e.required) continue;
    const target = resolvedPath(ctx, file, e.path);
    if (target === undefined || ws.fs.exists(target)) continue;
    // A git-ignored env file next to a template is created by each developer from it: expected to be absent from the repository.
    const template = envTemplatePath(ws, path.posix.dirname(target));
    if (ws.isIgnored(target) && ws.fs.exists(template)) continue;
    report(e.range, `${svc.name} reads env_file ${e.path}, which does not exist, so Compose refuses to start; create it, or mark it optional with {path: ${e.path}, required: false}.`);
  }
  const build = svc.build;
  let contextDir: string | undefined = build ? '.' : undefined;
  if (build?.context) {
    const raw = interpolatedPath(ctx, file, build.context.text);
    contextDir = raw === undefined || isRemote(raw) ? undefined : composeRelative(file, raw);
    if (contextDir !== undefined && !ws.fs.isDirectory(contextDir) && !ws.fs.exists(contextDir)) {
      report(build.context.range, `${svc.name} builds from ${build.context.text}, which is not a folder in this repository; fix the build context path.`);
      contextDir = undefined;
    }
  } else if (build) contextDir = composeRelative(file, '.');
  if (build?.dockerfile && contextDir !== undefined && !build.inline) {
    const df = interpolatedPath(ctx, file, build.dockerfile.text);
    const target = df === undefined || path.posix.isAbsolute(df) ? undefined : path.posix.normalize(path.posix.join(contextDir, df));
    if (target !== undefined && !target.startsWith('../') && !ws.fs.exists(target)) {
      report(build.dockerfile.range, `${svc.name} builds with dockerfile ${build.dockerfile.text}, which does not exist in its build context (${target}); the path is relative to the context, not to the Compose file.`);
    }
  }
  for (const v of svc.volumes) {
    if (v.type !== 'bind' || !v.source || !looksLikeFile(v.source)) continue;
    const target = resolvedPath(ctx, file, v.source);
    if (target === undefined || ws.fs.exists(target) || ws.isIgnored(target)) continue;
    report(v.range, `${svc.name} bind-mounts ${v.source}, which does not exist; Docker would create an empty directory in its place and the container would not see the file.`);
  }
  if (svc.extends?.file && !extendsSelf(ctx, file, svc)) checkExtendsFile(ctx, file, svc, report);
}

/** The workspace path `extends.file` names, when it resolves. */
function extendsTarget(ctx: FileContext, file: YamlSourceFile, svc: ComposeService): string | undefined {
  const ext = svc.extends?.file;
  const p = ext && interpolatedPath(ctx, file, ext.text);
  return p === undefined ? undefined : composeRelative(file, p);
}

/** Whether `extends.file` names this very file: the service then extends another service of it. */
function extendsSelf(ctx: FileContext, file: YamlSourceFile, svc: ComposeService): boolean {
  return svc.extends?.file !== undefined && extendsTarget(ctx, file, svc) === file.path;
}

function checkExtendsFile(ctx: FileContext, file: YamlSourceFile, svc: ComposeService, report: (r: Range, m: string) => void): void {
  const ext = svc.extends?.file;
  const target = extendsTarget(ctx, file, svc);
  if (!ext || target === undefined) return;
  const other = composeFileAt(ctx.workspace, target);
  if (!other) report(ext.range, `${svc.name} extends a service in ${ext.text}, which does not exist.`);
  else {
    const names = new Set(composeModel(other).services.map((s) => s.name));
    const service = svc.extends!.service;
    if (!names.has(service.text)) {
      report(service.range, `${svc.name} extends "${service.text}", which is not a service in ${ext.text} (${listed(names)}).${suggestion(service.text, names)}`);
    }
  }
}

const rule: FileRule = {
  id: 'compose-broken-reference',
  meta: {
    scope: 'file',
    kinds: ['compose'],
    category: 'correctness',
    severity: 'error',
    description: 'A Compose reference to something that does not exist: a service, volume, network or secret, an env_file, a build context or Dockerfile, a bind-mounted file.',
    fixable: false,
    perService: true,
  },
  // Without aliases, what is reported inside a service depends on that service, the top-level
  // declarations and other files, except references to other services: those are checked across.
  check(ctx) {
    const file = ctx.file;
    if (file.format !== 'yaml') return;
    const model = composeModel(file);
    if (model.services.length === 0) return;
    const models = projectModels(ctx.workspace, file);
    const names = projectNames(models);
    const report = dedupe(ctx);
    for (const svc of model.services) {
      if (model.aliases) checkServiceRefs(svc, projectServices(models), report);
      checkObjectRefs(svc, names, report);
      checkPaths(ctx, file, svc, report);
      if (model.aliases && extendsSelf(ctx, file, svc)) checkExtendsFile(ctx, file, svc, report);
    }
  },
  checkAcross(ctx) {
    const file = ctx.file;
    if (file.format !== 'yaml') return;
    const model = composeModel(file);
    if (model.services.length === 0 || model.aliases) return;
    const services = projectServices(projectModels(ctx.workspace, file));
    const report = dedupe(ctx);
    for (const svc of model.services) {
      checkServiceRefs(svc, services, report);
      if (extendsSelf(ctx, file, svc)) checkExtendsFile(ctx, file, svc, report);
    }
  },
};

/** One report per position: an anchored block shared by several services is one mistake. */
function dedupe(ctx: FileContext): (range: Range, message: string) => void {
  const seen = new Set<string>();
  return (range, message) => {
    const key = `${range.start}:${range.end}`;
    if (seen.has(key)) return;
    seen.add(key);
    ctx.report({ range, message });
  };
}

export default rule;
