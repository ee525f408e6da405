// Where production says which Python and Node it runs: Render blueprint variables (service and
// env groups), Dockerfiles (the final stage), version files, package.json engines and pyproject's
// requires-python. Each source carries the folder it applies to and its file range. Nothing from
// the workspace is executed; files are read through `workspace.fs`.
import * as path from 'node:path';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { isScalar } from 'yaml';
import { blueprint, workspaceBlueprints, type Blueprint, type EnvVar, type EnvVarGroup, type Field, type Service } from '../render/blueprint';
import { AUTHORITY, SOURCE_LABEL, type ProductionSourceKind } from './data';
import { dockerfileVersions } from './images';
import { parseRequirement, type Language, type VersionReq } from './spec';
import { nonProductionMatcher } from '../production';
import { keptIndex, sameItems, WorldCheck } from '../env/worldCheck';
import type { WorldStamp } from '../changeLog';
import type { EngineSettings, Range, Workspace, YamlSourceFile } from '../types';

export interface ProductionSource {
  language: Language;
  kind: ProductionSourceKind;
  file: string;
  /** Range of the version text. */
  range: Range;
  /** The version as written. */
  text: string;
  req: VersionReq;
  /** Folders (workspace-relative, '' = root) whose code this source describes. */
  dirs: string[];
  authority: number;
  /** For messages: `render.yaml PYTHON_VERSION 3.11.0`. */
  label: string;
}

const VERSION_VARS: Record<string, Language> = { PYTHON_VERSION: 'python', NODE_VERSION: 'node' };
const NO_CODE_TYPES = new Set(['keyvalue', 'redis']);

/** A scalar's text as written when plain (`3.10` must not become the float 3.1), else its value. */
export function scalarText(text: string, node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  if (node.type === 'PLAIN' && node.range) return text.slice(node.range[0], node.range[1]).trim();
  return String(node.value);
}

/** Range of a scalar's content, inside its quotes. */
export function scalarContentRange(text: string, node: unknown): Range | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  const [s, e] = node.range;
  if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') return { start: s + 1, end: Math.max(s + 1, e - 1) };
  if (node.type === 'PLAIN') {
    let end = e;
    while (end > s && /\s/.test(text[end - 1])) end--;
    return { start: s, end };
  }
  return undefined;
}

/**
 * Joined paths by base, then path: every service's folders are joined again whenever a blueprint
 * changes (on every keystroke in the editor), from a handful of distinct strings.
 */
const joined = new Map<string, Map<string, string | undefined>>();
const JOINED_KEPT = 10_000;
let joinedCount = 0;

function join(base: string, p: string): string | undefined {
  let byPath = joined.get(base);
  if (byPath?.has(p)) return byPath.get(p);
  if (joinedCount >= JOINED_KEPT) {
    joined.clear();
    joinedCount = 0;
    byPath = undefined;
  }
  if (!byPath) joined.set(base, (byPath = new Map()));
  const out = joinPaths(base, p);
  byPath.set(p, out);
  joinedCount++;
  return out;
}

function joinPaths(base: string, p: string): string | undefined {
  const j = path.posix.normalize(path.posix.join(base || '.', p.replace(/\\/g, '/')));
  if (j === '..' || j.startsWith('../') || path.posix.isAbsolute(j)) return undefined;
  return j === '.' ? '' : j.replace(/\/$/, '');
}

function dirOf(file: string): string {
  const d = path.posix.dirname(file);
  return d === '.' ? '' : d;
}

interface ServiceInfo {
  service: Service;
  file: YamlSourceFile;
  dir: string;
  runtime?: string;
  dockerfile?: string;
}

const str = (f: Field<string> | undefined) => f?.value;

/** What a service's info is without the file version: kept per service model while its folder's paths are unchanged. */
interface KeptInfo {
  world: WorldStamp;
  base: string;
  /** Paths probed (Dockerfile candidates). */
  reads: Set<string>;
  /** Undefined for a service without code here (a key-value store, another repository, a folder outside). */
  info: Omit<ServiceInfo, 'service' | 'file'> | undefined;
}
const keptInfos = new WeakMap<Service, KeptInfo>();

function serviceInfo(at: WorldCheck, base: string, s: Service): KeptInfo['info'] {
  const hit = keptInfos.get(s);
  if (at.world && hit && hit.base === base && at.unchanged(hit.world, hit.reads)) {
    hit.world = at.world;
    return hit.info;
  }
  const reads = new Set<string>();
  const info = readServiceInfo(at.workspace, base, s, reads);
  if (at.world) keptInfos.set(s, { world: at.world, base, reads, info });
  return info;
}

function readServiceInfo(workspace: Workspace, base: string, s: Service, reads: Set<string>): KeptInfo['info'] {
  const type = str(s.type);
  if ((type && NO_CODE_TYPES.has(type)) || str(s.repo)) return undefined;
  const runtime = str(s.runtime) ?? str(s.env);
  const rootDir = str(s.rootDir);
  const dir = rootDir !== undefined ? join(base, rootDir) : base;
  if (dir === undefined) return undefined;
  let dockerfile: string | undefined;
  if (runtime === 'docker') {
    const given = str(s.dockerfilePath);
    const ctxDir = str(s.dockerContext);
    // Render paths may be read against rootDir or the repository root: take whichever exists.
    const candidates = given !== undefined ? [join(dir, given), join(base, given)] : [join(ctxDir !== undefined ? (join(dir, ctxDir) ?? dir) : dir, 'Dockerfile'), join(dir, 'Dockerfile')];
    dockerfile = candidates.find((c): c is string => c !== undefined && (reads.add(c), workspace.fs.exists(c)));
  }
  return { dir, runtime, dockerfile };
}

/**
 * A blueprint's infos, kept with its services: a version whose services are the same objects at
 * the same places (all but the one being typed in) takes their infos over. An info reads the
 * blueprint's current version from the file's box, so it can outlive the version it was made in.
 */
interface KeptInfos {
  world: WorldStamp;
  reads: Set<string>;
  box: { file: YamlSourceFile };
  services: readonly Service[];
  /** Per service, its info (undefined for a service without code here). */
  perService: (ServiceInfo | undefined)[];
  infos: ServiceInfo[];
}
const keptBlueprintInfos = new WeakMap<Blueprint, KeptInfos>();
const keptByPath = new WeakMap<Workspace, Map<string, KeptInfos>>();

function blueprintInfos(at: WorldCheck, bp: Blueprint): ServiceInfo[] {
  const hit = keptBlueprintInfos.get(bp);
  // (A later version of the file has moved the box on: this one's infos are made again.)
  if (at.world && hit && hit.box.file === bp.file && at.unchanged(hit.world, hit.reads)) {
    hit.world = at.world;
    return hit.infos;
  }
  let byPath = keptByPath.get(at.workspace);
  const prev = byPath?.get(bp.file.path);
  const kept = at.world && prev && at.unchanged(prev.world, prev.reads) ? prev : undefined;
  const box = kept ? kept.box : { file: bp.file };
  box.file = bp.file;
  const base = dirOf(bp.file.path);
  const perService: (ServiceInfo | undefined)[] = [];
  const infos: ServiceInfo[] = [];
  const reads = kept ? kept.reads : new Set<string>();
  const services = bp.services;
  // The services before and after the edited ones are the same objects, moved along when some were added or removed.
  const from = keptIndex(services, kept?.services);
  for (let i = 0; i < services.length; i++) {
    const s = services[i];
    const was = from(i);
    let info: ServiceInfo | undefined;
    if (was >= 0) info = kept!.perService[was];
    else {
      const facts = serviceInfo(at, base, s);
      for (const p of keptInfos.get(s)?.reads ?? []) reads.add(p);
      info = facts && { service: s, get file() { return box.file; }, dir: facts.dir, runtime: facts.runtime, dockerfile: facts.dockerfile };
    }
    perService.push(info);
    if (info) infos.push(info);
  }
  const out: KeptInfos = { world: at.world!, reads, box, services, perService, infos };
  if (at.world) {
    keptBlueprintInfos.set(bp, out);
    if (!byPath) keptByPath.set(at.workspace, (byPath = new Map()));
    byPath.set(bp.file.path, out);
  }
  return infos;
}

/** The services of every blueprint with the folder of their code and, for Docker, their Dockerfile. */
/**
 * Which of a blueprint's infos build a Dockerfile, aligned with them: the infos before and after
 * the edited services are the same objects, and are not looked at again.
 */
const keptDocker = new WeakMap<Workspace, Map<string, { infos: readonly ServiceInfo[]; docker: boolean[] }>>();

function dockerInfos(workspace: Workspace, path: string, infos: readonly ServiceInfo[]): ServiceInfo[] {
  let byPath = keptDocker.get(workspace);
  if (!byPath) keptDocker.set(workspace, (byPath = new Map()));
  const was = byPath.get(path);
  const from = keptIndex(infos, was?.infos);
  const docker: boolean[] = [];
  const out: ServiceInfo[] = [];
  for (let i = 0; i < infos.length; i++) {
    const at = from(i);
    const yes = at >= 0 ? was!.docker[at] : infos[i].runtime === 'docker' && Boolean(infos[i].dockerfile);
    docker.push(yes);
    if (yes) out.push(infos[i]);
  }
  byPath.set(path, { infos, docker });
  return out;
}

/** The Render services that build a Dockerfile of the workspace, with it (memoised until any file changes). */
export function renderDockerInfos(workspace: Workspace): ServiceInfo[] {
  return workspace.model('versions.renderDockerServices', () => {
    const at = new WorldCheck(workspace);
    const out: ServiceInfo[] = [];
    for (const bp of workspaceBlueprints(workspace)) for (const info of dockerInfos(workspace, bp.file.path, blueprintInfos(at, bp))) out.push(info);
    return out;
  });
}

export function renderServiceInfos(workspace: Workspace): ServiceInfo[] {
  return workspace.model('versions.renderServices', () => {
    const at = new WorldCheck(workspace);
    const out: ServiceInfo[] = [];
    for (const bp of workspaceBlueprints(workspace)) for (const info of blueprintInfos(at, bp)) out.push(info);
    return out;
  });
}

function firstLine(text: string): { text: string; start: number } | undefined {
  let offset = 0;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const body = line.replace(/#.*$/, '').trim();
    if (body) return { text: body, start: offset + line.indexOf(body) };
    offset += raw.length + 1;
  }
  return undefined;
}

function source(kind: ProductionSourceKind, language: Language, file: string, range: Range, text: string, dirs: string[], label: string, authority = AUTHORITY[kind]): ProductionSource | undefined {
  const req = parseRequirement(text, language);
  return req ? { language, kind, file, range, text, req, dirs, authority, label } : undefined;
}

function versionFile(text: string | undefined, file: string): ProductionSource | undefined {
  const base = path.posix.basename(file);
  const kind: ProductionSourceKind | undefined = base === '.python-version' ? 'python-version-file' : base === '.node-version' ? 'node-version-file' : base === '.nvmrc' ? 'nvmrc' : base === 'runtime.txt' ? 'runtime-txt' : undefined;
  if (!kind) return undefined;
  const line = text === undefined ? undefined : firstLine(text);
  if (!line) return undefined;
  const language: Language = kind === 'python-version-file' || kind === 'runtime-txt' ? 'python' : 'node';
  if (kind === 'runtime-txt' && !/^python-/i.test(line.text)) return undefined;
  return source(kind, language, file, { start: line.start, end: line.start + line.text.length }, line.text, [dirOf(file)], `${file} ${line.text}`);
}

function enginesNode(text: string | undefined, file: string): ProductionSource | undefined {
  if (text === undefined || !text.includes('"engines"')) return undefined;
  const node = findNodeAtLocation(parseTree(text) ?? { type: 'null', offset: 0, length: 0 }, ['engines', 'node']);
  if (!node || node.type !== 'string' || typeof node.value !== 'string') return undefined;
  const range = { start: node.offset + 1, end: node.offset + node.length - 1 };
  return source('engines', 'node', file, range, node.value, [dirOf(file)], `${file} engines.node "${node.value}"`);
}

/** `requires-python` of `[project]`, or `python` of `[tool.poetry.dependencies]`. */
function requiresPython(text: string | undefined, file: string): ProductionSource | undefined {
  if (text === undefined) return undefined;
  let section = '';
  let offset = 0;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const header = /^\s*\[([^\]]+)\]\s*(#.*)?$/.exec(line);
    if (header) section = header[1].trim();
    const key = section === 'project' ? 'requires-python' : section === 'tool.poetry.dependencies' ? 'python' : undefined;
    const m = key ? new RegExp(`^\\s*${key.replace('-', '\\-')}\\s*=\\s*(["'])([^"']*)\\1`).exec(line) : null;
    if (m) {
      const start = offset + m[0].length - 1 - m[2].length;
      return source('requires-python', 'python', file, { start, end: start + m[2].length }, m[2], [dirOf(file)], `${file} ${key} "${m[2]}"`);
    }
    offset += raw.length + 1;
  }
  return undefined;
}

function dockerSources(text: string | undefined, file: string, dirs: string[], authority: number): ProductionSource[] {
  if (text === undefined) return [];
  const out: ProductionSource[] = [];
  for (const v of dockerfileVersions(text)) {
    // A version that came from an ARG default is pointed at on the FROM line.
    const s = source('dockerfile', v.language, file, v.range ?? v.stage.imageRange, v.text, dirs, `${file} FROM ${v.stage.resolved}`, authority);
    if (s) out.push(s);
  }
  return out;
}

const DOCKERFILE = /(^|\/)(Dockerfile([.-][^/]*)?|[^/]+\.Dockerfile)$/i;
const VERSION_FILES = /(^|\/)(\.python-version|\.node-version|\.nvmrc|runtime\.txt|package\.json|pyproject\.toml)$/;

/** A service's version variables (its own, then its groups' it does not set itself), kept per service model and group nodes. */
interface VersionVar {
  key: string;
  language: Language;
  node: unknown;
}
const keptVersionVars = new WeakMap<Service, { names: string[]; groups: unknown[]; vars: VersionVar[] }>();

function sameGroupNodes(names: readonly string[], nodes: readonly unknown[], groups: ReadonlyMap<string, EnvVarGroup>): boolean {
  for (let i = 0; i < names.length; i++) if (groups.get(names[i])?.node !== nodes[i]) return false;
  return true;
}

function versionVars(s: Service, groups: ReadonlyMap<string, EnvVarGroup>): VersionVar[] {
  const hit = keptVersionVars.get(s);
  // A group's model is rebuilt with every version of the file, its node only when its text changed.
  if (hit && sameGroupNodes(hit.names, hit.groups, groups)) return hit.vars;
  const own = s.envVars;
  const names: string[] = [];
  let entries: EnvVar[] = own;
  for (const ref of own) {
    const name = ref.fromGroup?.value;
    if (name === undefined) continue;
    names.push(name);
    const g = groups.get(name);
    if (!g) continue;
    if (entries === own) entries = [...own];
    for (const e of g.envVars) if (!own.some((o) => o.key?.value === e.key?.value)) entries.push(e);
  }
  const vars: VersionVar[] = [];
  for (const e of entries) {
    const key = e.key?.value;
    const language = key ? VERSION_VARS[key] : undefined;
    if (!language || !e.value) continue;
    vars.push({ key: key!, language, node: e.value.node });
  }
  keptVersionVars.set(s, { names, groups: names.map((n) => groups.get(n)?.node), vars });
  return vars;
}

/** Sources read from a file, kept with the text they were read from. */
const keptFileSources = new WeakMap<object, Map<string, { text: string | undefined; sources: ProductionSource[] }>>();

function fileSources(workspace: Workspace, key: string, file: string, read: (text: string | undefined) => ProductionSource[]): ProductionSource[] {
  let byKey = keptFileSources.get(workspace.fs);
  if (!byKey) keptFileSources.set(workspace.fs, (byKey = new Map()));
  const text = workspace.fs.readText(file);
  const hit = byKey.get(key);
  if (hit && hit.text === text) return hit.sources;
  const sources = read(text);
  byKey.set(key, { text, sources });
  return sources;
}

function keptDockerSources(workspace: Workspace, file: string, dir: string, authority: number): ProductionSource[] {
  return fileSources(workspace, `${file}\0${dir}\0${authority}`, file, (text) => dockerSources(text, file, [dir], authority));
}

/** The workspace's Dockerfiles and version files, per file list. */
const candidateFiles = new WeakMap<readonly string[], string[]>();

function candidatesOf(files: readonly string[]): string[] {
  let out = candidateFiles.get(files);
  if (!out) candidateFiles.set(files, (out = files.filter((f) => DOCKERFILE.test(f) || VERSION_FILES.test(f))));
  return out;
}

/** What a blueprint's services contribute, in service order: the Dockerfile a Docker service builds, or its version variables' sources. */
type DockerPart = { dockerfile: string; dir: string };
type RenderPart = DockerPart | ProductionSource;

/** Per blueprint's infos (the same array while the blueprint version and what it probed are): its part. */
const keptRenderParts = new WeakMap<readonly ServiceInfo[], RenderPart[]>();

/** What a service contributes before its variables' ranges are read: the Dockerfile it builds, its version variables, or nothing. */
type Contribution = DockerPart | readonly VersionVar[] | undefined;

/**
 * A blueprint's contributions aligned with its infos: an edit makes new infos of the edited
 * services only, and the others' contributions stand while the env groups are the same nodes, so
 * only the edited services are looked at (looking up hundreds of services' kept variables on every
 * keystroke cost more than all the rest).
 */
interface KeptParts {
  infos: readonly ServiceInfo[];
  contributions: Contribution[];
  /** The blueprint's groups, name and node in turn. */
  groups: unknown[];
}
const keptPartsByPath = new WeakMap<Workspace, Map<string, KeptParts>>();

function contributionOf(info: ServiceInfo, groups: ReadonlyMap<string, EnvVarGroup>): Contribution {
  if (info.runtime === 'docker') return info.dockerfile ? { dockerfile: info.dockerfile, dir: info.dir } : undefined;
  if (info.runtime === 'image') return undefined;
  const vars = versionVars(info.service, groups);
  return vars.length ? vars : undefined;
}

function groupItems(groups: ReadonlyMap<string, EnvVarGroup>): unknown[] {
  const out: unknown[] = [];
  for (const [name, g] of groups) out.push(name, g.node);
  return out;
}

function contributions(workspace: Workspace, infos: readonly ServiceInfo[], groupsOf: (file: YamlSourceFile) => ReadonlyMap<string, EnvVarGroup>): Contribution[] {
  if (!infos.length) return [];
  const file = infos[0].file;
  const groups = groupsOf(file);
  const items = groupItems(groups);
  let byPath = keptPartsByPath.get(workspace);
  if (!byPath) keptPartsByPath.set(workspace, (byPath = new Map()));
  const was = byPath.get(file.path);
  const out: Contribution[] = [];
  if (was && sameItems(was.groups, items)) {
    const from = keptIndex(infos, was.infos);
    for (let i = 0; i < infos.length; i++) {
      const at = from(i);
      out.push(at >= 0 ? was.contributions[at] : contributionOf(infos[i], groups));
    }
  } else for (const info of infos) out.push(contributionOf(info, groups));
  byPath.set(file.path, { infos, contributions: out, groups: items });
  return out;
}

function renderPart(workspace: Workspace, infos: readonly ServiceInfo[], groupsOf: (file: YamlSourceFile) => ReadonlyMap<string, EnvVarGroup>): RenderPart[] {
  const hit = keptRenderParts.get(infos);
  if (hit) return hit;
  const out: RenderPart[] = [];
  const seenRanges = new Map<string, ProductionSource>();
  const parts = contributions(workspace, infos, groupsOf);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (!part) continue;
    if (!Array.isArray(part)) {
      out.push(part as DockerPart);
      continue;
    }
    const info = infos[i];
    // PYTHON_VERSION / NODE_VERSION choose nothing in a Docker service: only other services have variables here.
    for (const v of part as readonly VersionVar[]) {
      const text = scalarText(info.file.text, v.node);
      const range = scalarContentRange(info.file.text, v.node);
      if (text === undefined || !range) continue;
      const id = `${info.file.path}:${range.start}`;
      const seen = seenRanges.get(id);
      if (seen) {
        if (!seen.dirs.includes(info.dir)) seen.dirs.push(info.dir);
        continue;
      }
      const s = source('render-env', v.language, info.file.path, range, text, [info.dir], `${info.file.path} ${v.key} ${text}`);
      if (s) {
        seenRanges.set(id, s);
        out.push(s);
      }
    }
  }
  keptRenderParts.set(infos, out);
  return out;
}

/** Every production version source of the workspace (memoised until any file changes; each file's and service's part kept while it is unchanged). */
export function productionSources(workspace: Workspace, settings: EngineSettings): ProductionSource[] {
  return workspace.model('versions.production', () => {
    const nonProduction = nonProductionMatcher(settings);
    const out: ProductionSource[] = [];
    const usedDockerfiles = new Set<string>();
    // A blueprint's groups by name, the first of a name (in every scope: a service's reference is looked up among all).
    const groupsByFile = new Map<YamlSourceFile, Map<string, EnvVarGroup>>();
    const groupsOf = (file: YamlSourceFile): ReadonlyMap<string, EnvVarGroup> => {
      let byName = groupsByFile.get(file);
      if (!byName) {
        byName = new Map<string, EnvVarGroup>();
        for (const g of blueprint(file)?.envVarGroups ?? []) {
          const name = g.name?.value;
          if (name !== undefined && !byName.has(name)) byName.set(name, g);
        }
        groupsByFile.set(file, byName);
      }
      return byName;
    };
    const at = new WorldCheck(workspace);
    for (const bp of workspaceBlueprints(workspace)) {
      for (const part of renderPart(workspace, blueprintInfos(at, bp), groupsOf)) {
        if (!('dockerfile' in part)) {
          out.push(part);
          continue;
        }
        if (usedDockerfiles.has(part.dockerfile)) continue;
        usedDockerfiles.add(part.dockerfile);
        // What Render builds is what runs: above every other source of that folder.
        out.push(...keptDockerSources(workspace, part.dockerfile, part.dir, AUTHORITY['render-env'] + 5));
      }
    }
    for (const file of candidatesOf(workspace.fs.listFiles())) {
      if (DOCKERFILE.test(file)) {
        if (!usedDockerfiles.has(file) && !nonProduction(file)) out.push(...keptDockerSources(workspace, file, dirOf(file), AUTHORITY.dockerfile));
        continue;
      }
      const base = path.posix.basename(file);
      const s = fileSources(workspace, file, file, (text) => {
        const one = base === 'package.json' ? enginesNode(text, file) : base === 'pyproject.toml' ? requiresPython(text, file) : versionFile(text, file);
        return one ? [one] : [];
      });
      for (const x of s) out.push(x);
    }
    return out;
  });
}

export function sourceLabel(s: ProductionSource): string {
  return SOURCE_LABEL[s.kind];
}
