import * as path from 'node:path';
import { blueprint, sameScope, type Blueprint, type Database, type Service } from '../engine/render/blueprint';
import { parseCommandLine, workerCount, type WorkerCount } from '../engine/render/commands';
import { connectionLimit } from '../engine/render/connectionLimits';
import { runtimeOf } from '../engine/render/paths';
import { poolSize, productionEnv, type PoolSize } from '../engine/render/poolSize';
import { rootDirOf } from '../engine/render/serviceCommands';
import { serviceEnv, type EnvValue } from '../engine/render/serviceEnv';
import { onlyChangedSince, worldStamp, type WorldStamp } from '../engine/changeLog';
import type { FileContext, FileRule, Range, RelatedInfo, Workspace } from '../engine/types';

interface Use {
  service: Service;
  /** The `fromDatabase` name that references the database. */
  refRange: Range;
  pooled: boolean;
  /** connectionPoolString without `connectionPool: pgbouncer` on the database. */
  poolMissing: boolean;
}

interface Share {
  use: Use;
  instances: { n: number; source: string };
  workers: WorkerCount;
  pool: PoolSize | undefined;
  total: number;
}

function uses(bp: Blueprint, db: Database): Use[] {
  const name = db.name?.value;
  const out: Use[] = [];
  if (!name) return out;
  const pgbouncer = db.connectionPool?.value?.toLowerCase() === 'pgbouncer';
  for (const s of bp.services) {
    if (!sameScope(s.location, db.location)) continue;
    const refs = s.envVars.filter((e) => e.fromDatabase?.name?.value === name);
    if (!refs.length) continue;
    // A service holds one pool per process whichever variables carry the address; it is pooled
    // only when every reference goes through PgBouncer.
    const pooledRefs = refs.filter((e) => e.fromDatabase?.property?.value === 'connectionPoolString');
    const pooled = pgbouncer && pooledRefs.length === refs.length;
    const ref = refs.find((e) => e.fromDatabase?.property?.value !== 'connectionPoolString') ?? refs[0];
    out.push({ service: s, refRange: ref.fromDatabase!.name!.valueRange, pooled, poolMissing: !pgbouncer && pooledRefs.length > 0 });
  }
  return out;
}

function instances(s: Service): { n: number; source: string } {
  const max = s.scaling?.maxInstances?.value;
  if (max !== undefined) return { n: max, source: `${max} instance${max === 1 ? '' : 's'}` };
  const n = s.numInstances?.value ?? 1;
  return { n, source: `${n} instance${n === 1 ? '' : 's'}` };
}

/** Reads `workers = N` from a gunicorn config file the start command names. */
function workersFromConfig(ws: Workspace, dirs: string[], file: string | undefined): number | undefined {
  if (!file) return undefined;
  for (const d of dirs) {
    const text = ws.fs.readText(path.posix.join(d || '.', file));
    const m = text ? /^workers\s*=\s*(\d+)\s*$/m.exec(text) : null;
    if (m) return Number(m[1]);
  }
  return undefined;
}

/**
 * A service's share without its use, kept with its model (the same object while the service's text
 * is unchanged) while nothing but the blueprint changed: working it out reads a dozen files per
 * folder, for every service, on every keystroke otherwise.
 */
const shares = new WeakMap<Service, { world: WorldStamp; file: string; key: string; value: Omit<Share, 'use'> }>();

function share(ws: Workspace, bp: Blueprint, use: Use, blueprintDir: string): Share {
  const s = use.service;
  const declared = serviceEnv(bp, s);
  // Besides the service and the disk, the share depends on these (env groups live outside the service).
  const key = `${blueprintDir}\u0000${declaredKey(declared)}`;
  const world = worldStamp(ws);
  const hit = shares.get(s);
  if (world && hit && hit.key === key && hit.file === bp.file.path && onlyChangedSince(ws, hit.world, bp.file.path)) {
    hit.world = world;
    return { use, ...hit.value };
  }
  const value = shareOf(ws, s, declared, blueprintDir);
  if (world) shares.set(s, { world, file: bp.file.path, key, value });
  return { use, ...value };
}

/** The declared values as one string, per (kept) map. */
const declaredKeys = new WeakMap<ReadonlyMap<string, EnvValue>, string>();

function declaredKey(declared: ReadonlyMap<string, EnvValue>): string {
  let key = declaredKeys.get(declared);
  if (key === undefined) declaredKeys.set(declared, (key = [...declared].map(([k, v]) => `${k}=${v.value}`).join('\u0000')));
  return key;
}

function shareOf(ws: Workspace, s: Service, declared: ReadonlyMap<string, EnvValue>, blueprintDir: string): Omit<Share, 'use'> {
  const root = rootDirOf(s);
  const dirs = [...new Set([root, blueprintDir ? path.posix.join(blueprintDir, root) : root, blueprintDir, ''])];
  const dotenv = productionEnv(ws, dirs);
  const env = (n: string) => declared.get(n)?.value ?? dotenv.get(n);
  const command = runtimeOf(s) === 'docker' ? s.dockerCommand?.value : s.startCommand?.value;
  let workers = command ? workerCount(parseCommandLine(command, root), env) : { count: 1, source: 'one process', assumed: true };
  if (workers.assumed && workers.configFile) {
    const n = workersFromConfig(ws, dirs, workers.configFile);
    if (n !== undefined) workers = { count: n, source: `workers = ${n} in ${workers.configFile}`, assumed: false };
  }
  const pool = poolSize(ws, dirs, env);
  const inst = instances(s);
  return { instances: inst, workers, pool, total: inst.n * (workers.count ?? 1) * (pool?.size ?? 1) };
}

function arithmetic(sh: Share): string {
  const w = sh.workers;
  const wText = w.source === 'one process' ? '1 process' : w.count === undefined ? `1 worker (assumed; ${w.source})` : `${w.count} worker${w.count === 1 ? '' : 's'}${w.assumed ? ` (assumed: ${w.source})` : ''}`;
  const p = sh.pool;
  const pText = p === undefined ? 'pool 1 (assumed: no pool size found)' : `pool ${p.size}${p.assumed ? ` (assumed: ${p.source})` : ''}`;
  return `${sh.instances.source} × ${wText} × ${pText} = ${sh.total}`;
}

/** The direct connections each service referencing `db` can open (exported for diagnostics and tests). */
export function budget(ws: Workspace, bp: Blueprint, db: Database, blueprintDir: string): { all: Use[]; direct: Share[]; total: number } {
  const all = uses(bp, db);
  const direct = all.filter((u) => !u.pooled).map((u) => share(ws, bp, u, blueprintDir));
  return { all, direct, total: direct.reduce((a, s) => a + s.total, 0) };
}

/**
 * The message spells out the largest shares only: a blueprint with hundreds of services would
 * otherwise get a message as long as the file. Related information lists every service.
 */
const LISTED = 5;

function listed(direct: readonly Share[]): Share[] {
  if (direct.length <= LISTED) return [...direct];
  const order = new Map(direct.map((sh, i) => [sh, i]));
  return [...direct].sort((a, b) => b.total - a.total || order.get(a)! - order.get(b)!).slice(0, LISTED - 1);
}

function unlisted(direct: readonly Share[], shownShares: readonly Share[], total: number): string {
  if (direct.length <= LISTED) return '';
  const shown = shownShares.reduce((a, sh) => a + sh.total, 0);
  return `; ${direct.length - LISTED + 1} more services open ${total - shown} between them (each is in the related information)`;
}

function check(ctx: FileContext, bp: Blueprint, db: Database, blueprintDir: string): void {
  const limit = connectionLimit(db.plan?.value);
  if (!limit) return;
  const { all, direct, total } = budget(ctx.workspace, bp, db, blueprintDir);
  if (total <= limit.limit) return;
  const dbName = db.name?.value ?? 'this database';
  const part = (sh: Share) => `${sh.use.service.name?.value ?? 'a service'}: ${arithmetic(sh)}${sh.use.poolMissing ? ' (uses connectionPoolString, but the database has no connectionPool: pgbouncer)' : ''}`;
  const shown = listed(direct);
  const sum = direct.length === 1 ? `${part(direct[0])} > ${limit.limit}` : `${shown.map(part).join('; ')}${unlisted(direct, shown, total)}; total ${total} > ${limit.limit}`;
  const pooled = all.filter((u) => u.pooled).map((u) => u.service.name?.value ?? 'a service');
  const pooledNote = pooled.length ? ` ${pooled.join(', ')} connect${pooled.length === 1 ? 's' : ''} through PgBouncer (connectionPoolString) and ${pooled.length === 1 ? 'is' : 'are'} budgeted against the pooler, not the database.` : '';
  const planText = db.plan?.value ? `plan ${db.plan.value}` : 'the default plan';
  const related: RelatedInfo[] = direct.map((sh) => ({ file: ctx.file.path, range: sh.use.refRange, message: `${sh.use.service.name?.value ?? 'service'}: ${arithmetic(sh)}` }));
  ctx.report({
    range: db.plan?.valueRange ?? db.name?.valueRange ?? db.range,
    related,
    message: `${dbName} (${planText}, ${limit.basis}) accepts ${limit.limit} connections, but its services can open ${total}: ${sum}; lower pool sizes, workers or instances, move to a larger plan, or enable connectionPool: pgbouncer and connect with property: connectionPoolString.${pooledNote}`,
  });
}

const rule: FileRule = {
  id: 'connection-budget',
  meta: {
    scope: 'file',
    kinds: ['render'],
    category: 'reliability',
    severity: 'error',
    description: 'Services that together can open more connections (instances × workers × pool size) than their Render Postgres plan accepts.',
    fixable: false,
  },
  check(ctx) {
    const file = ctx.file;
    if (file.format !== 'yaml') return;
    const bp = blueprint(file);
    if (!bp) return;
    const dir = path.posix.dirname(file.path);
    for (const db of bp.databases) check(ctx, bp, db, dir === '.' ? '' : dir);
  },
};

export default rule;
