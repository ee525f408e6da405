import { describeLocation, workspaceBlueprints, type Blueprint, type Location, type Service } from '../engine/render/blueprint';
import { findGroup } from '../engine/render/references';
import { sameEnds } from '../engine/env/worldCheck';
import type { Workspace, WorkspaceRule } from '../engine/types';

const NONE: readonly string[] = [];

/** The `fromGroup` names of a service, kept with its model (the same object while its text is unchanged): every service is looked at on every keystroke. */
const kept = new WeakMap<Service, readonly string[]>();

function groupNames(s: Service): readonly string[] {
  let names = kept.get(s);
  if (names) return names;
  let out: string[] | undefined;
  for (const e of s.envVars) {
    const name = e.fromGroup?.value;
    if (name) (out ??= []).push(name);
  }
  names = out ?? NONE;
  if (s.location.scope === 'root') kept.set(s, names);
  return names;
}

type Scope = unknown;

function scopeKey(s: Service): Scope {
  return s.location.scope === 'root' ? undefined : s.location.environmentNode;
}

/**
 * How many services of a blueprint name each group, per scope, with the services and names they
 * were counted from: an edit makes new models of the edited services only, so only those are
 * counted again (walking every service's names on every keystroke cost more than the rest).
 */
interface Tally {
  services: readonly Service[];
  names: (readonly string[])[];
  counts: Map<Scope, { location: Location; byName: Map<string, number> }>;
}

const tallies = new WeakMap<Workspace, Map<string, Tally>>();

function count(counts: Tally['counts'], s: Service, names: readonly string[], by: number): void {
  if (!names.length) return;
  const key = scopeKey(s);
  let c = counts.get(key);
  if (!c) counts.set(key, (c = { location: s.location, byName: new Map() }));
  else if (by > 0) c.location = s.location;
  for (const name of names) {
    const n = (c.byName.get(name) ?? 0) + by;
    if (n) c.byName.set(name, n);
    else c.byName.delete(name);
  }
}

function tally(ws: Workspace, bp: Blueprint): Tally['counts'] {
  let byPath = tallies.get(ws);
  if (!byPath) tallies.set(ws, (byPath = new Map()));
  const was = byPath.get(bp.file.path);
  // Taken out while it is brought up to date: a throw half-way must not leave it half counted.
  byPath.delete(bp.file.path);
  const now = bp.services;
  const names = new Array<readonly string[]>(now.length);
  let counts: Tally['counts'];
  if (was) {
    const { p, q } = sameEnds(now, was.services);
    const moved = was.services.length - now.length;
    counts = was.counts;
    for (let i = p; i < was.services.length - q; i++) count(counts, was.services[i], was.names[i], -1);
    for (let i = 0; i < now.length; i++) {
      if (i < p) names[i] = was.names[i];
      else if (i >= now.length - q) names[i] = was.names[i + moved];
      else {
        const own = groupNames(now[i]);
        names[i] = own;
        count(counts, now[i], own, 1);
      }
    }
  } else {
    counts = new Map();
    for (let i = 0; i < now.length; i++) {
      const own = groupNames(now[i]);
      names[i] = own;
      count(counts, now[i], own, 1);
    }
  }
  byPath.set(bp.file.path, { services: now, names, counts });
  return counts;
}

const rule: WorkspaceRule = {
  id: 'render-unused-env-group',
  meta: {
    scope: 'workspace',
    reads: ['render'],
    category: 'configuration',
    severity: 'warning',
    description: 'A render.yaml environment group that no service pulls in with `fromGroup`.',
    fixable: false,
  },
  check(ctx) {
    const all = workspaceBlueprints(ctx.workspace);
    // Every group a `fromGroup` resolves to, resolved the way Render resolves it.
    const used = new Set<unknown>();
    const namesUsed = new Set<string>();
    for (const bp of all) {
      // A name resolves the same way from every service of one scope: looked up once per scope.
      for (const { location, byName } of tally(ctx.workspace, bp).values()) {
        for (const name of byName.keys()) {
          namesUsed.add(name);
          const hit = findGroup(ctx.workspace, bp, location, name).found;
          if (hit) used.add(hit);
        }
      }
    }
    for (const bp of all) {
      for (const g of bp.envVarGroups) {
        const name = g.name;
        if (!name?.value || used.has(g)) continue;
        // Referenced by name from a scope that cannot see it: render-broken-reference says so there.
        const hint = namesUsed.has(name.value) ? ' (a `fromGroup` names it from a scope that cannot see it)' : '';
        ctx.report({
          file: bp.file.path,
          range: name.valueRange,
          message: `The environment group \`${name.value}\`${g.location.scope === 'root' ? '' : ` in ${describeLocation(g.location)}`} is not used by any service${hint}: add \`- fromGroup: ${name.value}\` to the services that need it, or remove the group.`,
        });
      }
    }
  },
};

export default rule;
