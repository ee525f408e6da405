// The first "must show": a Python service and a Node service deployed by render.yaml and
// docker-compose.yml, checked by the three environment rules together.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditDirectory } from '../../engine/audit';
import { defaultConfig } from '../../engine/config';
import { applyFixesOnDisk, copyDir, position, tmpDir, writeWorkspace } from '../helpers/workspace';

const WORKSPACE = path.join(__dirname, '..', 'fixtures', 'env-missing-required', 'invalid-python-and-node');
const ENV_RULES = ['env-missing-required', 'env-undocumented', 'env-unused'];

function copy(): string {
  const dir = tmpDir();
  copyDir(WORKSPACE, dir, (rel) => rel === 'expect.json' || rel.startsWith('__fixed__'));
  return dir;
}

function audit(dir: string) {
  return auditDirectory(dir, { config: defaultConfig(), git: null, only: ENV_RULES });
}

describe('must show: environment variables from code to config', () => {
  it('reports reads without a default that no service provides at the code line, and template gaps', () => {
    const result = audit(copy());
    assert.deepEqual(result.failures, []);
    const shown = result.findings.map((f) => `${f.ruleId} ${f.file}:${position(result, f).line}:${position(result, f).column}`);
    assert.deepEqual(shown, [
      'env-missing-required api/settings.py:7:5',
      'env-undocumented api/settings.py:7:5',
      'env-missing-required web/server.js:7:35',
      'env-undocumented web/server.js:7:35',
      'env-missing-required web/server.js:8:30',
      'env-undocumented web/server.js:8:30',
      'env-missing-required web/server.js:9:9',
      'env-undocumented web/server.js:9:9',
    ]);
    const missing = result.findings.filter((f) => f.ruleId === 'env-missing-required');
    assert.equal(missing[0].message, 'APP_SECRET_KEY is read without a default, but Render service "api" and Compose service "api" do not provide it: declare it (sync: false in render.yaml; APP_SECRET_KEY: ${APP_SECRET_KEY} in docker-compose.yml), or give the read a default.');
    assert.equal(missing[2].message, 'REDIS_URL is read without a default, but Compose service "web" does not provide it: add REDIS_URL: ${REDIS_URL} to its environment, or give the read a default.');
    // Related information points at the service definitions.
    assert.deepEqual(missing[0].related.map((r) => r.file), ['render.yaml', 'docker-compose.yml']);
    const render = fs.readFileSync(path.join(WORKSPACE, 'render.yaml'), 'utf8');
    assert.equal(render.slice(missing[0].related[0].range.start, missing[0].related[0].range.end), 'api');

    const messages = result.findings.map((f) => f.message).join('\n');
    // Defaults and tests of presence are not reported; LOG_LEVEL reaches the api service only through its fromGroup.
    for (const name of ['PORT', 'WEB_CONCURRENCY', 'FEATURE_FLAGS', 'COOKIE_DOMAIN', 'APP_TIMEOUT_SECONDS', 'SENTRY_DSN', 'LOG_LEVEL', 'DATABASE_URL', 'STRIPE_SECRET_KEY ', 'STRIPE_TEST_KEY', 'DOCSTRING_ONLY']) {
      assert.ok(!messages.includes(name), `${name} is not reported`);
    }
  });

  it('fix-all declares each variable on its services and in .env.example, keeping the files\' layout', () => {
    const dir = copy();
    const first = audit(dir);
    assert.deepEqual(applyFixesOnDisk(dir, first.findings), ['.env.example', 'docker-compose.yml', 'render.yaml']);
    const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
    assert.equal(read('.env.example'), '# Payments\nSTRIPE_SECRET_KEY=\nSTRIPE_WEBHOOK_SECRET=\n\n# Database\nDATABASE_URL=postgres://localhost:5432/app\n\n# Logging\nLOG_LEVEL=info\n\nAPP_SECRET_KEY=\nREDIS_URL=\nSESSION_SECRET=\n');
    assert.equal(read('docker-compose.yml'), fs.readFileSync(path.join(WORKSPACE, '__fixed__', 'docker-compose.yml'), 'utf8'));
    assert.equal(read('render.yaml'), fs.readFileSync(path.join(WORKSPACE, '__fixed__', 'render.yaml'), 'utf8'));
    assert.ok(read('render.yaml').includes('      - fromGroup: logging\n      - key: APP_SECRET_KEY\n        sync: false\n\n  - type: web\n    name: web'));
    assert.deepEqual(audit(dir).findings.map((f) => `${f.ruleId} ${f.message}`), [], 'nothing left to report');
  });

  it('env-unused honours the allow option from .readiness.json', () => {
    const files = { '.env.example': 'SESSION_SECRET=\nGIT_SHA=\nFEATURE_X=\nLEGACY=\n', 'index.js': 'module.exports = process.env.SESSION_SECRET;\n' };
    const unused = (dir: string) => auditDirectory(dir, { git: null, only: ['env-unused'] }).findings.map((f) => f.message.split(' ')[0]);
    assert.deepEqual(unused(writeWorkspace(files)), ['GIT_SHA', 'FEATURE_X', 'LEGACY']);
    const config = JSON.stringify({ rules: { 'env-unused': ['info', { allow: ['GIT_SHA', 'FEATURE_*'] }] } });
    assert.deepEqual(unused(writeWorkspace({ ...files, '.readiness.json': config })), ['LEGACY']);
  });
});
