// A typed model of one render.yaml (Render Blueprint), read from the yaml AST so every value keeps
// the exact range of its key and value. Memoised per file version: `blueprint(file)`.
//
//   const bp = blueprint(file);               // undefined when the root is not a mapping
//   for (const s of bp.services) s.name?.value, s.type?.value, s.plan?.valueRange, s.location
//   for (const d of bp.databases) d.plan?.value, d.ipAllowList
//   for (const g of bp.envVarGroups) g.envVars
//   s.envVars[i].fromDatabase?.name?.value   // each entry: key, value, sync, generateValue,
//                                            // fromDatabase, fromService, fromGroup
//
// A `Field<T>` holds `value` (undefined when the YAML value has another type than T, e.g. a map
// where a string belongs; `raw` is then the node's JS value), `keyRange`, `valueRange` (the key's
// range when the value is empty), `pair` and the value `node` (aliases resolved). Resources under
// `projects[].environments[]` are listed with the root ones; `location` tells where each lives.
// `fields` keeps every key of a resource, including ones the model does not name. What the spec
// allows (keys, enums, deprecated names) is data in ./spec.ts; this file only reads the shape.
import { isMap, isScalar, type Document } from 'yaml';
import { documentShape, mergedMaps } from '../yaml/resolve';
import { deref, keyRange, mapPairs, nodeRange, pairKey, rootMap, seqItems, type AnyPair, type YAMLMap } from '../yaml/ast';
import type { Range, Workspace, YamlSourceFile } from '../types';
import { keptIndex } from '../env/worldCheck';

export interface Field<T> {
  key: string;
  value: T | undefined;
  /** The scalar's JS value (string, number, boolean, null), or undefined for a collection. */
  raw: unknown;
  node: unknown;
  pair: AnyPair;
  keyRange: Range;
  valueRange: Range;
}

/** Where a resource is defined: at the root, or in `projects[p].environments[e]`. */
export type Location =
  | { scope: 'root' }
  | { scope: 'environment'; project: string | undefined; environment: string | undefined; projectIndex: number; environmentIndex: number; environmentNode: YAMLMap };

export interface FromDatabase {
  field: Field<unknown>;
  name?: Field<string>;
  property?: Field<string>;
}

export interface FromService {
  field: Field<unknown>;
  type?: Field<string>;
  name?: Field<string>;
  property?: Field<string>;
  envVarKey?: Field<string>;
}

export interface EnvVar {
  node: YAMLMap;
  range: Range;
  fields: Map<string, Field<unknown>>;
  key?: Field<string>;
  value?: Field<unknown>;
  sync?: Field<boolean>;
  generateValue?: Field<boolean>;
  fromDatabase?: FromDatabase;
  fromService?: FromService;
  fromGroup?: Field<string>;
}

interface Resource {
  node: YAMLMap;
  /** The whole list item. */
  range: Range;
  location: Location;
  /** Every key of the mapping (own keys first, then `<<` merged ones not overridden). */
  fields: Map<string, Field<unknown>>;
  name?: Field<string>;
  plan?: Field<string>;
  region?: Field<string>;
  ipAllowList?: IpAllowList;
}

export interface IpAllowList {
  field: Field<unknown>;
  entries: { node: YAMLMap; range: Range; source?: Field<string>; description?: Field<string> }[];
}

export interface Disk {
  field: Field<unknown>;
  name?: Field<string>;
  mountPath?: Field<string>;
  sizeGB?: Field<number>;
}

export interface Scaling {
  field: Field<unknown>;
  minInstances?: Field<number>;
  maxInstances?: Field<number>;
  targetCPUPercent?: Field<number>;
  targetMemoryPercent?: Field<number>;
}

export interface Service extends Resource {
  kind: 'service';
  type?: Field<string>;
  runtime?: Field<string>;
  /** Deprecated name of `runtime`. */
  env?: Field<string>;
  repo?: Field<string>;
  rootDir?: Field<string>;
  dockerfilePath?: Field<string>;
  dockerContext?: Field<string>;
  dockerCommand?: Field<string>;
  buildCommand?: Field<string>;
  startCommand?: Field<string>;
  preDeployCommand?: Field<string>;
  healthCheckPath?: Field<string>;
  numInstances?: Field<number>;
  scaling?: Scaling;
  disk?: Disk;
  /** Items of `domains:`. */
  domains: Field<string>[];
  domainsField?: Field<unknown>;
  autoDeploy?: Field<boolean>;
  autoDeployTrigger?: Field<string>;
  buildFilter?: { field: Field<unknown>; paths: Field<string>[]; ignoredPaths: Field<string>[] };
  envVarsField?: Field<unknown>;
  envVars: EnvVar[];
}

export interface Database extends Resource {
  kind: 'database';
  postgresMajorVersion?: Field<string>;
  databaseName?: Field<string>;
  user?: Field<string>;
  diskSizeGB?: Field<number>;
  connectionPool?: Field<string>;
  readReplicas?: Field<unknown>;
}

export interface EnvVarGroup {
  kind: 'envVarGroup';
  node: YAMLMap;
  range: Range;
  location: Location;
  fields: Map<string, Field<unknown>>;
  name?: Field<string>;
  envVarsField?: Field<unknown>;
  envVars: EnvVar[];
}

export interface Environment {
  node: YAMLMap;
  fields: Map<string, Field<unknown>>;
  name?: Field<string>;
  location: Extract<Location, { scope: 'environment' }>;
}

export interface Project {
  node: YAMLMap;
  fields: Map<string, Field<unknown>>;
  name?: Field<string>;
  environments: Environment[];
}

export interface Blueprint {
  file: YamlSourceFile;
  root: YAMLMap;
  /** Root keys. */
  fields: Map<string, Field<unknown>>;
  /** Root and project-environment services, in file order per scope (root first). */
  services: Service[];
  databases: Database[];
  envVarGroups: EnvVarGroup[];
  projects: Project[];
  previews?: Field<unknown>;
}

/**
 * A field's ranges are read from its nodes when asked, not copied: an edit elsewhere in the file
 * moves the nodes of an unchanged service (parse/incremental), and its model, kept per node
 * (`serviceOf`), stays right.
 */
class LiveField<T> implements Field<T> {
  constructor(
    readonly key: string,
    readonly value: T | undefined,
    readonly raw: unknown,
    readonly node: unknown,
    readonly pair: AnyPair,
    /** The node whose range is the value's: the pair's value, or a list item. */
    private readonly valueNode: unknown,
    /** The node whose range is the key's (a list item's field keeps its list's key). */
    private readonly keyNode: unknown,
  ) {}

  get keyRange(): Range {
    return nodeRange(this.keyNode)!;
  }

  get valueRange(): Range {
    return nodeRange(this.valueNode) ?? this.keyRange;
  }

  /** The same field with its value converted. */
  as<U>(value: U | undefined): LiveField<U> {
    return new LiveField(this.key, value, this.raw, this.node, this.pair, this.valueNode, this.keyNode);
  }
}

/** Defines `range` on a model object as the node's current range. */
function liveRange<O extends object>(o: O, node: unknown): O & { range: Range } {
  return Object.defineProperty(o, 'range', { get: () => nodeRange(node)!, enumerable: true }) as O & { range: Range };
}

/** Root services by their list item, while the document has no aliases (a service is then its own subtree). */
const services = new WeakMap<object, Service>();
/** A root services list's items and their models as last read, by the list's node. */
const lastServices = new WeakMap<object, { items: unknown[]; models: (Service | undefined)[] }>();

type Conv<T> = (raw: unknown) => T | undefined;
const asString: Conv<string> = (v) => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);
const asNumber: Conv<number> = (v) => (typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : undefined);
const asBoolean: Conv<boolean> = (v) => (typeof v === 'boolean' ? v : undefined);
const asAny: Conv<unknown> = (v) => v;

class Reader {
  constructor(readonly doc: Document) {}

  /** Every key of a mapping as a Field (own keys win over `<<` merged keys). */
  fields(node: unknown): Map<string, Field<unknown>> {
    const out = new Map<string, Field<unknown>>();
    for (const map of mergedMaps(node, this.doc)) {
      for (const pair of mapPairs(map)) {
        const key = pairKey(pair);
        if (key === undefined || key === '<<' || out.has(key)) continue;
        const f = this.field(pair, key, asAny);
        if (f) out.set(key, f);
      }
    }
    return out;
  }

  field<T>(pair: AnyPair, key: string, conv: Conv<T>): Field<T> | undefined {
    if (!keyRange(pair)) return undefined;
    const node = deref(pair.value, this.doc);
    const raw = isScalar(node) ? node.value : undefined;
    return new LiveField(key, isScalar(node) ? conv(raw) : undefined, raw, node, pair, pair.value, pair.key);
  }

  typed<T>(fields: Map<string, Field<unknown>>, key: string, conv: Conv<T>): Field<T> | undefined {
    const f = fields.get(key) as LiveField<unknown> | undefined;
    return f ? f.as(isScalar(f.node) ? conv(f.raw) : undefined) : undefined;
  }

  str = (fields: Map<string, Field<unknown>>, key: string) => this.typed(fields, key, asString);
  num = (fields: Map<string, Field<unknown>>, key: string) => this.typed(fields, key, asNumber);
  bool = (fields: Map<string, Field<unknown>>, key: string) => this.typed(fields, key, asBoolean);

  /** Items of a sequence, aliases resolved. */
  items(node: unknown): unknown[] {
    return seqItems(deref(node, this.doc)).map((i) => deref(i, this.doc));
  }

  /** Scalar items of a list as fields whose key is the list's key (ranges are the item's). */
  scalarItems(parent: Field<unknown> | undefined): Field<string>[] {
    if (!parent) return [];
    const out: Field<string>[] = [];
    for (const item of seqItems(parent.node)) {
      const node = deref(item, this.doc);
      if (!nodeRange(item) || !isScalar(node)) continue;
      out.push(new LiveField(parent.key, asString(node.value), node.value, node, parent.pair, item, parent.pair.key));
    }
    return out;
  }

  ipAllowList(fields: Map<string, Field<unknown>>): IpAllowList | undefined {
    const field = fields.get('ipAllowList');
    if (!field) return undefined;
    const entries: IpAllowList['entries'] = [];
    for (const item of seqItems(field.node)) {
      const node = deref(item, this.doc);
      if (!isMap(node) || !nodeRange(item)) continue;
      const f = this.fields(node);
      entries.push(liveRange({ node, source: this.str(f, 'source'), description: this.str(f, 'description') }, item));
    }
    return { field, entries };
  }

  envVars(field: Field<unknown> | undefined): EnvVar[] {
    const out: EnvVar[] = [];
    if (!field) return out;
    for (const item of seqItems(field.node)) {
      const node = deref(item, this.doc);
      if (!isMap(node) || !nodeRange(item)) continue;
      const f = this.fields(node);
      const db = f.get('fromDatabase');
      const svc = f.get('fromService');
      const dbFields = db && isMap(db.node) ? this.fields(db.node) : undefined;
      const svcFields = svc && isMap(svc.node) ? this.fields(svc.node) : undefined;
      // An accessor written in the object (one per env var, the most numerous model object): defineProperty cost far more.
      out.push({
        node, fields: f,
        key: this.str(f, 'key'), value: f.get('value'), sync: this.bool(f, 'sync'), generateValue: this.bool(f, 'generateValue'),
        fromDatabase: db ? { field: db, name: dbFields && this.str(dbFields, 'name'), property: dbFields && this.str(dbFields, 'property') } : undefined,
        fromService: svc
          ? { field: svc, type: svcFields && this.str(svcFields, 'type'), name: svcFields && this.str(svcFields, 'name'), property: svcFields && this.str(svcFields, 'property'), envVarKey: svcFields && this.str(svcFields, 'envVarKey') }
          : undefined,
        fromGroup: this.str(f, 'fromGroup'),
        get range(): Range {
          return nodeRange(item)!;
        },
      });
    }
    return out;
  }

  service(node: YAMLMap, item: unknown, location: Location): Service {
    const f = this.fields(node);
    const s = (k: string) => this.str(f, k);
    const diskField = f.get('disk');
    const diskF = diskField && isMap(diskField.node) ? this.fields(diskField.node) : undefined;
    const scalingField = f.get('scaling');
    const scalingF = scalingField && isMap(scalingField.node) ? this.fields(scalingField.node) : undefined;
    const filterField = f.get('buildFilter');
    const filterF = filterField && isMap(filterField.node) ? this.fields(filterField.node) : undefined;
    const domainsField = f.get('domains');
    const envVarsField = f.get('envVars');
    return liveRange({
      kind: 'service' as const, node, location, fields: f,
      name: s('name'), type: s('type'), runtime: s('runtime'), env: s('env'), plan: s('plan'), region: s('region'), repo: s('repo'),
      rootDir: s('rootDir'), dockerfilePath: s('dockerfilePath'), dockerContext: s('dockerContext'), dockerCommand: s('dockerCommand'),
      buildCommand: s('buildCommand'), startCommand: s('startCommand'), preDeployCommand: s('preDeployCommand'), healthCheckPath: s('healthCheckPath'),
      numInstances: this.num(f, 'numInstances'),
      scaling: scalingField
        ? { field: scalingField, minInstances: scalingF && this.num(scalingF, 'minInstances'), maxInstances: scalingF && this.num(scalingF, 'maxInstances'), targetCPUPercent: scalingF && this.num(scalingF, 'targetCPUPercent'), targetMemoryPercent: scalingF && this.num(scalingF, 'targetMemoryPercent') }
        : undefined,
      disk: diskField ? { field: diskField, name: diskF && this.str(diskF, 'name'), mountPath: diskF && this.str(diskF, 'mountPath'), sizeGB: diskF && this.num(diskF, 'sizeGB') } : undefined,
      domains: this.scalarItems(domainsField), domainsField,
      ipAllowList: this.ipAllowList(f),
      autoDeploy: this.bool(f, 'autoDeploy'), autoDeployTrigger: s('autoDeployTrigger'),
      buildFilter: filterField ? { field: filterField, paths: this.scalarItems(filterF?.get('paths')), ignoredPaths: this.scalarItems(filterF?.get('ignoredPaths')) } : undefined,
      envVarsField, envVars: this.envVars(envVarsField),
    }, item);
  }

  database(node: YAMLMap, item: unknown, location: Location): Database {
    const f = this.fields(node);
    const s = (k: string) => this.str(f, k);
    return liveRange({
      kind: 'database' as const, node, location, fields: f,
      name: s('name'), plan: s('plan'), region: s('region'), ipAllowList: this.ipAllowList(f),
      postgresMajorVersion: s('postgresMajorVersion'), databaseName: s('databaseName'), user: s('user'),
      diskSizeGB: this.num(f, 'diskSizeGB'), connectionPool: s('connectionPool'), readReplicas: f.get('readReplicas'),
    }, item);
  }

  group(node: YAMLMap, item: unknown, location: Location): EnvVarGroup {
    const f = this.fields(node);
    const envVarsField = f.get('envVars');
    return liveRange({ kind: 'envVarGroup' as const, node, location, fields: f, name: this.str(f, 'name'), envVarsField, envVars: this.envVars(envVarsField) }, item);
  }

  /** Map items of the list under `key`, with the list item (whose range is the resource's). */
  maps(fields: Map<string, Field<unknown>>, key: string): { node: YAMLMap; item: unknown }[] {
    const out: { node: YAMLMap; item: unknown }[] = [];
    const field = fields.get(key);
    if (!field) return out;
    for (const item of seqItems(field.node)) {
      const node = deref(item, this.doc);
      if (isMap(node) && nodeRange(item)) out.push({ node, item });
    }
    return out;
  }

  /** The model of a root service's list item, kept with its node; undefined for an item that is no service. */
  keptService(item: unknown, location: Location): Service | undefined {
    const node = deref(item, this.doc);
    if (!isMap(node) || !nodeRange(item)) return undefined;
    let s = services.get(node);
    if (!s) services.set(node, (s = this.service(node, item, location)));
    return s;
  }

  /**
   * Root services without aliases in the document: each is its own subtree, its model kept with
   * its node, and the list's items with their models as last read are kept with the list's node
   * (an edit splices the re-parsed services into the same list), so the services before and after
   * the edited ones are taken over without a look-up each.
   */
  rootServices(fields: Map<string, Field<unknown>>, location: Location, bp: Blueprint): void {
    const list = fields.get('services')?.node;
    const items = seqItems(list);
    const was = list !== null && typeof list === 'object' ? lastServices.get(list) : undefined;
    const from = keptIndex(items, was?.items);
    const models = new Array<Service | undefined>(items.length);
    for (let i = 0; i < items.length; i++) {
      const at = from(i);
      const s = at >= 0 ? was!.models[at] : this.keptService(items[i], location);
      models[i] = s;
      if (s) bp.services.push(s);
    }
    if (list !== null && typeof list === 'object') lastServices.set(list, { items: items.slice(), models });
  }

  /** services, databases and envVarGroups of one scope (root or an environment). */
  scope(fields: Map<string, Field<unknown>>, location: Location, bp: Blueprint, reuse: boolean): void {
    if (reuse) this.rootServices(fields, location, bp);
    else for (const { node, item } of this.maps(fields, 'services')) bp.services.push(this.service(node, item, location));
    for (const { node, item } of this.maps(fields, 'databases')) bp.databases.push(this.database(node, item, location));
    for (const { node, item } of this.maps(fields, 'envVarGroups')) bp.envVarGroups.push(this.group(node, item, location));
  }
}

const ROOT: Location = { scope: 'root' };

function build(file: YamlSourceFile): Blueprint | undefined {
  const root = rootMap(file);
  const doc = file.docs[0];
  if (!root || !doc) return undefined;
  const r = new Reader(doc);
  const fields = r.fields(root);
  const bp: Blueprint = { file, root, fields, services: [], databases: [], envVarGroups: [], projects: [], previews: fields.get('previews') };
  r.scope(fields, ROOT, bp, documentShape(doc).targets.size === 0);
  r.maps(fields, 'projects').forEach(({ node }, projectIndex) => {
    const pf = r.fields(node);
    const project: Project = { node, fields: pf, name: r.str(pf, 'name'), environments: [] };
    bp.projects.push(project);
    r.maps(pf, 'environments').forEach(({ node: envNode }, environmentIndex) => {
      const ef = r.fields(envNode);
      const name = r.str(ef, 'name');
      const location = { scope: 'environment' as const, project: project.name?.value, environment: name?.value, projectIndex, environmentIndex, environmentNode: envNode };
      project.environments.push({ node: envNode, fields: ef, name, location });
      r.scope(ef, location, bp, false);
    });
  });
  return bp;
}

/** The blueprint model of a render.yaml (memoised per file version); undefined when the root is not a mapping. */
export function blueprint(file: YamlSourceFile): Blueprint | undefined {
  return file.model('render-blueprint', () => build(file));
}

/** True when two resources live in the same scope (references resolve within one scope). */
export function sameScope(a: Location, b: Location): boolean {
  if (a.scope === 'root' || b.scope === 'root') return a.scope === b.scope;
  return a.environmentNode === b.environmentNode;
}

/** Human-readable place of a resource, for messages: "root" or "project X, environment Y". */
export function describeLocation(l: Location): string {
  if (l.scope === 'root') return 'the root';
  return `project ${l.project ?? `#${l.projectIndex + 1}`}, environment ${l.environment ?? `#${l.environmentIndex + 1}`}`;
}

/** Every blueprint in the workspace (files of kind `render` that parse to a mapping), in path order. */
export function workspaceBlueprints(workspace: Workspace): Blueprint[] {
  return workspace.model('render-blueprints', () => {
    const out: Blueprint[] = [];
    for (const f of workspace.filesOfKind('render')) {
      if (f.format !== 'yaml') continue;
      const bp = blueprint(f);
      if (bp) out.push(bp);
    }
    return out.sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0));
  });
}
