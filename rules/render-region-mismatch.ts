import { workspaceBlueprints, type Blueprint, type Field, type Service } from '../engine/render/blueprint';
import { findDatabase, findService } from '../engine/render/references';
import type { Range, WorkspaceRule } from '../engine/types';

/** Render's default region for new resources (blueprint-spec: "Default: oregon"). */
const DEFAULT_REGION = 'oregon';

interface Placed {
  region: string;
  /** The `region:` value, or the resource's name when the region is the default. */
  range: Range;
  explicit: boolean;
}

function placed(region: Field<string> | undefined, name: Field<string> | undefined): Placed | undefined {
  if (region?.value) return { region: region.value.trim().toLowerCase(), range: region.valueRange, explicit: true };
  return name ? { region: DEFAULT_REGION, range: name.valueRange, explicit: false } : undefined;
}

const rule: WorkspaceRule = {
  id: 'render-region-mismatch',
  meta: {
    scope: 'workspace',
    reads: ['render'],
    category: 'reliability',
    severity: 'warning',
    description: 'A Render service and the database, Key Value store or private service it references in different regions.',
    fixable: false,
  },
  check(ctx) {
    for (const bp of workspaceBlueprints(ctx.workspace)) {
      for (const svc of bp.services) {
        const from = placed(svc.region, svc.name);
        if (!from) continue;
        const seen = new Set<unknown>();
        for (const e of svc.envVars) {
          let target: { what: string; bp: Blueprint; at: Placed } | undefined;
          const dbName = e.fromDatabase?.name?.value;
          const svcRef = e.fromService;
          if (dbName) {
            const l = findDatabase(ctx.workspace, bp, svc.location, dbName);
            const at = l.found && placed(l.found.region, l.found.name);
            if (l.found && at && !seen.has(l.found)) {
              seen.add(l.found);
              target = { what: `database \`${dbName}\``, bp: l.foundIn ?? bp, at };
            }
          } else if (svcRef?.name?.value) {
            const l = findService(ctx.workspace, bp, svc.location, svcRef.name.value, svcRef.type?.value);
            const other: Service | undefined = l.found;
            const at = other && placed(other.region, other.name);
            // Public web services are reached over the internet anyway; the private network matters for the rest.
            if (other && at && other !== svc && other.type?.value !== 'web' && !seen.has(other)) {
              seen.add(other);
              const kind = other.type?.value === 'keyvalue' || other.type?.value === 'redis' ? 'Key Value store' : `${other.type?.value ?? ''} service`;
              target = { what: `${kind} \`${svcRef.name.value}\``, bp: l.foundIn ?? bp, at };
            }
          }
          if (!target || target.at.region === from.region) continue;
          const describe = (p: Placed) => (p.explicit ? p.region : `${p.region} (the default)`);
          ctx.report({
            file: bp.file.path,
            range: from.range,
            message: `\`${svc.name?.value}\` runs in ${describe(from)} but uses the ${target.what} in ${describe(target.at)}: internal addresses work only within one region, and every query crosses regions; put both in the same region.`,
            related: [{ file: target.bp.file.path, range: target.at.range, message: `${target.what.replace(/`/g, '')} is in ${target.at.region}` }],
          });
        }
      }
    }
  },
};

export default rule;
