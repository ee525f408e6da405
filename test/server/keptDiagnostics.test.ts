import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { TestClient, uriOf } from '../helpers/lspClient';
import { writeWorkspace } from '../helpers/workspace';

// Diagnostics of findings that only moved by some offsets are kept from the last publication
// (server/convert sameDiagnostic): after every edit, what the server publishes must be exactly what
// a server that never saw the earlier versions publishes for the same text.
const RENDER = `services:
  - type: web
    name: api
    runtime: node
    autoDeploy: true
    envVars:
      - key: DATABASE_URL
        fromDatabase:
          name: db
          property: connectionString
  - type: worker
    name: jobs
    runtime: node
    autoDeploy: false
    envVars:
      - key: DATABASE_URL
        fromDatabase:
          name: db
          property: connectionString
databases:
  - name: db
    plan: basic-256mb
`;

const STEPS: [string, (t: string) => string][] = [
  ['a character typed in a name', (t) => t.replace('name: api', 'name: apix')],
  ['another one on the same line', (t) => t.replace('name: apix', 'name: apixy')],
  ['a line added above the other findings', (t) => t.replace('    runtime: node\n    autoDeploy: true', '    runtime: node\n    plan: starter\n    autoDeploy: true')],
  ['a reference broken', (t) => t.replace('          name: db\n          property: connectionString\n  - type: worker', '          name: dbx\n          property: connectionString\n  - type: worker')],
  ['the line taken out again', (t) => t.replace('    plan: starter\n', '')],
  ['the reference mended', (t) => t.replace('name: dbx', 'name: db')],
];

describe('language server: diagnostics kept across edits', function () {
  this.timeout(60000);

  it('publishes after each edit what a fresh server publishes for the same text', async () => {
    const dir = writeWorkspace({ 'render.yaml': RENDER });
    const file = path.join(dir, 'render.yaml');
    const editing = new TestClient();
    try {
      await editing.initialize(dir);
      await editing.open(file, RENDER);
      await editing.waitFor(() => editing.diagnostics.get(uriOf(file))?.version === 1, 'the first publication');
      let text = RENDER;
      let version = 1;
      let kept = 0;
      for (const [what, edit] of STEPS) {
        const previous = editing.diagnosticsFor(file)!;
        text = edit(text);
        await editing.change(file, ++version, text);
        await editing.waitFor(() => editing.diagnostics.get(uriOf(file))?.version === version, `the publication after ${what}`);
        const fresh = new TestClient();
        try {
          await fresh.initialize(dir);
          await fresh.open(file, text);
          await fresh.waitFor(() => fresh.diagnostics.get(uriOf(file))?.version === 1, `a fresh server's publication after ${what}`);
          assert.deepEqual(editing.diagnosticsFor(file), fresh.diagnosticsFor(file), what);
        } finally {
          await fresh.dispose();
        }
        kept += editing.diagnosticsFor(file)!.filter((d) => previous.some((p) => JSON.stringify(p) === JSON.stringify(d))).length;
      }
      assert.ok(kept > 0, 'some diagnostics came out as published before');
    } finally {
      await editing.dispose();
    }
  });
});
