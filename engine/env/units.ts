// Deploy units: a Render service or a Compose service that builds code from this workspace. Each
// knows the folder of code it runs, the variables it is given (declared, from groups, env files,
// its Dockerfile's ENV, the platform) and how to declare one more.
import * as path from 'node:path';
import { parseDotenv } from '../parse/dotenv';
import { composeModel, type ComposeEnvVar, type ComposeFileModel, type ComposeService } from '../compose/model';
import { composeRelative, isBaseComposeFile, isOverrideComposeFile, projectModels, serviceDefinitions, type ServiceDefinition } from '../compose/project';
import { deleteLinesRange, nodeRange } from '../yaml/ast';
import { addComposeVariable, addRenderSyncFalse } from './edits';
import { dockerfileFacts, type DockerfileFacts } from './dockerfile';
import { OS_VARS, RENDER_PLATFORM_VARS, RENDER_RUNTIME_VARS } from './platformVars';
import { renderServices, type RenderGroup, type RenderService } from './renderServices';
import { type WorldStamp } from '../changeLog';
import { sameEnds, sameItems, WorldCheck } from './worldCheck';
import type { FileEdit, Range, SourceFile, Workspace, WorkspaceFs, YamlSourceFile } from '../types';

export interface Declaration {
  key: string;
  file: string;
  range: Range;
  /** Deletes the declaration's lines. */
  removal?: FileEdit;
}

export interface DeployUnit {
  platform: 'render' | 'compose';
  name: string;
  /** `Render service "api"` / `Compose service "api"`. */
  label: string;
  file: string;
  nameRange: Range;
  /** Folder of the code it runs ('' = workspace root); undefined when that code is not in the workspace. */
  codeRoot: string | undefined;
  commands: string[];
  /** Variables it is given, with their own declaration when it has one (besides `ambient`). */
  provided: Map<string, Declaration | undefined>;
  /** Variables it has without any declaration (the platform's, its runtime's, the OS's): one set shared by the units of a kind. */
  ambient: ReadonlySet<string>;
  /** An env file or group whose content cannot be read: it may provide anything. */
  providesAnything: boolean;
  /** Variables declared on the unit itself (not through a group). */
  declarations: Declaration[];
  /** Render groups it pulls in. */
  groups: string[];
  /** It runs an application that does not come from this workspace (a base image such as ghost, or `git clone`). */
  foreignApp: boolean;
  /** The edit declaring `key` on this unit, or undefined when the file's shape does not allow a safe one. */
  declare(key: string): FileEdit | undefined;
}

/** A workspace-relative folder for `p` under `base`, or undefined when it leaves the workspace. */
function folder(base: string, p: string): string | undefined {
  const joined = path.posix.normalize(path.posix.join(base || '.', p.replace(/\\/g, '/')));
  if (joined === '..' || joined.startsWith('../') || path.posix.isAbsolute(joined)) return undefined;
  return joined === '.' ? '' : joined.replace(/\/$/, '');
}

/** `cd backend && yarn start`: the folder a command runs in, when it starts by changing into one. */
function cdTarget(command: string | undefined): string | undefined {
  const m = command ? /^\s*cd\s+([^\s;&|]+)\s*(&&|;)/.exec(command) : null;
  return m ? m[1].replace(/^["']|["']$/g, '') : undefined;
}

function dockerfileOf(fs: WorkspaceFs, file: string | undefined): DockerfileFacts | undefined {
  if (!file) return undefined;
  const text = fs.readText(file);
  return text === undefined ? undefined : dockerfileFacts(text);
}

/**
 * A unit kept with what it was built from: kept while those are the same objects (a service's
 * model is kept while its text is unchanged), and nothing it read has changed since.
 */
interface KeptUnit {
  world: WorldStamp;
  inputs: readonly unknown[];
  /** Paths the unit read (folders, Dockerfiles, env files). */
  reads: Set<string>;
  unit: DeployUnit;
}

function keptUnit(at: WorldCheck, cache: WeakMap<object, KeptUnit>, key: object, inputs: readonly unknown[], build: (fs: WorkspaceFs, read: (path: string) => void) => DeployUnit): DeployUnit {
  const { world, workspace } = at;
  const hit = cache.get(key);
  if (world && hit && sameItems(hit.inputs, inputs) && at.unchanged(hit.world, hit.reads)) {
    hit.world = world;
    return hit.unit;
  }
  const reads = new Set<string>();
  const note = <T>(p: string, v: T): T => (reads.add(p), v);
  const fs = workspace.fs;
  const recording: WorkspaceFs = {
    exists: (p) => note(p, fs.exists(p)),
    isDirectory: (p) => note(p, fs.isDirectory(p)),
    readText: (p) => note(p, fs.readText(p)),
    listFiles: () => fs.listFiles(),
  };
  const unit = build(recording, (p) => reads.add(p));
  if (world) cache.set(key, { world, inputs, reads, unit });
  return unit;
}

/** Render units by service model, with the blueprint's path and the groups the service pulls in. */
const renderUnits = new WeakMap<object, KeptUnit>();

function renderUnit(at: WorldCheck, file: string, groups: Map<string, RenderGroup>, s: RenderService): DeployUnit {
  const inputs: unknown[] = [file];
  for (const r of s.groupRefs) inputs.push(groups.get(r.name));
  return keptUnit(at, renderUnits, s, inputs, (fs) => buildRenderUnit(at.workspace, fs, file, groups, s));
}

/** The file's current version, for edits worked out when asked (a kept unit outlives the version it was built on). */
function current(workspace: Workspace, path: string): YamlSourceFile | undefined {
  const f = workspace.get(path);
  return f?.format === 'yaml' ? f : undefined;
}

function removalOf(file: YamlSourceFile, item: unknown): FileEdit | undefined {
  const r = nodeRange(item);
  if (!r) return undefined;
  const start = file.text.lastIndexOf('-', r.start - 1);
  const span = deleteLinesRange(file.text, { start: start >= 0 ? start : r.start, end: r.end });
  return { file: file.path, ...span, newText: '' };
}

// Each unit had its own copy of some thirty platform variables: a map rebuilt per edited service.
const renderAmbients = new Map<string, ReadonlySet<string>>();
const COMPOSE_AMBIENT: ReadonlySet<string> = new Set(OS_VARS);

function renderAmbient(runtime: string | undefined): ReadonlySet<string> {
  // Any other runtime (one being typed) has none of its own: the set without them.
  const key = runtime !== undefined && Object.prototype.hasOwnProperty.call(RENDER_RUNTIME_VARS, runtime) ? runtime : '';
  let set = renderAmbients.get(key);
  if (!set) renderAmbients.set(key, (set = new Set([...RENDER_PLATFORM_VARS, ...(RENDER_RUNTIME_VARS[key] ?? []), ...OS_VARS])));
  return set;
}

/**
 * A Render service's unit. Its ranges and edits are worked out when asked, from the service's kept
 * model and the file's current version: nothing in it holds on to this version.
 */
function buildRenderUnit(workspace: Workspace, fs: WorkspaceFs, file: string, groups: Map<string, RenderGroup>, s: RenderService): DeployUnit {
  const base = path.posix.dirname(file) === '.' ? '' : path.posix.dirname(file);
  const exists = (d: string | undefined) => d !== undefined && (d === '' || fs.isDirectory(d));
  const dir = s.rootDir !== undefined ? folder(base, s.rootDir) : base;
  let codeRoot: string | undefined;
  if (!s.repo && !s.prebuilt && dir !== undefined) {
    codeRoot = dir;
    if (s.dockerContext !== undefined) {
      // Render paths may be read against rootDir or the repository root: take whichever exists.
      const ctx = [folder(dir, s.dockerContext), folder(base, s.dockerContext)].find(exists);
      if (ctx !== undefined) codeRoot = ctx;
    } else if (s.rootDir === undefined) {
      const cd = cdTarget(s.startCommand) ?? cdTarget(s.buildCommand);
      const into = cd !== undefined ? folder(dir, cd) : undefined;
      if (exists(into)) codeRoot = into;
    }
  }
  const dockerfile = s.dockerfilePath !== undefined
    ? [dir !== undefined ? folder(dir, s.dockerfilePath) : undefined, folder(base, s.dockerfilePath)].find((p) => p !== undefined && fs.exists(p))
    : codeRoot !== undefined ? folder(codeRoot, 'Dockerfile') : undefined;
  const docker = s.runtime === 'docker' ? dockerfileOf(fs, dockerfile) : undefined;
  const provided = new Map<string, Declaration | undefined>();
  const declarations: Declaration[] = [];
  for (const v of s.envVars) {
    const d: Declaration = {
      key: v.key, file,
      get range() { return v.keyRange; },
      get removal() { const f = current(workspace, file); return f && removalOf(f, v.item); },
    };
    declarations.push(d);
    provided.set(v.key, d);
  }
  let providesAnything = false;
  for (const ref of s.groupRefs) {
    const g = groups.get(ref.name);
    if (!g) providesAnything = true;
    else for (const v of g.envVars) if (!provided.has(v.key)) provided.set(v.key, { key: v.key, file, get range() { return v.keyRange; } });
  }
  const ambient = renderAmbient(s.runtime);
  for (const k of docker?.env ?? []) if (!provided.has(k) && !ambient.has(k)) provided.set(k, undefined);
  return {
    platform: 'render', name: s.name, label: `Render service "${s.name}"`, file,
    codeRoot, commands: s.commands, provided, ambient, providesAnything, declarations, groups: s.groupRefs.map((g) => g.name),
    foreignApp: s.prebuilt || Boolean(docker?.foreignApp),
    declare: (key: string) => {
      const f = current(workspace, file);
      return f && addRenderSyncFalse(f, s.node, s.envVarsPair, key);
    },
    get nameRange() { return s.nameRange; },
  };
}

/** Compose units by the service's model, with the definitions they were built from. */
const composeUnitCache = new WeakMap<object, KeptUnit>();

/**
 * Every Compose unit, kept with the Compose files it came from (all of them: a project layers and
 * includes files) and the paths it read: an edit of anything else (a render.yaml) reuses it whole.
 */
interface KeptCompose {
  world: WorldStamp;
  files: readonly SourceFile[];
  reads: Set<string>;
  units: DeployUnit[];
}
const keptCompose = new WeakMap<Workspace, KeptCompose>();

function composeUnits(at: WorldCheck): DeployUnit[] {
  const { workspace, world } = at;
  const files = workspace.filesOfKind('compose');
  const hit = keptCompose.get(workspace);
  if (world && hit && sameItems(hit.files, files) && at.unchanged(hit.world, hit.reads)) {
    hit.world = world;
    return hit.units;
  }
  const out: DeployUnit[] = [];
  const reads = new Set<string>();
  // A service is counted once per folder among the base and override files layered there (a model
  // lists each name once, so the services of any other file are all its own).
  let layers: Map<string, ComposeFileModel[]> | undefined;
  for (const f of files) {
    // A dev container is the developer's shell, not a service: its variables come from their setup.
    if (f.format !== 'yaml' || /(^|\/)\.devcontainer\//.test(f.path)) continue;
    const models = projectModels(workspace, f);
    for (const m of models) {
      reads.add(m.file.path);
      for (const inc of m.includes) {
        const p = composeRelative(m.file, inc.text);
        if (p !== undefined) reads.add(p);
      }
    }
    const model = composeModel(f);
    let below: ComposeFileModel[] | undefined;
    if (isBaseComposeFile(f.path) || isOverrideComposeFile(f.path)) {
      const dir = path.posix.dirname(f.path);
      below = (layers ??= new Map()).get(dir);
      if (!below) layers.set(dir, (below = []));
    }
    for (const svc of model.services) {
      if ((below && layeredBefore(below, svc.name)) || !builds(models, svc.name)) continue;
      // Typing in one service leaves the others' models and definitions as they were: their units
      // are taken over without listing the definitions again.
      const kept = world ? composeUnitCache.get(svc) : undefined;
      if (kept && at.unchanged(kept.world, kept.reads) && sameDefinitions(kept.inputs, f.path, models, svc.name)) {
        kept.world = world!;
        out.push(kept.unit);
        for (const p of kept.reads) reads.add(p);
        continue;
      }
      const defs = serviceDefinitions(workspace, f, svc.name);
      const inputs = [f.path, ...defs.flatMap((d) => [d.service, d.model.file.path])];
      out.push(keptUnit(at, composeUnitCache, svc, inputs, (fs, read) => buildComposeUnit(workspace, fs, read, f.path, svc, defs)));
      for (const p of composeUnitCache.get(svc)?.reads ?? []) reads.add(p);
    }
    if (below) below.push(model);
  }
  if (world) keptCompose.set(workspace, { world, files, reads, units: out });
  return out;
}

function layeredBefore(models: readonly ComposeFileModel[], name: string): boolean {
  for (const m of models) if (m.byName.has(name)) return true;
  return false;
}

/** Whether any definition of the service in the project builds it (most services of a large file only run an image). */
function builds(models: readonly ComposeFileModel[], name: string): boolean {
  for (const m of models) if (m.byName.get(name)?.build) return true;
  return false;
}

/** Whether a kept Compose unit's inputs are the file's path and the service's definitions in `models` as they are now. */
function sameDefinitions(inputs: readonly unknown[], file: string, models: readonly ComposeFileModel[], name: string): boolean {
  if (inputs[0] !== file) return false;
  let i = 1;
  for (const m of models) {
    const s = m.byName.get(name);
    if (!s) continue;
    if (inputs[i] !== s || inputs[i + 1] !== m.file.path) return false;
    i += 2;
  }
  return i === inputs.length;
}

/** A Compose service's unit; like a Render unit, its ranges and edits are worked out when asked. */
function buildComposeUnit(workspace: Workspace, fs: WorkspaceFs, read: (path: string) => void, file: string, svc: ComposeService, defs: ServiceDefinition[]): DeployUnit {
  const withBuild = defs.find((d) => d.service.build)!;
  const build = withBuild.service.build!;
  const codeRoot = composeRelative(withBuild.model.file, build.context?.text ?? '.');
  const root = codeRoot === '.' ? '' : codeRoot;
  const dockerfile = build.inline || root === undefined ? undefined : folder(root, build.dockerfile?.text ?? 'Dockerfile');
  const docker = dockerfileOf(fs, dockerfile);
  const provided = new Map<string, Declaration | undefined>();
  const declarations: Declaration[] = [];
  let providesAnything = false;
  for (const d of defs) {
    const defFile = d.model.file.path;
    for (const v of d.service.environment) {
      const decl: Declaration = {
        key: v.key, file: defFile,
        get range() { return v.keyRange; },
        get removal() { const f = current(workspace, defFile); return f && composeRemoval(f, v); },
      };
      if (d === defs[0] || !provided.has(v.key)) declarations.push(decl);
      if (!provided.has(v.key)) provided.set(v.key, decl);
    }
    for (const e of d.service.envFiles) {
      const p = composeRelative(d.model.file, e.path);
      if (p !== undefined) read(p);
      const text = p === undefined ? undefined : workspace.get(p)?.text ?? fs.readText(p);
      if (text === undefined) {
        if (e.required) providesAnything = true;
        continue;
      }
      for (const entry of parseDotenv(text).entries) if (!provided.has(entry.key)) provided.set(entry.key, undefined);
    }
  }
  for (const k of docker?.env ?? []) if (!provided.has(k) && !COMPOSE_AMBIENT.has(k)) provided.set(k, undefined);
  const own = defs[0];
  const ownFile = own.model.file.path;
  const ownService = own.service;
  const command = ownService.command?.text;
  return {
    platform: 'compose', name: svc.name, label: `Compose service "${svc.name}"`, file,
    codeRoot: root, commands: command ? [command] : [], provided, ambient: COMPOSE_AMBIENT, providesAnything, declarations, groups: [] as string[],
    foreignApp: Boolean(docker?.foreignApp),
    declare: (key: string) => {
      const map = ownService.map;
      const f = current(workspace, ownFile);
      if (!map || !f) return undefined;
      const env = ownService.environmentNode;
      // An environment reached through an anchor or a merge is shared: editing it would change other services.
      const inside = env === undefined || env === null || within(nodeRange(env), nodeRange(map));
      return inside ? addComposeVariable(f, map, env, key) : undefined;
    },
    get nameRange() { return svc.nameRange; },
  };
}

function composeRemoval(file: YamlSourceFile, v: ComposeEnvVar): FileEdit | undefined {
  if (v.form === 'list') return removalOf(file, v.node);
  const value = nodeRange((v.node as { value?: unknown }).value);
  const span = deleteLinesRange(file.text, { start: v.keyRange.start, end: value && value.end > v.keyRange.end ? value.end : v.keyRange.end });
  return { file: file.path, ...span, newText: '' };
}

function within(inner: Range | undefined, outer: Range | undefined): boolean {
  return Boolean(inner && outer && inner.start >= outer.start && inner.end <= outer.end);
}

/**
 * A blueprint's units, kept with the service models and groups they came from: typing in one
 * service changes one model, and the others' units are taken over without being looked at again.
 */
interface KeptFile {
  world: WorldStamp;
  /** What its units read. */
  reads: Set<string>;
  scopes: { groups: RenderGroup[]; services: RenderService[]; units: DeployUnit[] }[];
  units: DeployUnit[];
}
const keptFiles = new WeakMap<Workspace, Map<string, KeptFile>>();

function renderFileUnits(at: WorldCheck, f: YamlSourceFile): DeployUnit[] {
  const { workspace, world } = at;
  let byPath = keptFiles.get(workspace);
  const hit = byPath?.get(f.path);
  // Nothing the kept units read has changed: a service whose model and groups are the same keeps its unit.
  const kept = world && hit && at.unchanged(hit.world, hit.reads) ? hit : undefined;
  const found = renderServices(f);
  let same = kept !== undefined && kept.scopes.length === found.length;
  let keptUnits: Set<DeployUnit> | undefined;
  const reads = kept ? kept.reads : new Set<string>();
  // One scope (a blueprint without projects) is the file: its list of units is the file's.
  let units: DeployUnit[] = found.length === 1 ? [] : new Array<DeployUnit>(unitCount(found));
  let n = 0;
  const scopes: KeptFile['scopes'] = [];
  for (let i = 0; i < found.length; i++) {
    const { services, groups } = found[i];
    const old = kept?.scopes[i];
    const groupList = old !== undefined && sameValues(old.groups, groups) ? old.groups : [...groups.values()];
    const oldGroups = old !== undefined && old.groups === groupList;
    if (!oldGroups || old.services.length !== services.length) same = false;
    const scopeUnits = new Array<DeployUnit>(services.length);
    // The services before and after the edited ones are the same models, moved along when some were added or removed.
    const { p, q } = oldGroups ? sameEnds(services, old.services) : { p: 0, q: 0 };
    const moved = oldGroups ? old.services.length - services.length : 0;
    for (let j = 0; j < services.length; j++) {
      const s = services[j];
      let u = !oldGroups ? undefined : j < p ? old.units[j] : j >= services.length - q ? old.units[j + moved] : moved === 0 && old.services[j] === s ? old.units[j] : undefined;
      if (!u) {
        same = false;
        // Moved (a service inserted or removed above it): its kept unit, if the last assembly had it.
        const k = kept && renderUnits.get(s);
        if (k && sameGroups(k.inputs, f.path, groups, s) && (keptUnits ??= new Set(kept!.units)).has(k.unit)) u = k.unit;
        else {
          u = renderUnit(at, f.path, groups, s);
          for (const p of renderUnits.get(s)?.reads ?? []) reads.add(p);
        }
      }
      scopeUnits[j] = u;
      if (found.length > 1) units[n++] = u;
    }
    if (found.length === 1) units = scopeUnits;
    scopes.push({ groups: groupList, services, units: scopeUnits });
  }
  if (same) {
    kept!.world = world!;
    return kept!.units;
  }
  if (world) {
    if (!byPath) keptFiles.set(workspace, (byPath = new Map()));
    byPath.set(f.path, { world, reads, scopes, units });
  }
  return units;
}

function unitCount(scopes: readonly { services: readonly unknown[] }[]): number {
  let n = 0;
  for (const s of scopes) n += s.services.length;
  return n;
}

/** Whether `list` holds the map's values, in its order. */
function sameValues(list: readonly unknown[], map: ReadonlyMap<unknown, unknown>): boolean {
  if (list.length !== map.size) return false;
  let i = 0;
  for (const v of map.values()) if (v !== list[i++]) return false;
  return true;
}

/** Whether a kept Render unit's inputs are the blueprint's path and these groups (see `renderUnit`). */
function sameGroups(inputs: readonly unknown[], file: string, groups: Map<string, RenderGroup>, s: RenderService): boolean {
  const refs = s.groupRefs;
  if (inputs.length !== refs.length + 1 || inputs[0] !== file) return false;
  for (let i = 0; i < refs.length; i++) if (inputs[i + 1] !== groups.get(refs[i].name)) return false;
  return true;
}

/** Every deploy unit of the workspace (memoised until any config file changes; each unit is kept while its inputs are). */
export function deployUnits(workspace: Workspace): DeployUnit[] {
  return workspace.model('env.deployUnits', () => {
    const at = new WorldCheck(workspace);
    const lists: DeployUnit[][] = [];
    for (const f of workspace.filesOfKind('render')) if (f.format === 'yaml') lists.push(renderFileUnits(at, f));
    lists.push(composeUnits(at));
    // Typically one blueprint's units and no Compose unit, or the other way round: that list as it is.
    const full = lists.filter((l) => l.length > 0);
    if (full.length <= 1) return full[0] ?? [];
    const out: DeployUnit[] = [];
    for (const l of full) for (const u of l) out.push(u);
    return out;
  });
}
