// How many database connections one process of a service keeps open: from the variables the
// blueprint (or a committed `.env.production`) sets, else from the default of the framework the
// service's code depends on. Nothing is executed; manifests are read as text.
//
// Framework defaults (checked 2026-12-02):
// - SQLAlchemy `create_engine`: pool_size 5 + max_overflow 10 (docs.sqlalchemy.org, "Connection Pooling").
// - Django: one persistent connection per worker thread (docs.djangoproject.com, "Databases").
// - node-postgres `Pool`: max 10 (node-postgres.com/apis/pool); knex: pool max 10 (knexjs.org);
//   Sequelize: pool max 5 (sequelize.org, "Connection Pool"); TypeORM over pg: pg's 10.
// - Prisma: connection_limit defaults to num_physical_cpus × 2 + 1 (prisma.io, "Connection pool").
// - Rails: `pool` in config/database.yml, generated as ENV.fetch("RAILS_MAX_THREADS") { 5 } (3 since Rails 7.1).
// - Ecto: pool_size 10 (hexdocs.pm/ecto_sql), Phoenix reads POOL_SIZE.
import * as path from 'node:path';
import { parseDotenv } from '../parse/dotenv';
import type { Workspace } from '../types';
import { numberValue } from './commands';

export interface PoolSize {
  size: number;
  /** For messages: `DB_POOL_SIZE=20`, `SQLAlchemy's default 5 + overflow 10`. */
  source: string;
  assumed: boolean;
}

/** Variables naming a per-process pool size, most specific first. */
const POOL_VARS = ['DB_POOL_SIZE', 'DATABASE_POOL_SIZE', 'POOL_SIZE', 'DB_POOL_MAX', 'DATABASE_POOL_MAX', 'PG_POOL_MAX', 'PGPOOL_MAX', 'DB_MAX_CONNECTIONS', 'DATABASE_MAX_CONNECTIONS', 'DB_CONNECTION_LIMIT', 'SQLALCHEMY_POOL_SIZE', 'RAILS_MAX_THREADS'];
const OVERFLOW_VARS = ['SQLALCHEMY_MAX_OVERFLOW', 'MAX_OVERFLOW', 'DB_MAX_OVERFLOW', 'DATABASE_MAX_OVERFLOW'];

/** `.env.production` values committed next to the service (its folder first, then the root). */
export function productionEnv(ws: Workspace, dirs: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of dirs) {
    const text = ws.fs.readText(path.posix.join(d || '.', '.env.production'));
    if (text === undefined) continue;
    for (const e of parseDotenv(text).entries) if (!out.has(e.key)) out.set(e.key, e.value);
  }
  return out;
}

function readAny(ws: Workspace, dirs: string[], names: string[]): string {
  let all = '';
  for (const d of dirs) for (const n of names) all += `\n${ws.fs.readText(path.posix.join(d || '.', n)) ?? ''}`;
  return all;
}

function has(text: string, pattern: RegExp): boolean {
  return pattern.test(text);
}

/** Pool size of one process: variables first, then the framework's default. */
export function poolSize(ws: Workspace, dirs: string[], env: (name: string) => string | undefined): PoolSize | undefined {
  const num = (name: string) => {
    const v = env(name);
    return v !== undefined ? numberValue(v.trim(), env).value : undefined;
  };
  for (const name of POOL_VARS) {
    const size = num(name);
    if (size === undefined) continue;
    if (name === 'SQLALCHEMY_POOL_SIZE' || name === 'DB_POOL_SIZE' || name === 'POOL_SIZE' || name === 'DATABASE_POOL_SIZE') {
      const overflowName = OVERFLOW_VARS.find((o) => num(o) !== undefined);
      if (overflowName) {
        const overflow = num(overflowName)!;
        return { size: size + overflow, source: `${name}=${size} + ${overflowName}=${overflow}`, assumed: false };
      }
    }
    return { size, source: `${name}=${size}`, assumed: false };
  }
  // Prisma reads the limit from the connection URL.
  for (const name of ['DATABASE_URL', 'DIRECT_URL', 'POSTGRES_PRISMA_URL']) {
    const m = /[?&]connection_limit=(\d+)/.exec(env(name) ?? '');
    if (m) return { size: Number(m[1]), source: `connection_limit=${m[1]} in ${name}`, assumed: false };
  }
  const py = readAny(ws, dirs, ['requirements.txt', 'requirements/production.txt', 'requirements/prod.txt', 'pyproject.toml', 'Pipfile', 'setup.py']).toLowerCase();
  if (has(py, /(^|[\s"'])(flask-sqlalchemy|sqlalchemy|sqlmodel)\b/m)) {
    const overflowName = OVERFLOW_VARS.find((o) => num(o) !== undefined);
    if (overflowName) return { size: 5 + num(overflowName)!, source: `SQLAlchemy's default pool 5 + ${overflowName}=${num(overflowName)}`, assumed: true };
    return { size: 15, source: "SQLAlchemy's default pool 5 + overflow 10", assumed: true };
  }
  if (has(py, /(^|[\s"'])django\b/m)) return { size: 1, source: "Django's one connection per process", assumed: true };
  if (has(py, /(^|[\s"'])asyncpg\b/m)) return { size: 10, source: "asyncpg's default pool of 10", assumed: true };
  const pkg = readAny(ws, dirs, ['package.json']);
  if (has(pkg, /"(@prisma\/client|prisma)"\s*:/)) return { size: 5, source: "Prisma's default of 2 × CPUs + 1, assumed 2 CPUs", assumed: true };
  if (has(pkg, /"sequelize"\s*:/)) return { size: 5, source: "Sequelize's default pool of 5", assumed: true };
  if (has(pkg, /"knex"\s*:/)) return { size: 10, source: "knex's default pool of 10", assumed: true };
  if (has(pkg, /"(typeorm|pg|postgres|drizzle-orm)"\s*:/)) return { size: 10, source: "node-postgres' default pool of 10", assumed: true };
  const yml = readAny(ws, dirs, ['config/database.yml']);
  const railsPool = /^\s*pool:\s*(?:(\d+)|<%=\s*ENV\.fetch\(\s*["'](\w+)["']\s*\)\s*\{\s*(\d+)\s*\}\s*%>)/m.exec(yml);
  if (railsPool) {
    if (railsPool[1]) return { size: Number(railsPool[1]), source: `pool: ${railsPool[1]} in config/database.yml`, assumed: false };
    const v = num(railsPool[2]);
    return v !== undefined ? { size: v, source: `${railsPool[2]}=${v}`, assumed: false } : { size: Number(railsPool[3]), source: `config/database.yml's default ${railsPool[2]} of ${railsPool[3]}`, assumed: true };
  }
  const gem = readAny(ws, dirs, ['Gemfile']);
  if (has(gem, /gem\s+["'](rails|activerecord)["']/)) return { size: 5, source: "Rails' default pool of 5", assumed: true };
  const mix = readAny(ws, dirs, ['mix.exs']);
  if (has(mix, /:ecto_sql\b/)) return { size: 10, source: "Ecto's default pool_size of 10", assumed: true };
  return undefined;
}
