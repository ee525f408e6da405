// A typed view of one Compose file that keeps the YAML node (and so the exact range) of every
// value, with YAML aliases and `<<` merge keys followed (bounded, linear: yaml/resolve).
// Field meanings follow the Compose Specification (compose-spec/compose-spec `05-services.md`).
// The model is memoised per file version; project-level questions (override files, `extends`
// into other files) are answered by ./project.
import { isMap, isScalar, isSeq, type Document } from 'yaml';
import { documentShape, mergedMaps, resolveAlias } from '../yaml/resolve';
import { mapPairs, nodeRange, pairKey, rootMap, seqItems, type AnyPair, type YAMLMap } from '../yaml/ast';
import type { Range, YamlSourceFile } from '../types';

/** A scalar value with its node; `text` is the value as a string (numbers and booleans included). */
export interface ComposeScalar {
  text: string;
  node: unknown;
  range: Range;
}

export interface ComposeEnvVar {
  key: string;
  keyRange: Range;
  /** null for `- KEY` / `KEY:` (taken from the shell). */
  value: string | null;
  node: unknown;
  form: 'list' | 'map';
}

export interface ComposeEnvFile {
  path: string;
  range: Range;
  required: boolean;
}

export interface ComposeDependency {
  service: string;
  /** Range of the service name (a list item, or the key in the long form). */
  range: Range;
  form: 'short' | 'long';
  condition?: ComposeScalar;
  /** False for `required: false` (Compose ignores the dependency when the service is absent). */
  required: boolean;
  /** The list item (short form) or the pair (long form). */
  node: unknown;
}

export interface ComposePort {
  /** The list item: a scalar (short syntax) or a map (long syntax). */
  node: unknown;
  range: Range;
  long: boolean;
  /** Host IP as written (`127.0.0.1`, `[::1]`, `::`), absent when none is given. */
  hostIp?: string;
  /** Empty when the host port is left to Docker (`"5432"`, `"127.0.0.1::5432"`). */
  published: string;
  target: string;
  protocol?: string;
}

export interface ComposeVolumeMount {
  node: unknown;
  range: Range;
  type: 'bind' | 'volume' | 'tmpfs' | 'other';
  /** Host path (bind) or volume name (volume); absent for anonymous volumes. */
  source?: string;
  target?: string;
}

export interface ComposeService {
  name: string;
  nameRange: Range;
  /** The `name: {...}` pair under `services`. */
  pair: AnyPair;
  /** The service's own map (after following an alias), or undefined for `name:` with no body. */
  map: YAMLMap | undefined;
  /** The own map then every `<<` source, in lookup order. */
  maps: YAMLMap[];
  image?: ComposeScalar;
  build?: { node: unknown; context?: ComposeScalar; dockerfile?: ComposeScalar; inline: boolean };
  restart?: ComposeScalar;
  privileged?: ComposeScalar;
  networkMode?: ComposeScalar;
  pid?: ComposeScalar;
  capAdd: ComposeScalar[];
  securityOpt: ComposeScalar[];
  environment: ComposeEnvVar[];
  /** The `environment` node itself (list or map), for fixes that add entries. */
  environmentNode?: unknown;
  envFiles: ComposeEnvFile[];
  dependsOn: ComposeDependency[];
  dependsOnPair?: AnyPair;
  healthcheck?: { node: unknown; disabled: boolean };
  ports: ComposePort[];
  volumes: ComposeVolumeMount[];
  links: ComposeScalar[];
  volumesFrom: ComposeScalar[];
  secrets: ComposeScalar[];
  networks: ComposeScalar[];
  extends?: { service: ComposeScalar; file?: ComposeScalar };
  profiles: string[];
  command?: ComposeScalar;
  deployRestartPolicy: boolean;
  /** Looks a key up in the service's own map then its merge sources (the pair that wins). */
  get(key: string): AnyPair | undefined;
}

export interface ComposeFileModel {
  file: YamlSourceFile;
  services: ComposeService[];
  byName: Map<string, ComposeService>;
  /** Names declared at the top level. */
  volumes: Set<string>;
  networks: Set<string>;
  secrets: Set<string>;
  configs: Set<string>;
  /** Paths listed under the top-level `include:` (as written, relative to this file). */
  includes: ComposeScalar[];
  /**
   * The document has YAML aliases, so services may share nodes: a rule that reports a node once
   * must then meet the services in file order in one pass. Without them a node belongs to one
   * service, and such a rule can check services apart (`meta.perService` with `checkAcross`).
   */
  aliases: boolean;
}

/**
 * Defines `prop` on a model object as the current range of `node`: ranges are read from the nodes
 * when asked, not copied, so an edit elsewhere in the file (which moves an unchanged service's
 * nodes, parse/incremental) leaves the service's model, kept per node, right.
 */
function live<O extends object>(o: O, node: unknown): O & { range: Range } {
  return liveAs(o, 'range', () => nodeRange(node)!);
}

function liveAs<O extends object, K extends string>(o: O, prop: K, get: () => Range): O & Record<K, Range> {
  return Object.defineProperty(o, prop, { enumerable: true, get }) as O & Record<K, Range>;
}

function scalar(node: unknown, doc: Document): ComposeScalar | undefined {
  const n = resolveAlias(node, doc);
  if (!isScalar(n) || n.value === null || n.value === undefined) return undefined;
  if (!nodeRange(n)) return undefined;
  // The most common model object: an accessor in a literal costs far less than defineProperty.
  const at = n;
  return {
    text: String(n.value),
    node: at,
    get range(): Range {
      return nodeRange(at)!;
    },
  };
}

function scalars(node: unknown, doc: Document): ComposeScalar[] {
  const n = resolveAlias(node, doc);
  if (isSeq(n)) return n.items.map((i) => scalar(i, doc)).filter((s): s is ComposeScalar => s !== undefined);
  const one = scalar(n, doc);
  return one ? [one] : [];
}

/** The pair for `key` in the first of `maps` that has it (YAML merge precedence). */
function lookup(maps: YAMLMap[], key: string): AnyPair | undefined {
  for (const m of maps) for (const p of m.items as AnyPair[]) if (pairKey(p) === key) return p;
  return undefined;
}

function valueOf(maps: YAMLMap[], key: string, doc: Document): unknown {
  return resolveAlias(lookup(maps, key)?.value, doc);
}

/** Keys of a map with merges followed (each once). */
function mergedPairs(node: unknown, doc: Document): AnyPair[] {
  const out: AnyPair[] = [];
  const seen = new Set<string>();
  for (const m of mergedMaps(node, doc)) {
    for (const p of m.items as AnyPair[]) {
      const k = pairKey(p);
      if (k === undefined || k === '<<' || seen.has(k)) continue;
      seen.add(k);
      out.push(p);
    }
  }
  return out;
}

function environment(node: unknown, doc: Document): ComposeEnvVar[] {
  const env = resolveAlias(node, doc);
  const out: ComposeEnvVar[] = [];
  if (isMap(env)) {
    for (const p of mergedPairs(env, doc)) {
      if (!nodeRange(p.key)) continue;
      const v = resolveAlias(p.value, doc);
      const value = isScalar(v) && v.value !== null && v.value !== undefined ? String(v.value) : null;
      out.push({
        key: pairKey(p)!, value, node: p as unknown, form: 'map' as const,
        get keyRange(): Range {
          return nodeRange(p.key)!;
        },
      });
    }
  }
  for (const item of seqItems(env)) {
    const s = scalar(item, doc);
    if (!s) continue;
    const eq = s.text.indexOf('=');
    const key = eq < 0 ? s.text : s.text.slice(0, eq);
    const quoted = isScalar(s.node) && (s.node.type === 'QUOTE_DOUBLE' || s.node.type === 'QUOTE_SINGLE') ? 1 : 0;
    const at = s.node;
    out.push({
      key, value: eq < 0 ? null : s.text.slice(eq + 1), node: at, form: 'list' as const,
      get keyRange(): Range {
        const start = nodeRange(at)!.start + quoted;
        return { start, end: start + key.length };
      },
    });
  }
  return out;
}

function envFiles(node: unknown, doc: Document): ComposeEnvFile[] {
  const n = resolveAlias(node, doc);
  const items = isSeq(n) ? n.items : [n];
  const out: ComposeEnvFile[] = [];
  for (const item of items) {
    const i = resolveAlias(item, doc);
    if (isMap(i)) {
      const path = scalar(lookup([i], 'path')?.value, doc);
      const required = scalar(lookup([i], 'required')?.value, doc);
      if (path) out.push(live({ path: path.text, required: required?.text !== 'false' }, path.node));
      continue;
    }
    const s = scalar(i, doc);
    if (s) out.push(live({ path: s.text, required: true }, s.node));
  }
  return out;
}

function dependsOn(node: unknown, doc: Document): ComposeDependency[] {
  const n = resolveAlias(node, doc);
  const out: ComposeDependency[] = [];
  for (const item of seqItems(n)) {
    const s = scalar(item, doc);
    if (!s) continue;
    const at = s.node;
    out.push({ service: s.text, form: 'short' as const, required: true, node: at, get range(): Range { return nodeRange(at)!; } });
  }
  if (isMap(n)) {
    for (const p of mergedPairs(n, doc)) {
      if (!nodeRange(p.key)) continue;
      const body = resolveAlias(p.value, doc);
      const condition = isMap(body) ? scalar(lookup([body], 'condition')?.value, doc) : undefined;
      const required = isMap(body) ? scalar(lookup([body], 'required')?.value, doc)?.text !== 'false' : true;
      out.push({ service: pairKey(p)!, form: 'long' as const, condition, required, node: p as unknown, get range(): Range { return nodeRange(p.key)!; } });
    }
  }
  return out;
}

/** Splits on `sep`, except inside `${...}` (`${PORT:-5432}:5432` has two parts). */
export function splitOutsideBraces(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '$' && s[i + 1] === '{') {
      depth++;
      i++;
    } else if (s[i] === '}' && depth > 0) depth--;
    else if (s[i] === sep && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

/** Splits a short port spec (`[IP:][HOST:]CONTAINER[/PROTO]`) the way Docker does: the IP is everything before the last two parts. */
export function parseShortPort(spec: string): { hostIp?: string; published: string; target: string; protocol?: string } {
  const slash = spec.lastIndexOf('/');
  const protocol = slash >= 0 ? spec.slice(slash + 1) : undefined;
  const body = slash >= 0 ? spec.slice(0, slash) : spec;
  const parts = splitOutsideBraces(body, ':');
  const n = parts.length;
  if (n === 1) return { published: '', target: parts[0], protocol };
  if (n === 2) return { published: parts[0], target: parts[1], protocol };
  return { hostIp: parts.slice(0, n - 2).join(':'), published: parts[n - 2], target: parts[n - 1], protocol };
}

function ports(node: unknown, doc: Document): ComposePort[] {
  const out: ComposePort[] = [];
  for (const item of seqItems(resolveAlias(node, doc))) {
    const i = resolveAlias(item, doc);
    if (!nodeRange(i)) continue;
    if (isMap(i)) {
      const get = (k: string) => scalar(lookup([i], k)?.value, doc)?.text;
      const target = get('target');
      if (target === undefined) continue;
      out.push(live({ node: i as unknown, long: true, hostIp: get('host_ip'), published: get('published') ?? '', target, protocol: get('protocol') }, i));
      continue;
    }
    const s = scalar(i, doc);
    if (s) out.push({ node: s.node, long: false, ...parseShortPort(s.text), get range(): Range { return nodeRange(i)!; } });
  }
  return out;
}

/** Short volume syntax `SOURCE:TARGET[:MODE]`; a source starting with `.`, `/` or `~` is a host path. */
export function parseShortVolume(spec: string): { type: 'bind' | 'volume'; source?: string; target?: string } {
  // Windows drive letters (`C:\data:/data`) keep their colon.
  const rest = splitOutsideBraces(/^[A-Za-z]:[\\/]/.test(spec) ? spec.slice(2) : spec, ':');
  const parts = /^[A-Za-z]:[\\/]/.test(spec) ? [spec.slice(0, 2) + rest[0], ...rest.slice(1)] : rest;
  if (parts.length === 1) return { type: 'volume', target: parts[0] };
  const source = parts[0];
  const bind = /^[./~]/.test(source) || /^[A-Za-z]:[\\/]/.test(source) || source.includes('$');
  return { type: bind ? 'bind' : 'volume', source, target: parts[1] };
}

function volumes(node: unknown, doc: Document): ComposeVolumeMount[] {
  const out: ComposeVolumeMount[] = [];
  for (const item of seqItems(resolveAlias(node, doc))) {
    const i = resolveAlias(item, doc);
    if (!nodeRange(i)) continue;
    if (isMap(i)) {
      const get = (k: string) => scalar(lookup([i], k)?.value, doc)?.text;
      const t = get('type');
      const type = t === 'bind' || t === 'volume' || t === 'tmpfs' ? t : 'other';
      out.push(live({ node: i as unknown, type, source: get('source'), target: get('target') } as Omit<ComposeVolumeMount, 'range'>, i));
      continue;
    }
    const s = scalar(i, doc);
    if (s) out.push({ node: s.node, ...parseShortVolume(s.text), get range(): Range { return nodeRange(i)!; } });
  }
  return out;
}

/** Names referenced by a service-level list of strings or `{source: name}` / map keys (secrets, networks). */
function references(node: unknown, doc: Document, longKey: string): ComposeScalar[] {
  const n = resolveAlias(node, doc);
  if (isMap(n)) {
    return mergedPairs(n, doc).filter((p) => nodeRange(p.key)).map((p) => ({ text: pairKey(p)!, node: p.key as unknown, get range(): Range { return nodeRange(p.key)!; } }));
  }
  const out: ComposeScalar[] = [];
  for (const item of seqItems(n)) {
    const i = resolveAlias(item, doc);
    const s = isMap(i) ? scalar(lookup([i], longKey)?.value, doc) : scalar(i, doc);
    if (s) out.push(s);
  }
  return out;
}

function topLevelNames(root: YAMLMap | undefined, key: string, doc: Document): Set<string> {
  return new Set(mergedPairs(resolveAlias(lookup(root ? [root] : [], key)?.value, doc), doc).map((p) => pairKey(p)!));
}

function buildService(pair: AnyPair, doc: Document): ComposeService | undefined {
  const name = pairKey(pair);
  if (!name || !nodeRange(pair.key)) return undefined;
  const own = resolveAlias(pair.value, doc);
  const maps = isMap(own) ? mergedMaps(own, doc) : [];
  // Each key's pair as `lookup` finds it (the first, in merge order), found in one pass: a service is asked for some twenty keys.
  const pairs = new Map<string, AnyPair>();
  for (const m of maps) {
    for (const p of m.items as AnyPair[]) {
      const k = pairKey(p);
      if (k !== undefined && !pairs.has(k)) pairs.set(k, p);
    }
  }
  // Module-level helpers rather than closures named per service: under tsx (as the tests run)
  // naming a closure costs a property definition each time one is made.
  const get = pairGetter(pairs);

  const buildNode = serviceValue(pairs, 'build', doc);
  let build: ComposeService['build'];
  if (buildNode !== undefined && buildNode !== null) {
    if (isMap(buildNode)) {
      const bm = mergedMaps(buildNode, doc);
      build = {
        node: buildNode,
        context: scalar(valueOf(bm, 'context', doc), doc),
        dockerfile: scalar(valueOf(bm, 'dockerfile', doc), doc),
        inline: lookup(bm, 'dockerfile_inline') !== undefined,
      };
    } else build = { node: buildNode, context: scalar(buildNode, doc), inline: false };
  }
  let healthcheck: ComposeService['healthcheck'];
  if (pairs.get('healthcheck')) {
    const hc = serviceValue(pairs, 'healthcheck', doc);
    const hm = isMap(hc) ? mergedMaps(hc, doc) : [];
    const disable = scalar(lookup(hm, 'disable')?.value, doc)?.text === 'true';
    const test = scalars(lookup(hm, 'test')?.value, doc)[0]?.text ?? '';
    healthcheck = { node: hc, disabled: disable || /^NONE$/i.test(test) };
  }
  const ext = serviceValue(pairs, 'extends', doc);
  let extendsRef: ComposeService['extends'];
  if (isMap(ext)) {
    const service = scalar(lookup([ext], 'service')?.value, doc);
    if (service) extendsRef = { service, file: scalar(lookup([ext], 'file')?.value, doc) };
  } else {
    const service = scalar(ext, doc);
    if (service) extendsRef = { service };
  }
  const deploy = serviceValue(pairs, 'deploy', doc);
  const envNode = serviceValue(pairs, 'environment', doc);
  return liveAs({
    name, pair, map: isMap(own) ? own : undefined, maps,
    image: scalar(serviceValue(pairs, 'image', doc), doc), build,
    restart: scalar(serviceValue(pairs, 'restart', doc), doc), privileged: scalar(serviceValue(pairs, 'privileged', doc), doc),
    networkMode: scalar(serviceValue(pairs, 'network_mode', doc), doc), pid: scalar(serviceValue(pairs, 'pid', doc), doc),
    capAdd: scalars(serviceValue(pairs, 'cap_add', doc), doc), securityOpt: scalars(serviceValue(pairs, 'security_opt', doc), doc),
    environment: environment(envNode, doc), environmentNode: envNode,
    envFiles: envFiles(serviceValue(pairs, 'env_file', doc), doc),
    dependsOn: dependsOn(serviceValue(pairs, 'depends_on', doc), doc), dependsOnPair: pairs.get('depends_on'),
    healthcheck, ports: ports(serviceValue(pairs, 'ports', doc), doc), volumes: volumes(serviceValue(pairs, 'volumes', doc), doc),
    links: scalars(serviceValue(pairs, 'links', doc), doc), volumesFrom: scalars(serviceValue(pairs, 'volumes_from', doc), doc),
    secrets: references(serviceValue(pairs, 'secrets', doc), doc, 'source'), networks: references(serviceValue(pairs, 'networks', doc), doc, ''),
    extends: extendsRef,
    profiles: scalars(serviceValue(pairs, 'profiles', doc), doc).map((s) => s.text),
    command: scalar(serviceValue(pairs, 'command', doc), doc),
    deployRestartPolicy: isMap(deploy) && lookup(mergedMaps(deploy, doc), 'restart_policy') !== undefined,
    get,
  }, 'nameRange', () => nodeRange(pair.key)!);
}

/** A service's pair for a key, as its model's `get` answers (made here: see buildService). */
function pairGetter(pairs: Map<string, AnyPair>): (key: string) => AnyPair | undefined {
  return (key) => pairs.get(key);
}

/** A service's value for a key, through an alias. */
function serviceValue(pairs: Map<string, AnyPair>, key: string, doc: Document): unknown {
  return resolveAlias(pairs.get(key)?.value, doc);
}

/** Services by their pair under `services`, while the document has no aliases (a service is then its own subtree). */
const services = new WeakMap<object, ComposeService | null>();

/** The Compose model of a file (memoised per version); an empty model for anything that is not a Compose mapping. */
export function composeModel(file: YamlSourceFile): ComposeFileModel {
  return file.model('compose.model', () => {
    const model: ComposeFileModel = { file, services: [], byName: new Map(), volumes: new Set(), networks: new Set(), secrets: new Set(), configs: new Set(), includes: [], aliases: false };
    const doc = file.docs[0];
    const root = rootMap(file);
    if (!doc || !root) return model;
    const servicesNode = resolveAlias(lookup([root], 'services')?.value, doc);
    const reuse = documentShape(doc).targets.size === 0;
    model.aliases = !reuse;
    for (const pair of mapPairs(servicesNode)) {
      if (pairKey(pair) === '<<') continue;
      let svc = reuse ? services.get(pair) : undefined;
      if (svc === undefined) {
        svc = buildService(pair, doc) ?? null;
        if (reuse) services.set(pair, svc);
      }
      if (!svc || model.byName.has(svc.name)) continue;
      model.services.push(svc);
      model.byName.set(svc.name, svc);
    }
    model.volumes = topLevelNames(root, 'volumes', doc);
    model.networks = topLevelNames(root, 'networks', doc);
    model.secrets = topLevelNames(root, 'secrets', doc);
    model.configs = topLevelNames(root, 'configs', doc);
    // `include:` entries are a path, a list of paths, or `{path: …}` (compose-spec 14-include.md).
    for (const item of seqItems(resolveAlias(lookup([root], 'include')?.value, doc))) {
      const i = resolveAlias(item, doc);
      model.includes.push(...scalars(isMap(i) ? lookup([i], 'path')?.value : i, doc));
    }
    return model;
  });
}
