// The worked example: a small Compose stack with literal secrets, a public database port
// and a start-order-only dependency. Every rule runs; every safe fix is applied at once (fix-all).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { auditDirectory } from '../../engine/audit';
import { defaultConfig } from '../../engine/config';
import { applyFileEdits, selectFixes } from '../../engine/fixes';
import { position, writeWorkspace } from '../helpers/workspace';

const COMPOSE = [
  '# Shop stack: web app and its database',
  'services:',
  '  web:',
  '    image: example/shop:1.4.0',
  '    environment: [ADMIN_PASSWORD=admin123, DATABASE_URL=postgresql://app:alpha_password@db:5432/app]',
  '    depends_on: [db] # start order',
  '  db:',
  '    image: postgres:16',
  '    ports: ["5432:5432"]',
  '',
].join('\n');

const FIXED = [
  '# Shop stack: web app and its database',
  'services:',
  '  web:',
  '    image: example/shop:1.4.0',
  '    restart: unless-stopped',
  '    environment: ["ADMIN_PASSWORD=${ADMIN_PASSWORD}", "DATABASE_URL=${DATABASE_URL}"]',
  '    depends_on: # start order',
  '      db:',
  '        condition: service_healthy',
  '  db:',
  '    image: postgres:16',
  '    restart: unless-stopped',
  '    ports: ["127.0.0.1:5432:5432"]',
  '    healthcheck:',
  '      test: ["CMD-SHELL", "pg_isready -U postgres"]',
  '      interval: 10s',
  '      timeout: 5s',
  '      retries: 5',
  '',
].join('\n');

const SCHEMA = path.resolve(__dirname, '..', '..', '..', 'shared', 'reference', 'compose-spec.schema.json');

function auditAll(dir: string) {
  return auditDirectory(dir, { config: defaultConfig(), git: null });
}

describe('must show: the compose example from the issue', () => {
  it('reports each problem at its exact position, secrets masked', () => {
    const result = auditAll(writeWorkspace({ 'docker-compose.yml': COMPOSE }));
    const shown = result.findings.map((f) => {
      const p = position(result, f);
      return `${f.ruleId} ${f.file}:${p.line}:${p.column} ${f.message}`;
    });
    assert.deepEqual(shown, [
      'compose-restart-policy docker-compose.yml:3:3 web has no restart policy, so it stays down after a crash or a host reboot; add restart: unless-stopped (or on-failure for jobs that should stop once they succeed).',
      'hardcoded-secret docker-compose.yml:5:34 ADMIN_PASSWORD holds a literal secret in plain text (adm***), and it is weak (a common password). Use ${ADMIN_PASSWORD} and set it outside git.',
      'hardcoded-secret docker-compose.yml:5:74 DATABASE_URL holds a password in a connection URL in plain text (alp***). Use ${DATABASE_URL} and set it outside git.',
      'compose-healthcheck docker-compose.yml:6:18 web starts as soon as the db container starts (depends_on without a condition), before postgres accepts connections; use the long form of depends_on with condition: service_healthy and give db a healthcheck.',
      'compose-restart-policy docker-compose.yml:7:3 db has no restart policy, so it stays down after a crash or a host reboot; add restart: unless-stopped (or on-failure for jobs that should stop once they succeed).',
      'public-datastore-port docker-compose.yml:9:13 db publishes postgres port 5432 on all host interfaces ("5432:5432"), so it is reachable from other machines and bypasses host firewalls such as ufw; bind it to 127.0.0.1 or drop the mapping and use the Compose network.',
    ]);
    for (const f of result.findings) assert.ok(!f.message.includes('admin123') && !f.message.includes('alpha_password'), f.message);
  });

  it('fix-all yields a file Compose accepts, with keys, structure and comments kept, plus .env.example entries', () => {
    const dir = writeWorkspace({ 'docker-compose.yml': COMPOSE });
    const { edits } = selectFixes(auditAll(dir).findings);
    const out = applyFileEdits(edits, (f) => (fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), 'utf8') : undefined));
    assert.deepEqual([...out.keys()].sort(), ['.env.example', 'docker-compose.yml']);
    assert.equal(out.get('docker-compose.yml'), FIXED);
    assert.equal(out.get('.env.example'), 'ADMIN_PASSWORD=\nDATABASE_URL=\n');

    const before = parse(COMPOSE) as { services: Record<string, Record<string, unknown>> };
    const after = parse(FIXED) as { services: Record<string, Record<string, unknown>> };
    assert.deepEqual(Object.keys(after.services), Object.keys(before.services));
    for (const name of Object.keys(before.services)) {
      for (const key of Object.keys(before.services[name])) assert.ok(key in after.services[name], `${name}.${key} kept`);
    }
    assert.deepEqual(after.services.web.environment, ['ADMIN_PASSWORD=${ADMIN_PASSWORD}', 'DATABASE_URL=${DATABASE_URL}']);
    assert.deepEqual(after.services.web.depends_on, { db: { condition: 'service_healthy' } });

    if (fs.existsSync(SCHEMA)) {
      const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false, validateFormats: false });
      const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')) as object);
      assert.ok(validate(after), JSON.stringify(validate.errors));
    }

    for (const [file, text] of out) fs.writeFileSync(path.join(dir, file), text);
    const again = auditAll(dir);
    assert.deepEqual(again.findings.map((f) => `${f.ruleId} ${f.file} ${f.message}`), []);
  });
});
