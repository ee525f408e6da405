import * as path from 'node:path';
import { blueprint, sameScope, type Blueprint, type Database, type Field, type Location, type Service } from '../engine/render/blueprint';
import { parseCommandLine, workerCount, type WorkerCount } from '../engine/render/commands';
import { connectionLimit, type ConnectionLimit } from '../engine/render/connectionLimits';
import { runtimeOf } from '../engine/render/paths';
import { poolSize, productionEnv, type PoolSize } from '../engine/render/poolSize';
import { rootDirOf } from '../engine/render/serviceCommands';
import { serviceEnv, type EnvValue } from '../engine/render/serviceEnv';
import { onlyChangedSince, worldStamp, type WorldStamp } from '../engine/changeLog';
import type { FileContext, FileRule, Range, RelatedInfo, Workspace } from '../engine/types';
import { isOneOff } from '../engine/oneOff';

interface Use {
  service: Service;
  /** The `fromDatabase` name that references the database. */
  readonly refRange: Range;
  pooled: boolean;
  /** connectionPoolString without `connectionPool: pgbouncer` on the database. */
  poolMissing: boolean;
}

/** A use whose range is read from the reference's node when asked: it is kept while its service is unchanged, and nodes move. */
class ServiceUse implements Use {
  constructor(readonly service: Service, private readonly ref: Field<string>, readonly pooled: boolean, readonly poolMissing: boolean) {}

  get refRange(): Range {
    return this.ref.valueRange;
  }
}

interface ShareValue {
  instances: { n: number; source: string };
  workers: WorkerCount;
  pool: PoolSize | undefined;
  total: number;
}

interface Share extends ShareValue {
  use: Use;
}

/**
 * A service's use of a database, kept with its model (the same object while the service's text is
 * unchanged): every service is looked at on every keystroke.
 */
const usesKept = new WeakMap<Service, { name: string; pgbouncer: boolean; use: ServiceUse | undefined }>();

function useOf(s: Service, name: string, pgbouncer: boolean, keep: boolean): ServiceUse | undefined {
  const hit = usesKept.get(s);
  if (hit && hit.name === name && hit.pgbouncer === pgbouncer) return hit.use;
  let use: ServiceUse | undefined;
  const refs = s.envVars.filter((e) => e.fromDatabase?.name?.value === name);
  if (refs.length) {
    // A service holds one pool per process whichever variables carry the address; it is pooled
    // only when every reference goes through PgBouncer.
    const pooledRefs = refs.filter((e) => e.fromDatabase?.property?.value === 'connectionPoolString');
    const pooled = pgbouncer && pooledRefs.length === refs.length;
    const ref = refs.find((e) => e.fromDatabase?.property?.value !== 'connectionPoolString') ?? refs[0];
    use = new ServiceUse(s, ref.fromDatabase!.name!, pooled, !pgbouncer && pooledRefs.length > 0);
  }
  if (keep) usesKept.set(s, { name, pgbouncer, use });
  return use;
}

function uses(bp: Blueprint, db: Database, keep: boolean): ServiceUse[] {
  const name = db.name?.value;
  const out: ServiceUse[] = [];
  if (!name) return out;
  const pgbouncer = db.connectionPool?.value?.toLowerCase() === 'pgbouncer';
  for (const s of bp.services) {
    if (!sameScope(s.location, db.location)) continue;
    const use = useOf(s, name, pgbouncer, keep);
    if (use) out.push(use);
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
 * What a service's share depends on besides the service: the env groups it may pull in, the
 * blueprint's folder, and the disk and other files. A token stands for one state of those; it is
 * replaced when anything but the blueprint itself changed, or the groups' nodes did.
 */
interface Context {
  world: WorldStamp;
  groups: unknown[];
  token: Token;
}

/**
 * One state of what shares depend on besides their service, and the shares worked out in it by
 * what they read of their service: an edit of a service that leaves those fields alone (its
 * health check, a variable the share does not read) makes it a new object with the same share.
 */
interface Token {
  byInputs: Map<string, ShareValue>;
}

const contexts = new WeakMap<Workspace, Map<string, Context>>();

function groupNodes(bp: Blueprint): unknown[] {
  const out: unknown[] = [];
  for (const g of bp.envVarGroups) out.push(g.node, g.location.scope === 'root' ? undefined : g.location.environmentNode);
  return out;
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function contextToken(ws: Workspace, bp: Blueprint, world: WorldStamp): Token {
  let byFile = contexts.get(ws);
  if (!byFile) contexts.set(ws, (byFile = new Map()));
  const groups = groupNodes(bp);
  const was = byFile.get(bp.file.path);
  if (was && onlyChangedSince(ws, was.world, bp.file.path) && sameItems(was.groups, groups)) {
    was.world = world;
    return was.token;
  }
  const token: Token = { byInputs: new Map() };
  byFile.set(bp.file.path, { world, groups, token });
  return token;
}

/**
 * A service's share without its use, kept with its model (the same object while the service's text
 * is unchanged) while nothing but the blueprint changed: working it out reads a dozen files per
 * folder, for every service, on every keystroke otherwise. Within one context (above) it is taken
 * as it is; after a change of context, while the declared values it was worked out from are the same.
 */
const shares = new WeakMap<Service, { token: Token; world: WorldStamp; file: string; key: string; value: ShareValue }>();

const MAX_INPUTS = 4096;

interface Keeping {
  world: WorldStamp;
  token: Token;
}

function shareValue(ws: Workspace, bp: Blueprint, s: Service, blueprintDir: string, keeping: Keeping | undefined): ShareValue {
  const hit = keeping && shares.get(s);
  if (hit && hit.token === keeping!.token) return hit.value;
  const declared = serviceEnv(bp, s);
  // Besides the service and the disk, the share depends on these (env groups live outside the service).
  // Keys are JSON, not joins: values come from the file and may hold any character.
  const key = JSON.stringify([blueprintDir, declaredKey(declared)]);
  if (keeping && hit && hit.key === key && hit.file === bp.file.path && onlyChangedSince(ws, hit.world, bp.file.path)) {
    hit.world = keeping.world;
    hit.token = keeping.token;
    return hit.value;
  }
  if (!keeping) return shareOf(ws, s, declared, blueprintDir);
  // Everything shareOf reads of the service.
  const inputs = JSON.stringify([key, rootDirOf(s), runtimeOf(s) ?? null, s.dockerCommand?.value ?? null, s.startCommand?.value ?? null, s.scaling?.maxInstances?.value ?? null, s.numInstances?.value ?? null]);
  const byInputs = keeping.token.byInputs;
  let value = byInputs.get(inputs);
  if (!value) {
    value = shareOf(ws, s, declared, blueprintDir);
    // Typing in a command makes a new entry per keystroke: the map is bounded by dropping it all now and then.
    if (byInputs.size >= MAX_INPUTS) byInputs.clear();
    byInputs.set(inputs, value);
  }
  shares.set(s, { token: keeping.token, world: keeping.world, file: bp.file.path, key, value });
  return value;
}

/** The declared values as one string, per (kept) map. */
const declaredKeys = new WeakMap<ReadonlyMap<string, EnvValue>, string>();

function declaredKey(declared: ReadonlyMap<string, EnvValue>): string {
  let key = declaredKeys.get(declared);
  if (key === undefined) declaredKeys.set(declared, (key = JSON.stringify([...declared].map(([k, v]) => [k, v.value ?? null]))));
  return key;
}

function shareOf(ws: Workspace, s: Service, declared: ReadonlyMap<string, EnvValue>, blueprintDir: string): ShareValue {
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

function arithmetic(sh: ShareValue): string {
  const w = sh.workers;
  const wText = w.source === 'one process' ? '1 process' : w.count === undefined ? `1 worker (assumed; ${w.source})` : `${w.count} worker${w.count === 1 ? '' : 's'}${w.assumed ? ` (assumed: ${w.source})` : ''}`;
  const p = sh.pool;
  const pText = p === undefined ? 'pool 1 (assumed: no pool size found)' : `pool ${p.size}${p.assumed ? ` (assumed: ${p.source})` : ''}`;
  return `${sh.instances.source} × ${wText} × ${pText} = ${sh.total}`;
}

/** A direct use with its share and its line in the related information. */
interface Direct {
  use: ServiceUse;
  value: ShareValue;
  line: string;
}

/** A service's line, kept with its model while its share is the same object (services with the same inputs may share one). */
const lines = new WeakMap<Service, { value: ShareValue; line: string }>();

function lineOf(s: Service, value: ShareValue): string {
  const hit = lines.get(s);
  if (hit && hit.value === value) return hit.line;
  const line = `${s.name?.value ?? 'service'}: ${arithmetic(value)}`;
  lines.set(s, { value, line });
  return line;
}

function directUses(ws: Workspace, bp: Blueprint, all: readonly ServiceUse[], blueprintDir: string, keeping: Keeping | undefined): { direct: Direct[]; total: number } {
  const direct: Direct[] = [];
  let total = 0;
  for (const use of all) {
    if (use.pooled) continue;
    const value = shareValue(ws, bp, use.service, blueprintDir, keeping);
    direct.push({ use, value, line: lineOf(use.service, value) });
    total += value.total;
  }
  return { direct, total };
}

/** The direct connections each service referencing `db` can open (exported for diagnostics and tests). */
export function budget(ws: Workspace, bp: Blueprint, db: Database, blueprintDir: string): { all: Use[]; direct: Share[]; total: number } {
  const all = uses(bp, db, false);
  const { direct, total } = directUses(ws, bp, all, blueprintDir, undefined);
  return { all, direct: direct.map((d) => ({ use: d.use, ...d.value })), total };
}

/**
 * The message spells out the largest shares only: a blueprint with hundreds of services would
 * otherwise get a message as long as the file.
 */
const LISTED = 5;
/**
 * Related information points at every contributing service up to this many, else at the largest
 * shares: two hundred entries under one problem are no help to read, and were sent to the editor
 * on every keystroke.
 */
export const RELATED_MAX = 20;

/** The shares in the related information: all in file order, or the largest, largest first. */
function relatedShares(direct: readonly Direct[]): readonly Direct[] {
  if (direct.length <= RELATED_MAX) return direct;
  const order = new Map(direct.map((d, i) => [d, i]));
  return [...direct].sort((a, b) => b.value.total - a.value.total || order.get(a)! - order.get(b)!).slice(0, RELATED_MAX);
}

function listed(direct: readonly Direct[]): Direct[] {
  if (direct.length <= LISTED) return [...direct];
  const order = new Map(direct.map((d, i) => [d, i]));
  return [...direct].sort((a, b) => b.value.total - a.value.total || order.get(a)! - order.get(b)!).slice(0, LISTED - 1);
}

function unlisted(direct: readonly Direct[], shownShares: readonly Direct[], total: number): string {
  if (direct.length <= LISTED) return '';
  const shown = shownShares.reduce((a, d) => a + d.value.total, 0);
  const where = direct.length <= RELATED_MAX ? 'each is in the related information' : `the ${RELATED_MAX} largest shares are in the related information`;
  return `; ${direct.length - LISTED + 1} more services open ${total - shown} between them (${where})`;
}

function messageOf(db: Database, limit: ConnectionLimit, all: readonly ServiceUse[], direct: readonly Direct[], total: number): string {
  const dbName = db.name?.value ?? 'this database';
  const part = (d: Direct) => `${d.use.service.name?.value ?? 'a service'}: ${arithmetic(d.value)}${d.use.poolMissing ? ' (uses connectionPoolString, but the database has no connectionPool: pgbouncer)' : ''}`;
  const shown = listed(direct);
  const sum = direct.length === 1 ? `${part(direct[0])} > ${limit.limit}` : `${shown.map(part).join('; ')}${unlisted(direct, shown, total)}; total ${total} > ${limit.limit}`;
  const pooled = all.filter((u) => u.pooled).map((u) => u.service.name?.value ?? 'a service');
  const pooledNote = pooled.length ? ` ${pooled.join(', ')} connect${pooled.length === 1 ? 's' : ''} through PgBouncer (connectionPoolString) and ${pooled.length === 1 ? 'is' : 'are'} budgeted against the pooler, not the database.` : '';
  const planText = db.plan?.value ? `plan ${db.plan.value}` : 'the default plan';
  return `${dbName} (${planText}, ${limit.basis}) accepts ${limit.limit} connections, but its services can open ${total}: ${sum}; lower pool sizes, workers or instances, move to a larger plan, or enable connectionPool: pgbouncer and connect with property: connectionPoolString.${pooledNote}`;
}

function sortedShares(direct: readonly Direct[]): number[] {
  const order = direct.map((_, i) => i);
  return order.sort((a, b) => direct[b].value.total - direct[a].value.total || a - b);
}

/**
 * A database's uses, shares and message as last worked out, aligned with the services they were
 * worked out from. With hundreds of services, walking them all, sorting the shares and spelling
 * out the message on every keystroke cost more than the rest of the check: an edit makes new
 * models of the edited services only, so only those are looked at again, and while what the
 * message says of them is unchanged (their names, pooling and share values, which are kept by
 * what they are worked out from), the message and the order of the related shares are kept.
 */
interface Kept {
  token: Token;
  name: string;
  pgbouncer: boolean;
  /** The database's scope: references resolve within it. */
  scope: unknown;
  services: readonly Service[];
  /** Per service (aligned with `services`): its use of the database, and its share when direct. */
  usesAt: (ServiceUse | undefined)[];
  directsAt: (Direct | undefined)[];
  all: ServiceUse[];
  direct: Direct[];
  total: number;
  plan: string | undefined;
  message: string | undefined;
  /** Indices into `direct` of the related shares, in their order. */
  order: number[] | undefined;
  related: RelatedInfo[];
}

const kept = new WeakMap<Workspace, Map<string, Kept>>();

function scopeOf(db: Database): unknown {
  return db.location.scope === 'root' ? undefined : db.location.environmentNode;
}

/** Whether two entries read the same in the message and related information (besides their places). */
function sameEntry(a: ServiceUse | undefined, da: Direct | undefined, b: ServiceUse | undefined, db: Direct | undefined): boolean {
  if (!a || !b) return a === b;
  if (!sameMention(a, b)) return false;
  return da === undefined ? db === undefined : db !== undefined && da.value === db.value;
}

/** Whether two uses read the same in the message (besides their lines). */
function sameMention(a: ServiceUse, b: ServiceUse): boolean {
  return a === b || (a.pooled === b.pooled && a.poolMissing === b.poolMissing && a.service.name?.value === b.service.name?.value);
}

function sameLines(a: readonly Direct[], b: readonly Direct[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].line !== b[i].line) return false;
  return true;
}

function sameMentions(a: readonly ServiceUse[], b: readonly ServiceUse[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameMention(a[i], b[i])) return false;
  return true;
}

function entryOf(ws: Workspace, bp: Blueprint, s: Service, name: string, pgbouncer: boolean, scope: Location, blueprintDir: string, keeping: Keeping): { use: ServiceUse | undefined; direct: Direct | undefined } {
  if (!sameScope(s.location, scope)) return { use: undefined, direct: undefined };
  const use = useOf(s, name, pgbouncer, true);
  if (!use || use.pooled) return { use, direct: undefined };
  const value = shareValue(ws, bp, s, blueprintDir, keeping);
  return { use, direct: { use, value, line: lineOf(s, value) } };
}

/** Works every service out afresh (through the per-service caches). */
function fresh(ws: Workspace, bp: Blueprint, db: Database, name: string, pgbouncer: boolean, blueprintDir: string, keeping: Keeping): Kept {
  const services = bp.services;
  const usesAt = new Array<ServiceUse | undefined>(services.length);
  const directsAt = new Array<Direct | undefined>(services.length);
  for (let i = 0; i < services.length; i++) {
    const e = entryOf(ws, bp, services[i], name, pgbouncer, db.location, blueprintDir, keeping);
    usesAt[i] = e.use;
    directsAt[i] = e.direct;
  }
  const all: ServiceUse[] = [];
  const direct: Direct[] = [];
  let total = 0;
  for (let i = 0; i < usesAt.length; i++) {
    const use = usesAt[i];
    if (use) all.push(use);
    const d = directsAt[i];
    if (d) {
      direct.push(d);
      total += d.value.total;
    }
  }
  return { token: keeping.token, name, pgbouncer, scope: scopeOf(db), services: bp.services, usesAt, directsAt, all, direct, total, plan: undefined, message: undefined, order: undefined, related: [] };
}

/**
 * The state for this edit: the previous one with the edited services worked out again (in place
 * when they read as before), or a fresh one whose message and related information are to be made.
 */
function settle(ws: Workspace, key: string, bp: Blueprint, db: Database, name: string, blueprintDir: string, keeping: Keeping): { state: Kept; was: Kept | undefined } {
  let byKey = kept.get(ws);
  if (!byKey) kept.set(ws, (byKey = new Map()));
  const pgbouncer = db.connectionPool?.value?.toLowerCase() === 'pgbouncer';
  const was = byKey.get(key);
  if (!was || was.token !== keeping.token || was.name !== name || was.pgbouncer !== pgbouncer || was.scope !== scopeOf(db)) {
    const state = fresh(ws, bp, db, name, pgbouncer, blueprintDir, keeping);
    byKey.set(key, state);
    return { state, was };
  }
  const now = bp.services;
  const before = was.services;
  let p = 0;
  while (p < now.length && p < before.length && now[p] === before[p]) p++;
  let q = 0;
  while (q < now.length - p && q < before.length - p && now[now.length - 1 - q] === before[before.length - 1 - q]) q++;
  const mid = now.length - p - q;
  const midBefore = before.length - p - q;
  const usesMid: (ServiceUse | undefined)[] = [];
  const directsMid: (Direct | undefined)[] = [];
  let same = mid === midBefore;
  for (let i = p; i < p + mid; i++) {
    const e = entryOf(ws, bp, now[i], name, pgbouncer, db.location, blueprintDir, keeping);
    usesMid.push(e.use);
    directsMid.push(e.direct);
    if (same && !sameEntry(was.usesAt[i], was.directsAt[i], e.use, e.direct)) same = false;
  }
  if (!same) {
    const state = fresh(ws, bp, db, name, pgbouncer, blueprintDir, keeping);
    byKey.set(key, state);
    return { state, was };
  }
  // The same entries in the same places: swap the edited services' in, where they are in the lists too.
  let inAll = 0;
  let inDirect = 0;
  for (let i = 0; i < p; i++) {
    if (was.usesAt[i]) inAll++;
    if (was.directsAt[i]) inDirect++;
  }
  for (let k = 0; k < mid; k++) {
    const use = usesMid[k];
    const d = directsMid[k];
    was.usesAt[p + k] = use;
    was.directsAt[p + k] = d;
    if (use) was.all[inAll++] = use;
    if (d) was.direct[inDirect++] = d;
  }
  was.services = now;
  return { state: was, was };
}

/** The related information, keeping the previous entries whose place and text did not change. */
function relatedOf(file: string, shares: readonly Direct[], previous: readonly RelatedInfo[]): RelatedInfo[] {
  const out: RelatedInfo[] = [];
  let same = shares.length === previous.length;
  for (let i = 0; i < shares.length; i++) {
    const d = shares[i];
    const range = d.use.refRange;
    const old = previous[i];
    if (old && old.message === d.line && old.range.start === range.start && old.range.end === range.end && old.file === file) out.push(old);
    else {
      out.push({ file, range, message: d.line });
      same = false;
    }
  }
  return same ? (previous as RelatedInfo[]) : out;
}

function check(ctx: FileContext, bp: Blueprint, db: Database, index: number, blueprintDir: string, keeping: Keeping | undefined): void {
  const limit = connectionLimit(db.plan?.value);
  if (!limit) return;
  const name = db.name?.value;
  if (!keeping || !name) {
    const all = uses(bp, db, false);
    const { direct, total } = directUses(ctx.workspace, bp, all, blueprintDir, undefined);
    if (total <= limit.limit) return;
    ctx.report({
      range: db.plan?.valueRange ?? db.name?.valueRange ?? db.range,
      related: relatedShares(direct).map((d) => ({ file: ctx.file.path, range: d.use.refRange, message: d.line })),
      message: messageOf(db, limit, all, direct, total),
    });
    return;
  }
  const { state, was } = settle(ctx.workspace, `${bp.file.path}\u0000${index}`, bp, db, name, blueprintDir, keeping);
  const { all, direct, total } = state;
  if (total <= limit.limit) return;
  const plan = db.plan?.value;
  let message = state.message;
  if (message === undefined || state.plan !== plan) {
    // Worked out afresh: the previous message and order still serve when the shares read the same.
    const reads = was !== undefined && was.message !== undefined && was.name === name && was.plan === plan && was.total === total && sameMentions(was.all, all) && sameLines(was.direct, direct) ? was : undefined;
    message = reads?.message ?? messageOf(db, limit, all, direct, total);
    state.order = reads ? reads.order : direct.length <= RELATED_MAX ? undefined : sortedShares(direct).slice(0, RELATED_MAX);
    state.message = message;
    state.plan = plan;
    if (was && state !== was) state.related = was.related;
  }
  const order = state.order;
  state.related = relatedOf(ctx.file.path, order ? order.map((k) => direct[k]) : direct, state.related);
  ctx.report({ range: db.plan?.valueRange ?? db.name?.valueRange ?? db.range, related: state.related, message });
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
    if (!bp.databases.length) return;
    // Kept between checks in a long-lived workspace (the editor's), not in a one-off audit.
    const world = isOneOff(ctx.workspace) ? undefined : worldStamp(ctx.workspace);
    const keeping = world && { world, token: contextToken(ctx.workspace, bp, world) };
    bp.databases.forEach((db, index) => check(ctx, bp, db, index, dir === '.' ? '' : dir, keeping));
  },
};

export default rule;
