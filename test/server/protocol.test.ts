import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TestClient, uriOf } from '../helpers/lspClient';
import { writeWorkspace } from '../helpers/workspace';

interface TextDocumentEdit { textDocument: { uri: string; version: number | null }; edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[] }
interface CodeAction { title: string; kind?: string; isPreferred?: boolean; edit?: { documentChanges?: (TextDocumentEdit | { kind: string; uri: string })[] } }

const COMPOSE = `services:
  api:
    image: shop/api:1.4.2
    restart: unless-stopped
    environment:
      ADMIN_PASSWORD: admin123 # dashboard login
      LOG_LEVEL: info
`;

function applyTextEdits(text: string, change: TextDocumentEdit): string {
  return TextDocument.applyEdits(TextDocument.create('x', 'yaml', 0, text), change.edits);
}

describe('language server over stdio', function () {
  this.timeout(30000);
  let client: TestClient;
  let dir: string;

  beforeEach(() => {
    dir = writeWorkspace({ 'docker-compose.yml': COMPOSE, '.env.example': '# local settings\nLOG_LEVEL=info\n' });
    client = new TestClient();
  });
  afterEach(async () => {
    await client.dispose();
  });

  it('publishes, fixes and clears a hardcoded secret', async () => {
    const init = (await client.initialize(dir)) as { capabilities: { codeActionProvider: { codeActionKinds: string[] } } };
    assert.ok(init.capabilities.codeActionProvider.codeActionKinds.includes('source.fixAll.readiness'));
    const file = path.join(dir, 'docker-compose.yml');
    await client.open(file, COMPOSE);
    await client.waitFor(() => (client.diagnosticsFor(file)?.length ?? 0) > 0, 'diagnostics for docker-compose.yml');
    // Only the secret is at fault in this file; other rules' findings would be a regression here.
    const diags = client.diagnosticsFor(file)!;
    assert.deepEqual(diags.map((x) => x.code), ['hardcoded-secret']);
    const d = diags[0];
    assert.equal(d.code, 'hardcoded-secret');
    assert.equal(d.source, 'readiness');
    assert.equal(d.severity, 1);
    assert.deepEqual(d.range, { start: { line: 5, character: 22 }, end: { line: 5, character: 30 } });
    assert.match(d.message, /\(adm\*\*\*\)/);
    assert.ok(!d.message.includes('admin123'), 'the secret is masked');
    assert.match(d.codeDescription!.href, /docs\/rules\/hardcoded-secret\.md$/);

    const actions = (await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uriOf(file) }, range: d.range, context: { diagnostics: [d] },
    })) as CodeAction[];
    const preferred = actions.find((a) => a.isPreferred);
    assert.ok(preferred, `a preferred fix among ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(preferred.title, 'Replace with ${ADMIN_PASSWORD} and declare ADMIN_PASSWORD in .env.example');
    assert.ok(actions.some((a) => a.title === 'Disable hardcoded-secret for this line'));
    const changes = preferred.edit!.documentChanges! as TextDocumentEdit[];
    const composeEdit = changes.find((c) => c.textDocument?.uri === uriOf(file))!;
    const exampleEdit = changes.find((c) => c.textDocument?.uri === uriOf(path.join(dir, '.env.example')))!;
    assert.equal(composeEdit.textDocument.version, 1, 'edit is tied to the document version');
    const fixed = applyTextEdits(COMPOSE, composeEdit);
    assert.equal(fixed, COMPOSE.replace('admin123', '${ADMIN_PASSWORD}'));
    assert.equal(applyTextEdits(fs.readFileSync(path.join(dir, '.env.example'), 'utf8'), exampleEdit), '# local settings\nLOG_LEVEL=info\nADMIN_PASSWORD=\n');

    await client.change(file, 2, fixed);
    await client.waitFor(() => client.diagnostics.get(uriOf(file))?.version === 2, 'diagnostics for version 2');
    assert.deepEqual(client.diagnosticsFor(file), []);
  });

  it('offers source.fixAll.readiness for the whole document', async () => {
    await client.initialize(dir);
    const file = path.join(dir, 'docker-compose.yml');
    await client.open(file, COMPOSE);
    await client.waitFor(() => (client.diagnosticsFor(file)?.length ?? 0) > 0, 'diagnostics');
    const actions = (await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uriOf(file) }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.readiness'] },
    })) as CodeAction[];
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.readiness');
    const edit = (actions[0].edit!.documentChanges! as TextDocumentEdit[]).find((c) => c.textDocument?.uri === uriOf(file))!;
    assert.equal(applyTextEdits(COMPOSE, edit), COMPOSE.replace('admin123', '${ADMIN_PASSWORD}'));
  });

  it('keeps serving after malformed messages and requests for unknown documents', async () => {
    await client.initialize(dir);
    client.proc.stdin!.write('Content-Length: 12\r\n\r\n{"broken": }');
    const actions = await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uriOf(path.join(dir, 'nope.yml')) }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] },
    });
    assert.deepEqual(actions, []);
    const file = path.join(dir, 'docker-compose.yml');
    await client.open(file, COMPOSE);
    await client.waitFor(() => (client.diagnosticsFor(file)?.length ?? 0) > 0, 'diagnostics after malformed input');
  });
});

describe('language server: workspace awareness', function () {
  this.timeout(30000);
  let client: TestClient;
  afterEach(async () => {
    await client.dispose();
  });

  it('publishes for unopened files at startup and re-checks them when a related file changes on disk', async () => {
    const dir = writeWorkspace({ '.env': 'DEBUG=false\n', '.gitignore': 'node_modules/\n' });
    client = new TestClient();
    await client.initialize(dir);
    const env = path.join(dir, '.env');
    const composeFile = path.join(dir, 'docker-compose.yml');
    await client.open(composeFile, 'services:\n  web:\n    image: nginx:1.27\n');
    await client.waitFor(() => (client.diagnosticsFor(env)?.length ?? 0) > 0, 'committed-env-file on the unopened .env');
    assert.deepEqual(client.diagnosticsFor(env)!.map((d) => d.code), ['committed-env-file']);
    fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n.env\n');
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path.join(dir, '.gitignore')), type: 2 }] });
    await client.waitFor(() => client.diagnosticsFor(env)?.length === 0, '.env cleared after .gitignore changed');
  });

  it('offers a suppression comment that silences the line', async () => {
    const dir = writeWorkspace({ '.env.example': '' });
    client = new TestClient();
    await client.initialize(dir);
    const file = path.join(dir, 'docker-compose.yml');
    const text = 'services:\n  api:\n    image: a:1\n    restart: always\n    environment:\n      - API_TOKEN=tok_9f8e7d6c5b4a3921\n';
    await client.open(file, text);
    await client.waitFor(() => (client.diagnosticsFor(file)?.length ?? 0) > 0, 'diagnostic');
    const d = client.diagnosticsFor(file)!.find((x) => x.code === 'hardcoded-secret')!;
    const actions = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: uriOf(file) }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
    const disable = actions.find((a) => a.title === 'Disable hardcoded-secret for this line')!;
    const edited = applyTextEdits(text, disable.edit!.documentChanges![0] as TextDocumentEdit);
    assert.equal(edited, 'services:\n  api:\n    image: a:1\n    restart: always\n    environment:\n      # readiness-ignore-next-line hardcoded-secret\n      - API_TOKEN=tok_9f8e7d6c5b4a3921\n');
    await client.change(file, 2, edited);
    await client.waitFor(() => client.diagnostics.get(uriOf(file))?.version === 2, 'version 2 diagnostics');
    assert.deepEqual(client.diagnosticsFor(file), []);
  });
});
