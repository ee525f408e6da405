// The parts of a render.yaml the environment rules need: each service's code location, commands,
// declared variables and the groups it pulls in (root level and `projects[].environments[]`).
// Field meanings: /work/shared/reference/render-blueprint.md.
import { isMap, isScalar } from 'yaml';
import { mapPairs, mapValue, nodeRange, pairKey, rootMap, scalarString, seqItems, type AnyPair, type YAMLMap } from '../yaml/ast';
import type { Range, YamlSourceFile } from '../types';
import { keptIndex } from './worldCheck';

export interface RenderEnvEntry {
  key: string;
  keyRange: Range;
  /** The list item (`- key: X …`). */
  item: unknown;
}

export interface RenderGroup {
  name: string;
  nameRange: Range;
  envVars: RenderEnvEntry[];
}

/** What a service is, kept per service node (its own subtree): the same object while its text is unchanged. */
export interface RenderService {
  name: string;
  nameRange: Range;
  node: YAMLMap;
  type?: string;
  runtime?: string;
  rootDir?: string;
  dockerContext?: string;
  dockerfilePath?: string;
  /** Another repository holds the code. */
  repo?: string;
  /** Runs a prebuilt image (`runtime: image` / `image:`). */
  prebuilt: boolean;
  buildCommand?: string;
  startCommand?: string;
  commands: string[];
  envVars: RenderEnvEntry[];
  envVarsPair?: AnyPair;
  groupRefs: { name: string; range: Range }[];
}

/** Services of one scope (the root, or a project environment) with the groups defined there. */
export interface RenderScope {
  services: RenderService[];
  groups: Map<string, RenderGroup>;
}

const NO_CODE_TYPES = new Set(['keyvalue', 'redis']);

// Ranges are read from the nodes when asked, not copied: an edit elsewhere in the file moves an
// unchanged service's nodes (parse/incremental), and its model, kept per node, stays right.
function withRange<O extends object, K extends string>(o: O, prop: K, node: unknown): O & Record<K, Range> {
  return Object.defineProperty(o, prop, { enumerable: true, get: () => nodeRange(node)! }) as O & Record<K, Range>;
}

function entries(seq: unknown): { vars: RenderEnvEntry[]; groups: { name: string; range: Range }[] } {
  const vars: RenderEnvEntry[] = [];
  const groups: { name: string; range: Range }[] = [];
  for (const item of seqItems(seq)) {
    if (!isMap(item)) continue;
    const keyNode = mapValue(item, 'key');
    const key = scalarString(keyNode);
    if (key !== undefined && nodeRange(keyNode)) vars.push(withRange({ key, item }, 'keyRange', keyNode));
    const groupNode = mapValue(item, 'fromGroup');
    const group = scalarString(groupNode);
    if (group !== undefined && nodeRange(groupNode)) groups.push(withRange({ name: group }, 'range', groupNode));
  }
  return { vars, groups };
}

/** Groups by their list item: a group's model depends on its own subtree only. */
const groupModels = new WeakMap<object, RenderGroup | null>();

function readGroups(node: unknown): Map<string, RenderGroup> {
  const out = new Map<string, RenderGroup>();
  for (const g of seqItems(node)) {
    let group = g !== null && typeof g === 'object' ? groupModels.get(g) : undefined;
    if (group === undefined) {
      const nameNode = mapValue(g, 'name');
      const name = scalarString(nameNode);
      group = name === undefined || !nodeRange(nameNode) ? null : withRange({ name, envVars: entries(mapValue(g, 'envVars')).vars }, 'nameRange', nameNode);
      if (g !== null && typeof g === 'object') groupModels.set(g, group);
    }
    if (group && !out.has(group.name)) out.set(group.name, group);
  }
  return out;
}

const cores = new WeakMap<object, RenderService | null>();

function coreOf(s: YAMLMap): RenderService | null {
  const str = (k: string) => scalarString(mapValue(s, k));
  const nameNode = mapValue(s, 'name');
  const name = scalarString(nameNode);
  const type = str('type');
  if (name === undefined || !nodeRange(nameNode) || (type && NO_CODE_TYPES.has(type))) return null;
  const runtime = str('runtime') ?? str('env');
  const envPair = mapPairs(s).find((p) => pairKey(p) === 'envVars');
  const { vars, groups: refs } = entries(envPair?.value);
  const commands = ['buildCommand', 'startCommand', 'preDeployCommand', 'dockerCommand'].map(str).filter((c): c is string => c !== undefined);
  return withRange({
    name, node: s, type, runtime,
    rootDir: str('rootDir'), dockerContext: str('dockerContext'), dockerfilePath: str('dockerfilePath'), repo: str('repo'),
    prebuilt: runtime === 'image' || isMap(mapValue(s, 'image')) || isScalar(mapValue(s, 'image')),
    buildCommand: str('buildCommand'), startCommand: str('startCommand'), commands,
    envVars: vars, envVarsPair: envPair, groupRefs: refs,
  }, 'nameRange', nameNode);
}

/**
 * A services list's items and their models as last read, kept with the list's node (an edit
 * re-parses the edited services and splices them into the same list): the items before and after
 * the edited ones are the same nodes, and their models are taken over without a look-up each.
 */
const lastRead = new WeakMap<object, { items: unknown[]; cores: (RenderService | null)[] }>();

function coreAt(s: unknown): RenderService | null {
  if (!isMap(s)) return null;
  let core = cores.get(s);
  if (core === undefined) cores.set(s, (core = coreOf(s)));
  return core;
}

function readServices(node: unknown, groups: Map<string, RenderGroup>): RenderScope {
  const items = seqItems(node);
  const was = node !== null && typeof node === 'object' ? lastRead.get(node) : undefined;
  const from = keptIndex(items, was?.items);
  // Sized once (read on every keystroke in a blueprint of hundreds of services).
  const out = new Array<RenderService | null>(items.length);
  let missing = 0;
  for (let i = 0; i < items.length; i++) {
    const at = from(i);
    const core = at >= 0 ? was!.cores[at] : coreAt(items[i]);
    out[i] = core;
    if (!core) missing++;
  }
  if (node !== null && typeof node === 'object') lastRead.set(node, { items: items.slice(), cores: out });
  // Neither list is changed once read: when every item is a service, they are one list.
  const services = missing === 0 ? (out as RenderService[]) : out.filter((c): c is RenderService => c !== null);
  return { services, groups };
}

/** Every service of a blueprint by scope, root first (memoised per file version; the services are kept per node). */
export function renderServices(file: YamlSourceFile): RenderScope[] {
  return file.model('env.renderServices', () => {
    const root = rootMap(file);
    if (!root) return [];
    const groups = readGroups(mapValue(root, 'envVarGroups'));
    const out = [readServices(mapValue(root, 'services'), groups)];
    for (const project of seqItems(mapValue(root, 'projects'))) {
      for (const env of seqItems(mapValue(project, 'environments'))) {
        const scoped = new Map([...groups, ...readGroups(mapValue(env, 'envVarGroups'))]);
        out.push(readServices(mapValue(env, 'services'), scoped));
      }
    }
    return out;
  });
}

/** Every group of a blueprint, root and project environments. */
export function renderGroups(file: YamlSourceFile): RenderGroup[] {
  return file.model('env.renderGroups', () => {
    const root = rootMap(file);
    if (!root) return [];
    const out = [...readGroups(mapValue(root, 'envVarGroups')).values()];
    for (const project of seqItems(mapValue(root, 'projects'))) {
      for (const env of seqItems(mapValue(project, 'environments'))) out.push(...readGroups(mapValue(env, 'envVarGroups')).values());
    }
    return out;
  });
}
