// Maximum connections of a Render Postgres database, by plan. This is the one table of these
// figures; connection-budget reads it.
//
// Sources, checked 2026-12-02:
// - render-oss/skills `skills/render-postgres/SKILL.md` ("Connection Limits", commit 3f2aa30e):
//   current-generation plans allow 100 connections under 8 GB of RAM, 200 from 8 GB, 400 from
//   16 GB, 500 from 32 GB.
// - https://render.com/tutorials/postgres-on-render/connection-limits-and-pooling: the same table,
//   and legacy instance types 97 / 197 / 397 (some connections are reserved).
// - Current plan slugs name their RAM (`basic-256mb`, `pro-8gb`, `accelerated-16gb`):
//   render-oss/skills `skills/render-deploy/references/blueprint-spec.md`.
// - /work/shared/reference/render-blueprint.md ("Postgres max connections"): legacy Starter /
//   Standard ≈ 97, Pro ≈ 197.
// - Managed PgBouncer (`connectionPool: pgbouncer`, paid plans, transaction pooling; clients use
//   `property: connectionPoolString`): render-oss/skills `skills/render-postgres/references/connection-guide.md`
//   and https://render.com/docs/postgresql-connection-pooling. Render does not publish a client
//   limit for it, so pooled clients are not counted against the database's limit.

export const CONNECTION_LIMITS_SOURCE = 'https://render.com/tutorials/postgres-on-render/connection-limits-and-pooling';
export const CONNECTION_LIMITS_CHECKED = '2026-12-02';

/** Connections by RAM for current-generation plans: [minimum GB, max connections], highest first. */
const BY_MEMORY: readonly (readonly [number, number])[] = [
  [32, 500],
  [16, 400],
  [8, 200],
  [0, 100],
];

/** Legacy instance types, by slug. */
const LEGACY: Readonly<Record<string, number>> = {
  starter: 97,
  standard: 97,
  pro: 197,
  'pro-plus': 397,
};

export interface ConnectionLimit {
  /** The plan as compared (normalised slug). */
  plan: string;
  limit: number;
  /** How the figure follows from the plan, for messages: "under 8 GB of RAM", "legacy plan". */
  basis: string;
}

function slug(plan: string): string {
  return plan.trim().toLowerCase().replace(/[\s_]+/g, '-');
}

/** RAM in GB that a current plan slug names (`basic-256mb` → 0.25), or undefined. */
export function planMemoryGB(plan: string): number | undefined {
  const m = /^(?:basic|pro|accelerated)-(\d+)(mb|gb)$/.exec(slug(plan));
  if (!m) return undefined;
  return m[2] === 'mb' ? Number(m[1]) / 1024 : Number(m[1]);
}

/** The maximum connections of a Postgres plan, or undefined for a plan this table does not know. */
export function connectionLimit(plan: string | undefined): ConnectionLimit | undefined {
  // Without a plan Render creates a small instance (free or basic-256mb: 256 MB of RAM either way).
  if (plan === undefined) return { plan: 'default', limit: 100, basis: 'default instance type, under 8 GB of RAM' };
  const p = slug(plan);
  if (p === 'free') return { plan: p, limit: 100, basis: 'free instance, 256 MB of RAM' };
  const legacy = LEGACY[p];
  if (legacy !== undefined) return { plan: p, limit: legacy, basis: 'legacy instance type' };
  const gb = planMemoryGB(p);
  if (gb === undefined) return undefined;
  const row = BY_MEMORY.find(([min]) => gb >= min)!;
  const basis = row[0] === 0 ? 'under 8 GB of RAM' : `${row[0]} GB of RAM or more`;
  return { plan: p, limit: row[1], basis };
}
