// The Render rules keep per-service results between keystrokes (a service's use and share of a
// database, the services whose references reported nothing, the keys of unchanged services, a
// blueprint's quiet name check). After every edit, the findings must be what a check of the same
// text from scratch reports: edits that rename, retype, move and re-region the resources those
// results depend on, and random edits.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RULES } from '../../rules';
import { RenderPair, randomEditsAgree } from '../helpers/renderPair';

const IDS = new Set(['connection-budget', 'render-broken-reference', 'render-region-mismatch', 'render-unused-env-group', 'render-invalid-value', 'render-missing-health-check', 'weak-secret']);
const rules = RULES.filter((r) => IDS.has(r.id));

function service(k: number): string {
  return [
    '  - type: web',
    `    name: svc-${k}`,
    '    runtime: node',
    `    region: ${k % 3 === 0 ? 'frankfurt' : 'oregon'}`,
    '    startCommand: node server.js',
    ...(k % 4 === 0 ? [] : ['    healthCheckPath: /health']),
    `    numInstances: ${k + 1}`,
    '    envVars:',
    '      - key: DATABASE_URL',
    '        fromDatabase:',
    `          name: ${k % 5 === 4 ? 'dbx' : 'db'}`,
    '          property: connectionString',
    '      - key: CACHE_URL',
    '        fromService:',
    '          type: keyvalue',
    `          name: ${k % 2 ? 'cache' : 'cache-2'}`,
    '          property: connectionString',
    '      - key: JWT_SIGNING_KEY',
    `        value: ${k % 3 === 1 ? 'shared-signing-key-value' : `own-signing-key-${k}-value`}`,
    '      - key: DB_POOL_SIZE',
    `        value: ${(k % 4) * 5 + 5}`,
    `      - fromGroup: ${k % 2 ? 'shared' : 'other'}`,
  ].join('\n');
}

function blueprint(n: number): string {
  const services = Array.from({ length: n }, (_, k) => service(k));
  services.push('  - type: keyvalue\n    name: cache\n    region: frankfurt\n    ipAllowList: []');
  return `services:\n${services.join('\n')}\ndatabases:\n  - name: db\n    plan: basic-256mb\n    region: oregon\nenvVarGroups:\n  - name: shared\n    envVars:\n      - key: SESSION_SIGNING_KEY\n        value: shared-signing-key-value\n  - name: unused\n    envVars:\n      - key: A\n        value: b\n`;
}

describe('incremental Render rules: kept per-service results', function () {
  this.timeout(300_000);
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-render-kept-'));
    fs.writeFileSync(path.join(root, 'render.yaml'), blueprint(12));
    fs.writeFileSync(path.join(root, 'package.json'), '{ "dependencies": { "pg": "^8" } }\n');
  });

  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('report what a whole check reports as the resources references name change', () => {
    const pair = new RenderPair(root, rules);
    const steps: [string, string, string][] = [
      ['    value: own-signing-key-5-value', '    value: shared-signing-key-value', 'a service takes the shared key'],
      ['    numInstances: 3\n', '    numInstances: 30\n', 'a share grows'],
      ['name: svc-2\n', 'name: svc-22\n', 'a service is renamed'],
      ['    name: cache\n    region: frankfurt', '    name: cache\n    region: oregon', 'the store moves region'],
      ['  - name: db\n    plan: basic-256mb\n    region: oregon', '  - name: dbx\n    plan: basic-256mb\n    region: oregon', 'the database is renamed'],
      ['  - name: dbx\n    plan: basic-256mb\n    region: oregon', '  - name: db\n    plan: basic-256mb\n    region: ohio', 'the database moves region'],
      ['  - type: keyvalue\n    name: cache\n', '  - type: keyvalue\n    name: cache-2\n', 'the store takes the other name'],
      ['  - name: unused\n', '  - name: other\n', 'the unused group takes a used name'],
      ['name: svc-7\n', 'name: svc-8\n', 'two services share a name'],
      ['name: svc-8\n', 'name: svc-7\n', 'they no longer do'],
      ['    value: shared-signing-key-value\n', '    value: another-signing-key\n', 'a reused key changes'],
      ['  - type: web\n    name: svc-0\n', '  - type: worker\n    name: svc-0\n', 'a service changes type'],
      ['databases:\n', '  - type: web\n    name: svc-1\n    runtime: node\n    region: ohio\n    envVars:\n      - key: DATABASE_URL\n        fromDatabase:\n          name: db\n          property: connectionString\ndatabases:\n', 'a service is added with a taken name'],
      ['  - type: web\n    name: svc-1\n    runtime: node\n    region: ohio\n', '  - type: web\n    name: svc-1b\n    runtime: node\n    region: ohio\n', 'the added service is renamed'],
      ['services:\n', 'services:\n  - type: pserv\n    name: svc-3\n    region: ohio\n    envVars:\n      - key: X\n        fromService:\n          type: pserv\n          name: svc-3\n          property: host\n', 'a service that names itself is added first, moving every other'],
      ['  - type: pserv\n    name: svc-3\n    region: ohio\n', '  - type: pserv\n    name: svc-3\n    region: oregon\n', 'and moves region'],
      ['    plan: basic-256mb\n', '    plan: pro-4gb\n', 'the plan grows'],
      ['    plan: pro-4gb\n', '    plan: basic-256mb\n', 'and shrinks'],
    ];
    pair.steps(steps);
  });

  it('report what a whole check reports over random edits', () => {
    randomEditsAgree(() => new RenderPair(root, rules), 120);
  });
});
