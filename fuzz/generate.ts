// Grammar-aware generation with fast-check: plausible Render, Compose, workflow and dotenv files
// (real keys, secret-looking and reference values, aliases and merges), serialised in varied styles.
import fc from 'fast-check';
import { Document } from 'yaml';
import type { FileKind } from '../engine/types';
import type { Rng } from './rng';

const envName = fc.oneof(
  fc.constantFrom('DB_PASSWORD', 'SECRET_KEY', 'API_TOKEN', 'JWT_SECRET', 'DATABASE_URL', 'REDIS_URL', 'LOG_LEVEL', 'NODE_ENV', 'PORT', 'DEBUG', 'AWS_SECRET_ACCESS_KEY', 'STRIPE_SECRET_KEY', 'GITHUB_TOKEN', 'POSTGRES_PASSWORD', 'SESSION_SECRET', 'ALLOWED_HOSTS'),
  fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,24}$/),
);
const envValue = fc.oneof(
  fc.constantFrom('admin123', 'changeme', 'password', 'secret', '${DB_PASSWORD}', '${DB_PASSWORD:-postgres}', '${API_TOKEN:?required}', '$${ESCAPED}', 'postgres://app:hunter22@db:5432/app', 'redis://:s3cret@redis:6379/0', 'ghp_0123456789abcdefghijABCDEFGHIJ012345', 'AKIAIOSFODNN7EXAMPLE', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'true', 'false', '8080', '', 'null', '~', '${{ secrets.TOKEN }}', '${{ github.token }}'),
  fc.stringMatching(/^[A-Za-z0-9+/=_-]{1,48}$/),
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.boolean(),
);
const image = fc.constantFrom('nginx', 'nginx:latest', 'nginx:1.27', 'postgres:16', 'redis', 'shop/api:1.4.2', 'ghcr.io/org/app@sha256:' + 'a'.repeat(64), 'node:20-alpine', '${IMAGE:-app}:${TAG}');
const ports = fc.array(fc.oneof(fc.constantFrom('80:80', '5432:5432', '127.0.0.1:6379:6379', '3000', '8080:8080/tcp'), fc.integer({ min: 0, max: 70000 })), { maxLength: 3 });

const composeService = fc.record({
  image,
  build: fc.oneof(fc.constant('.'), fc.record({ context: fc.constant('.'), args: fc.dictionary(envName, envValue, { maxKeys: 3 }) })),
  environment: fc.oneof(fc.dictionary(envName, envValue, { maxKeys: 6 }), fc.array(fc.tuple(envName, envValue).map(([k, v]) => `${k}=${String(v)}`), { maxLength: 6 })),
  env_file: fc.oneof(fc.constant('.env'), fc.array(fc.constantFrom('.env', '.env.production', 'missing.env'), { maxLength: 2 })),
  ports,
  restart: fc.constantFrom('always', 'unless-stopped', 'no', 'on-failure'),
  depends_on: fc.oneof(fc.array(fc.constantFrom('db', 'redis', 'api'), { maxLength: 2 }), fc.dictionary(fc.constantFrom('db', 'redis'), fc.record({ condition: fc.constantFrom('service_healthy', 'service_started') }), { maxKeys: 2 })),
  healthcheck: fc.record({ test: fc.constantFrom(['CMD', 'curl', '-f', 'http://localhost'], 'pg_isready', ['NONE']), interval: fc.constantFrom('10s', '1m30s', 5) }, { requiredKeys: [] }),
  command: fc.oneof(fc.string({ maxLength: 20 }), fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 })),
  volumes: fc.array(fc.constantFrom('./data:/data', 'db:/var/lib/postgresql/data', '/var/run/docker.sock:/var/run/docker.sock'), { maxLength: 2 }),
  privileged: fc.boolean(),
  network_mode: fc.constantFrom('host', 'bridge'),
  deploy: fc.record({ replicas: fc.integer({ min: 0, max: 5 }), resources: fc.record({ limits: fc.record({ memory: fc.constantFrom('512M', '1g', 'lots') }) }) }, { requiredKeys: [] }),
}, { requiredKeys: [] });

const compose = fc.record({
  version: fc.constantFrom('3.8', '2', 3),
  name: fc.string({ maxLength: 10 }),
  services: fc.dictionary(fc.constantFrom('api', 'web', 'db', 'redis', 'worker', 'proxy'), composeService, { minKeys: 1, maxKeys: 4 }),
  volumes: fc.dictionary(fc.constantFrom('db', 'data'), fc.constant(null), { maxKeys: 2 }),
}, { requiredKeys: ['services'] });

const renderEnvVar = fc.oneof(
  fc.record({ key: envName, value: envValue }),
  fc.record({ key: envName, sync: fc.boolean() }),
  fc.record({ key: envName, generateValue: fc.boolean() }),
  fc.record({ key: envName, fromDatabase: fc.record({ name: fc.constantFrom('db', 'missing'), property: fc.constantFrom('connectionString', 'host', 'port', 'bogus') }) }),
  fc.record({ key: envName, fromService: fc.record({ name: fc.constantFrom('api', 'redis'), type: fc.constantFrom('web', 'redis', 'pserv'), property: fc.constantFrom('host', 'hostport', 'connectionString') }) }),
  fc.record({ fromGroup: fc.constantFrom('shared', 'missing') }),
);
const renderService = fc.record({
  type: fc.constantFrom('web', 'worker', 'pserv', 'cron', 'redis', 'keyvalue', 'static', 'bogus'),
  name: fc.constantFrom('api', 'web', 'worker', 'redis', 'cron'),
  runtime: fc.constantFrom('node', 'python', 'docker', 'image', 'static', 'elixir'),
  env: fc.constantFrom('node', 'docker'),
  plan: fc.constantFrom('free', 'starter', 'standard', 'pro', 'bogus'),
  region: fc.constantFrom('oregon', 'frankfurt', 'mars'),
  buildCommand: fc.constantFrom('npm ci', 'npm install', 'pip install -r requirements.txt'),
  startCommand: fc.constantFrom('npm start', 'node server.js', 'gunicorn app:app', 'python manage.py runserver'),
  healthCheckPath: fc.constantFrom('/', '/healthz', 'health'),
  autoDeploy: fc.boolean(),
  numInstances: fc.integer({ min: 0, max: 4 }),
  schedule: fc.constantFrom('0 * * * *', 'every hour'),
  disk: fc.record({ name: fc.constant('data'), mountPath: fc.constantFrom('/data', 'data'), sizeGB: fc.integer({ min: 0, max: 100 }) }),
  envVars: fc.array(renderEnvVar, { maxLength: 6 }),
  ipAllowList: fc.array(fc.record({ source: fc.constantFrom('0.0.0.0/0', '10.0.0.0/8'), description: fc.string({ maxLength: 8 }) }), { maxLength: 2 }),
}, { requiredKeys: ['type', 'name'] });
const render = fc.record({
  services: fc.array(renderService, { minLength: 1, maxLength: 4 }),
  databases: fc.array(fc.record({ name: fc.constantFrom('db', 'pg'), plan: fc.constantFrom('free', 'basic-256mb', 'pro'), ipAllowList: fc.constant([]) }, { requiredKeys: ['name'] }), { maxLength: 2 }),
  envVarGroups: fc.array(fc.record({ name: fc.constantFrom('shared', 'secrets'), envVars: fc.array(renderEnvVar, { maxLength: 4 }) }), { maxLength: 2 }),
  previews: fc.record({ generation: fc.constantFrom('automatic', 'manual', 'off') }),
}, { requiredKeys: ['services'] });

const step = fc.oneof(
  fc.record({ uses: fc.constantFrom('actions/checkout@v4', 'actions/checkout@v2', 'actions/setup-node@v3', 'actions/cache@v1', 'docker/login-action@v3', 'some/action@main', 'some/action@0123456789abcdef0123456789abcdef01234567', './local'), with: fc.dictionary(fc.constantFrom('token', 'password', 'node-version', 'path', 'persist-credentials'), envValue, { maxKeys: 3 }) }, { requiredKeys: ['uses'] }),
  fc.record({ name: fc.string({ maxLength: 10 }), run: fc.constantFrom('npm test', 'echo "${{ github.event.pull_request.title }}"', 'curl -H "Authorization: ${{ secrets.TOKEN }}" x', 'make deploy'), env: fc.dictionary(envName, envValue, { maxKeys: 3 }), 'continue-on-error': fc.boolean() }, { requiredKeys: ['run'] }),
);
const job = fc.record({
  'runs-on': fc.constantFrom('ubuntu-latest', 'ubuntu-22.04', 'self-hosted', '${{ matrix.os }}'),
  'timeout-minutes': fc.integer({ min: -1, max: 400 }),
  permissions: fc.oneof(fc.constantFrom('write-all', 'read-all'), fc.dictionary(fc.constantFrom('contents', 'packages', 'id-token'), fc.constantFrom('read', 'write', 'none'), { maxKeys: 2 })),
  env: fc.dictionary(envName, envValue, { maxKeys: 3 }),
  services: fc.dictionary(fc.constantFrom('postgres', 'redis'), fc.record({ image, env: fc.dictionary(envName, envValue, { maxKeys: 2 }) }), { maxKeys: 1 }),
  needs: fc.array(fc.constantFrom('build', 'test', 'missing'), { maxLength: 2 }),
  if: fc.constantFrom("github.ref == 'refs/heads/main'", '${{ always() }}'),
  strategy: fc.record({ matrix: fc.record({ os: fc.constant(['ubuntu-latest']), node: fc.constant([18, 20]) }) }),
  steps: fc.array(step, { minLength: 1, maxLength: 5 }),
}, { requiredKeys: ['runs-on', 'steps'] });
const workflow = fc.record({
  name: fc.string({ maxLength: 12 }),
  on: fc.oneof(fc.constantFrom('push', 'pull_request_target', 'workflow_dispatch'), fc.constant(['push', 'pull_request']), fc.record({ push: fc.record({ branches: fc.constant(['main']) }), schedule: fc.constant([{ cron: '0 0 * * *' }]) }, { requiredKeys: [] })),
  permissions: fc.oneof(fc.constantFrom('write-all', 'read-all'), fc.record({ contents: fc.constantFrom('read', 'write') })),
  env: fc.dictionary(envName, envValue, { maxKeys: 3 }),
  concurrency: fc.record({ group: fc.constant('${{ github.ref }}'), 'cancel-in-progress': fc.boolean() }),
  jobs: fc.dictionary(fc.constantFrom('build', 'test', 'deploy', 'lint'), job, { minKeys: 1, maxKeys: 3 }),
}, { requiredKeys: ['on', 'jobs'] });

const dotenvLine = fc.oneof(
  fc.tuple(envName, envValue).map(([k, v]) => `${k}=${String(v)}`),
  fc.tuple(envName, envValue, fc.constantFrom('"', "'", '`')).map(([k, v, q]) => `${k}=${q}${String(v)}${q}`),
  fc.tuple(envName, envValue).map(([k, v]) => `export ${k}="${String(v)}" # note`),
  fc.tuple(envName, envValue).map(([k, v]) => `${k} = ${String(v)}`),
  fc.constantFrom('# comment', '', 'KEY', '=value', 'MULTI="line one\nline two"', 'BROKEN="never closed', 'A=b c d', 'X=${Y}', 'X=${Y:-default}', 'if [ -f x ]; then', 'KEY=value\\'),
  fc.string({ maxLength: 40 }),
);
const dotenv = fc.array(dotenvLine, { maxLength: 12 });

const ARBITRARIES: Record<FileKind, fc.Arbitrary<unknown>> = { compose, render, workflow, dotenv };
const PATHS: Record<FileKind, string[]> = {
  compose: ['docker-compose.yml', 'compose.yaml', 'docker-compose.prod.yml', 'deploy/docker-compose.yml'],
  render: ['render.yaml', 'render.yml'],
  workflow: ['.github/workflows/ci.yml', '.github/workflows/deploy.yaml'],
  dotenv: ['.env', '.env.production', '.env.example', 'config/.env.local'],
};

/** Shares some sub-objects so the YAML gets anchors, aliases and `<<` merges. */
function addSharing(value: unknown, rng: Rng): void {
  const services = (value as { services?: unknown }).services;
  if (!services || typeof services !== 'object' || Array.isArray(services)) return;
  const list = Object.values(services as Record<string, Record<string, unknown>>).filter((s) => s && typeof s === 'object');
  if (list.length < 2) return;
  const [a, b] = [rng.pick(list), rng.pick(list)];
  if (a === b) return;
  if (rng.chance(0.5) && a.environment) b.environment = a.environment;
  else b['<<'] = a;
}

export interface Generated {
  path: string;
  kind: FileKind;
  text: string;
}

export function generate(rng: Rng): Generated {
  const kind = rng.pick(['compose', 'render', 'workflow', 'dotenv'] as const);
  const file = rng.pick(PATHS[kind]);
  const [value] = fc.sample(ARBITRARIES[kind], { seed: rng.seed(), numRuns: 1 });
  if (kind === 'dotenv') {
    const eol = rng.pick(['\n', '\r\n']);
    return { path: file, kind, text: (value as string[]).join(eol) + (rng.chance(0.8) ? eol : '') };
  }
  addSharing(value, rng);
  const doc = new Document(value, { aliasDuplicateObjects: true, merge: true });
  const text = doc.toString({
    collectionStyle: rng.pick(['any', 'block', 'block', 'flow'] as const),
    defaultStringType: rng.pick(['PLAIN', 'PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL'] as const),
    indent: rng.pick([2, 2, 4, 1]),
    indentSeq: rng.chance(0.7),
    lineWidth: rng.pick([0, 80, 20]),
  });
  return { path: file, kind, text: rng.chance(0.1) ? text.replace(/\n/g, '\r\n') : text };
}

