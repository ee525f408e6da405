import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { applyEdits } from '../../engine/fixes';
import { TestClient, uriOf } from '../helpers/lspClient';
import { writeWorkspace } from '../helpers/workspace';
import { check, coreRulesSettings, where } from './helpers';

// Line 5 holds an emoji (two UTF-16 units) and two CJK characters (one unit each) before the
// secret, so its column is 50 in UTF-16 units (1-based) but 49 in code points and 58 in bytes.
const COMPOSE_BODY = '# 🚀 デプロイ設定\r\nservices:\r\n  api:\n    image: shop/api:1.4.2\r\n    environment: {LABEL: "🚀部署", ADMIN_PASSWORD: admin123}\r\n';
const BOM = '\uFEFF';
const DOTENV = `${BOM}APP_MODE=a\rAPP_MODE=b\r\n# 部署 🚀\nAPP_MODE=c\n`;

describe('hardening: positions with BOM, CRLF, mixed line endings, emoji and CJK (engine)', () => {
  it('reports UTF-16 columns and ignores a leading BOM in YAML', () => {
    for (const text of [COMPOSE_BODY, BOM + COMPOSE_BODY]) {
      const r = check({ 'docker-compose.yml': text });
      assert.deepEqual(r.findings.map((f) => where(r.ws, f)), [{ ruleId: 'hardcoded-secret', file: 'docker-compose.yml', line: 5, column: 50 }]);
      const f = r.findings[0];
      assert.equal(text.slice(f.range.start, f.range.end), 'admin123');
      assert.deepEqual(r.ws.get(f.file)!.lines.positionAt(f.range.end), { line: 4, character: 57 });
      assert.equal(applyEdits(text, f.fixes[0].edits.filter((e) => e.file === f.file)), text.replace('admin123', '"${ADMIN_PASSWORD}"'));
    }
  });

  it('counts lone CR, CRLF and LF as line breaks in dotenv files, and a fix keeps the BOM', () => {
    const r = check({ '.env.production': DOTENV });
    const dups = r.findings.filter((f) => f.ruleId === 'duplicate-key');
    assert.deepEqual(dups.map((f) => where(r.ws, f)), [
      { ruleId: 'duplicate-key', file: '.env.production', line: 2, column: 1 },
      { ruleId: 'duplicate-key', file: '.env.production', line: 4, column: 1 },
    ]);
    assert.deepEqual(r.ws.get('.env.production')!.lines.positionAt(dups[0].related[0].range.start), { line: 0, character: 0 });
    assert.equal(applyEdits(DOTENV, dups[0].fixes[0].edits), `${BOM}APP_MODE=b\r\n# 部署 🚀\nAPP_MODE=c\n`);
  });

  it('keeps the BOM when a YAML fix removes the first line', () => {
    const text = `${BOM}x: 1\r\nx: 2\r\n`;
    const r = check({ 'docker-compose.yml': text });
    assert.deepEqual(r.findings.map((f) => where(r.ws, f)), [{ ruleId: 'duplicate-key', file: 'docker-compose.yml', line: 2, column: 1 }]);
    assert.equal(applyEdits(text, r.findings[0].fixes[0].edits), `${BOM}x: 2\r\n`);
  });
});

describe('hardening: positions over LSP', function () {
  this.timeout(30000);
  let client: TestClient;
  afterEach(async () => {
    await client.dispose();
  });

  it('publishes UTF-16 ranges for an open CRLF buffer and for an unopened file with a BOM', async () => {
    const dir = writeWorkspace({ '.env.production': DOTENV });
    client = new TestClient();
    client.settings = { validationDelay: 0, rules: coreRulesSettings() };
    await client.initialize(dir);
    const compose = path.join(dir, 'docker-compose.yml');
    await client.open(compose, COMPOSE_BODY);
    const env = path.join(dir, '.env.production');
    await client.waitFor(() => (client.diagnosticsFor(compose)?.length ?? 0) > 0 && (client.diagnosticsFor(env)?.length ?? 0) > 0, 'diagnostics for both files');

    const [secret] = client.diagnosticsFor(compose)!;
    assert.equal(secret.code, 'hardcoded-secret');
    assert.deepEqual(secret.range, { start: { line: 4, character: 49 }, end: { line: 4, character: 57 } });

    // Editors hide the BOM, so the first line's columns start after it.
    const dups = client.diagnosticsFor(env)!.filter((d) => d.code === 'duplicate-key');
    assert.deepEqual(dups.map((d) => d.range), [
      { start: { line: 1, character: 0 }, end: { line: 1, character: 8 } },
      { start: { line: 3, character: 0 }, end: { line: 3, character: 8 } },
    ]);
    const related = dups[0].relatedInformation as { location: { uri: string; range: unknown } }[];
    assert.deepEqual(related[0].location, { uri: uriOf(env), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 8 } } });
  });
});
