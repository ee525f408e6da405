import * as assert from 'node:assert/strict';
import { escapeHtml, renderReportHtml } from '../../client/reportHtml';
import { statusView } from '../../client/statusText';
import { buildReportModel } from '../../engine/report/model';
import type { JsonReport } from '../../engine/report/json';
import type { WorkspaceStatus } from '../../server/auditCommand';

const REPORT: JsonReport = {
  version: 1, tool: { name: 'readiness', version: '1.0.0' }, root: '/srv/shop', files: 2, durationMs: 1, score: 87,
  summary: { error: 1, warning: 1, info: 0 },
  findings: [
    { ruleId: 'hardcoded-secret', severity: 'error', category: 'security', file: 'docker-compose.yml', line: 22, column: 23, endLine: 22, endColumn: 31, message: 'ADMIN_PASSWORD holds a literal secret (adm***). Use ${ADMIN_PASSWORD}.', fixable: true, docs: 'file:///x/hardcoded-secret.md' },
    { ruleId: 'env-syntax', severity: 'warning', category: 'correctness', file: 'it\'s <here>.env', line: 2, column: 1, endLine: 2, endColumn: 4, message: 'Line 2: "<script>alert(1)</script>" is not KEY=VALUE.', fixable: false, docs: 'file:///x/env-syntax.md' },
  ],
};

describe('report webview page', () => {
  const html = renderReportHtml(buildReportModel([REPORT]), { nonce: 'abc123', generatedAt: '2026-11-24T10:00:00.000Z' });

  it('loads nothing from outside: strict CSP, inline style and script with the nonce only', () => {
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-abc123'; script-src 'nonce-abc123';">/);
    assert.match(html, /<style nonce="abc123">/);
    assert.match(html, /<script nonce="abc123">/);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.ok(!/(src|href)="(https?:)?\/\//.test(html), 'no remote resource');
  });

  it('follows the theme through the editor colour variables', () => {
    for (const v of ['--vscode-foreground', '--vscode-editor-background', '--vscode-textLink-foreground', '--vscode-errorForeground', '--vscode-button-background']) assert.ok(html.includes(`var(${v}`), v);
    assert.ok(!/#[0-9a-f]{6}\b/i.test(html), 'no fixed colours');
  });

  it('shows score, verdict, a Fix all button and clickable positions and rule docs', () => {
    assert.match(html, /<span class="value" aria-label="score">87<span class="muted">\/100<\/span><\/span><span class="verdict bad">not ready<\/span>/);
    assert.match(html, /<button data-command="fixAll"[^>]*>Fix all \(1\)<\/button>/);
    const open = /data-open="([^"]+)">docker-compose\.yml:22<\/a>/.exec(html);
    assert.ok(open, 'blocker links to its position');
    const decoded = open[1].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    assert.deepEqual(JSON.parse(decoded), { root: '/srv/shop', file: 'docker-compose.yml', line: 22, column: 23 });
    assert.ok(html.includes('data-docs="hardcoded-secret"'));
    assert.ok(html.includes('data-docs="env-syntax"'));
  });

  it('escapes every message and path', () => {
    assert.ok(!html.includes('<script>alert(1)</script>'));
    assert.ok(html.includes('&quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;'));
    assert.ok(html.includes('it&#39;s &lt;here&gt;.env'));
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('offers no Fix all when nothing is fixable', () => {
    const clean = renderReportHtml(buildReportModel([{ ...REPORT, findings: [REPORT.findings[1]] }]), { nonce: 'n', generatedAt: 't' });
    assert.ok(!clean.includes('data-command="fixAll"'));
    assert.ok(clean.includes('data-command="rerun"'));
  });
});

describe('status bar text', () => {
  const base: WorkspaceStatus = { enabled: true, complete: true, score: 60, verdict: 'not ready', errors: 7, warnings: 1, infos: 0, fixable: 4 };

  it('shows the score and the error count, and explains itself in the tooltip', () => {
    assert.deepEqual(statusView(base), { text: '$(shield) 60 $(error) 7', tooltip: 'Readiness score 60/100 — not ready. 7 errors, 1 warning, 0 info; 4 fixable automatically. Click to audit the workspace.' });
    assert.equal(statusView({ ...base, errors: 0, score: 97, verdict: 'ready with warnings' }).text, '$(shield) 97');
  });

  it('does not claim a score before every file was checked, nor when disabled', () => {
    assert.equal(statusView({ ...base, complete: false }).text, '$(shield) Readiness');
    assert.match(statusView({ ...base, complete: false }).tooltip, /Not every file has been checked yet \(7 errors, 1 warning, 0 info so far\)/);
    assert.equal(statusView({ ...base, enabled: false }).text, '$(shield) Readiness off');
    assert.equal(statusView(undefined).text, '$(shield) Readiness');
  });
});
