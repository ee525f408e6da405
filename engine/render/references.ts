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

function lookup<T extends { name?: { value?: string }; location: Location }>(
  all: Blueprint[], bp: Blueprint, loc: Location, name: string, list: (b: Blueprint) => T[], listKey: string, match: (t: T) => boolean = () => true,
  /** Root resources also visible from environments (environment groups). */
  rootVisible = false,
): Lookup<T> {
  const visible = (r: T) => sameScope(r.location, loc) || (rootVisible && r.location.scope === 'root');
  // Candidates and the list's range are for messages: worked out only when read (most references resolve).
  const withDetails = (result: Omit<Lookup<T>, 'candidates' | 'listRange'>): Lookup<T> => Object.defineProperties(result as Lookup<T>, {
    candidates: { enumerable: true, get: () => list(bp).filter((r) => visible(r) && match(r)).map((r) => r.name?.value).filter((n): n is string => n !== undefined) },
    listRange: { enumerable: true, get: () => scopeFields(bp, loc)?.get(listKey)?.keyRange ?? (rootVisible ? bp.fields.get(listKey)?.keyRange : undefined) },
  });
  const found = list(bp).find((r) => r.name?.value === name && visible(r) && match(r));
  if (found) return withDetails({ found, foundIn: bp, in: 'scope' });
  for (const other of all) {
    if (other === bp) continue;
    const hit = list(other).find((r) => r.name?.value === name && match(r));
    if (hit) return withDetails({ found: hit, foundIn: other, in: 'other-blueprint' });
  }
  const otherScope = list(bp).find((r) => r.name?.value === name && match(r));
  return withDetails({ otherScope });
}

export function findDatabase(ws: Workspace, bp: Blueprint, loc: Location, name: string): Lookup<Database> {
  return lookup(workspaceBlueprints(ws), bp, loc, name, (b) => b.databases, 'databases');
}

/** A service of the given type (any type when `type` is undefined). */
export function findService(ws: Workspace, bp: Blueprint, loc: Location, name: string, type: string | undefined): Lookup<Service> {
  return lookup(workspaceBlueprints(ws), bp, loc, name, (b) => b.services, 'services', (s) => type === undefined || sameServiceType(s.type?.value, type));
}

export function findGroup(ws: Workspace, bp: Blueprint, loc: Location, name: string): Lookup<EnvVarGroup> {
  return lookup(workspaceBlueprints(ws), bp, loc, name, (b) => b.envVarGroups, 'envVarGroups', () => true, true);
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
