// Resolves the references of render.yaml env vars (`fromDatabase`, `fromService`, `fromGroup`) the
// way Render does: within the same scope (the root, or one project environment) of the same
// Blueprint. A name found only in another Blueprint of the workspace counts as resolved (it may be
// synced from there); a name found only in another scope of the same file does not.
import { sameScope, workspaceBlueprints, type Blueprint, type Database, type EnvVarGroup, type Location, type Service } from './blueprint';
import type { Range, Workspace } from '../types';

export type ResolvedIn = 'scope' | 'other-blueprint';

export interface Lookup<T> {
  found?: T;
  /** The Blueprint that defines `found`. */
  foundIn?: Blueprint;
  in?: ResolvedIn;
  /** Same name in another scope of this file (Render does not resolve across environments). */
  otherScope?: T;
  /** Names that were searched (same scope), for messages and suggestions. */
  candidates: string[];
  /** The list that was searched (`databases:` / `services:` / `envVarGroups:` key), for related info. */
  listRange?: Range;
}

/** Service types that are the same for references (`redis` is the old name of `keyvalue`). */
export function sameServiceType(a: string | undefined, b: string | undefined): boolean {
  const norm = (t: string | undefined) => (t === 'redis' ? 'keyvalue' : t);
  return norm(a) === norm(b);
}

function scopeFields(bp: Blueprint, loc: Location) {
  if (loc.scope === 'root') return bp.fields;
  for (const p of bp.projects) for (const e of p.environments) if (e.node === loc.environmentNode) return e.fields;
  return undefined;
}

/** A lookup's result; the candidates and the list's range are for messages, worked out only when read (most references resolve). */
class Result<T extends { name?: { value?: string }; location: Location }> implements Lookup<T> {
  constructor(
    private readonly bp: Blueprint,
    private readonly loc: Location,
    private readonly list: (b: Blueprint) => T[],
    private readonly listKey: string,
    private readonly match: (t: T) => boolean,
    private readonly rootVisible: boolean,
    readonly found?: T,
    readonly foundIn?: Blueprint,
    where?: ResolvedIn,
    readonly otherScope?: T,
  ) {
    this.in = where;
  }

  readonly in?: ResolvedIn;

  visible(r: T): boolean {
    return sameScope(r.location, this.loc) || (this.rootVisible && r.location.scope === 'root');
  }

  get candidates(): string[] {
    return this.list(this.bp).filter((r) => this.visible(r) && this.match(r)).map((r) => r.name?.value).filter((n): n is string => n !== undefined);
  }

  get listRange(): Range | undefined {
    return scopeFields(this.bp, this.loc)?.get(this.listKey)?.keyRange ?? (this.rootVisible ? this.bp.fields.get(this.listKey)?.keyRange : undefined);
  }
}

type Named = { name?: { value?: string }; location: Location };

/**
 * Resources of one list of a Blueprint by name, in list order. Every reference of every service is
 * looked up on every check (on every keystroke in the editor): scanning the list each time was
 * quadratic in the number of services. A Blueprint is one file version's model, so is its index.
 */
const indexes = new WeakMap<Blueprint, Map<string, Map<string, Named[]>>>();

function named<T extends Named>(bp: Blueprint, list: (b: Blueprint) => T[], listKey: string, name: string): readonly T[] | undefined {
  let lists = indexes.get(bp);
  if (!lists) indexes.set(bp, (lists = new Map()));
  let index = lists.get(listKey);
  if (!index) {
    index = new Map();
    for (const r of list(bp)) {
      const n = r.name?.value;
      if (n === undefined) continue;
      const same = index.get(n);
      if (same) same.push(r);
      else index.set(n, [r]);
    }
    lists.set(listKey, index);
  }
  return index.get(name) as T[] | undefined;
}

const ANY = (): boolean => true;
const DATABASES = (b: Blueprint): Database[] => b.databases;
const SERVICES = (b: Blueprint): Service[] => b.services;
const GROUPS = (b: Blueprint): EnvVarGroup[] => b.envVarGroups;

/** A Blueprint's env var groups named `name`, in file order (through the same per-version index as the look-ups). */
export function groupsNamed(bp: Blueprint, name: string): readonly EnvVarGroup[] | undefined {
  return named(bp, GROUPS, 'envVarGroups', name);
}

function lookup<T extends Named>(
  all: Blueprint[], bp: Blueprint, loc: Location, name: string, list: (b: Blueprint) => T[], listKey: string, match: (t: T) => boolean = ANY,
  /** Root resources also visible from environments (environment groups). */
  rootVisible = false,
): Lookup<T> {
  const own = named(bp, list, listKey, name);
  for (const r of own ?? []) {
    if ((sameScope(r.location, loc) || (rootVisible && r.location.scope === 'root')) && match(r)) return new Result(bp, loc, list, listKey, match, rootVisible, r, bp, 'scope');
  }
  for (const other of all) {
    if (other === bp) continue;
    const hit = named(other, list, listKey, name)?.find(match);
    if (hit) return new Result(bp, loc, list, listKey, match, rootVisible, hit, other, 'other-blueprint');
  }
  return new Result(bp, loc, list, listKey, match, rootVisible, undefined, undefined, undefined, own?.find(match));
}

export function findDatabase(ws: Workspace, bp: Blueprint, loc: Location, name: string): Lookup<Database> {
  return lookup(workspaceBlueprints(ws), bp, loc, name, DATABASES, 'databases');
}

/** A service of the given type (any type when `type` is undefined). */
export function findService(ws: Workspace, bp: Blueprint, loc: Location, name: string, type: string | undefined): Lookup<Service> {
  return lookup(workspaceBlueprints(ws), bp, loc, name, SERVICES, 'services', type === undefined ? ANY : (s) => sameServiceType(s.type?.value, type));
}

export function findGroup(ws: Workspace, bp: Blueprint, loc: Location, name: string): Lookup<EnvVarGroup> {
  return lookup(workspaceBlueprints(ws), bp, loc, name, GROUPS, 'envVarGroups', ANY, true);
}

/** Keys a service defines: its own envVars and those of the groups it pulls in. */
export function serviceEnvKeys(ws: Workspace, bp: Blueprint, svc: Service): Set<string> {
  const keys = new Set<string>();
  for (const e of svc.envVars) {
    if (e.key?.value) keys.add(e.key.value);
    if (e.fromGroup?.value) {
      const g = findGroup(ws, bp, svc.location, e.fromGroup.value).found;
      for (const ge of g?.envVars ?? []) if (ge.key?.value) keys.add(ge.key.value);
    }
  }
  return keys;
}
