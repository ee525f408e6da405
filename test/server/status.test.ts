import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestClient } from '../helpers/lspClient';
import { tmpDir } from '../helpers/workspace';

interface Status { complete: boolean; errors: number }

const COMPOSE = `services:
  api:
    image: shop/api:1.4.2
    restart: unless-stopped
    environment:
      ADMIN_PASSWORD: admin123
`;

// The status bar's score must become whole again after any sequence of opened files: a file
// outside every workspace folder gets a folder of its own, checked when typing pauses.
/** Polls `pred`: the client helper wakes its waiters on diagnostics and logs, not on this notification. */
async function until(pred: () => boolean, what: string, ms = 15000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('workspace status notification', function () {
  this.timeout(30000);
  let client: TestClient;
  afterEach(async () => client && (await client.dispose()));

  it('ends complete when a file outside the workspace and a workspace file are opened together', async () => {
    const base = tmpDir('readiness-status-');
    const root = path.join(base, 'project');
    const outside = path.join(base, 'elsewhere');
    fs.mkdirSync(root);
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(root, 'docker-compose.yml'), COMPOSE);
    fs.writeFileSync(path.join(outside, 'docker-compose.yml'), COMPOSE);
    client = new TestClient();
    const statuses: Status[] = [];
    client.conn.onNotification('readiness/status', (s: Status) => statuses.push(s));
    await client.initialize(root);
    await until(() => statuses.some((s) => s.complete), 'the startup check');
    const settled = statuses.length;

    // No pause between the two: the second validation must not drop the first folder's re-check.
    await client.open(path.join(outside, 'docker-compose.yml'), COMPOSE);
    await client.open(path.join(root, 'docker-compose.yml'), COMPOSE);
    // Both files checked (the outside one's diagnostics published), then the status must be whole again
    // and count the workspace only: the editor's own files outside it are not part of its score.
    await client.waitFor(() => (client.diagnosticsFor(path.join(outside, 'docker-compose.yml'))?.length ?? 0) > 0, 'the outside file checked');
    await until(() => statuses[statuses.length - 1].complete, 'a complete status');
    assert.deepEqual([statuses[statuses.length - 1].complete, statuses[statuses.length - 1].errors], [true, 1]);
    assert.ok(statuses.length >= settled);
  });
});
