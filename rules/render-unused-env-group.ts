import { describeLocation, workspaceBlueprints, type EnvVarGroup, type Service } from '../engine/render/blueprint';
import { findGroup } from '../engine/render/references';
import type { WorkspaceRule } from '../engine/types';

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
      const resolved = new Map<unknown, Map<string, EnvVarGroup | undefined>>();
      for (const svc of bp.services) {
        const names = groupNames(svc);
        if (!names.length) continue;
        const scope = svc.location.scope === 'root' ? undefined : svc.location.environmentNode;
        let inScope = resolved.get(scope);
        if (!inScope) resolved.set(scope, (inScope = new Map()));
        for (const name of names) {
          namesUsed.add(name);
          let hit = inScope.get(name);
          if (hit === undefined && !inScope.has(name)) inScope.set(name, (hit = findGroup(ctx.workspace, bp, svc.location, name).found));
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
