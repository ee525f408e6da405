// Render rule details the fixture format does not cover: related information and unsafe fixes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyFileEdits } from '../../engine/fixes';
import { audit, position, writeWorkspace } from '../helpers/workspace';

const SHARED = `services:
  - type: web
    name: api
    runtime: node
    startCommand: node server.js
    numInstances: 12
    envVars:
      - key: DATABASE_URL
        fromDatabase:
          name: db
          property: connectionString
      - key: DATABASE_POOL_MAX
        value: 10
  - type: worker
    name: jobs
    runtime: node
    startCommand: node worker.js
    envVars:
      - key: DATABASE_URL
        fromDatabase:
          name: db
          property: connectionPoolString
      - key: DATABASE_POOL_MAX
        value: 50
databases:
  - name: db
    connectionPool: pgbouncer
`;

describe('render rules: connection-budget details', () => {
  it('puts the finding on the database name without a plan, relates each direct service and leaves pooled ones out of the sum', () => {
    const dir = writeWorkspace({ 'render.yaml': SHARED, 'package.json': '{}\n' });
    const r = audit(dir, { only: ['connection-budget'] });
    assert.equal(r.findings.length, 1);
    const f = r.findings[0];
    assert.deepEqual(position(r, f), { line: 26, column: 11 });
    assert.equal(f.message, 'db (the default plan, default instance type, under 8 GB of RAM) accepts 100 connections, but its services can open 120: api: 12 instances × 1 process × pool 10 = 120 > 100; lower pool sizes, workers or instances, move to a larger plan, or enable connectionPool: pgbouncer and connect with property: connectionPoolString. jobs connects through PgBouncer (connectionPoolString) and is budgeted against the pooler, not the database.');
    const src = r.workspace.get('render.yaml')!;
    assert.deepEqual(f.related.map((x) => [x.file, src.lines.positionAt(x.range.start).line + 1, src.text.slice(x.range.start, x.range.end), x.message]), [
      ['render.yaml', 10, 'db', 'api: 12 instances × 1 process × pool 10 = 120'],
    ]);
  });
});

describe('render rules: connection-budget with many services', () => {
  it('spells out the four largest shares, sums the rest in one clause and relates every service', () => {
    // Seven services with 10..70 instances of pool 10; the plan accepts 100.
    const service = (n: number) => `  - type: worker
    name: w${n}
    runtime: node
    startCommand: node worker.js
    numInstances: ${n * 10}
    envVars:
      - key: DATABASE_URL
        fromDatabase:
          name: db
          property: connectionString
      - key: DATABASE_POOL_MAX
        value: 10
`;
    const order = [3, 7, 1, 5, 2, 6, 4];
    const dir = writeWorkspace({ 'render.yaml': `services:\n${order.map(service).join('')}databases:\n  - name: db\n`, 'package.json': '{}\n' });
    const r = audit(dir, { only: ['connection-budget'] });
    assert.equal(r.findings.length, 1);
    const f = r.findings[0];
    const share = (n: number) => `w${n}: ${n * 10} instances × 1 process × pool 10 = ${n * 100}`;
    assert.equal(f.message, `db (the default plan, default instance type, under 8 GB of RAM) accepts 100 connections, but its services can open 2800: ${[7, 6, 5, 4].map(share).join('; ')}; 3 more services open 600 between them (each is in the related information); total 2800 > 100; lower pool sizes, workers or instances, move to a larger plan, or enable connectionPool: pgbouncer and connect with property: connectionPoolString.`);
    assert.deepEqual(f.related.map((x) => x.message), order.map(share));
  });
});

describe('render rules: connection-budget with many services', () => {
  it('points related information at the 20 largest shares, largest first, and says so', () => {
    const service = (n: number) => `  - type: worker\n    name: w${n}\n    runtime: node\n    startCommand: node worker.js\n    numInstances: ${(n % 7) + 1}\n    envVars:\n      - key: DATABASE_URL\n        fromDatabase:\n          name: db\n          property: connectionString\n      - key: DATABASE_POOL_MAX\n        value: 10\n`;
    const names = Array.from({ length: 30 }, (_, k) => k);
    const dir = writeWorkspace({ 'render.yaml': `services:\n${names.map(service).join('')}databases:\n  - name: db\n`, 'package.json': '{}\n' });
    const r = audit(dir, { only: ['connection-budget'] });
    assert.equal(r.findings.length, 1);
    const f = r.findings[0];
    const share = (n: number) => `w${n}: ${(n % 7) + 1} instances × 1 process × pool 10 = ${((n % 7) + 1) * 10}`;
    // Largest first; equal shares in file order.
    const expected = [...names].sort((a, b) => (b % 7) - (a % 7) || a - b).slice(0, 20);
    assert.deepEqual(f.related.map((x) => x.message), expected.map(share));
    const text = fs.readFileSync(path.join(dir, 'render.yaml'), 'utf8');
    assert.deepEqual(f.related.map((x) => text.slice(x.range.start, x.range.end)), expected.map(() => 'db'));
    assert.match(f.message, /; 26 more services open \d+ between them \(the 20 largest shares are in the related information\); total /);
  });
});

describe('render rules: render-disk-scaling related information', () => {
  it('points at the disk', () => {
    const text = 'services:\n  - type: web\n    name: cms\n    runtime: node\n    numInstances: 2\n    disk:\n      name: d\n      mountPath: /data\n';
    const r = audit(writeWorkspace({ 'render.yaml': text }), { only: ['render-disk-scaling'] });
    assert.deepEqual(r.findings.map((f) => f.related.map((x) => [text.slice(x.range.start, x.range.end), x.message])), [[['disk', "cms's disk at /data"]]]);
  });
});

describe('render rules: render-missing-health-check without a route in the code', () => {
  it('offers healthCheckPath: /health as an editor fix only, with exact text', () => {
    const text = 'services:\n  - type: web\n    name: api\n    runtime: python\n    startCommand: gunicorn app:app\n    plan: starter\n';
    const dir = writeWorkspace({ 'render.yaml': text, 'app.py': 'app = None\n' });
    const [f] = audit(dir, { only: ['render-missing-health-check'] }).findings;
    assert.deepEqual(f.fixes.map((x) => [x.title, x.safe]), [['Add healthCheckPath: /health (the route must exist)', false]]);
    const out = applyFileEdits(f.fixes[0].edits, (p) => fs.readFileSync(path.join(dir, p), 'utf8'));
    assert.equal(out.get('render.yaml'), text.replace('gunicorn app:app\n', 'gunicorn app:app\n    healthCheckPath: /health\n'));
  });
});
