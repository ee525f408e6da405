// What the references of one service can resolve to, for keeping a workspace rule's per-service
// result between keystrokes: the names, types, regions and places of every Blueprint's services,
// databases and env groups, as one object per state. While the directory is the same, or what
// changed in it has none of the names a service looked up, a service whose model is the same
// object (its text unchanged) resolves its references as before.
import { workspaceBlueprints, type Location, type Service } from './blueprint';
import type { Workspace } from '../types';
import { isOneOff } from '../oneOff';
import { keptIndex, sameEnds, sameItems } from '../env/worldCheck';

export interface Directory {
  /** One entry per resource, in the order lookups meet them. */
  readonly keys: readonly string[];
  readonly names: readonly string[];
  /** The directory before this one (dropped beyond MAX_DEPTH), and the names whose entries differ from it (undefined: any). */
  prev?: Directory;
  readonly changed?: ReadonlySet<string>;
}

/** How far back a kept result may be checked; older ones are worked out again. */
const MAX_DEPTH = 16;

function placeOf(l: Location): string {
  return l.scope === 'root' ? 'r' : `e${l.projectIndex}.${l.environmentIndex}`;
}

interface Described {
  kind: string;
  name?: { value?: string };
  type?: { value?: string };
  region?: { value?: string };
  location: Location;
}

function keyOf(path: string, r: Described): string {
  // JSON, not a join: names come from the file and may hold any character.
  return JSON.stringify([path, r.kind, placeOf(r.location), r.name?.value, r.type?.value, r.region?.value]);
}

/** A root service's entry, kept with its model. */
const serviceKeys = new WeakMap<Service, string>();

function serviceKey(path: string, s: Service): string {
  let key = serviceKeys.get(s);
  if (key === undefined) {
    key = keyOf(path, s);
    if (s.location.scope === 'root') serviceKeys.set(s, key);
  }
  return key;
}

/**
 * A blueprint's services with their entries as last listed, per workspace and path: an edit makes
 * new models of the edited services only, and the others' entries are taken over by position.
 */
const listed = new WeakMap<Workspace, Map<string, { services: readonly Service[]; keys: string[]; names: string[] }>>();

function build(ws: Workspace, prev: Directory | undefined): Directory {
  const blueprints = workspaceBlueprints(ws);
  // Every list is sized once: this runs on every keystroke in a blueprint of hundreds of services.
  let size = 0;
  for (const bp of blueprints) size += bp.services.length + bp.databases.length + bp.envVarGroups.length;
  const keys = new Array<string>(size);
  const names = new Array<string>(size);
  let n = 0;
  let byPath = listed.get(ws);
  if (!byPath) listed.set(ws, (byPath = new Map()));
  for (const bp of blueprints) {
    const path = bp.file.path;
    const services = bp.services;
    const was = byPath.get(path);
    const from = keptIndex(services, was?.services);
    const own = new Array<string>(services.length);
    const ownNames = new Array<string>(services.length);
    for (let i = 0; i < services.length; i++) {
      const at = from(i);
      const key = at >= 0 ? was!.keys[at] : serviceKey(path, services[i]);
      const name = at >= 0 ? was!.names[at] : services[i].name?.value ?? '';
      own[i] = key;
      ownNames[i] = name;
      keys[n] = key;
      names[n++] = name;
    }
    byPath.set(path, { services, keys: own, names: ownNames });
    for (const list of [bp.databases, bp.envVarGroups] as Described[][]) {
      for (const r of list) {
        keys[n] = keyOf(path, r);
        names[n++] = r.name?.value ?? '';
      }
    }
  }
  if (!prev) return { keys, names };
  if (sameItems(keys, prev.keys)) return prev;
  const dir: Directory = { keys, names, prev, changed: changedNames(prev, keys, names) };
  let d: Directory | undefined = dir;
  for (let k = 0; d && k < MAX_DEPTH; k++) d = d.prev;
  if (d) d.prev = undefined;
  return dir;
}

/** Names whose entries were added, removed or changed; undefined when only the order changed. */
function changedNames(prev: Directory, keys: readonly string[], names: readonly string[]): Set<string> | undefined {
  // The entries before and after the edited ones are the same on both sides: only those between
  // are counted (an added service counted every entry of the workspace twice).
  const was = prev.keys;
  const { p, q } = sameEnds(keys, was);
  const count = new Map<string, { n: number; name: string }>();
  for (let i = p; i < was.length - q; i++) {
    const c = count.get(was[i]);
    if (c) c.n--;
    else count.set(was[i], { n: -1, name: prev.names[i] });
  }
  for (let i = p; i < keys.length - q; i++) {
    const c = count.get(keys[i]);
    if (c) c.n++;
    else count.set(keys[i], { n: 1, name: names[i] });
  }
  const out = new Set<string>();
  for (const c of count.values()) if (c.n !== 0) out.add(c.name);
  return out.size ? out : undefined;
}

/** The last directory per workspace. */
const last = new WeakMap<Workspace, Directory>();

/** The workspace's directory (one per workspace state); none for a one-off audit (see ../oneOff). */
export function directory(ws: Workspace): Directory | undefined {
  if (isOneOff(ws)) return undefined;
  return ws.model('render.directory', () => {
    const dir = build(ws, last.get(ws));
    last.set(ws, dir);
    return dir;
  });
}

/** True when nothing any of `names` resolves to changed between `from` and `to`. */
function unchangedFor(from: Directory, to: Directory, names: readonly string[]): boolean {
  let d: Directory | undefined = to;
  while (d && d !== from) {
    const changed = d.changed;
    if (!changed) return false;
    for (const n of names) if (changed.has(n)) return false;
    d = d.prev;
  }
  return d === from;
}

/**
 * The services of a workspace rule that reported nothing, kept with their models with the names
 * they looked up: such a service reports nothing again while it is the same object at the same
 * place in its list and the directory changed for none of those names.
 */
export class CleanServices {
  private readonly kept = new WeakMap<Service, { dir: Directory; names: readonly string[]; index: number }>();

  isClean(dir: Directory | undefined, s: Service, index: number): boolean {
    if (!dir) return false;
    const hit = this.kept.get(s);
    if (!hit || hit.index !== index) return false;
    if (hit.dir === dir) return true;
    if (!unchangedFor(hit.dir, dir, hit.names)) return false;
    hit.dir = dir;
    return true;
  }

  /** Records that `s` reported nothing, having looked up `names`. */
  keep(dir: Directory | undefined, s: Service, index: number, names: readonly string[]): void {
    if (dir && s.location.scope === 'root') this.kept.set(s, { dir, names, index });
  }
}
