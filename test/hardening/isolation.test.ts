import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { defaultConfig } from '../../engine/config';
import { runRules } from '../../engine/runner';
import { TestClient, uriOf } from '../helpers/lspClient';
import { writeWorkspace } from '../helpers/workspace';
import { CORE_RULES, coreRulesSettings, memoryWorkspace, where } from './helpers';
import type { FileRule, WorkspaceRule } from '../../engine/types';

const COMPOSE = 'services:\n  api:\n    image: shop/api:1.4.2\n    environment:\n      ADMIN_PASSWORD: admin123\n';

function throwingRule(onCall: () => void = () => undefined): FileRule {
  return {
    id: 'test-throws',
    meta: { scope: 'file', kinds: ['compose'], category: 'correctness', severity: 'error', description: 'throws', fixable: false },
    check(ctx) {
      onCall();
      ctx.report({ range: { start: 0, end: 1 }, message: 'reported before throwing' });
      throw new TypeError('boom');
    },
  };
}

describe('hardening: rule isolation', () => {
  it('turns a throwing rule into one readiness-internal notice and one log line; the other rules still report', () => {
    const ws = memoryWorkspace({ 'docker-compose.yml': COMPOSE });
    const log: string[] = [];
    let calls = 0;
    const rules = [throwingRule(() => calls++), ...CORE_RULES];
    const first = runRules(ws, rules, defaultConfig(), { log: (m) => log.push(m) });
    assert.deepEqual(first.findings.map((f) => where(ws, f)), [
      { ruleId: 'readiness-internal', file: 'docker-compose.yml', line: 1, column: 1 },
      { ruleId: 'hardcoded-secret', file: 'docker-compose.yml', line: 5, column: 23 },
    ]);
    const notice = first.findings[0];
    assert.equal(notice.severity, 'info');
    assert.equal(notice.message, 'Rule test-throws failed on this file and was skipped; other rules still ran. Please report it.');
    assert.deepEqual(first.failures, [{ ruleId: 'test-throws', file: 'docker-compose.yml', error: 'TypeError: boom' }]);
    assert.deepEqual(log, ['[readiness] rule test-throws stopped on docker-compose.yml: TypeError: boom']);

    // Re-checking the same version (as the server does in the background) neither re-runs nor re-logs it.
    const again = runRules(ws, rules, defaultConfig(), { log: (m) => log.push(m) });
    assert.deepEqual(again.findings.map((f) => f.ruleId), ['readiness-internal', 'hardcoded-secret']);
    assert.equal(calls, 1);
    assert.equal(log.length, 1);

    // A new version of the file gets a fresh chance.
    ws.setText('docker-compose.yml', 'compose', COMPOSE, 2);
    runRules(ws, rules, defaultConfig(), { log: (m) => log.push(m) });
    assert.equal(calls, 2);
    assert.equal(log.length, 2);
  });

  it('stops a rule that overruns its time budget on one file, keeps it stopped for that version, and drops its partial results', () => {
    const ws = memoryWorkspace({ 'docker-compose.yml': COMPOSE, 'compose.worker.yml': 'services:\n  worker:\n    image: shop/worker:1.0.0\n' });
    let clock = 0;
    let calls = 0;
    const slow: FileRule = {
      id: 'test-slow',
      meta: { scope: 'file', kinds: ['compose'], category: 'correctness', severity: 'warning', description: 'slow on one file', fixable: false },
      check(ctx) {
        calls++;
        ctx.report({ range: { start: 0, end: 8 }, message: `seen ${ctx.file.path}` });
        // A fake clock: this rule "takes" 5 s on docker-compose.yml and 1 ms elsewhere.
        clock += ctx.file.path === 'docker-compose.yml' ? 5000 : 1;
      },
    };
    const log: string[] = [];
    const opts = { log: (m: string) => log.push(m), now: () => clock, ruleBudgetMs: 2000 };
    const r = runRules(ws, [slow, ...CORE_RULES], defaultConfig(), opts);
    assert.deepEqual(r.findings.map((f) => [where(ws, f), f.message]), [
      [{ ruleId: 'test-slow', file: 'compose.worker.yml', line: 1, column: 1 }, 'seen compose.worker.yml'],
      [{ ruleId: 'readiness-internal', file: 'docker-compose.yml', line: 1, column: 1 }, 'Rule test-slow took 5000 ms on this file, over its 2000 ms budget, so it was stopped here until the file changes; other rules still ran. Please report it.'],
      [{ ruleId: 'hardcoded-secret', file: 'docker-compose.yml', line: 5, column: 23 }, r.findings[2].message],
    ]);
    assert.deepEqual(log, ['[readiness] rule test-slow stopped on docker-compose.yml: took 5000 ms, over the 2000 ms budget']);
    const again = runRules(ws, [slow, ...CORE_RULES], defaultConfig(), opts);
    assert.deepEqual(again.findings.map((f) => f.ruleId), ['test-slow', 'readiness-internal', 'hardcoded-secret']);
    assert.equal(calls, 3, 'run again on the other file only');
    assert.equal(log.length, 1);
  });

  it('isolates a throwing cross-file rule and logs it once per workspace state', () => {
    const ws = memoryWorkspace({ 'docker-compose.yml': COMPOSE });
    const broken: WorkspaceRule = {
      id: 'test-workspace-throws',
      meta: { scope: 'workspace', category: 'correctness', severity: 'error', description: 'throws', fixable: false },
      check() {
        throw new Error('cross-file boom');
      },
    };
    const log: string[] = [];
    const first = runRules(ws, [broken, ...CORE_RULES], defaultConfig(), { log: (m) => log.push(m) });
    runRules(ws, [broken, ...CORE_RULES], defaultConfig(), { log: (m) => log.push(m) });
    assert.deepEqual(first.findings.map((f) => f.ruleId), ['hardcoded-secret']);
    assert.deepEqual(first.failures, [{ ruleId: 'test-workspace-throws', file: undefined, error: 'Error: cross-file boom' }]);
    assert.deepEqual(log, ['[readiness] rule test-workspace-throws failed: Error: cross-file boom']);
  });
});

describe('hardening: the server survives hostile clients', function () {
  this.timeout(30000);
  let client: TestClient;
  afterEach(async () => {
    await client.dispose();
  });

  it('keeps serving after malformed JSON-RPC, bad parameters and requests for unknown documents', async () => {
    const dir = writeWorkspace({ 'docker-compose.yml': COMPOSE });
    client = new TestClient();
    client.settings = { validationDelay: 0, rules: coreRulesSettings() };
    await client.initialize(dir);
    const raw = (body: string) => client.proc.stdin!.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    raw('{"broken": }');
    raw('[]');
    // A URI that maps to `/`: the server must not index the whole disk for it.
    raw('{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":42}}}');
    raw('{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///x.yml","languageId":"yaml","version":1,"text":"a: [1"}}}');
    raw('{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///nowhere/x.yml","version":3},"contentChanges":[{"text":"a: 1"}]}}');
    raw('{"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"untitled:Untitled-1"}}}');
    raw('{"jsonrpc":"2.0","method":"workspace/didChangeWatchedFiles","params":{"changes":[{"uri":"not a uri","type":1}]}}');

    const unknown = uriOf(path.join(dir, 'nope.yml'));
    const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    assert.deepEqual(await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: unknown }, range: zero, context: { diagnostics: [] } }), []);
    assert.deepEqual(await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: unknown }, range: zero, context: { diagnostics: [], only: ['source.fixAll.readiness'] } }), []);
    assert.deepEqual(await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: 'untitled:Untitled-1' }, range: zero, context: { diagnostics: [{ range: zero, message: 'x', source: 'readiness', data: null }] } }), []);
    await assert.rejects(client.conn.sendRequest('textDocument/hover', { textDocument: { uri: unknown }, position: { line: 0, character: 0 } }));
    await assert.rejects(client.conn.sendRequest('readiness/noSuchRequest', {}));
    assert.equal(await client.conn.sendRequest('workspace/executeCommand', { command: 'readiness.noSuchCommand', arguments: [] }), null);

    const file = path.join(dir, 'docker-compose.yml');
    await client.open(file, COMPOSE);
    await client.waitFor(() => (client.diagnosticsFor(file)?.length ?? 0) > 0, 'diagnostics after hostile input');
    assert.deepEqual(client.diagnosticsFor(file)!.map((d) => d.code), ['hardcoded-secret']);
    assert.equal(client.proc.exitCode, null, 'the server is still running');
  });
});
