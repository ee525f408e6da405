import { describeLocation, workspaceBlueprints } from '../engine/render/blueprint';
import { findGroup } from '../engine/render/references';
import type { WorkspaceRule } from '../engine/types';

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
      for (const svc of bp.services) {
        for (const e of svc.envVars) {
          const name = e.fromGroup?.value;
          if (!name) continue;
          namesUsed.add(name);
          const hit = findGroup(ctx.workspace, bp, svc.location, name).found;
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
