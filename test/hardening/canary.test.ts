// Secret hygiene: canary secrets planted in every kind of file never leave Readiness unmasked,
// through any channel: findings (messages, fix titles and edits, related info), every CLI format
// (text, JSON, SARIF, Markdown) and its fix log, every byte the language server writes
// (diagnostics, code actions, hover, command results, log and trace messages) at every trace
// level, and the report page and Markdown the editor builds from the workspace audit.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditDirectory } from '../../engine/audit';
import { defaultConfig } from '../../engine/config';
import { toJsonReport } from '../../engine/report/json';
import { FORMATTERS } from '../../cli/formats';
import { renderReportHtml } from '../../client/reportHtml';
import { buildReportModel } from '../../engine/report/model';
import { renderMarkdown } from '../../engine/report/markdown';
import type { JsonReport } from '../../engine/report/json';
import { TestClient, uriOf } from '../helpers/lspClient';
import { tmpDir, writeWorkspace } from '../helpers/workspace';

// Random-looking values no rule could mistake for a placeholder, plus well-known token formats.
const CANARIES = [
  'Zq8vN3xK7mP2wR9tL4cB6yH1',
  'ghp_Rd9Qw2Zx7Vb4Nm6Kp8Ls3Jt5Hf1Gd0Ca2Eb4',
  'AKIAQ3RDNS7CANARY5ZT',
  'sk_live_51Hq8ZcanaryW7pL2xN9vR4tY6',
  'Pw7Canary!Secret#2026',
];

/** The canaries and their distinctive middles: a leak of more than the masked prefix is a leak. */
function leaks(text: string): string[] {
  const found: string[] = [];
  for (const c of CANARIES) {
    if (text.includes(c)) found.push(c);
    else if (text.includes(c.slice(4, 14))) found.push(`part of ${c}`);
  }
  return found;
}

const [C0, C1, C2, C3, C4] = CANARIES;
const FILES: Record<string, string> = {
  'docker-compose.yml': [
    'services:',
    '  api:',
    '    image: shop/api:1.4.2',
    `    command: ["--db-password", "${C0}"]`,
    '    environment:',
    `      DB_PASSWORD: ${C0}`,
    `      GITHUB_TOKEN: "${C1}"`,
    `      DATABASE_URL: postgres://admin:${C4}@db:5432/shop`,
    '  worker:',
    '    image: shop/worker:1.0.0',
    '    environment:',
    `      - AWS_ACCESS_KEY_ID=${C2}`,
    `      - STRIPE_SECRET_KEY=${C3}`,
    '',
  ].join('\n'),
  'render.yaml': [
    'services:',
    '  - type: web',
    '    name: api',
    '    runtime: node',
    '    envVars:',
    '      - key: SECRET_KEY',
    `        value: ${C0}`,
    '      - key: STRIPE_SECRET_KEY',
    `        value: "${C3}"`,
    'envVarGroups:',
    '  - name: shared',
    '    envVars:',
    '      - key: ADMIN_PASSWORD',
    `        value: ${C4}`,
    '',
  ].join('\n'),
  '.github/workflows/ci.yml': [
    'name: ci',
    'on: push',
    'env:',
    `  API_TOKEN: ${C0}`,
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-latest',
    '    services:',
    '      db:',
    '        image: postgres:16',
    '        env:',
    `          POSTGRES_PASSWORD: ${C4}`,
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - run: ./deploy.sh',
    '        env:',
    `          GH_TOKEN: ${C1}`,
    `          AWS_ACCESS_KEY_ID: ${C2}`,
    '',
  ].join('\n'),
  '.env': `SECRET_KEY=${C0}\nGITHUB_TOKEN=${C1}\nDATABASE_URL=postgres://app:${C4}@localhost/app\n`,
  '.env.production': `STRIPE_SECRET_KEY="${C3}"\nSECRET KEY=${C0}\nexport AWS_ACCESS_KEY_ID=${C2} # ci key\nSESSION_SECRET='${C4}\n`,
  // Broken files: parser messages must not quote the value either.
  'compose.broken.yml': `services:\n  api:\n    environment:\n      DB_PASSWORD: "${C0}\n`,
  'app.py': `import os\nSECRET_KEY = os.environ.get("SECRET_KEY", "${C0}")\nSTRIPE = "${C3}"\n`,
  'src/config.js': `module.exports = { token: process.env.GITHUB_TOKEN || "${C1}", aws: "${C2}" };\n`,
  'Dockerfile': `FROM node:20\nENV DB_PASSWORD=${C0}\nARG GITHUB_TOKEN=${C1}\n`,
  '.gitignore': 'node_modules/\n',
};
const CONFIG_FILES = ['docker-compose.yml', 'render.yaml', '.github/workflows/ci.yml', '.env', '.env.production'];

describe('hardening: canary secrets never leak', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    dir = writeWorkspace(FILES);
  });

  it('in findings: messages, fix titles and edits, related information, the JSON report', () => {
    const log: string[] = [];
    const result = auditDirectory(dir, { config: defaultConfig(), git: null, log: (m) => log.push(m) });
    for (const file of CONFIG_FILES) assert.ok(result.findings.some((f) => f.file === file && f.ruleId !== 'committed-env-file'), `the canaries in ${file} are found`);
    const shown = JSON.stringify({ findings: result.findings, failures: result.failures, log });
    assert.deepEqual(leaks(shown), []);
    assert.deepEqual(leaks(JSON.stringify(toJsonReport(result, 'test'))), []);
  });

  for (const format of Object.keys(FORMATTERS)) {
    it(`in the CLI's ${format} output, its output file and its log, fix log included`, () => {
      const cli = path.join(__dirname, '..', '..', 'dist', 'cli.js');
      const out = path.join(tmpDir(), `report.${format}`);
      for (const args of [['--format', format], ['--format', format, '--output', out], ['--format', format, '--fix', '--dry-run']]) {
        const r = spawnSync(process.execPath, [cli, 'audit', dir, ...args, '--fail-on', 'never'], { encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        assert.deepEqual(leaks(r.stdout + r.stderr), [], `stdout/stderr of --format ${format}`);
      }
      const written = fs.readFileSync(out, 'utf8');
      assert.ok(written.length > 0);
      assert.deepEqual(leaks(written), []);
    });
  }

  // Each level the client can ask for, through the setting and through $/setTrace: the server's
  // log lines differ, and a client tracing "messages" or "verbose" writes what is on the wire.
  for (const level of ['off', 'messages', 'verbose'] as const) {
    it(`in everything the language server writes, and the report built from it, with tracing ${level}`, async () => {
      const client = new TestClient();
      client.settings = { validationDelay: 0, trace: { server: level } };
      let wire = '';
      client.proc.stdout!.on('data', (d) => (wire += String(d)));
      let report: { html: string; markdown: string } | undefined;
      try {
        await client.initialize(dir);
        await client.conn.sendNotification('$/setTrace', { value: level });
        for (const [file, text] of Object.entries(FILES)) await client.open(path.join(dir, file), text, file.endsWith('.py') ? 'python' : 'plaintext');
        await client.waitFor(() => CONFIG_FILES.every((f) => (client.diagnosticsFor(path.join(dir, f))?.length ?? 0) > 0), 'diagnostics for every config file');

        for (const file of Object.keys(FILES)) {
          const uri = uriOf(path.join(dir, file));
          const diagnostics = client.diagnosticsFor(path.join(dir, file)) ?? [];
          for (const d of diagnostics) {
            const actions = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as { title: string }[];
            assert.deepEqual(leaks(actions.map((a) => a.title).join('\n')), [], `code action titles in ${file}`);
            // The editor's hover over a problem shows its diagnostic; a hover provider, should the
            // server offer one, answers here (until then the request is refused as unknown).
            await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: d.range.start }).catch(() => undefined);
          }
          await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.readiness'] } });
        }
        const shown = [...client.diagnostics.values()].flatMap((p) => p.diagnostics.map((d) => `${d.message}\n${JSON.stringify(d.relatedInformation ?? [])}\n${JSON.stringify(d.data ?? null)}`));
        assert.ok(shown.length > 0);
        assert.deepEqual(leaks(shown.join('\n')), [], 'diagnostics');

        // The workspace audit behind the report: the webview page and its Markdown are built from its result.
        const audit = (await client.conn.sendRequest('workspace/executeCommand', { command: 'readiness.server.auditWorkspace', arguments: [] })) as { cancelled: boolean; folders: JsonReport[] };
        assert.equal(audit.cancelled, false);
        const model = buildReportModel(audit.folders);
        assert.ok(model.counts.error > 0, 'the report lists the canaries\' findings');
        report = {
          html: renderReportHtml(model, { nonce: 'n', generatedAt: '2026-01-01T00:00:00.000Z' }),
          markdown: renderMarkdown(model, { generatedAt: '2026-01-01T00:00:00.000Z', fileLink: (f) => uriOf(path.join(f.root, f.file)) }),
        };
        await client.conn.sendRequest('workspace/executeCommand', { command: 'readiness.server.fixAllInWorkspace', arguments: [] });

        // Edits re-validate: the changed text's secrets go through the same paths again.
        const compose = path.join(dir, 'docker-compose.yml');
        await client.change(compose, 2, FILES['docker-compose.yml'].replace('DB_PASSWORD', 'DB_PASS'));
        await client.waitFor(() => client.diagnostics.get(uriOf(compose))?.version === 2, 'version 2');
        assert.ok(client.logs.length > 0, 'the server logged something');
      } finally {
        await client.dispose();
      }
      assert.ok(wire.includes('publishDiagnostics'));
      assert.deepEqual(leaks(wire), [], 'bytes on the wire (diagnostics, code actions, command results, log and trace messages)');
      assert.deepEqual(leaks(client.logs.join('\n')), [], 'log messages');
      assert.deepEqual(leaks(client.stderr), [], 'stderr');
      assert.ok(report, 'the report was built');
      assert.ok(report.html.includes('hardcoded-secret') && report.markdown.includes('hardcoded-secret'));
      assert.deepEqual(leaks(report.html), [], 'the report page');
      assert.deepEqual(leaks(report.markdown), [], 'the report as Markdown');
    });
  }
});
