import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeWorkspace } from '../helpers/workspace';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'shop');

function run(args: string[], cwd = process.cwd()) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonOut {
  version: number;
  tool: { name: string; version: string };
  root: string;
  files: number;
  durationMs: number;
  score: number;
  summary: { error: number; warning: number; info: number };
  findings: { ruleId: string; severity: string; category: string; file: string; line: number; column: number; endLine: number; endColumn: number; message: string; fixable: boolean; docs: string }[];
}

describe('CLI on the shop example', () => {
  it('reports the hardcoded admin password, the committed .env and the weak JWT default as JSON', () => {
    const r = run(['audit', EXAMPLE, '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout) as JsonOut;
    assert.equal(out.version, 1);
    assert.equal(out.tool.name, 'readiness');
    assert.equal(out.root, EXAMPLE);
    assert.ok(out.files > 0);
    assert.equal(typeof out.durationMs, 'number');
    assert.ok(out.score >= 0 && out.score <= 100);
    const admin = out.findings.find((f) => f.ruleId === 'hardcoded-secret' && f.file === 'docker-compose.yml' && f.message.startsWith('ADMIN_PASSWORD'));
    assert.ok(admin, 'hardcoded ADMIN_PASSWORD in compose');
    const composeLines = fs.readFileSync(path.join(EXAMPLE, 'docker-compose.yml'), 'utf8').split('\n');
    assert.equal(composeLines[admin.line - 1].slice(admin.column - 1, admin.endColumn - 1), 'admin123');
    assert.match(admin.message, /\(adm\*\*\*\)/);
    assert.equal(admin.severity, 'error');
    assert.equal(admin.category, 'security');
    assert.equal(admin.fixable, true);
    assert.match(admin.docs, /docs\/rules\/hardcoded-secret\.md$/);
    assert.ok(out.findings.some((f) => f.ruleId === 'committed-env-file' && f.file === '.env'), 'committed .env');
    const weak = out.findings.find((f) => f.ruleId === 'weak-secret' && f.file === 'docker-compose.yml');
    assert.ok(weak, 'weak JWT_SECRET default');
    assert.match(weak.message, /JWT_SECRET falls back to a weak default \(se\*\*\*/);
    for (const secret of ['admin123', 'sk_live_51HxQ2pLkT9vWm3ZaBcDeFgHiJk', 'shop-local-pw', 'shop-jwt-2024']) {
      assert.ok(!r.stdout.includes(secret), `${secret} must never be printed`);
    }
    const sorted = [...out.findings].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
    assert.deepEqual(out.findings.map((f) => `${f.file}:${f.line}:${f.column}:${f.ruleId}`), sorted.map((f) => `${f.file}:${f.line}:${f.column}:${f.ruleId}`));
  });

  it('prints compiler-style text with a summary line', () => {
    const r = run(['audit', EXAMPLE, '--no-color']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /docker-compose\.yml:\d+:\d+ error ADMIN_PASSWORD holds a literal secret in plain text \(adm\*\*\*\).* \[hardcoded-secret\]/);
    assert.match(r.stdout.trimEnd().split('\n').pop()!, /^\d+ problems \(\d+ errors, \d+ warnings, \d+ info\) in \d+ config files · score \d+\/100 · not ready/);
    assert.ok(!r.stdout.includes('\x1b['), 'no colour codes with --no-color');
  });
});

describe('CLI exit codes', () => {
  it('exits 0 on a clean folder and with --fail-on never', () => {
    const dir = writeWorkspace({ 'docker-compose.yml': 'services:\n  web:\n    image: nginx:1.27\n' });
    assert.equal(run(['audit', dir, '--rule', 'hardcoded-secret']).code, 0);
    assert.equal(run(['audit', EXAMPLE, '--fail-on', 'never']).code, 0);
  });

  it('exits 2 with a message on stderr and nothing on stdout for usage and config errors', () => {
    for (const args of [['audit', '/definitely/not/here'], ['audit', EXAMPLE, '--format', 'xml'], ['audit', EXAMPLE, '--fail-on', 'sometimes'], ['frobnicate'], ['audit', EXAMPLE, '--rule', 'no-such-rule']]) {
      const r = run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
      assert.match(r.stderr, /^readiness: /, args.join(' '));
    }
    const dir = writeWorkspace({ '.readiness.json': '{ "rules": { "hardcoded-secret": "loud" } }', '.env': 'A=1\n' });
    const r = run(['audit', dir]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /rule "hardcoded-secret": "loud" is not one of off, info, warning, error/);
    const broken = writeWorkspace({ '.readiness.json': '{ "rules": { ' });
    assert.match(run(['audit', broken]).stderr, /\.readiness\.json:1: invalid JSON/);
  });

  it('honours severity overrides and suppressions from .readiness.json and comments', () => {
    const dir = writeWorkspace({
      '.readiness.json': '// team settings\n{ "rules": { "hardcoded-secret": "warning" } }\n',
      'docker-compose.yml': 'services:\n  api:\n    image: a:1\n    environment:\n      # readiness-ignore-next-line hardcoded-secret\n      DB_PASSWORD: Zx9-long-enough-pass\n      API_TOKEN: Zx9-another-long-token\n      # readiness-ignore-next-line no-such-rule\n      LOG: info\n',
    });
    const out = JSON.parse(run(['audit', dir, '--format', 'json']).stdout) as JsonOut;
    const about = out.findings.filter((f) => f.ruleId === 'hardcoded-secret' || f.ruleId === 'readiness-config');
    assert.deepEqual(about.map((f) => [f.ruleId, f.severity, f.line, f.column]), [
      ['hardcoded-secret', 'warning', 7, 18],
      ['readiness-config', 'warning', 8, 36],
    ]);
    assert.equal(run(['audit', dir]).code, 0, 'warnings do not fail by default');
    assert.equal(run(['audit', dir, '--fail-on', 'warning']).code, 1);
  });
});
