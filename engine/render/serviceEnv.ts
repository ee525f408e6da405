// The literal values a service's variables have in the blueprint: its own `envVars` `value:`s and
// those of the env groups it pulls in with `fromGroup` (its own entries win, as on Render).
import { sameScope, type Blueprint, type EnvVar, type EnvVarGroup, type Service } from './blueprint';
import { groupsNamed } from './references';

export interface EnvValue {
  value: string;
  entry: EnvVar;
}

/**
 * Kept per service model with the names of the groups it pulls in and the nodes of those groups: a
 * service's model is the same object while its text is unchanged, so an edit elsewhere in the file
 * reuses it (it is asked for every service on every keystroke). The map is shared: callers must not
 * change it.
 */
const kept = new WeakMap<Service, { names: string[]; groups: unknown[]; env: Map<string, EnvValue> }>();

function groupNamed(bp: Blueprint, name: string, s: Service): EnvVarGroup | undefined {
  const named = groupsNamed(bp, name);
  if (named) for (const g of named) if (sameScope(g.location, s.location)) return g;
  return undefined;
}

export function serviceEnv(bp: Blueprint, s: Service): ReadonlyMap<string, EnvValue> {
  const hit = kept.get(s);
  // A group's model is rebuilt with every version of the file, its node only when its text changed.
  if (hit && hit.names.every((name, i) => groupNamed(bp, name, s)?.node === hit.groups[i])) return hit.env;
  const names: string[] = [];
  for (const e of s.envVars) {
    const group = e.fromGroup?.value;
    if (group !== undefined) names.push(group);
  }
  const groups = names.map((name) => groupNamed(bp, name, s));
  const out = new Map<string, EnvValue>();
  const put = (e: EnvVar, own: boolean) => {
    const key = e.key?.value;
    const raw = e.value?.raw;
    if (key === undefined || raw === undefined || raw === null || typeof raw === 'object') return;
    if (!own && out.has(key)) return;
    out.set(key, { value: String(raw), entry: e });
  };
  for (const e of s.envVars) put(e, true);
  for (const g of groups) for (const ge of g?.envVars ?? []) put(ge, false);
  kept.set(s, { names, groups: groups.map((g) => g?.node), env: out });
  return out;
}
