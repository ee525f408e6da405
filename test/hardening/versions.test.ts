import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { TestClient, uriOf } from '../helpers/lspClient';
import { writeWorkspace } from '../helpers/workspace';

interface FixData { ruleId: string; fixes: { changes: { uri: string; version: number | null }[] }[] }
interface TextDocumentEdit { textDocument: { uri: string; version: number | null } }

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

  it('never publishes diagnostics of an older version after a newer one, and every fix names the version it was computed on', async () => {
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
      for (const fix of (secret.data as FixData).fixes) {
        const own = fix.changes.find((c) => c.uri === uri)!;
        assert.equal(own.version, p.version, 'the fix is tied to the version it was computed on');
      }
    }

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
