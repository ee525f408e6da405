import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { generateWorkspace } from '../helpers/generateWorkspace';
import { TestClient, uriOf } from '../helpers/lspClient';
import { tmpDir, writeWorkspace } from '../helpers/workspace';
import { RULES } from '../../rules';

const AUDIT = 'readiness.server.auditWorkspace';
const FIX_ALL = 'readiness.server.fixAllInWorkspace';

interface ProgressParams { token: string; value: { kind: 'begin' | 'report' | 'end'; title?: string; message?: string; percentage?: number; cancellable?: boolean } }
interface AuditResponse { cancelled: boolean; folders: { root: string; score: number; summary: Record<string, number>; findings: { ruleId: string; file: string; line: number; column: number; fixable: boolean }[] }[] }
interface FixAllResponse { cancelled: boolean; applied: boolean; fixes: number; files: number }
interface Status { enabled: boolean; complete: boolean; score: number; verdict: string; errors: number; warnings: number; infos: number; fixable: number }
type Range = { start: { line: number; character: number }; end: { line: number; character: number } };
type DocumentChange = { kind: 'create'; uri: string } | { textDocument: { uri: string; version: number | null }; edits: { range: Range; newText: string }[] };

const COMPOSE = 'services:\n  api:\n    image: shop/api:1.4.2\n    environment:\n      ADMIN_PASSWORD: admin123\n      LOG_LEVEL: info\n';
const RENDER = 'services:\n  - type: web\n    name: api\n    runtime: node\n    envVars:\n      - key: STRIPE_API_KEY\n        value: rk_live_51HxQ2pLkT9vWm3ZaBcDeFgHi\n';

/** The rules these tests are about; others (added over time) are turned off through the editor setting. */
const KEPT = new Set(['hardcoded-secret', 'committed-env-file', 'weak-secret', 'duplicate-key', 'yaml-syntax', 'env-syntax']);
/** Rules that build a table over the whole workspace before their first file is checked (`prepare`). */
const TABLE_RULES = ['weak-secret', 'env-conflicting-flags', 'render-missing-health-check'];

function newClient(kept: ReadonlySet<string> = KEPT): TestClient {
  const client = new TestClient();
  client.settings = { validationDelay: 0, rules: Object.fromEntries(RULES.filter((r) => !kept.has(r.id)).map((r) => [r.id, 'off'])) };
  return client;
}

/**
 * Initializes and waits for the startup check of every file (it follows the settings request), so
 * tests start from a settled server; returns the status it reported.
 */
async function start(client: TestClient, dir: string, ms = 15000): Promise<Status> {
  let settled: Status | undefined;
  client.conn.onNotification('readiness/status', (s: Status) => (settled = s.complete ? s : settled));
  await client.initialize(dir);
  await until(() => settled !== undefined, 'the startup check', ms);
  return settled!;
}

/** Polls `pred` (for notifications the helper does not watch); the bound guards against a hang only. */
async function until(pred: () => boolean, what: string, ms = 15000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function progressOf(client: TestClient, token: string): ProgressParams['value'][] {
  return (client.progress as ProgressParams[]).filter((p) => p.token === token).map((p) => p.value);
}

/**
 * Many Compose files, each with enough entries that reading and checking all of them takes a
 * while, and many source files (the generated workspace's), so indexing does too.
 */
function bigWorkspace(count: number, sources: number): string {
  const dir = tmpDir('readiness-big-');
  generateWorkspace(dir, sources);
  const env = Array.from({ length: 50 }, (_, i) => `      SETTING_${i}: value-${i}\n`).join('');
  for (let i = 0; i < count; i++) {
    fs.mkdirSync(path.join(dir, `svc${i}`));
    fs.writeFileSync(path.join(dir, `svc${i}`, 'docker-compose.yml'), `services:\n  api${i}:\n    image: shop/api:1.4.2\n    environment:\n      ADMIN_PASSWORD: admin123\n${env}`);
  }
  return dir;
}

/** Changes every generated source file on disk (no watcher notice): the next audit must scan each again. */
function changeSources(dir: string, mark: string): void {
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/^mod\d+\.(js|ts|py|go|rb)$/.test(e.name)) fs.appendFileSync(p, e.name.endsWith('.py') || e.name.endsWith('.rb') ? `# ${mark}\n` : `// ${mark}\n`);
    }
  };
  walk(path.join(dir, 'services'));
}

/** Where the server says an audit was: the phase, files done of how many, and the rule whose table it was building (before the first file is checked). */
interface AuditPosition {
  phase: string;
  done: number;
  total: number;
  building?: string;
}

/** What the server logs when an audit is cancelled: where the request was received, where the audit stopped, how many slices later. */
interface CancelAccount {
  received: AuditPosition;
  stopped: AuditPosition;
  slices: number;
  ms: number;
  longestMs: number;
}

const POSITION = /(\w+) \S+ \((\d+)\/(\d+) files(?:, building (\S+)'s table)?\)/.source;
const CANCEL_LINE = new RegExp(String.raw`^\[readiness\] audit cancelled: request received while ${POSITION}, stopped while ${POSITION} (\d+) slices? and (\d+) ms later; longest slice (\d+) ms$`);

function cancelAccount(line: string): CancelAccount {
  const m = CANCEL_LINE.exec(line);
  assert.ok(m, `the server's account of the cancellation: ${line}`);
  const n = (i: number) => Number(m[i]);
  const position = (i: number): AuditPosition => ({ phase: m[i], done: n(i + 1), total: n(i + 2), ...(m[i + 3] ? { building: m[i + 3] } : {}) });
  return { received: position(1), stopped: position(5), slices: n(9), ms: n(10), longestMs: n(11) };
}

/** A request the server answers at once: everything it sent before is then received too. */
async function roundTrip(client: TestClient): Promise<void> {
  await client.conn.sendRequest('workspace/executeCommand', { command: 'readiness.test.none', arguments: [] });
}

describe('workspace audit through the language server', function () {
  this.timeout(60000);
  let client: TestClient;
  afterEach(async () => {
    await client.dispose();
  });

  it('reports progress, returns the report and publishes diagnostics for files that are not open', async () => {
    const dir = writeWorkspace({ 'docker-compose.yml': COMPOSE, '.gitignore': '.env*\n', '.env.example': '' });
    client = newClient();
    await start(client, dir);
    // Appears on disk after startup with no watcher notification: only the full audit can find it.
    const render = path.join(dir, 'render.yaml');
    fs.writeFileSync(render, RENDER);
    const result = (await client.conn.sendRequest('workspace/executeCommand', { command: AUDIT, arguments: [], workDoneToken: 'audit-1' })) as AuditResponse;
    assert.equal(result.cancelled, false);
    assert.equal(result.folders.length, 1);
    const report = result.folders[0];
    assert.equal(report.root, dir);
    assert.deepEqual(report.findings.map((f) => [f.ruleId, f.file, f.line, f.column, f.fixable]), [
      ['hardcoded-secret', 'docker-compose.yml', 5, 23, true],
      ['hardcoded-secret', 'render.yaml', 7, 16, true],
    ]);
    assert.equal(report.score, 80);

    const progress = progressOf(client, 'audit-1');
    assert.equal(progress[0].kind, 'begin');
    assert.equal(progress[0].cancellable, true);
    assert.equal(progress[progress.length - 1].kind, 'end');
    const reports = progress.filter((p) => p.kind === 'report');
    assert.ok(reports.length > 0, 'at least one progress report');
    assert.ok(reports.every((p) => typeof p.percentage === 'number' && p.percentage >= 0 && p.percentage <= 100));
    assert.ok(reports.some((p) => /^[^:]+: (scanning files|reading |checking )/.test(p.message ?? '')), JSON.stringify(reports));

    await client.waitFor(() => (client.diagnosticsFor(render)?.length ?? 0) > 0, 'diagnostics for the unopened render.yaml');
    const [d] = client.diagnosticsFor(render)!;
    assert.equal(d.code, 'hardcoded-secret');
    assert.deepEqual(d.range, { start: { line: 6, character: 15 }, end: { line: 6, character: 48 } });
    assert.ok(!d.message.includes('rk_live_51HxQ2pLkT9vWm3ZaBcDeFgHi'), 'masked');
  });

  it('fixes every safe problem of the workspace in one edit and reports the score live', async () => {
    const dir = writeWorkspace({ 'docker-compose.yml': COMPOSE, 'render.yaml': RENDER, '.env': 'LOG_LEVEL=info\n', '.env.example': '# local\n' });
    client = newClient();
    const statuses: Status[] = [];
    client.conn.onNotification('readiness/status', (s: Status) => statuses.push(s));
    const edits: { label?: string; edit: { documentChanges: DocumentChange[] } }[] = [];
    client.conn.onRequest('workspace/applyEdit', (params: { label?: string; edit: { documentChanges: DocumentChange[] } }) => {
      edits.push(params);
      return { applied: true };
    });
    await client.initialize(dir);
    // The whole workspace is checked at startup, so the status bar has a score before any audit.
    await until(() => statuses.some((s) => s.complete), 'a complete status');
    assert.deepEqual(statuses[statuses.length - 1], { enabled: true, complete: true, score: 70, verdict: 'not ready', errors: 3, warnings: 0, infos: 0, fixable: 3 });

    const compose = path.join(dir, 'docker-compose.yml');
    await client.open(compose, COMPOSE, 'yaml', 3);
    const result = (await client.conn.sendRequest('workspace/executeCommand', { command: FIX_ALL, arguments: [], workDoneToken: 'fix-1' })) as FixAllResponse;
    assert.deepEqual(result, { cancelled: false, applied: true, fixes: 3, files: 4 });
    assert.equal(edits.length, 1, 'one WorkspaceEdit, undone in one step');
    assert.equal(edits[0].label, 'Readiness: fix 3 problems');
    const changes = edits[0].edit.documentChanges;
    assert.deepEqual(changes.filter((c) => 'kind' in c), [{ kind: 'create', uri: uriOf(path.join(dir, '.gitignore')), options: { ignoreIfExists: true } }]);
    const byUri = new Map(changes.filter((c): c is Extract<DocumentChange, { textDocument: unknown }> => 'textDocument' in c).map((c) => [c.textDocument.uri, c]));
    assert.equal(byUri.get(uriOf(compose))!.textDocument.version, 3, 'the open document is edited at the version the client holds');
    assert.equal(byUri.get(uriOf(path.join(dir, 'render.yaml')))!.textDocument.version, null);

    // Apply the edit as a client would and check every resulting text.
    const apply = (file: string, text: string) => {
      const c = byUri.get(uriOf(path.join(dir, file)));
      return c ? TextDocument.applyEdits(TextDocument.create('x', 'x', 0, text), c.edits) : text;
    };
    assert.equal(apply('docker-compose.yml', COMPOSE), COMPOSE.replace('admin123', '${ADMIN_PASSWORD}'));
    assert.equal(apply('render.yaml', RENDER), RENDER.replace('        value: rk_live_51HxQ2pLkT9vWm3ZaBcDeFgHi\n', '        sync: false\n'));
    assert.equal(apply('.env.example', '# local\n'), '# local\nADMIN_PASSWORD=\n');
    assert.equal(apply('.gitignore', ''), '.env*\n!.env.example\n');

    // The client saves; the watcher tells the server; the status follows.
    for (const file of ['render.yaml', '.env.example', '.gitignore']) fs.writeFileSync(path.join(dir, file), apply(file, fs.existsSync(path.join(dir, file)) ? fs.readFileSync(path.join(dir, file), 'utf8') : ''));
    await client.change(compose, 4, apply('docker-compose.yml', COMPOSE));
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: ['render.yaml', '.env.example', '.gitignore'].map((f) => ({ uri: uriOf(path.join(dir, f)), type: 2 })) });
    await until(() => statuses[statuses.length - 1].errors === 0, 'the status after the fixes');
    assert.deepEqual(statuses[statuses.length - 1], { enabled: true, complete: true, score: 100, verdict: 'ready', errors: 0, warnings: 0, infos: 0, fixable: 0 });
  });
});

describe('cancelling the workspace audit through the language server', function () {
  this.timeout(300000);
  let client: TestClient;
  let dir: string;
  let problems = 0;
  before(async function () {
    this.timeout(300000);
    // 2,000 Compose files to read and check, 3,000 source files to index: each phase lasts long
    // after its first progress report, so the cancellation lands in the phase it is sent in. The
    // rules with workspace-wide tables are on: those tables cover 2,000 files and 3,000 code reads.
    dir = bigWorkspace(2000, 3000);
    client = newClient(new Set([...KEPT, ...TABLE_RULES]));
    // The startup check of every file runs first; the audits are then the only work in the server.
    const status = await start(client, dir, 240000);
    problems = status.errors + status.warnings + status.infos;
  });
  after(async () => {
    await client.dispose();
  });

  // When the cancellation is sent: after the first progress report `report` matches, in `phase`.
  // Checking last: cancelled there, the folder (already re-read) is checked again in the background.
  const moments = [
    { name: 'reading', phase: 'reading', report: /: reading / },
    { name: 'indexing', phase: 'indexing', report: /: indexing / },
    // Reported as checking starts: the rules' workspace-wide tables are built next, before any file is checked.
    { name: 'checking starts', phase: 'checking', report: /: checking files$/ },
    { name: 'checking files', phase: 'checking', report: /: checking (?!files$)/ },
  ] as const;
  for (const { name, phase, report } of moments) {
    it(`stops within one slice of the cancellation as ${name}, and sends nothing after its answer`, async () => {
      const token = `audit-cancel-${name.replace(/ /g, '-')}`;
      // Unchanged files are not scanned again: changed ones make indexing last.
      if (phase === 'indexing') changeSources(dir, phase);
      const logsBefore = client.logs.length;
      const publishedBefore = client.history.length;
      const cts = new CancellationTokenSource();
      const response = client.conn.sendRequest('workspace/executeCommand', { command: AUDIT, arguments: [], workDoneToken: token }, cts.token) as Promise<AuditResponse>;
      await until(() => progressOf(client, token).some((p) => p.kind === 'report' && report.test(p.message ?? '')), `a progress report matching ${report}`, 240000);
      const sent = performance.now();
      cts.cancel();
      const outcome = await response;
      const latency = Math.round(performance.now() - sent);
      const progressAtAnswer = progressOf(client, token).length;
      assert.deepEqual(outcome, { cancelled: true, folders: [] });

      // The server's own account: the request arrived while the audit was in the phase it was sent
      // in, and the audit stopped in that phase, at most one slice later, before its end.
      const lines = client.logs.slice(logsBefore).filter((l) => l.startsWith('[readiness] audit cancelled'));
      assert.equal(lines.length, 1, lines.join('\n'));
      const account = cancelAccount(lines[0]);
      const building = account.received.building ? `, while building ${account.received.building}'s table` : '';
      console.log(`      cancelled as ${name}: answered ${latency} ms after the request; the server stopped ${account.ms} ms and ${account.slices} slices after receiving it${building} (longest slice ${account.longestMs} ms)`);
      assert.equal(account.received.phase, phase);
      assert.equal(account.stopped.phase, phase);
      assert.ok(account.slices <= 1, `stopped ${account.slices} slices after the request arrived`);
      assert.ok(account.stopped.done < account.stopped.total, `stopped before the end of the phase: ${lines[0]}`);
      if (name === 'checking starts') {
        // Received while a table was being built, before the first file: the tables are built in
        // slices too, and the audit stopped before checking any file.
        assert.ok(TABLE_RULES.includes(account.received.building ?? ''), `received while building a table: ${lines[0]}`);
        assert.equal(account.received.done, 0);
        assert.ok(TABLE_RULES.includes(account.stopped.building ?? ''), `stopped while building a table: ${lines[0]}`);
        assert.equal(account.stopped.done, 0);
      } else if (name === 'checking files') {
        assert.ok(account.received.done > 0 && account.received.building === undefined, `received once files were being checked: ${lines[0]}`);
      }

      // Nothing follows the answer: the progress had ended before it, and no diagnostics were published.
      await roundTrip(client);
      const progress = progressOf(client, token);
      assert.equal(progress.length, progressAtAnswer, 'no progress after the answer');
      assert.equal(progress[progress.length - 1].kind, 'end');
      assert.equal(progress.filter((p) => p.kind === 'end').length, 1);
      assert.ok(progress.filter((p) => p.kind === 'report').every((p) => (p.percentage ?? 0) < 100), 'no report of a finished audit');
      const later = ['reading', 'indexing', 'checking'].slice(['reading', 'indexing', 'checking'].indexOf(phase) + 1);
      assert.ok(!progress.some((p) => later.some((l) => (p.message ?? '').includes(`: ${l} `))), 'no later phase started');
      assert.deepEqual(client.history.slice(publishedBefore).map((p) => p.uri), [], 'no diagnostics published by the cancelled audit');

      if (phase === 'checking') {
        // The folder was re-read, so it is checked again in the background: the same problems as before the audit, none published anew.
        await client.waitFor(() => client.logs.slice(logsBefore).some((l) => l.includes('again after the cancelled audit')), 'the folder checked again', 240000);
        const again = client.logs.slice(logsBefore).find((l) => l.includes('again after the cancelled audit'))!;
        assert.equal(again, `[readiness] checked ${dir} again after the cancelled audit: ${problems} problems`);
        await roundTrip(client);
        assert.deepEqual(client.history.slice(publishedBefore).map((p) => p.uri), [], 'nothing changed, nothing published');
      } else {
        assert.ok(!client.logs.slice(logsBefore).some((l) => l.includes('again after the cancelled audit')), 'cancelled before the folder was re-read: nothing to check again');
      }
    });
  }
});
