// The literal values a service's variables have in the blueprint: its own `envVars` `value:`s and
// those of the env groups it pulls in with `fromGroup` (its own entries win, as on Render).
import { sameScope, type Blueprint, type EnvVar, type Service } from './blueprint';

export interface EnvValue {
  value: string;
  entry: EnvVar;
}

export function serviceEnv(bp: Blueprint, s: Service): Map<string, EnvValue> {
  const out = new Map<string, EnvValue>();
  const put = (e: EnvVar, own: boolean) => {
    const key = e.key?.value;
    const raw = e.value?.raw;
    if (key === undefined || raw === undefined || raw === null || typeof raw === 'object') return;
    if (!own && out.has(key)) return;
    out.set(key, { value: String(raw), entry: e });
  };
  for (const e of s.envVars) put(e, true);
  for (const e of s.envVars) {
    const group = e.fromGroup?.value;
    if (group === undefined) continue;
    const g = bp.envVarGroups.find((x) => x.name?.value === group && sameScope(x.location, s.location));
    for (const ge of g?.envVars ?? []) put(ge, false);
  }
  return out;
}
