import { workspaceBlueprints, type Blueprint, type Field, type Service } from '../engine/render/blueprint';
import { CleanServices, directory } from '../engine/render/directory';
import { findDatabase, findService } from '../engine/render/references';
import type { Range, WorkspaceContext, WorkspaceRule } from '../engine/types';

/** Render's default region for new resources (blueprint-spec: "Default: oregon"). */
const DEFAULT_REGION = 'oregon';

interface Placed {
  region: string;
  /** The `region:` value, or the resource's name when the region is the default. */
  range: Range;
  explicit: boolean;
}

/** The region a resource runs in, without its range: most references are within one region, and ranges are made only to report. */
function regionOf(region: Field<string> | undefined, name: Field<string> | undefined): string | undefined {
  if (region?.value) return region.value.trim().toLowerCase();
  return name ? DEFAULT_REGION : undefined;
}

function placed(region: Field<string> | undefined, name: Field<string> | undefined): Placed {
  if (region?.value) return { region: region.value.trim().toLowerCase(), range: region.valueRange, explicit: true };
  return { region: DEFAULT_REGION, range: name!.valueRange, explicit: false };
}

const describe = (p: Placed) => (p.explicit ? p.region : `${p.region} (the default)`);

/** Checks one service's references, recording the names it looked up; true when it reported something. */
function checkService(ctx: WorkspaceContext, bp: Blueprint, svc: Service, names: string[]): boolean {
  const fromRegion = regionOf(svc.region, svc.name);
  if (!fromRegion) return false;
  let reported = false;
  // Each resource is reported once per service, for its first reference.
  let seen: unknown[] | undefined;
  for (const e of svc.envVars) {
    let target: { what: string; bp: Blueprint; region: Field<string> | undefined; name: Field<string> | undefined } | undefined;
    const dbName = e.fromDatabase?.name?.value;
    const svcRef = e.fromService;
    if (dbName) {
      names.push(dbName);
      const l = findDatabase(ctx.workspace, bp, svc.location, dbName);
      const db = l.found;
      if (!db || seen?.includes(db)) continue;
      (seen ??= []).push(db);
      if (regionOf(db.region, db.name) === fromRegion) continue;
      target = { what: `database \`${dbName}\``, bp: l.foundIn ?? bp, region: db.region, name: db.name };
    } else if (svcRef?.name?.value) {
      names.push(svcRef.name.value);
      const l = findService(ctx.workspace, bp, svc.location, svcRef.name.value, svcRef.type?.value);
      const other: Service | undefined = l.found;
      // Public web services are reached over the internet anyway; the private network matters for the rest.
      if (!other || other === svc || other.type?.value === 'web' || seen?.includes(other)) continue;
      (seen ??= []).push(other);
      if (regionOf(other.region, other.name) === fromRegion) continue;
      const kind = other.type?.value === 'keyvalue' || other.type?.value === 'redis' ? 'Key Value store' : `${other.type?.value ?? ''} service`;
      target = { what: `${kind} \`${svcRef.name.value}\``, bp: l.foundIn ?? bp, region: other.region, name: other.name };
    }
    if (!target) continue;
    const from = placed(svc.region, svc.name);
    const at = placed(target.region, target.name);
    reported = true;
    ctx.report({
      file: bp.file.path,
      range: from.range,
      message: `\`${svc.name?.value}\` runs in ${describe(from)} but uses the ${target.what} in ${describe(at)}: internal addresses work only within one region, and every query crosses regions; put both in the same region.`,
      related: [{ file: target.bp.file.path, range: at.range, message: `${target.what.replace(/`/g, '')} is in ${at.region}` }],
    });
  }
  return reported;
}

/** Services that reported nothing, kept while nothing their references name changed (every service is checked on every keystroke). */
const clean = new CleanServices();

const rule: WorkspaceRule = {
  id: 'render-region-mismatch',
  meta: {
    scope: 'workspace',
    category: 'reliability',
    severity: 'warning',
    description: 'A Render service and the database, Key Value store or private service it references in different regions.',
    fixable: false,
    reads: ['render'],
  },
  check(ctx) {
    const dir = directory(ctx.workspace);
    for (const bp of workspaceBlueprints(ctx.workspace)) {
      const services = bp.services;
      for (let i = 0; i < services.length; i++) {
        const svc = services[i];
        if (clean.isClean(dir, svc, i)) continue;
        const names: string[] = [];
        if (!checkService(ctx, bp, svc, names)) clean.keep(dir, svc, i, names);
      }
    }
  },
};

export default rule;
