// Scenario 2: the quick fix through the UI (Ctrl+. → the Readiness action) replaces the password with
// ${ADMIN_PASSWORD}, declares it in .env.example, and the squiggle goes away.
import * as assert from 'node:assert/strict';
import { Workbench } from './harness/workbench';

const FIX_TITLE = 'Replace with ${ADMIN_PASSWORD} and declare ADMIN_PASSWORD in .env.example';

describe('e2e: quick fix in VS Code', () => {
  let wb: Workbench;
  let failed = false;
  before(async () => {
    wb = await Workbench.open({ name: '2-quick-fix' });
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') failed = true;
  });
  after(async () => wb && (await wb.close(failed)));

  it('offers the fix in the Ctrl+. menu, applies it, and the squiggle disappears', async () => {
    const composeBefore = wb.readFile('docker-compose.yml');
    await wb.openFile('docker-compose.yml');
    await wb.squiggleOnLine(22, 'error');
    await wb.goToLine('22:25');
    const item = wb.page.locator('.action-widget .monaco-list-row.action', { hasText: FIX_TITLE }).first();
    // A Ctrl+. that lands while the editor is still busy (the lightbulb's own request in flight on
    // a loaded machine) can open nothing: ask again, as a user would.
    for (let attempt = 1; ; attempt++) {
      await wb.page.keyboard.press('Control+.');
      try {
        await item.waitFor({ timeout: 15_000 });
        break;
      } catch (err) {
        if (attempt === 3) throw err;
        await wb.page.keyboard.press('Escape');
      }
    }
    // The documentation action sits next to the fix.
    await wb.page.locator('.action-widget .monaco-list-row.action', { hasText: 'Show documentation for hardcoded-secret' }).first().waitFor();
    await wb.shot('quick-fix-menu');
    await item.click();
    await item.waitFor({ state: 'hidden' });

    // The editor shows the new text before anything is saved.
    await wb.page.locator('.editor-instance .view-lines', { hasText: 'ADMIN_PASSWORD: ${ADMIN_PASSWORD}' }).waitFor();
    await wb.squiggleOnLine(22, 'error', false);
    await wb.shot('after-fix');

    await wb.runCommand('File: Save All Files');
    const compose = await wb.fileOnDisk('docker-compose.yml', 'the password replaced', (t) => t.includes('ADMIN_PASSWORD: ${ADMIN_PASSWORD}'));
    assert.equal(compose, composeBefore.replace('ADMIN_PASSWORD: admin123', 'ADMIN_PASSWORD: ${ADMIN_PASSWORD}'));
    const example = await wb.fileOnDisk('.env.example', 'ADMIN_PASSWORD declared', (t) => t.includes('ADMIN_PASSWORD='));
    assert.equal(example, '# Copy to .env for local development\nPOSTGRES_PASSWORD=\nJWT_SECRET=\nADMIN_PASSWORD=\n');

    // The Problems panel no longer lists the hardcoded password.
    await wb.showProblems();
    await wb.filterProblems('holds a literal secret');
    await wb.problemRow('JWT_SECRET holds a literal secret in plain text (sho***)').waitFor();
    const labels = await wb.problemLabels();
    assert.ok(!labels.some((l) => l.includes('ADMIN_PASSWORD holds a literal secret')), labels.join('\n'));
    await wb.shot('problems-after-fix');
  });
});
