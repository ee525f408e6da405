// The Render example, audited by the built CLI: a root `redis:` key, a fromService naming a
// store that only exists under it, the deprecated `env:`, a `--chdir` into a folder that does not
// exist, an env group nobody uses, and 10 instances × 4 workers × pool 20 on a basic-256mb database.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { writeWorkspace } from '../helpers/workspace';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

const BLUEPRINT = [
  'services:',
  '  - type: web',
  '    name: api',
  '    env: python',
  '    plan: standard',
  '    buildCommand: pip install -r requirements.txt',
  '    startCommand: gunicorn --chdir src app:app',
  '    healthCheckPath: /health',
  '    scaling:',
  '      minInstances: 2',
  '      maxInstances: 10',
  '    envVars:',
  '      - key: DATABASE_URL',
  '        fromDatabase:',
  '          name: db',
  '          property: connectionString',
  '      - key: WEB_CONCURRENCY',
  '        value: 4',
  '      - key: DB_POOL_SIZE',
  '        value: 20',
  '      - key: REDIS_URL',
  '        fromService:',
  '          type: redis',
  '          name: cache',
  '          property: connectionString',
  'envVarGroups:',
  '  - name: shared-settings',
  '    envVars:',
  '      - key: FEATURE_FLAGS',
  '        value: search',
  'databases:',
  '  - name: db',
  '    plan: basic-256mb',
  '    ipAllowList: []',
  'redis:',
  '  - name: cache',
  '    ipAllowList: []',
  '',
].join('\n');

const RULES = ['render-unknown-field', 'render-broken-reference', 'render-invalid-value', 'render-missing-path', 'render-unused-env-group', 'connection-budget', 'open-ip-allowlist'];

interface Finding { ruleId: string; file: string; line: number; column: number; endLine: number; endColumn: number; message: string }

function audit(files: Record<string, string>): Finding[] {
  const dir = writeWorkspace(files);
  const r = spawnSync(process.execPath, [CLI, 'audit', dir, '--format', 'json', '--fail-on', 'never', ...RULES.flatMap((id) => ['--rule', id])], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.equal(r.status, 0, r.stderr);
  return (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
}

describe('must show: the Render example from the issue', () => {
  const findings = audit({ 'render.yaml': BLUEPRINT, 'requirements.txt': 'flask\ngunicorn\n', 'app.py': 'app = None\n' });
  const lines = BLUEPRINT.split('\n');
  const at = (f: Finding) => lines[f.line - 1].slice(f.column - 1, f.endLine === f.line ? f.endColumn - 1 : undefined);
  const of = (id: string) => findings.filter((f) => f.ruleId === id);

  it('reports the root redis: key as an unknown field, explaining key-value services', () => {
    const [f, ...rest] = of('render-unknown-field');
    assert.deepEqual(rest, []);
    assert.deepEqual([f.line, f.column, at(f)], [35, 1, 'redis']);
    assert.match(f.message, /keyvalue/);
  });

  it('reports the fromService that names a store defined only under redis:', () => {
    const [f, ...rest] = of('render-broken-reference');
    assert.deepEqual(rest, []);
    assert.deepEqual([f.line, f.column, at(f)], [24, 17, 'cache']);
  });

  it('reports the deprecated env: as an invalid value, with the runtime: fix', () => {
    const [f, ...rest] = of('render-invalid-value');
    assert.deepEqual(rest, []);
    assert.deepEqual([f.line, f.column, at(f)], [4, 5, 'env']);
    assert.match(f.message, /runtime/);
  });

  it('reports the --chdir into a folder that does not exist', () => {
    assert.deepEqual(of('render-missing-path').map((f) => [f.line, f.column, at(f), f.message]), [
      [7, 36, 'src', 'startCommand passes --chdir src from the repository root, but src/ does not exist; fix the path or create it.'],
    ]);
  });

  it('reports the env group no service references', () => {
    const [f, ...rest] = of('render-unused-env-group');
    assert.deepEqual(rest, []);
    assert.deepEqual([f.line, f.column, at(f)], [27, 11, 'shared-settings']);
  });

  it('reports the connection budget on the plan, with the arithmetic', () => {
    assert.deepEqual(of('connection-budget').map((f) => [f.line, f.column, at(f), f.message]), [
      [33, 11, 'basic-256mb', 'db (plan basic-256mb, under 8 GB of RAM) accepts 100 connections, but its services can open 800: api: 10 instances × 4 workers × pool 20 = 800 > 100; lower pool sizes, workers or instances, move to a larger plan, or enable connectionPool: pgbouncer and connect with property: connectionPoolString.'],
    ]);
  });

  it('says nothing about ipAllowList: [] (internal-only access)', () => {
    assert.deepEqual(findings.filter((f) => /ipAllowList/.test(lines[f.line - 1])).map((f) => f.ruleId), []);
    assert.deepEqual(of('open-ip-allowlist'), []);
  });
});
