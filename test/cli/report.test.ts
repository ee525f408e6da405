import * as assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyDir, tmpDir, writeWorkspace } from '../helpers/workspace';
import { sarifSchemaErrors } from '../report/sarifSchema';
import { RULES } from '../../rules';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const EXAMPLE = path.join(ROOT, 'examples', 'shop');
const SECRETS = ['admin123', 'sk_live_51HxQ2pLkT9vWm3ZaBcDeFgHiJk', 'shop-local-pw', 'shop-jwt-2024'];
/** Exact expectations use the first rules only; rules added later must not change them. */
const FIRST_RULES = ['--rule', 'hardcoded-secret,weak-secret,committed-env-file,duplicate-key,yaml-syntax,env-syntax'];

function run(args: string[], opts: SpawnSyncOptions = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, ...opts });
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** A copy of the example outside the repository (so not a git checkout). */
function exampleCopy(): string {
  const dir = tmpDir('readiness-shop-');
  copyDir(EXAMPLE, dir);
  return dir;
}

/** Every file under dir with its bytes, to prove what changed and what did not. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out[r] = fs.readFileSync(path.join(dir, r), 'utf8');
    }
  };
  walk('');
  return out;
}

interface JsonOut {
  durationMs: number;
  score: number;
  findings: { ruleId: string; file: string; line: number; column: number; severity: string; fixable: boolean }[];
}

describe('CLI report formats', function () {
  this.timeout(60000);

  it('prints the readiness report as Markdown', () => {
    const r = run(['audit', 'examples/shop', '--format', 'markdown']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, '');
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], '# Readiness report: shop');
    assert.match(lines[2], /^\*\*Score \d+\/100 — not ready\.\*\* \d+ errors?, \d+ warnings?, \d+ info in 5 config files\.$/);
    for (const heading of ['## By category', '## Top blockers', '## Findings by file', '### docker-compose.yml', '### render.yaml', '## Automatic fixes']) assert.ok(lines.includes(heading), heading);
    // Positions link to the file and line, relative to the working folder; rules link to their docs.
    assert.ok(r.stdout.includes('[docker-compose.yml:22](examples/shop/docker-compose.yml#L22) — ADMIN\\_PASSWORD holds a literal secret in plain text (adm\\*\\*\\*)'), r.stdout);
    assert.match(r.stdout, /\| \[22:23\]\(examples\/shop\/docker-compose\.yml#L22\) \| error \| \[hardcoded-secret\]\(file:\/\/\/[^)]*\/docs\/rules\/hardcoded-secret\.md\) \| .* \| automatic \|/);
    for (const s of SECRETS) assert.ok(!r.stdout.includes(s), `${s} must never be printed`);

    const first = run(['audit', 'examples/shop', '--format', 'markdown', ...FIRST_RULES]).stdout.split('\n');
    assert.equal(first[2], '**Score 60/100 — not ready.** 7 errors, 0 warnings, 0 info in 5 config files.');
    assert.ok(first.includes('| Security | 7 | 0 | 0 | 40 (capped) |'));
    assert.ok(first.includes('| hardcoded-secret | 2 |'));
  });

  it('writes SARIF that validates against the SARIF 2.1.0 schema', () => {
    const r = run(['audit', EXAMPLE, '--format', 'sarif']);
    assert.equal(r.code, 1, r.stderr);
    const log = JSON.parse(r.stdout) as { runs: { results: { ruleId: string }[]; tool: { driver: { rules: { id: string }[] } } }[] };
    assert.deepEqual(sarifSchemaErrors(log), []);
    const json = JSON.parse(run(['audit', EXAMPLE, '--format', 'json']).stdout) as JsonOut;
    assert.deepEqual(log.runs[0].results.map((x) => x.ruleId), json.findings.map((f) => f.ruleId));
    for (const rule of RULES) assert.ok(log.runs[0].tool.driver.rules.some((d) => d.id === rule.id), rule.id);
    for (const s of SECRETS) assert.ok(!JSON.stringify(log.runs[0].results).includes(s), `${s} must never be printed`);
  });

  it('writes to --output, with Markdown links relative to the report', () => {
    const dir = exampleCopy();
    const out = path.join(dir, 'readiness.md');
    const r = run(['audit', dir, '--format', 'markdown', '--output', out]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, '');
    const md = fs.readFileSync(out, 'utf8');
    assert.ok(md.includes('[docker-compose.yml:22](docker-compose.yml#L22)'), md);
    const bad = run(['audit', dir, '--output', path.join(dir, 'no', 'such', 'folder', 'r.txt')]);
    assert.equal(bad.code, 2);
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, /^readiness: cannot write .*r\.txt: ENOENT\n$/);
  });

  it('is deterministic: two runs give the same JSON apart from durationMs, the same SARIF, the same Markdown apart from the time', () => {
    const strip = (s: string) => s.replace(/"durationMs": \d+/, '"durationMs": 0');
    const [a, b] = [run(['audit', EXAMPLE, '--format', 'json']).stdout, run(['audit', EXAMPLE, '--format', 'json']).stdout];
    assert.match(a, /"durationMs": \d+/);
    assert.equal(strip(a), strip(b));
    assert.equal(run(['audit', EXAMPLE, '--format', 'sarif']).stdout, run(['audit', EXAMPLE, '--format', 'sarif']).stdout);
    const time = (s: string) => s.replace(/generated \S+</, 'generated <');
    assert.equal(time(run(['audit', EXAMPLE, '--format', 'markdown']).stdout), time(run(['audit', EXAMPLE, '--format', 'markdown']).stdout));
  });
});

describe('CLI --fix', function () {
  this.timeout(60000);

  it('applies every safe fix on a copy of the example, prints what changed, and a second run changes nothing', () => {
    const dir = exampleCopy();
    const before = snapshot(dir);
    const r = run(['audit', dir, '--fix', '--no-color']);
    assert.equal(r.stderr, '');
    const log = r.stdout.split('\n\n')[0].split('\n');
    for (const line of [
      'fixed .env:1:1 Add .env* to .gitignore [committed-env-file]',
      'fixed docker-compose.yml:22:23 Replace with ${ADMIN_PASSWORD} and declare ADMIN_PASSWORD in .env.example [hardcoded-secret]',
      'fixed docker-compose.yml:23:33 Require JWT_SECRET to be set [weak-secret]',
      'fixed render.yaml:24:16 Let Render generate JWT_SECRET (generateValue: true) [hardcoded-secret]',
    ]) assert.ok(log.includes(line), `${line}\nin\n${r.stdout}`);
    // Other files (the example's workflow) may be fixed too; these three must be among them, in order.
    assert.match(log[log.length - 1], /^Applied \d+ fixes in \d+ files \((.*, )?\.env\.example, (.*, )?\.gitignore, (.*, )?docker-compose\.yml(, .*)?\)\.$/);
    const after = snapshot(dir);
    assert.equal(after['.gitignore'], '.env*\n!.env.example\n');
    // The secret's entry comes first; the variables the code reads but the template lacks follow, empty.
    assert.ok(after['.env.example'].startsWith(`${before['.env.example']}ADMIN_PASSWORD=\n`), after['.env.example']);
    for (const line of after['.env.example'].slice(before['.env.example'].length).split('\n').filter(Boolean)) assert.match(line, /^[A-Z][A-Z0-9_]*=$/);
    assert.ok(after['docker-compose.yml'].includes('      ADMIN_PASSWORD: ${ADMIN_PASSWORD}\n      JWT_SECRET: ${JWT_SECRET:?JWT_SECRET must be set}\n'));
    assert.ok(after['render.yaml'].includes('      - key: JWT_SECRET\n        generateValue: true\n'));

    const json = JSON.parse(run(['audit', dir, '--format', 'json']).stdout) as JsonOut;
    assert.deepEqual(json.findings.filter((f) => f.fixable), [], 'no fixable finding is left');

    const again = run(['audit', dir, '--fix', '--no-color']);
    assert.equal(again.stdout.split('\n')[0], 'No automatic fix to apply.');
    assert.deepEqual(snapshot(dir), after, 'the second run changes nothing');
  });

  it('changes exactly what the fixes say (first rules)', () => {
    const dir = exampleCopy();
    const before = snapshot(dir);
    const r = run(['audit', dir, '--fix', '--no-color', ...FIRST_RULES]);
    assert.equal(r.code, 0);
    assert.deepEqual(r.stdout.split('\n').slice(0, 5), [
      'fixed .env:1:1 Add .env* to .gitignore [committed-env-file]',
      'fixed docker-compose.yml:22:23 Replace with ${ADMIN_PASSWORD} and declare ADMIN_PASSWORD in .env.example [hardcoded-secret]',
      'fixed docker-compose.yml:23:33 Require JWT_SECRET to be set [weak-secret]',
      'fixed render.yaml:24:16 Let Render generate JWT_SECRET (generateValue: true) [hardcoded-secret]',
      'Applied 4 fixes in 4 files (.env.example, .gitignore, docker-compose.yml, render.yaml).',
    ]);
    const after = snapshot(dir);
    assert.deepEqual(Object.keys(after).filter((f) => after[f] !== before[f]).sort(), ['.env.example', '.gitignore', 'docker-compose.yml', 'render.yaml']);
    assert.equal(after['docker-compose.yml'], before['docker-compose.yml'].replace('ADMIN_PASSWORD: admin123', 'ADMIN_PASSWORD: ${ADMIN_PASSWORD}').replace('${JWT_SECRET:-secret}', '${JWT_SECRET:?JWT_SECRET must be set}'));
    assert.equal(after['render.yaml'], before['render.yaml'].replace('      - key: JWT_SECRET\n        value: shop-jwt-2024\n', '      - key: JWT_SECRET\n        generateValue: true\n'));
  });

  it('writes nothing with --dry-run and says what it would change', () => {
    const dir = exampleCopy();
    const before = snapshot(dir);
    const all = run(['audit', dir, '--fix', '--dry-run', '--no-color']);
    assert.equal(all.code, 1, 'the findings are still there');
    assert.deepEqual(snapshot(dir), before);
    for (const s of SECRETS) assert.ok(!all.stdout.includes(s), `${s} must never be printed`);
    const r = run(['audit', dir, '--fix', '--dry-run', '--no-color', ...FIRST_RULES]);
    const out = r.stdout.split('\n');
    assert.equal(out[0], 'would fix .env:1:1 Add .env* to .gitignore [committed-env-file]');
    assert.equal(out[4], '4 fixes would change 4 files (.env.example, .gitignore, docker-compose.yml, render.yaml); nothing written (--dry-run).');
    assert.deepEqual(snapshot(dir), before);
  });

  it('keeps machine formats parseable: the fix log goes to stderr', () => {
    const dir = exampleCopy();
    const r = run(['audit', dir, '--fix', '--format', 'json', ...FIRST_RULES]);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /^fixed \.env:1:1 Add \.env\* to \.gitignore \[committed-env-file\]\n/);
    const json = JSON.parse(r.stdout) as JsonOut;
    assert.equal(json.score, 100);
  });
});

describe('CLI options and errors', function () {
  this.timeout(60000);
  const mixed = { 'docker-compose.yml': 'services:\n  api:\n    image: a:1\n    environment:\n      DB_PASSWORD: Zx9-long-enough-pass\n', '.env.example': 'PORT=3000\nNOT A LINE\n' };

  it('--rule, --config, --fail-on and --quiet', () => {
    const dir = writeWorkspace(mixed);
    const all = JSON.parse(run(['audit', dir, '--format', 'json', ...FIRST_RULES]).stdout) as JsonOut;
    assert.deepEqual(all.findings.map((f) => [f.ruleId, f.file, f.line, f.column]), [['env-syntax', '.env.example', 2, 1], ['hardcoded-secret', 'docker-compose.yml', 5, 20]]);
    const only = JSON.parse(run(['audit', dir, '--format', 'json', '--rule', 'env-syntax']).stdout) as JsonOut;
    assert.deepEqual(only.findings.map((f) => f.ruleId), ['env-syntax']);
    const cfgDir = tmpDir();
    const cfg = path.join(cfgDir, 'team.json');
    fs.writeFileSync(cfg, '{ "rules": { "hardcoded-secret": "off" } }');
    const withConfig = run(['audit', dir, '--format', 'json', '--config', cfg, ...FIRST_RULES]);
    assert.equal(withConfig.code, 0, 'only a warning is left');
    assert.deepEqual((JSON.parse(withConfig.stdout) as JsonOut).findings.map((f) => f.ruleId), ['env-syntax']);
    assert.equal(run(['audit', dir, '--config', cfg, '--fail-on', 'warning', ...FIRST_RULES]).code, 1);
    const quiet = run(['audit', dir, '--quiet', ...FIRST_RULES]);
    assert.equal(quiet.code, 1);
    assert.deepEqual(quiet.stdout.split('\n').filter((l) => l.endsWith(']')), ['docker-compose.yml:5:20 error DB_PASSWORD holds a literal secret in plain text (Zx9***). Use ${DB_PASSWORD} and set it outside git. [hardcoded-secret]']);
  });

  it('exits 2 with one line on stderr for a missing folder, a missing or unreadable config and --dry-run alone', () => {
    const dir = writeWorkspace(mixed);
    const cases: [string[], RegExp][] = [
      [['audit', path.join(dir, 'nope')], /^readiness: folder not found: /],
      [['audit', dir, '--config', path.join(dir, 'missing.json')], /^readiness: Config file not found: /],
      [['audit', dir, '--config', dir], /^readiness: Cannot read config file /],
      [['audit', dir, '--dry-run'], /^readiness: --dry-run goes with --fix/],
      [['docs', 'no-such-rule'], /^readiness: unknown rule id: no-such-rule/],
    ];
    for (const [args, re] of cases) {
      const r = run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
      assert.match(r.stderr, re, args.join(' '));
    }
  });

  it('exits 2 when a config file in the tree cannot be read, instead of reporting a partial audit', () => {
    const dir = writeWorkspace(mixed);
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(path.join(dir, 'docker-compose.yml'), 0o600);
    const isRoot = process.getuid?.() === 0;
    // Root reads everything: the CLI then runs as an unprivileged user that cannot read the file.
    if (!isRoot) fs.chmodSync(path.join(dir, 'docker-compose.yml'), 0o000);
    const r = run(['audit', dir], isRoot ? { uid: 65534, gid: 65534 } : {});
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'readiness: cannot read docker-compose.yml (permission denied); the audit would be incomplete\n');
  });

  it('lists the rule catalogue and prints a rule doc', () => {
    const r = run(['rules']);
    assert.equal(r.code, 0);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^RULE +CATEGORY +SEVERITY +FIX +DESCRIPTION$/);
    assert.equal(lines.length, RULES.length + 1);
    assert.match(r.stdout, /^hardcoded-secret +security +error +yes +A literal secret/m);
    const json = JSON.parse(run(['rules', '--format', 'json']).stdout) as { id: string; fixable: boolean }[];
    assert.deepEqual(json.map((x) => x.id), RULES.map((x) => x.id).sort());
    const docs = run(['docs', 'hardcoded-secret']);
    assert.equal(docs.code, 0);
    assert.equal(docs.stdout, fs.readFileSync(path.join(ROOT, 'docs', 'rules', 'hardcoded-secret.md'), 'utf8'));
  });
});
