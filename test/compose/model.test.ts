import * as assert from 'node:assert/strict';
import { composeModel, parseShortPort, parseShortVolume } from '../../engine/compose/model';
import { extendsChain, projectFiles, projectServiceHas, serviceDefinitions } from '../../engine/compose/project';
import { datastoreOfImage, imageRepository } from '../../engine/compose/datastores';
import { isProductionConfig } from '../../engine/production';
import { DEFAULT_SETTINGS } from '../../engine/config';
import { loadWorkspace } from '../../engine/load';
import { auditDirectory } from '../../engine/audit';
import { defaultConfig } from '../../engine/config';
import { writeWorkspace } from '../helpers/workspace';
import type { YamlSourceFile } from '../../engine/types';

function workspace(files: Record<string, string>) {
  return loadWorkspace(writeWorkspace(files), defaultConfig(), { git: null }).workspace;
}

function yamlFile(ws: ReturnType<typeof workspace>, path: string): YamlSourceFile {
  const f = ws.get(path);
  assert.ok(f && f.format === 'yaml', path);
  return f as YamlSourceFile;
}

const TEXT = `x-env: &env
  LOG_LEVEL: info
x-base: &base
  restart: unless-stopped
  environment:
    <<: *env
    NODE_ENV: production
services:
  web:
    <<: *base
    image: "example/web:1.0"
    env_file:
      - .env
      - path: .env.local
        required: false
    depends_on:
      db:
        condition: service_healthy
        required: false
    ports:
      - "127.0.0.1:8080:80"
      - target: 443
        published: "8443"
        host_ip: "::"
    volumes:
      - ./conf/site.conf:/etc/nginx/site.conf:ro
      - data:/data
      - type: bind
        source: /var/run/docker.sock
        target: /var/run/docker.sock
  worker:
    build:
      context: ./worker
      dockerfile: Dockerfile.prod
    environment:
      - QUEUE=jobs
      - SECRET_FROM_SHELL
    depends_on: [web]
    extends: web
  db:
    image: postgres:16
    healthcheck:
      test: ["NONE"]
volumes:
  data:
`;

describe('compose model', () => {
  const ws = workspace({ 'docker-compose.yml': TEXT });
  const file = yamlFile(ws, 'docker-compose.yml');
  const model = composeModel(file);
  const at = (start: number) => file.text.slice(start, start + 20).split('\n')[0];

  it('lists services with merged keys from anchors', () => {
    assert.deepEqual(model.services.map((s) => s.name), ['web', 'worker', 'db']);
    const web = model.byName.get('web')!;
    assert.equal(web.restart?.text, 'unless-stopped');
    assert.equal(web.image?.text, 'example/web:1.0');
    assert.equal(at(web.image!.range.start), '"example/web:1.0"');
    assert.deepEqual(web.environment.map((e) => [e.key, e.value, e.form]), [['NODE_ENV', 'production', 'map'], ['LOG_LEVEL', 'info', 'map']]);
    assert.deepEqual([...model.volumes], ['data']);
  });

  it('reads env_file, depends_on, ports and volumes in short and long form', () => {
    const web = model.byName.get('web')!;
    assert.deepEqual(web.envFiles.map((e) => [e.path, e.required]), [['.env', true], ['.env.local', false]]);
    assert.deepEqual(web.dependsOn.map((d) => [d.service, d.form, d.condition?.text, d.required]), [['db', 'long', 'service_healthy', false]]);
    assert.deepEqual(web.ports.map((p) => [p.long, p.hostIp, p.published, p.target]), [[false, '127.0.0.1', '8080', '80'], [true, '::', '8443', '443']]);
    assert.deepEqual(web.volumes.map((v) => [v.type, v.source, v.target]), [['bind', './conf/site.conf', '/etc/nginx/site.conf'], ['volume', 'data', '/data'], ['bind', '/var/run/docker.sock', '/var/run/docker.sock']]);
    const worker = model.byName.get('worker')!;
    assert.deepEqual(worker.environment.map((e) => [e.key, e.value, e.form, at(e.keyRange.start).slice(0, e.key.length)]), [['QUEUE', 'jobs', 'list', 'QUEUE'], ['SECRET_FROM_SHELL', null, 'list', 'SECRET_FROM_SHELL']]);
    assert.deepEqual(worker.dependsOn.map((d) => [d.service, d.form]), [['web', 'short']]);
    assert.deepEqual([worker.build?.context?.text, worker.build?.dockerfile?.text], ['./worker', 'Dockerfile.prod']);
    assert.equal(worker.extends?.service.text, 'web');
    assert.equal(model.byName.get('db')!.healthcheck?.disabled, true);
  });

  it('follows extends within the project', () => {
    const worker = serviceDefinitions(ws, file, 'worker')[0];
    assert.deepEqual(extendsChain(ws, worker).map((d) => d.service.name), ['worker', 'web']);
    assert.ok(projectServiceHas(ws, file, 'worker', (s) => s.restart?.text === 'unless-stopped'));
  });

  it('parses short port and volume specs as Docker does', () => {
    assert.deepEqual(parseShortPort('5432'), { published: '', target: '5432', protocol: undefined });
    assert.deepEqual(parseShortPort('::1:6000:6000/udp'), { hostIp: '::1', published: '6000', target: '6000', protocol: 'udp' });
    assert.deepEqual(parseShortPort('${DB_PORT:-5432}:5432'), { published: '${DB_PORT:-5432}', target: '5432', protocol: undefined });
    assert.deepEqual(parseShortVolume('C:\\data:/data'), { type: 'bind', source: 'C:\\data', target: '/data' });
    assert.deepEqual(parseShortVolume('/anon'), { type: 'volume', target: '/anon' });
  });
});

describe('compose project', () => {
  it('merges base and override files, and layers other files on the base', () => {
    const ws = workspace({
      'app/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n',
      'app/compose.override.yaml': 'services:\n  web:\n    restart: always\n',
      'app/compose.prod.yaml': 'services:\n  worker:\n    image: example/worker:1.0\n',
      'other/docker-compose.yml': 'services:\n  web:\n    image: nginx:1.27\n',
    });
    const base = yamlFile(ws, 'app/compose.yaml');
    assert.deepEqual(projectFiles(ws, base).map((f) => f.path), ['app/compose.yaml', 'app/compose.override.yaml']);
    assert.deepEqual(projectFiles(ws, yamlFile(ws, 'app/compose.prod.yaml')).map((f) => f.path), ['app/compose.prod.yaml', 'app/compose.yaml']);
    assert.ok(projectServiceHas(ws, base, 'web', (s) => s.restart !== undefined));
    assert.ok(!projectServiceHas(ws, yamlFile(ws, 'other/docker-compose.yml'), 'web', (s) => s.restart !== undefined));
  });
});

describe('datastores and production files', () => {
  it('recognises datastore images through registries, tags and digests', () => {
    assert.equal(imageRepository('docker.io/library/postgres:16-alpine'), 'postgres');
    assert.equal(imageRepository('localhost:5000/team/redis@sha256:abc'), 'team/redis');
    assert.equal(datastoreOfImage('bitnami/postgresql:16')?.family, 'postgres');
    assert.equal(datastoreOfImage('mcr.microsoft.com/mssql/server:2022-latest')?.family, 'mssql');
    assert.equal(datastoreOfImage('postgres:${PG_VERSION:-16}')?.family, 'postgres');
    assert.equal(datastoreOfImage('example/web:1.0'), undefined);
    assert.equal(datastoreOfImage('${IMAGE}'), undefined);
  });

  it('treats production-named files as production unless a non-production glob matches', () => {
    const yes = ['docker-compose.yml', 'deploy/compose.prod.yaml', '.env.production', 'render.yaml'];
    const no = ['docker-compose.dev.yml', 'compose.override.yaml', '.env', '.env.production.local', '.devcontainer/docker-compose.yml'];
    assert.deepEqual(yes.filter((p) => !isProductionConfig(p, DEFAULT_SETTINGS)), []);
    assert.deepEqual(no.filter((p) => isProductionConfig(p, DEFAULT_SETTINGS)), []);
  });
});

describe('compose rules on odd shapes', () => {
  it('never throw on values of unexpected types', () => {
    const odd = [
      'services: [a, b]\n',
      'services: text\n',
      'services:\n  web: 3\n  db:\n',
      'services:\n  web:\n    ports: "5432:5432"\n    environment: text\n    depends_on: {db: yes, cache: [1]}\n    healthcheck: text\n    volumes: [{}, 3, {type: bind}]\n    extends: {}\n    env_file: [{}, {path: 3}]\n    build: {context: [x]}\n    cap_add: {ALL: true}\n    image: [x]\n',
      'include: text\nservices:\n  web:\n    extends: {file: ../../etc/passwd, service: x}\n    depends_on: [*missing]\n',
      'x: &a [*a]\nservices:\n  web:\n    <<: *a\n    ports: *a\n',
    ];
    for (const text of odd) {
      const result = auditDirectoryOf({ 'docker-compose.yml': text });
      assert.deepEqual(result.failures.map((f) => `${f.ruleId}: ${f.error}`), [], text);
    }
  });
});

function auditDirectoryOf(files: Record<string, string>) {
  return auditDirectory(writeWorkspace(files), { config: defaultConfig(), git: null, only: ['public-datastore-port', 'privileged-container', 'compose-broken-reference', 'compose-healthcheck', 'compose-latest-tag', 'compose-restart-policy', 'env-conflicting-flags'] });
}
