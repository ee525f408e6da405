// The language server keeps environment findings live across files: editing render.yaml, a
// compose file, .env.example or code re-checks the reads in other files, which are published
// whether or not they are open. Drives the bundled server (run `npm run build` first).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestClient, uriOf } from '../helpers/lspClient';
import { writeWorkspace } from '../helpers/workspace';

const RENDER = `services:
  - type: web
    name: api
    runtime: node
    startCommand: node server.js
    envVars:
      - key: DATABASE_URL
        sync: false
      - key: STRIPE_SECRET_KEY
        sync: false
`;
const WITHOUT_STRIPE = RENDER.replace('      - key: STRIPE_SECRET_KEY\n        sync: false\n', '');
const SERVER = "const stripe = require('stripe')(process.env.STRIPE_SECRET_KEY);\nmodule.exports = { stripe, db: process.env.DATABASE_URL };\n";
const WORKER = "const queue = process.env.QUEUE_URL;\nmodule.exports = { queue };\n";
const EXAMPLE = 'DATABASE_URL=\nSTRIPE_SECRET_KEY=\n';

function codes(client: TestClient, file: string): string[] {
  return (client.diagnosticsFor(file) ?? []).map((d) => `${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1}`);
}

describe('language server: environment variables across files', function () {
  this.timeout(30000);
  let client: TestClient;
  let dir: string;
  let render: string;
  let server: string;
  let worker: string;

  beforeEach(async () => {
    dir = writeWorkspace({ 'render.yaml': RENDER, 'server.js': SERVER, 'worker.js': WORKER, '.env.example': EXAMPLE });
    render = path.join(dir, 'render.yaml');
    server = path.join(dir, 'server.js');
    worker = path.join(dir, 'worker.js');
    client = new TestClient();
    await client.initialize(dir);
    await client.open(render, RENDER);
    await client.open(server, SERVER, 'javascript');
    // The startup check runs once the sources are indexed; the unopened worker.js gets its findings from it.
    await client.waitFor(() => codes(client, worker).includes('env-missing-required 1:27'), 'findings for the unopened worker.js');
  });
  afterEach(async () => {
    await client.dispose();
  });

  it('indexes the sources in the background with progress, and publishes for files that are not open', () => {
    const begins = client.progress.filter((p) => (p as { value?: { kind?: string; message?: string } }).value?.kind === 'begin');
    assert.ok(begins.some((p) => (p as { value: { message?: string } }).value.message === 'Indexing source files'), JSON.stringify(client.progress));
    assert.ok(client.logs.some((l) => /scanned 3 code and script files for environment variables/.test(l)), client.logs.join('\n'));
    assert.deepEqual(codes(client, worker), ['env-missing-required 1:27', 'env-undocumented 1:27']);
    assert.deepEqual(codes(client, server), []);
  });

  it('reports a read in the source file when render.yaml stops providing it, and clears it when restored', async () => {
    await client.change(render, 2, WITHOUT_STRIPE);
    await client.waitFor(() => codes(client, server).length > 0, 'a diagnostic in server.js after render.yaml changed');
    const [d] = client.diagnosticsFor(server)!;
    assert.equal(d.code, 'env-missing-required');
    assert.deepEqual(d.range, { start: { line: 0, character: 45 }, end: { line: 0, character: 62 } });
    assert.equal(d.message, 'STRIPE_SECRET_KEY is read without a default, but Render service "api" does not provide it: add it to its envVars with sync: false, or give the read a default.');
    assert.deepEqual(d.relatedInformation, [{ location: { uri: uriOf(render), range: { start: { line: 2, character: 10 }, end: { line: 2, character: 13 } } }, message: 'Render service "api" runs this code and does not provide STRIPE_SECRET_KEY' }]);
    assert.equal(client.history.filter((p) => p.uri === uriOf(server) && p.version !== undefined && p.version !== 1).length, 0, 'server.js itself was never changed');

    await client.change(render, 3, RENDER);
    await client.waitFor(() => codes(client, server).length === 0, 'server.js cleared after render.yaml was restored');
  });

  it('offers to silence a read with a comment in the file\'s own syntax', async () => {
    await client.change(render, 2, WITHOUT_STRIPE);
    await client.waitFor(() => codes(client, server).length > 0, 'a diagnostic in server.js');
    const d = client.diagnosticsFor(server)![0];
    const actions = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: uriOf(server) }, range: d.range, context: { diagnostics: [d] } })) as { title: string; edit?: { documentChanges?: { edits: { newText: string }[] }[] } }[];
    const disable = actions.find((a) => a.title === 'Disable env-missing-required for this line');
    assert.equal(disable?.edit?.documentChanges?.[0].edits[0].newText, '// readiness-ignore-next-line env-missing-required\n');
    await client.change(server, 2, `// readiness-ignore-next-line env-missing-required\n${SERVER}`);
    await client.waitFor(() => client.diagnostics.get(uriOf(server))?.version === 2 && codes(client, server).length === 0, 'the read silenced');
  });

  it('re-checks other files when code, .env.example or a file on disk changes', async () => {
    // A new read in the open file.
    await client.change(server, 2, `${SERVER}const smtp = process.env.SMTP_URL;\nsend(smtp);\n`);
    await client.waitFor(() => codes(client, server).length === 2, 'the new read reported');
    assert.deepEqual(codes(client, server), ['env-missing-required 3:26', 'env-undocumented 3:26']);

    // Documenting it in the (unopened) template on disk clears env-undocumented.
    fs.writeFileSync(path.join(dir, '.env.example'), `${EXAMPLE}SMTP_URL=\n`);
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path.join(dir, '.env.example')), type: 2 }] });
    await client.waitFor(() => codes(client, server).length === 1, 'env-undocumented cleared');
    assert.deepEqual(codes(client, server), ['env-missing-required 3:26']);

    // The unopened worker.js is fixed on disk: only that file is re-read, and its findings go.
    fs.writeFileSync(worker, "const queue = process.env.QUEUE_URL || 'memory://';\nmodule.exports = { queue };\n");
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(worker), type: 2 }] });
    await client.waitFor(() => codes(client, worker).length === 0, 'worker.js cleared after its change on disk');
  });
});
