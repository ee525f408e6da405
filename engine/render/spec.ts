// The Render Blueprint (render.yaml) specification as data: the keys allowed at each level, their
// value types and enums, deprecated names, and which service types a key applies to. This is the
// one place that owns these facts; rules read it, they never hard-code a key or an enum.
//
// Sources, checked 2026-12-02:
// - https://render.com/docs/blueprint-spec (Blueprint YAML Reference)
// - render-oss/skills: skills/render-blueprints/references/field-reference.md, common-mistakes.md,
//   skills/render-deploy/references/blueprint-spec.md (commit 3f2aa30e)
// - render-oss/cli pkg/client (generated from Render's public API): regions, runtimes,
//   Postgres / Key Value / service plans, maxmemory policies (commit 85c8c2c0)
// - Keys used by Render's own example Blueprints (render-examples/*): `initialDeployHook`,
//   `persistenceMode`, `previewValue`, environment `networking` / `permissions`.
// Render's JSON Schema (render.com/schema/render.yaml.json) could not be read from here: expect new
// keys and values over time, so unknown enum values name the known ones rather than guess.

export const SPEC_SOURCES = [
  'https://render.com/docs/blueprint-spec',
  'https://github.com/render-oss/skills/blob/main/skills/render-blueprints/references/field-reference.md',
] as const;
export const SPEC_CHECKED = '2026-12-02';

/** Current service types; `redis` is the deprecated name of `keyvalue` (DEPRECATED_VALUES). */
export const SERVICE_TYPES = ['web', 'pserv', 'worker', 'cron', 'keyvalue', 'workflow'] as const;
export const RUNTIMES = ['node', 'python', 'go', 'ruby', 'rust', 'elixir', 'docker', 'image', 'static'] as const;
export const REGIONS = ['oregon', 'ohio', 'virginia', 'frankfurt', 'singapore'] as const;

/** Compute instance types (`plan` of web, pserv, worker, cron, workflow services). */
export const SERVICE_PLANS = ['free', 'starter', 'starter plus', 'standard', 'standard plus', 'pro', 'pro plus', 'pro max', 'pro ultra'] as const;
export const KEYVALUE_PLANS = ['free', 'starter', 'standard', 'pro', 'pro plus'] as const;
/** Flexible Postgres plans, then legacy ones (still accepted for existing databases). */
export const DATABASE_PLANS = [
  'free',
  'basic-256mb', 'basic-1gb', 'basic-4gb',
  'pro-4gb', 'pro-8gb', 'pro-16gb', 'pro-32gb', 'pro-64gb', 'pro-128gb', 'pro-192gb', 'pro-256gb', 'pro-384gb', 'pro-512gb',
  'accelerated-16gb', 'accelerated-32gb', 'accelerated-64gb', 'accelerated-128gb', 'accelerated-256gb', 'accelerated-384gb', 'accelerated-512gb', 'accelerated-768gb', 'accelerated-1024gb',
  'starter', 'standard', 'pro', 'pro plus',
] as const;

export const FROM_DATABASE_PROPERTIES = ['connectionString', 'connectionPoolString', 'host', 'port', 'user', 'password', 'database'] as const;
export const FROM_SERVICE_PROPERTIES = ['host', 'port', 'hostport', 'connectionString'] as const;
/** Service types a `fromService` may name. */
export const FROM_SERVICE_TYPES = ['web', 'pserv', 'worker', 'cron', 'keyvalue', 'redis', 'workflow'] as const;
export const AUTO_DEPLOY_TRIGGERS = ['commit', 'checksPass', 'off'] as const;
export const PREVIEW_GENERATION_ROOT = ['off', 'manual', 'automatic'] as const;
export const PREVIEW_GENERATION_SERVICE = ['manual', 'automatic'] as const;
export const MAXMEMORY_POLICIES = ['allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction', 'volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl'] as const;
export const ROUTE_TYPES = ['redirect', 'rewrite'] as const;

/**
 * Enum comparison: Render's own examples write `Starter` and `pro plus`, its API `pro_plus`; plan and
 * policy slugs compare case-insensitively with space, `_` and `-` equivalent.
 */
export function normaliseSlug(v: string): string {
  return v.trim().toLowerCase().replace(/[\s_-]+/g, '-');
}

export type ValueKind = 'string' | 'integer' | 'number' | 'boolean' | 'scalar' | 'list' | 'map';

/** A service's type and runtime, to decide whether a key applies to it. */
export interface ServiceShape {
  type: string | undefined;
  runtime: string | undefined;
}

export interface Deprecation {
  /** The key (or value) to use instead, when there is one. */
  replacement?: string;
  /** What to do instead, as an instruction ("rename it to `runtime`"). */
  note: string;
}

export interface KeySpec {
  kind: ValueKind;
  /** Allowed values, compared with `normaliseSlug` when `slug` is set, exactly otherwise. */
  enum?: readonly string[];
  slug?: boolean;
  /** What the enum lists, for messages ("regions", "runtimes"). */
  enumName?: string;
  min?: number;
  max?: number;
  /** The level of a map value, or of each map item of a list. */
  level?: LevelName;
  /** For lists of scalars. */
  itemKind?: 'string';
  deprecated?: Deprecation;
  /** Service keys that apply only to some services; `label` says which in messages. */
  appliesTo?: { test: (s: ServiceShape) => boolean; label: string };
}

export type LevelName =
  | 'root' | 'service' | 'database' | 'envVarGroup' | 'envVar' | 'groupEnvVar' | 'fromDatabase' | 'fromService'
  | 'project' | 'environment' | 'rootPreviews' | 'servicePreviews' | 'disk' | 'scaling' | 'buildFilter' | 'image'
  | 'imageCreds' | 'registryCreds' | 'registryCredential' | 'ipAllowEntry' | 'readReplica' | 'highAvailability' | 'header' | 'route'
  | 'networking' | 'permissions';

/** Human names of the levels, for messages. */
export const LEVEL_LABELS: Record<LevelName, string> = {
  root: 'the root of a Blueprint', service: 'a service', database: 'a database', envVarGroup: 'an environment group',
  envVar: 'an envVars entry', groupEnvVar: 'an environment group\'s envVars entry', fromDatabase: 'fromDatabase',
  fromService: 'fromService', project: 'a project', environment: 'a project environment', rootPreviews: 'the root previews',
  servicePreviews: 'a service\'s previews', disk: 'disk', scaling: 'scaling', buildFilter: 'buildFilter', image: 'image',
  imageCreds: 'image.creds', registryCreds: 'fromRegistryCreds', registryCredential: 'registryCredential', ipAllowEntry: 'an ipAllowList entry',
  readReplica: 'a read replica', highAvailability: 'highAvailability', header: 'a headers entry', route: 'a routes entry',
  networking: 'networking', permissions: 'permissions',
};

const isKeyValue = (s: ServiceShape) => s.type === 'keyvalue' || s.type === 'redis';
const isStatic = (s: ServiceShape) => s.runtime === 'static' || s.type === 'static';
/** Services that build or run code (everything but Key Value). */
const compute = { test: (s: ServiceShape) => !isKeyValue(s), label: 'services that run code (not Key Value)' };
const keyValueOnly = { test: isKeyValue, label: 'Key Value services (`type: keyvalue`)' };
const staticOnly = { test: isStatic, label: 'static sites (`runtime: static`)' };
const cronOnly = { test: (s: ServiceShape) => s.type === 'cron' || s.type === undefined, label: 'cron jobs (`type: cron`)' };
const notStatic = { test: (s: ServiceShape) => !isKeyValue(s) && !isStatic(s), label: 'services that run code (not static sites or Key Value)' };

const str: KeySpec = { kind: 'string' };
const bool: KeySpec = { kind: 'boolean' };
const int = (min?: number, max?: number): KeySpec => ({ kind: 'integer', min, max });
const c = (spec: KeySpec, appliesTo: KeySpec['appliesTo']): KeySpec => ({ ...spec, appliesTo });

export const LEVELS: Record<LevelName, Record<string, KeySpec>> = {
  root: {
    services: { kind: 'list', level: 'service' },
    databases: { kind: 'list', level: 'database' },
    envVarGroups: { kind: 'list', level: 'envVarGroup' },
    projects: { kind: 'list', level: 'project' },
    previews: { kind: 'map', level: 'rootPreviews' },
    previewsEnabled: { kind: 'boolean', deprecated: { replacement: 'previews.generation', note: 'use `previews: {generation: automatic}` instead' } },
    previewsExpireAfterDays: { kind: 'integer', deprecated: { replacement: 'previews.expireAfterDays', note: 'use `previews: {expireAfterDays: N}` instead' } },
  },
  rootPreviews: {
    generation: { kind: 'string', enum: PREVIEW_GENERATION_ROOT, enumName: 'preview generation modes' },
    expireAfterDays: int(1),
  },
  project: {
    name: str,
    environments: { kind: 'list', level: 'environment' },
  },
  environment: {
    name: str,
    services: { kind: 'list', level: 'service' },
    databases: { kind: 'list', level: 'database' },
    envVarGroups: { kind: 'list', level: 'envVarGroup' },
    networking: { kind: 'map', level: 'networking' },
    permissions: { kind: 'map', level: 'permissions' },
  },
  networking: { isolation: { kind: 'string', enum: ['enabled', 'disabled'], enumName: 'isolation settings' } },
  permissions: { protection: { kind: 'string', enum: ['enabled', 'disabled'], enumName: 'protection settings' } },
  service: {
    type: { kind: 'string', enum: SERVICE_TYPES, enumName: 'service types' },
    name: str,
    runtime: c({ kind: 'string', enum: RUNTIMES, enumName: 'runtimes' }, compute),
    env: c({ kind: 'string', enum: RUNTIMES, enumName: 'runtimes', deprecated: { replacement: 'runtime', note: 'rename it to `runtime` (same values)' } }, compute),
    plan: str,
    previewPlan: c(str, keyValueOnly),
    region: { kind: 'string', enum: REGIONS, enumName: 'regions' },
    repo: c(str, compute),
    branch: c(str, compute),
    rootDir: c(str, compute),
    buildCommand: c(str, compute),
    startCommand: c(str, notStatic),
    preDeployCommand: c(str, notStatic),
    initialDeployHook: c(str, notStatic),
    dockerCommand: c(str, notStatic),
    dockerfilePath: c(str, notStatic),
    dockerContext: c(str, notStatic),
    registryCredential: c({ kind: 'map', level: 'registryCredential' }, notStatic),
    image: c({ kind: 'map', level: 'image' }, notStatic),
    autoDeploy: c({ kind: 'boolean', deprecated: { replacement: 'autoDeployTrigger', note: 'use `autoDeployTrigger: commit` (for `true`) or `off` (for `false`) instead' } }, compute),
    autoDeployTrigger: c({ kind: 'string', enum: AUTO_DEPLOY_TRIGGERS, enumName: 'auto-deploy triggers' }, compute),
    maxShutdownDelaySeconds: c(int(1, 300), notStatic),
    healthCheckPath: c(str, notStatic),
    domains: c({ kind: 'list', itemKind: 'string' }, compute),
    envVars: c({ kind: 'list', level: 'envVar' }, compute),
    buildFilter: c({ kind: 'map', level: 'buildFilter' }, compute),
    disk: c({ kind: 'map', level: 'disk' }, notStatic),
    scaling: c({ kind: 'map', level: 'scaling' }, notStatic),
    numInstances: c(int(1), notStatic),
    previews: c({ kind: 'map', level: 'servicePreviews' }, compute),
    pullRequestPreviewsEnabled: c({ kind: 'boolean', deprecated: { replacement: 'previews.generation', note: 'use `previews: {generation: automatic}` on the service instead' } }, compute),
    schedule: c(str, cronOnly),
    staticPublishPath: c(str, staticOnly),
    headers: c({ kind: 'list', level: 'header' }, staticOnly),
    routes: c({ kind: 'list', level: 'route' }, staticOnly),
    maxmemoryPolicy: c({ kind: 'string', enum: MAXMEMORY_POLICIES, slug: true, enumName: 'maxmemory policies' }, keyValueOnly),
    persistenceMode: c(str, keyValueOnly),
    ipAllowList: c({ kind: 'list', level: 'ipAllowEntry' }, keyValueOnly),
  },
  servicePreviews: {
    generation: { kind: 'string', enum: PREVIEW_GENERATION_SERVICE, enumName: 'service preview generation modes' },
    plan: str,
    numInstances: int(1),
  },
  disk: { name: str, mountPath: str, sizeGB: int(1) },
  scaling: { minInstances: int(1), maxInstances: int(1), targetCPUPercent: int(1, 100), targetMemoryPercent: int(1, 100) },
  buildFilter: { paths: { kind: 'list', itemKind: 'string' }, ignoredPaths: { kind: 'list', itemKind: 'string' } },
  image: { url: str, creds: { kind: 'map', level: 'imageCreds' } },
  imageCreds: { fromRegistryCreds: { kind: 'map', level: 'registryCreds' } },
  registryCredential: { fromRegistryCreds: { kind: 'map', level: 'registryCreds' } },
  registryCreds: { name: str },
  header: { path: str, name: str, value: { kind: 'scalar' } },
  route: { type: { kind: 'string', enum: ROUTE_TYPES, enumName: 'route types' }, source: str, destination: str },
  ipAllowEntry: { source: str, description: str },
  database: {
    name: str,
    plan: str,
    previewPlan: str,
    previewDiskSizeGB: int(1),
    postgresMajorVersion: { kind: 'scalar' },
    databaseName: str,
    user: str,
    region: { kind: 'string', enum: REGIONS, enumName: 'regions' },
    diskSizeGB: int(1),
    storageAutoscalingEnabled: bool,
    readReplicas: { kind: 'list', level: 'readReplica' },
    highAvailability: { kind: 'map', level: 'highAvailability' },
    ipAllowList: { kind: 'list', level: 'ipAllowEntry' },
    connectionPool: { kind: 'string', enum: ['pgbouncer'], enumName: 'connection poolers' },
  },
  readReplica: { name: str },
  highAvailability: { enabled: bool },
  envVarGroup: { name: str, envVars: { kind: 'list', level: 'groupEnvVar' } },
  envVar: {
    key: str,
    value: { kind: 'scalar' },
    previewValue: { kind: 'scalar' },
    generateValue: bool,
    sync: bool,
    fromDatabase: { kind: 'map', level: 'fromDatabase' },
    fromService: { kind: 'map', level: 'fromService' },
    fromGroup: str,
  },
  /** Environment groups hold only literal or generated values (field-reference.md, "envVarGroups"). */
  groupEnvVar: {
    key: str,
    value: { kind: 'scalar' },
    previewValue: { kind: 'scalar' },
    generateValue: bool,
  },
  fromDatabase: {
    name: str,
    property: { kind: 'string', enum: FROM_DATABASE_PROPERTIES, enumName: 'database properties' },
  },
  fromService: {
    type: { kind: 'string', enum: FROM_SERVICE_TYPES, enumName: 'service types' },
    name: str,
    property: { kind: 'string', enum: FROM_SERVICE_PROPERTIES, enumName: 'service properties' },
    envVarKey: str,
  },
};

/** Keys Render never had but people write; each explains what to do instead. */
export const KNOWN_MISTAKES: Partial<Record<LevelName, Record<string, string>>> = {
  root: {
    redis: 'there is no root `redis:` list: a Key Value (Redis-compatible) store is a service with `type: keyvalue` under `services:`, referenced with `fromService: {type: keyvalue, name, property: connectionString}`',
    keyvalue: 'a Key Value store is a service with `type: keyvalue` under `services:`',
    postgres: 'Postgres databases are listed under `databases:`',
  },
  envVar: {
    fromRedis: 'there is no `fromRedis`: reference a Key Value service with `fromService: {type: keyvalue, name, property: connectionString}`',
    fromKeyValue: 'reference a Key Value service with `fromService: {type: keyvalue, name, property: connectionString}`',
    fromSecret: 'declare a secret with `sync: false` (entered in the Dashboard) or `generateValue: true`',
    name: 'an envVars entry names its variable with `key:`',
  },
  groupEnvVar: {
    sync: 'environment groups cannot hold `sync: false` variables; declare the secret with `sync: false` on each service that needs it',
    fromDatabase: 'environment groups cannot reference databases; put this `fromDatabase` on the services that need it',
    fromService: 'environment groups cannot reference services; put this `fromService` on the services that need it',
    fromGroup: 'environment groups cannot include other groups',
  },
  service: {
    pythonVersion: 'set the Python version with an env var `PYTHON_VERSION` or a `.python-version` file',
    nodeVersion: 'set the Node version with an env var `NODE_VERSION`, `.node-version`, `.nvmrc` or `engines` in package.json',
    healthCheck: 'the health check path is `healthCheckPath:`',
    port: 'Render sets `PORT` (default 10000); bind to it in the start command instead',
    instances: 'use `numInstances:` or `scaling:`',
  },
};

/** Service `type` values that are mistakes, with what to write instead. */
export const TYPE_MISTAKES: Record<string, string> = {
  static: 'static sites are `type: web` with `runtime: static`',
  postgres: 'Postgres databases are listed under `databases:`, not as a service',
  postgresql: 'Postgres databases are listed under `databases:`, not as a service',
  database: 'Postgres databases are listed under `databases:`, not as a service',
  private: 'private services are `type: pserv`',
  private_service: 'private services are `type: pserv`',
  background_worker: 'background workers are `type: worker`',
  web_service: 'web services are `type: web`',
  cron_job: 'cron jobs are `type: cron`',
};

/** Deprecated values of enum keys. */
export const DEPRECATED_VALUES: Partial<Record<LevelName, Record<string, Record<string, Deprecation>>>> = {
  service: { type: { redis: { replacement: 'keyvalue', note: '`type: redis` is the deprecated name of `type: keyvalue`' } } },
};

/** Levels where a key may be written, for "belongs under …" hints on misplaced keys. */
export function levelsWithKey(key: string): LevelName[] {
  return (Object.keys(LEVELS) as LevelName[]).filter((l) => Object.prototype.hasOwnProperty.call(LEVELS[l], key));
}

/** Plans allowed for a resource, by kind. */
export function plansFor(kind: 'service' | 'keyvalue' | 'database'): readonly string[] {
  return kind === 'database' ? DATABASE_PLANS : kind === 'keyvalue' ? KEYVALUE_PLANS : SERVICE_PLANS;
}
