import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENGINE_RULES } from '../../engine/engineRules';
import { toSarif, type SarifLog, type SarifResult } from '../../engine/report/sarif';
import { RULES } from '../../rules';
import { audit, writeWorkspace } from '../helpers/workspace';
import { sarifSchemaErrors } from './sarifSchema';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'shop');
const SECRETS = ['admin123', 'sk_live_51HxQ2pLkT9vWm3ZaBcDeFgHiJk', 'shop-local-pw', 'shop-jwt-2024'];

function sarifOf(dir: string, only?: string[]): SarifLog {
  return toSarif(audit(dir, { only }), { toolVersion: '1.2.3', catalogue: RULES });
}

function resultAt(log: SarifLog, ruleId: string, uri: string, line: number): SarifResult {
  const r = log.runs[0].results.find((x) => x.ruleId === ruleId && x.locations[0].physicalLocation.artifactLocation.uri === uri && x.locations[0].physicalLocation.region?.startLine === line);
  assert.ok(r, `${ruleId} at ${uri}:${line} in ${JSON.stringify(log.runs[0].results.map((x) => [x.ruleId, x.locations[0].physicalLocation]))}`);
  return r;
}

describe('SARIF report', () => {
  it('validates the shop example against the official SARIF 2.1.0 schema', () => {
    const log = sarifOf(EXAMPLE);
    assert.deepEqual(sarifSchemaErrors(log), []);
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
  });

  it('rejects what the schema forbids (the validator is live)', () => {
    const log = JSON.parse(JSON.stringify(sarifOf(EXAMPLE))) as { runs: { results: { level: string }[] }[] };
    log.runs[0].results[0].level = 'fatal';
    assert.ok(sarifSchemaErrors(log).some((e) => e.includes('/runs/0/results/0/level')));
  });

  it('describes every rule with help link, default level and category', () => {
    const driver = sarifOf(EXAMPLE).runs[0].tool.driver;
    assert.equal(driver.name, 'readiness');
    assert.equal(driver.version, '1.2.3');
    const ids = [...RULES.map((r) => r.id), ...Object.keys(ENGINE_RULES)].sort();
    assert.deepEqual(driver.rules.map((r) => r.id), ids);
    for (const rule of RULES) {
      const d = driver.rules.find((r) => r.id === rule.id)!;
      assert.match(d.helpUri, new RegExp(`docs/rules/${rule.id}\\.md$`));
      assert.equal(d.defaultConfiguration.level, rule.meta.severity === 'info' ? 'note' : rule.meta.severity);
      assert.equal(d.properties.category, rule.meta.category);
      assert.equal(d.shortDescription.text, rule.meta.description);
      assert.ok(d.help?.markdown.startsWith(`# ${rule.id}\n`), `${rule.id} carries its documentation`);
      assert.ok(!d.help!.markdown.includes('```'), `${rule.id} help leaves the examples out`);
    }
    const secret = driver.rules.find((r) => r.id === 'hardcoded-secret')!;
    assert.equal(secret.properties['security-severity'], '8.0');
  });

  it('locates results relative to SRCROOT with exact regions, rule indexes and fixes', () => {
    const log = sarifOf(EXAMPLE);
    const run = log.runs[0];
    assert.equal(run.originalUriBaseIds.SRCROOT.uri, `file://${EXAMPLE}/`);
    assert.equal(run.columnKind, 'utf16CodeUnits');
    for (const r of run.results) {
      assert.equal(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
      assert.equal(r.locations[0].physicalLocation.artifactLocation.uriBaseId, 'SRCROOT');
      assert.ok(!r.locations[0].physicalLocation.artifactLocation.uri.startsWith('/'));
    }
    const admin = resultAt(log, 'hardcoded-secret', 'docker-compose.yml', 22);
    assert.equal(admin.level, 'error');
    assert.deepEqual(admin.locations[0].physicalLocation.region, { startLine: 22, startColumn: 23, endLine: 22, endColumn: 31 });
    assert.match(admin.message.text, /^ADMIN_PASSWORD holds a literal secret in plain text \(adm\*\*\*\)/);
    assert.deepEqual(admin.fixes, [{
      description: { text: 'Replace with ${ADMIN_PASSWORD} and declare ADMIN_PASSWORD in .env.example' },
      artifactChanges: [
        { artifactLocation: { uri: 'docker-compose.yml', uriBaseId: 'SRCROOT' }, replacements: [{ deletedRegion: { startLine: 22, startColumn: 23, endLine: 22, endColumn: 31 }, insertedContent: { text: '${ADMIN_PASSWORD}' } }] },
        { artifactLocation: { uri: '.env.example', uriBaseId: 'SRCROOT' }, replacements: [{ deletedRegion: { startLine: 4, startColumn: 1, endLine: 4, endColumn: 1 }, insertedContent: { text: 'ADMIN_PASSWORD=\n' } }] },
      ],
      properties: { safe: true },
    }]);
    const prints = run.results.map((r) => r.partialFingerprints['readiness/v1']);
    assert.equal(new Set(prints).size, prints.length, 'fingerprints are unique');
  });

  it('never contains a secret value from the audited files', () => {
    // The rule help is documentation (its prose may name textbook weak passwords); results are what was found.
    const text = JSON.stringify(sarifOf(EXAMPLE).runs[0].results);
    for (const s of SECRETS) assert.ok(!text.includes(s), `${s} must not appear`);
  });

  it('keeps fingerprints when lines move, so code scanning keeps the alert', () => {
    const compose = 'services:\n  api:\n    image: a:1\n    environment:\n      DB_PASSWORD: Zx9-long-enough-pass\n';
    const dir = writeWorkspace({ 'docker-compose.yml': compose, '.env.example': '' });
    const before = sarifOf(dir, ['hardcoded-secret']).runs[0].results[0];
    fs.writeFileSync(path.join(dir, 'docker-compose.yml'), `# shop\n# local stack\n${compose}`);
    const after = sarifOf(dir, ['hardcoded-secret']).runs[0].results[0];
    assert.equal(before.locations[0].physicalLocation.region?.startLine, 5);
    assert.equal(after.locations[0].physicalLocation.region?.startLine, 7);
    assert.deepEqual(after.partialFingerprints, before.partialFingerprints);
  });

  it('encodes paths and describes fixes that create a file', () => {
    const dir = writeWorkspace({ 'deploy dir/.env': 'API_TOKEN=tok_9f8e7d6c5b4a3921\n' });
    const log = sarifOf(dir, ['committed-env-file']);
    assert.deepEqual(sarifSchemaErrors(log), []);
    const [r] = log.runs[0].results;
    assert.equal(r.locations[0].physicalLocation.artifactLocation.uri, 'deploy%20dir/.env');
    assert.deepEqual(r.locations[0].physicalLocation.region, { startLine: 1, startColumn: 1, endLine: 1, endColumn: 10 });
    // No .gitignore yet: the fix creates it, so its insertion point is the first character.
    assert.deepEqual(r.fixes![0].artifactChanges, [{ artifactLocation: { uri: '.gitignore', uriBaseId: 'SRCROOT' }, replacements: [{ deletedRegion: { charOffset: 0, charLength: 0 }, insertedContent: { text: '.env*\n!.env.example\n' } }] }]);
  });
  it('leaves out a fix that would write a secret value back', () => {
    const password = 'Pw7Canary!Secret#2026';
    const dir = writeWorkspace({ '.env': `DATABASE_URL=postgres://app:${password}@localhost/app\n` });
    const result = audit(dir, { only: ['env-syntax', 'hardcoded-secret'] });
    const quoting = result.findings.find((f) => f.ruleId === 'env-syntax' && f.fixes.length > 0);
    assert.ok(quoting, 'a fix that quotes the value');
    // env-syntax quotes by inserting the quote characters only; a fix that rewrites the whole value
    // (as any rule might) carries the password, and SARIF must drop it.
    assert.ok(quoting.fixes.every((x) => x.edits.every((e) => !e.newText.includes(password.slice(4, 14)))), 'the quoting fix does not carry the value');
    const value = `postgres://app:${password}@localhost/app`;
    quoting.fixes = [{ title: 'Quote the value', edits: [{ file: '.env', start: 13, end: 13 + value.length, newText: `"${value}"` }], safe: true }];
    assert.ok(result.findings.some((f) => f.ruleId === 'hardcoded-secret'), 'the password is a finding');
    const log = toSarif(result, { toolVersion: '1', catalogue: RULES });
    assert.deepEqual(sarifSchemaErrors(log), []);
    assert.ok(!JSON.stringify(log).includes(password.slice(4, 14)), 'the value is nowhere in the SARIF');
    const env = log.runs[0].results.find((r) => r.ruleId === 'env-syntax')!;
    assert.equal(env.fixes, undefined);
  });
});
