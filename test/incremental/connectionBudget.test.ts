// connection-budget keeps a database's uses, shares, message and related shares between
// keystrokes and looks again only at the edited services. With more services than the related
// information lists, after every edit (one that leaves the shares alone, one that reorders the
// largest, added, removed and pooled services, a plan change, random edits), its finding must be
// what a check of the same text from scratch reports.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RULES } from '../../rules';
import { RenderPair, randomEditsAgree } from '../helpers/renderPair';

const rules = RULES.filter((r) => r.id === 'connection-budget');

function service(k: number): string {
  return [
    '  - type: web',
    `    name: svc-${k}`,
    '    runtime: node',
    '    startCommand: node server.js',
    `    numInstances: ${(k % 7) + 1}`,
    '    envVars:',
    '      - key: DATABASE_URL',
    '        fromDatabase:',
    `          name: ${k % 9 === 8 ? 'other' : 'db'}`,
    `          property: ${k % 11 === 10 ? 'connectionPoolString' : 'connectionString'}`,
    '      - key: LOG_LEVEL',
    '        value: info',
  ].join('\n');
}

function blueprint(n: number): string {
  const services = Array.from({ length: n }, (_, k) => service(k));
  return `services:\n${services.join('\n')}\ndatabases:\n  - name: db\n    plan: basic-256mb\n  - name: other\n    plan: basic-256mb\n`;
}

describe('incremental connection-budget with more services than it relates', function () {
  this.timeout(300_000);
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-connection-budget-'));
    fs.writeFileSync(path.join(root, 'render.yaml'), blueprint(45));
    fs.writeFileSync(path.join(root, 'package.json'), '{ "dependencies": { "pg": "^8" } }\n');
  });

  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reports what a whole check reports as shares, services and plans change', () => {
    const pair = new RenderPair(root, rules);
    const steps: [string, string, string][] = [
      ['    name: svc-3\n    runtime: node\n    startCommand: node server.js\n', '    name: svc-3\n    runtime: node\n    startCommand: node  server.js\n', 'an edit that leaves the share alone'],
      ['      - key: LOG_LEVEL\n        value: info\n  - type: web\n    name: svc-30\n', '      - key: LOG_LEVEL\n        value: debug\n  - type: web\n    name: svc-30\n', 'a variable the share does not read'],
      ['    name: svc-12\n    runtime: node\n    startCommand: node server.js\n    numInstances: 6\n', '    name: svc-12\n    runtime: node\n    startCommand: node server.js\n    numInstances: 60\n', 'a share becomes the largest'],
      ['    name: svc-13\n    runtime: node\n    startCommand: node server.js\n    numInstances: 7\n', '    name: svc-13\n    runtime: node\n    startCommand: node server.js\n    numInstances: 1\n', 'a large share shrinks'],
      ['    name: svc-4\n', '    name: svc-4b\n', 'a service is renamed'],
      ['databases:\n', `${service(99)}\ndatabases:\n`, 'a service is added'],
      ['services:\n', `services:\n${service(100)}\n`, 'a service is added first'],
      ['          name: db\n          property: connectionString\n      - key: LOG_LEVEL\n        value: info\n  - type: web\n    name: svc-20\n', '          name: db\n          property: connectionPoolString\n      - key: LOG_LEVEL\n        value: info\n  - type: web\n    name: svc-20\n', 'a service pools'],
      ['  - name: db\n    plan: basic-256mb\n', '  - name: db\n    plan: basic-256mb\n    connectionPool: pgbouncer\n', 'the database gets a pooler'],
      ['    connectionPool: pgbouncer\n', '', 'and loses it'],
      ['  - name: db\n    plan: basic-256mb\n', '  - name: db\n    plan: basic-1gb\n', 'the plan grows'],
      ['  - name: db\n    plan: basic-1gb\n', '  - name: db\n    plan: basic-256mb\n', 'and shrinks'],
      [service(7) + '\n', '', 'a service is removed'],
      ['  - name: db\n', '  - name: dbx\n', 'the database is renamed'],
      ['  - name: dbx\n', '  - name: db\n', 'and named back'],
    ];
    pair.steps(steps);
  });

  it('reports what a whole check reports over random edits', () => {
    randomEditsAgree(() => new RenderPair(root, rules), 100);
  });
});
