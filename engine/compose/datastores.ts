// Databases, caches and brokers that Compose files commonly run, with their default ports and a
// readiness check that works inside the official image.
// Sources, checked 2026-11-24: the images' Docker Hub pages and Dockerfiles (postgres `pg_isready`,
// mysql `mysqladmin ping`, mariadb `healthcheck.sh`, redis/valkey `*-cli ping`, mongo `mongosh`,
// rabbitmq `rabbitmq-diagnostics ping`) and the Compose Specification (`healthcheck`, `ports`).

import { splitOutsideBraces } from './model';

export interface Datastore {
  /** Family name used in messages (`postgres`, `redis` …). */
  family: string;
  /** Image names (the last path segment, or a full path) that run it. */
  images: string[];
  /** Ports the server listens on inside the container. */
  ports: number[];
  /** A `healthcheck.test` that reports readiness; `$$` is a literal `$` in Compose. */
  healthcheck?: (env: ReadonlyMap<string, string | null>) => string[];
}

export const DATASTORES: Datastore[] = [
  {
    family: 'postgres',
    images: ['postgres', 'postgresql', 'postgis', 'timescaledb', 'timescaledb-ha', 'pgvector', 'supabase/postgres', 'cloudnative-pg/postgresql'],
    ports: [5432],
    healthcheck: (env) => ['CMD-SHELL', env.has('POSTGRES_USER') ? 'pg_isready -U $$POSTGRES_USER' : 'pg_isready -U postgres'],
  },
  { family: 'mysql', images: ['mysql', 'mysql-server', 'percona', 'percona-server'], ports: [3306, 33060], healthcheck: () => ['CMD', 'mysqladmin', 'ping', '-h', 'localhost'] },
  { family: 'mariadb', images: ['mariadb'], ports: [3306], healthcheck: () => ['CMD', 'healthcheck.sh', '--connect', '--innodb_initialized'] },
  { family: 'redis', images: ['redis', 'redis-stack', 'redis-stack-server', 'keydb', 'dragonfly'], ports: [6379], healthcheck: () => ['CMD', 'redis-cli', 'ping'] },
  { family: 'valkey', images: ['valkey'], ports: [6379], healthcheck: () => ['CMD', 'valkey-cli', 'ping'] },
  { family: 'mongo', images: ['mongo', 'mongodb', 'mongodb-community-server', 'mongodb-enterprise-server'], ports: [27017], healthcheck: () => ['CMD', 'mongosh', '--quiet', '--eval', "db.adminCommand('ping')"] },
  { family: 'elasticsearch', images: ['elasticsearch'], ports: [9200, 9300] },
  { family: 'opensearch', images: ['opensearch'], ports: [9200, 9600] },
  { family: 'memcached', images: ['memcached'], ports: [11211] },
  { family: 'rabbitmq', images: ['rabbitmq'], ports: [5672, 15672], healthcheck: () => ['CMD', 'rabbitmq-diagnostics', '-q', 'ping'] },
  { family: 'cassandra', images: ['cassandra', 'scylla'], ports: [9042] },
  { family: 'couchdb', images: ['couchdb'], ports: [5984] },
  { family: 'neo4j', images: ['neo4j'], ports: [7474, 7687] },
  { family: 'clickhouse', images: ['clickhouse-server', 'clickhouse'], ports: [8123, 9000] },
  { family: 'cockroachdb', images: ['cockroach'], ports: [26257] },
  { family: 'influxdb', images: ['influxdb'], ports: [8086] },
  { family: 'mssql', images: ['mssql/server', 'azure-sql-edge'], ports: [1433] },
  { family: 'kafka', images: ['kafka', 'cp-kafka'], ports: [9092] },
  { family: 'minio', images: ['minio'], ports: [9000, 9001] },
];

/**
 * Ports that identify a datastore even when the image is unknown (a custom build). Ports that
 * ordinary web apps also use (8086, 9000, 9001 …) are left out so they only count with the image.
 */
export const DATASTORE_PORTS = new Set([5432, 3306, 6379, 27017, 9200, 11211, 9042, 5984, 7687, 26257, 1433]);

/** The repository path of an image reference: no registry host, tag or digest (`docker.io/library/postgres:16` → `postgres`). */
export function imageRepository(image: string): string {
  let ref = image.trim().split('@')[0];
  const lastSlash = ref.lastIndexOf('/');
  const name = splitOutsideBraces(ref.slice(lastSlash + 1), ':')[0];
  ref = ref.slice(0, lastSlash + 1) + name;
  const parts = ref.split('/');
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0])) parts.shift();
  if (parts[0] === 'library') parts.shift();
  return parts.join('/').toLowerCase();
}

/** The datastore an image runs, matched on its full repository path or its last segment. */
export function datastoreOfImage(image: string | undefined): Datastore | undefined {
  if (!image) return undefined;
  const repo = imageRepository(image);
  if (repo.includes('$')) return undefined;
  const last = repo.split('/').pop()!;
  return DATASTORES.find((d) => d.images.some((i) => (i.includes('/') ? repo === i || repo.endsWith(`/${i}`) : last === i)));
}
