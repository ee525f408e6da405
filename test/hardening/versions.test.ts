import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { changedSinceAudit, fixDirectory, describeFixes } from '../../cli/fix';
import { auditDirectory } from '../../engine/audit';
import { defaultConfig } from '../../engine/config';
import { TestClient, uriOf } from '../helpers/lspClient';
import { writeWorkspace } from '../helpers/workspace';

interface TextDocumentEdit { textDocument: { uri: string; version: number | null } }
interface Action { title: string; edit?: { documentChanges: (TextDocumentEdit | { kind: 'create'; uri: string })[] } }
type Diag = { code?: string | number; range: { start: { line: number; character: number }; end: { line: number; character: number } } };

function codeActions(client: TestClient, uri: string, diagnostic: Diag): Promise<Action[]> {
  return client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } }) as Promise<Action[]>;
}

/** The versions a code action's edits are tied to, by file name. */
function versionsOf(action: Action): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const c of action.edit?.documentChanges ?? []) if ('textDocument' in c) out[path.basename(c.textDocument.uri)] = c.textDocument.version;
  return out;
}

/** Version v of the file: v comment lines above the secret, so each version puts it on its own line. */
function textOf(v: number): string {
  return `${'# padding\n'.repeat(v)}services:\n  api:\n    image: shop/api:1.4.2\n    environment:\n      ADMIN_PASSWORD: admin123\n`;
}
const secretLine = (v: number) => v + 4;

// Pauses between edits (ms) chosen around the server's debounce (100 ms) and its background
// re-check (300 ms after a validation), so edits land before, between and after both.
const PAUSES = [0, 350, 20, 150, 0, 0, 320, 90, 400, 10, 110, 0, 330, 60, 0, 250];

describe('hardening: versions over LSP', function () {
  this.timeout(60000);
  let client: TestClient;
  afterEach(async () => {
    await client.dispose();
  });

  it('never publishes diagnostics of an older version after a newer one, and a fix names the version it was computed on', async () => {
    const dir = writeWorkspace({ 'compose.worker.yml': 'services:\n  worker:\n    image: shop/worker:1.0.0\n', '.env.example': '' });
    client = new TestClient();
    client.settings = { validationDelay: 100 };
    await client.initialize(dir);
    const file = path.join(dir, 'docker-compose.yml');
    const uri = uriOf(file);
    await client.open(file, textOf(1), 'yaml', 1);
    let version = 1;
    for (const pause of PAUSES) {
      if (pause) await new Promise((r) => setTimeout(r, pause));
      version++;
      await client.change(file, version, textOf(version));
    }
    const last = version;
    await client.waitFor(() => client.diagnostics.get(uri)?.version === last, `diagnostics for version ${last}`);

    const mine = client.history.filter((p) => p.uri === uri);
    assert.ok(mine.length >= 2);
    let previous = 0;
    for (const p of mine) {
      assert.ok(p.version !== undefined && p.version >= previous, `version ${p.version} published after ${previous}`);
      previous = p.version;
      const secret = p.diagnostics.find((d) => d.code === 'hardcoded-secret');
      assert.ok(secret, `a secret diagnostic in version ${p.version}`);
      assert.equal(secret.range.start.line, secretLine(p.version), `version ${p.version}'s diagnostic sits on that version's line`);
    }
    // The fixes of the diagnostic the client holds are tied to the version it was computed on; an
    // older publication's diagnostic (the text has moved on) gets no action at all.
    const current = mine[mine.length - 1].diagnostics.find((d) => d.code === 'hardcoded-secret')!;
    const fixes = (await codeActions(client, uri, current)).filter((a) => !a.title.startsWith('Disable '));
    assert.ok(fixes.length >= 1, 'the secret has fixes');
    for (const fix of fixes) assert.equal(versionsOf(fix)['docker-compose.yml'], last, fix.title);
    const stale = mine[0].diagnostics.find((d) => d.code === 'hardcoded-secret')!;
    assert.deepEqual((await codeActions(client, uri, stale)).map((a) => a.title), []);

    // An edit the server has not validated yet: fix-all is computed on that newest version.
    await client.change(file, last + 1, textOf(last + 1));
    const actions = (await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.readiness'] },
    })) as { edit: { documentChanges: TextDocumentEdit[] } }[];
    assert.equal(actions.length, 1);
    const own = actions[0].edit.documentChanges.find((c) => c.textDocument?.uri === uri)!;
    assert.equal(own.textDocument.version, last + 1);
  });
});

describe('hardening: fixes and files that changed since their diagnostic', function () {
  this.timeout(60000);
  const COMPOSE = 'services:\n  api:\n    image: shop/api:1.4.2\n    environment:\n      ADMIN_PASSWORD: admin123\n';
  const TEMPLATE = '# documented variables\nLOG_LEVEL=\n';

  it('LSP: a fix that also edits a file the editor does not hold is offered only while that file is unchanged', async () => {
    const dir = writeWorkspace({ 'docker-compose.yml': COMPOSE, '.env.example': TEMPLATE });
    const client = new TestClient();
    try {
      client.settings = { validationDelay: 0 };
      await client.initialize(dir);
      const file = path.join(dir, 'docker-compose.yml');
      const uri = uriOf(file);
      await client.open(file, COMPOSE);
      await client.waitFor(() => client.diagnosticsFor(file)?.some((d) => d.code === 'hardcoded-secret') ?? false, 'the secret');
      const secret = client.diagnosticsFor(file)!.find((d) => d.code === 'hardcoded-secret')!;
      const fix = (await codeActions(client, uri, secret)).find((a) => '.env.example' in versionsOf(a))!;
      assert.ok(fix, 'the fix declares the variable in .env.example');
      assert.deepEqual(versionsOf(fix), { 'docker-compose.yml': 1, '.env.example': null });

      const titles = async () => ((await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: secret.range, context: { diagnostics: [secret] } })) as { title: string }[]).map((a) => a.title);
      assert.ok((await titles()).includes(fix.title));
      // Changed on disk (the server not told yet): the edit would land on other text, so it is not offered.
      fs.writeFileSync(path.join(dir, '.env.example'), `${TEMPLATE}ADMIN_PASSWORD=\n`);
      assert.deepEqual((await titles()).filter((t) => t === fix.title), []);
      assert.ok((await titles()).includes('Disable hardcoded-secret for this line'));
      // Back to the text the fix was computed on: offered again.
      fs.writeFileSync(path.join(dir, '.env.example'), TEMPLATE);
      assert.ok((await titles()).includes(fix.title));
      // A file the fix creates must still be absent.
      fs.rmSync(path.join(dir, '.env.example'));
      assert.deepEqual((await titles()).filter((t) => t === fix.title), []);
    } finally {
      await client.dispose();
    }
  });

  it('CLI: --fix writes nothing when a file it would edit changed after it was audited', () => {
    const dir = writeWorkspace({ 'docker-compose.yml': COMPOSE, '.env.example': TEMPLATE, 'notes.txt': 'x\n' });
    const audited = auditDirectory(dir, { config: defaultConfig(), git: null });
    assert.deepEqual(changedSinceAudit(audited, ['docker-compose.yml', '.env.example', 'notes.txt']), []);
    fs.writeFileSync(path.join(dir, 'docker-compose.yml'), `# edited meanwhile\n${COMPOSE}`);
    assert.deepEqual(changedSinceAudit(audited, ['.env.example', 'docker-compose.yml', 'notes.txt']), ['docker-compose.yml']);
    fs.rmSync(path.join(dir, '.env.example'));
    assert.deepEqual(changedSinceAudit(audited, ['.env.example', 'docker-compose.yml']), ['.env.example', 'docker-compose.yml']);

    // Unchanged files are fixed as usual, and the run reports what it did.
    const clean = writeWorkspace({ 'docker-compose.yml': COMPOSE, '.env.example': TEMPLATE });
    const run = fixDirectory(clean, { config: defaultConfig(), git: null }, false);
    assert.deepEqual(run.changed, []);
    assert.ok(run.fixes.some((f) => f.ruleId === 'hardcoded-secret'));
    assert.ok(fs.readFileSync(path.join(clean, '.env.example'), 'utf8').includes('ADMIN_PASSWORD='));
    assert.equal(describeFixes({ ...run, fixes: [], files: [], changed: ['docker-compose.yml'] }, false), 'not written: docker-compose.yml changed while it was being audited; run again\n');
  });
});
