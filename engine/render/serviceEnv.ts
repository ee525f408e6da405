// The literal values a service's variables have in the blueprint: its own `envVars` `value:`s and
// those of the env groups it pulls in with `fromGroup` (its own entries win, as on Render).
import { sameScope, type Blueprint, type EnvVar, type EnvVarGroup, type Service } from './blueprint';

export interface EnvValue {
  value: string;
  entry: EnvVar;
}

/**
 * Kept per service model with the nodes of the groups it pulled in: a service's model is the same
 * object while its text is unchanged, so an edit elsewhere in the file reuses it (it is asked for every service
 * on every keystroke). The map is shared: callers must not change it.
 */
const kept = new WeakMap<Service, { groups: unknown[]; env: Map<string, EnvValue> }>();

export function serviceEnv(bp: Blueprint, s: Service): ReadonlyMap<string, EnvValue> {
  const groups: (EnvVarGroup | undefined)[] = [];
  for (const e of s.envVars) {
    const group = e.fromGroup?.value;
    if (group !== undefined) groups.push(bp.envVarGroups.find((x) => x.name?.value === group && sameScope(x.location, s.location)));
  }
  // A group's model is rebuilt with every version of the file, its node only when its text changed.
  const nodes = groups.map((g) => g?.node);
  const hit = kept.get(s);
  if (hit && hit.groups.length === nodes.length && hit.groups.every((n, i) => n === nodes[i])) return hit.env;
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
  kept.set(s, { groups: nodes, env: out });
  return out;
}
